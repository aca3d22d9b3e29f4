"""An event's places under simultaneous sign-ups, on PostgreSQL with real threads and
transactions: the event's row lock keeps the count."""

import pytest
from django.core.exceptions import ValidationError

from resources import services
from resources.models import Registration
from tests.concurrency import race
from tests.factories import EventFactory, MentorFactory, RegistrationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_ten_simultaneous_sign_ups_for_three_places_take_three():
    event = EventFactory(capacity=3)
    mentors = MentorFactory.create_batch(10)

    results, errors = race([(lambda m=m: services.sign_up(event=event, by=m)) for m in mentors])

    assert len(results) == 3
    assert len(errors) == 7
    assert all(isinstance(error, ValidationError) for error in errors), errors
    assert [error.messages for error in errors] == [["This event is full."]] * 7
    assert Registration.objects.filter(event=event, cancelled_at__isnull=True).count() == 3
    assert {r.user_id for r in results} <= {m.pk for m in mentors}


def test_the_last_place_goes_to_one_of_two_at_once_while_another_cancels():
    event = EventFactory(capacity=2)
    leaving = RegistrationFactory(event=event)
    RegistrationFactory(event=event)
    newcomers = MentorFactory.create_batch(2)

    results, errors = race(
        [
            lambda: services.cancel_sign_up(event=event, by=leaving.user),
            *[(lambda m=m: services.sign_up(event=event, by=m)) for m in newcomers],
        ]
    )

    active = Registration.objects.filter(event=event, cancelled_at__isnull=True)
    assert active.filter(user=leaving.user).count() == 0
    # The cancellation always succeeds; a newcomer who came before it was told it was full,
    # and at most one came after it: the place it freed goes to one of them, never to both.
    assert len(results) + len(errors) == 3
    assert all(error.messages == ["This event is full."] for error in errors)
    newcomers_in = active.filter(user__in=newcomers).count()
    assert newcomers_in == len(results) - 1 <= 1
    assert active.count() == 1 + newcomers_in <= event.capacity


def test_a_double_click_makes_one_sign_up():
    event, mentor = EventFactory(capacity=5), MentorFactory()

    results, errors = race([lambda: services.sign_up(event=event, by=mentor) for _ in range(5)])

    assert errors == []
    assert len({registration.pk for registration in results}) == 1
    assert Registration.objects.filter(event=event).count() == 1
