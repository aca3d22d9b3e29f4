"""resources.services for events: signing up (each rule with the message she sees),
cancelling, and staff marking attendance, which ticks a mentor's preparatory meeting."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from profiles.models import Profile
from resources import services
from resources.models import Event, Registration
from tests.factories import (
    EventFactory,
    MenteeFactory,
    MentorFactory,
    RegistrationFactory,
    ReporterFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def messages_of(error: pytest.ExceptionInfo) -> list[str]:
    return error.value.messages


def started(**kwargs) -> Event:
    return EventFactory(starts_at=timezone.now() - timedelta(minutes=5), **kwargs)


# --- signing up --------------------------------------------------------------------------------


def test_a_mentor_signs_up_for_the_preparatory_meeting(django_capture_on_commit_callbacks):
    event, mentor = EventFactory(), MentorFactory()

    with django_capture_on_commit_callbacks(execute=True):
        registration = services.sign_up(event=event, by=mentor)

    assert (registration.event, registration.user) == (event, mentor)
    assert registration.is_active
    assert registration.attended_at is None
    assert [message.to for message in mail.outbox] == [[mentor.email]]


def test_a_mentee_signs_up_for_a_community_event_for_everyone():
    event = EventFactory(kind=Event.Kind.COMMUNITY, audience="both")

    registration = services.sign_up(event=event, by=MenteeFactory())

    assert registration.is_active


def test_a_mentee_cannot_sign_up_for_a_mentors_only_event():
    with pytest.raises(ValidationError) as error:
        services.sign_up(event=EventFactory(audience="mentor"), by=MenteeFactory())

    assert messages_of(error) == ["This event is for mentors only."]
    assert not Registration.objects.exists()


def test_a_mentor_cannot_sign_up_for_a_mentees_only_event():
    with pytest.raises(ValidationError) as error:
        services.sign_up(event=EventFactory(audience="mentee"), by=MentorFactory())

    assert messages_of(error) == ["This event is for mentees only."]


@pytest.mark.parametrize("factory", [StaffFactory, ReporterFactory], ids=["staff", "reporter"])
def test_staff_and_reporters_do_not_sign_up(factory):
    with pytest.raises(ValidationError) as error:
        services.sign_up(event=EventFactory(audience="both"), by=factory())

    assert messages_of(error) == ["Only the program's mentors and mentees sign up for events."]


def test_no_sign_up_once_the_event_has_started():
    with pytest.raises(ValidationError) as error:
        services.sign_up(event=started(), by=MentorFactory())

    assert messages_of(error) == ["This event has already started."]


def test_no_sign_up_for_an_unpublished_event():
    with pytest.raises(ValidationError) as error:
        services.sign_up(event=EventFactory(is_published=False), by=MentorFactory())

    assert messages_of(error) == ["This event is not open for sign-up."]


def test_a_full_event_refuses_the_next_sign_up(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=2)
    RegistrationFactory.create_batch(2, event=event)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
        services.sign_up(event=event, by=MentorFactory())

    assert messages_of(error) == ["This event is full."]
    assert Registration.objects.filter(event=event).count() == 2
    assert mail.outbox == []


def test_a_cancelled_sign_up_frees_its_place():
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event, cancelled_at=timezone.now())

    registration = services.sign_up(event=event, by=MentorFactory())

    assert registration.is_active


def test_an_event_without_a_limit_takes_everyone():
    event = EventFactory(capacity=None)
    RegistrationFactory.create_batch(30, event=event)

    assert services.sign_up(event=event, by=MentorFactory()).is_active


def test_signing_up_twice_keeps_the_one_sign_up_and_sends_one_email(
    django_capture_on_commit_callbacks,
):
    event, mentor = EventFactory(capacity=1), MentorFactory()

    with django_capture_on_commit_callbacks(execute=True):
        first = services.sign_up(event=event, by=mentor)
        again = services.sign_up(event=event, by=mentor)  # the event is full by now: still fine

    assert again == first
    assert Registration.objects.filter(event=event).count() == 1
    assert len(mail.outbox) == 1


def test_signing_up_again_after_cancelling_reactivates_the_same_row():
    event, mentor = EventFactory(), MentorFactory()
    first = services.sign_up(event=event, by=mentor)
    services.cancel_sign_up(event=event, by=mentor)

    again = services.sign_up(event=event, by=mentor)

    assert again.pk == first.pk
    assert again.is_active
    assert Registration.objects.get(pk=first.pk).cancelled_at is None


def test_signing_up_again_after_cancelling_respects_the_places():
    event, mentor = EventFactory(capacity=1), MentorFactory()
    services.sign_up(event=event, by=mentor)
    services.cancel_sign_up(event=event, by=mentor)
    services.sign_up(event=event, by=MentorFactory())  # her place went to someone else

    with pytest.raises(ValidationError) as error:
        services.sign_up(event=event, by=mentor)

    assert messages_of(error) == ["This event is full."]


# --- cancelling ------------------------------------------------------------------------------


def test_cancelling_gives_the_place_back():
    event, mentor = EventFactory(capacity=1), MentorFactory()
    services.sign_up(event=event, by=mentor)

    registration = services.cancel_sign_up(event=event, by=mentor)

    assert registration.cancelled_at is not None
    assert services.active_sign_ups(event) == 0


def test_cancelling_without_a_sign_up_is_refused():
    with pytest.raises(ValidationError) as error:
        services.cancel_sign_up(event=EventFactory(), by=MentorFactory())

    assert messages_of(error) == ["You are not signed up for this event."]


def test_cancelling_twice_is_refused_the_second_time():
    event, mentor = EventFactory(), MentorFactory()
    services.sign_up(event=event, by=mentor)
    services.cancel_sign_up(event=event, by=mentor)

    with pytest.raises(ValidationError) as error:
        services.cancel_sign_up(event=event, by=mentor)

    assert messages_of(error) == ["You are not signed up for this event."]


def test_no_cancelling_once_the_event_has_started():
    registration = RegistrationFactory(event=started())

    with pytest.raises(ValidationError) as error:
        services.cancel_sign_up(event=registration.event, by=registration.user)

    assert messages_of(error) == ["This event has already started."]
    assert Registration.objects.get(pk=registration.pk).is_active


def test_cancelling_touches_only_her_own_sign_up():
    event = EventFactory()
    hers, other = RegistrationFactory(event=event), RegistrationFactory(event=event)

    services.cancel_sign_up(event=event, by=hers.user)

    assert Registration.objects.get(pk=other.pk).is_active


# --- attendance ------------------------------------------------------------------------------


def test_staff_mark_attendance_and_the_mentors_meeting_is_ticked():
    event = started()
    attended = RegistrationFactory(event=event)
    absent = RegistrationFactory(event=event)

    count = services.mark_attended(registrations=[attended], by=StaffFactory())

    assert count == 1
    assert Registration.objects.get(pk=attended.pk).attended_at is not None
    assert Registration.objects.get(pk=absent.pk).attended_at is None
    profiles = Profile.objects.filter(user__in=[attended.user, absent.user])
    ticked = {p.user_id: p.preparatory_meeting_attended_at is not None for p in profiles}
    assert ticked == {attended.user_id: True, absent.user_id: False}


def test_a_community_event_does_not_tick_the_preparatory_meeting():
    registration = RegistrationFactory(
        event=started(kind=Event.Kind.COMMUNITY, audience="both"), user=MentorFactory()
    )

    services.mark_attended(registrations=[registration], by=StaffFactory())

    assert Registration.objects.get(pk=registration.pk).attended_at is not None
    assert Profile.objects.get(user=registration.user).preparatory_meeting_attended_at is None


def test_marking_twice_counts_once_and_keeps_the_first_time():
    registration = RegistrationFactory(event=started())
    staff = StaffFactory()
    services.mark_attended(registrations=[registration], by=staff)
    first = Registration.objects.get(pk=registration.pk).attended_at

    assert services.mark_attended(registrations=[registration], by=staff) == 0
    assert Registration.objects.get(pk=registration.pk).attended_at == first


def test_someone_who_cancelled_but_came_is_signed_up_again():
    registration = RegistrationFactory(event=started(), cancelled_at=timezone.now())

    services.mark_attended(registrations=[registration], by=StaffFactory())

    registration.refresh_from_db()
    assert (registration.is_active, registration.attended_at is not None) == (True, True)


def test_attendance_waits_for_the_event_to_start():
    registration = RegistrationFactory()

    with pytest.raises(ValidationError) as error:
        services.mark_attended(registrations=[registration], by=StaffFactory())

    assert messages_of(error) == ["Attendance can be marked once the event has started."]
    assert Registration.objects.get(pk=registration.pk).attended_at is None


@pytest.mark.parametrize(
    "factory", [MentorFactory, MenteeFactory, ReporterFactory], ids=["mentor", "mentee", "reporter"]
)
def test_only_staff_mark_attendance(factory):
    registration = RegistrationFactory(event=started())

    with pytest.raises(PermissionDenied):
        services.mark_attended(registrations=[registration], by=factory())

    assert Registration.objects.get(pk=registration.pk).attended_at is None
