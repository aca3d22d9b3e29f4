"""Capacity under racing clicks, on PostgreSQL with real threads and transactions."""

import pytest
from django.core.exceptions import ValidationError

from cycles.models import Mentorship
from matching import services
from matching.models import ConnectionRequest
from tests.concurrency import race
from tests.factories import ConnectionRequestFactory, MenteeFactory, MentorFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_simultaneous_accepts_never_exceed_capacity_of_two():
    mentor = MentorFactory(capacity=2)
    requests = [ConnectionRequestFactory(mentor=mentor, mentee=MenteeFactory()) for _ in range(20)]

    results, errors = race(
        [(lambda r=r: services.accept_request(request=r, by=mentor)) for r in requests]
    )

    assert len(results) == 2
    assert len(errors) == 18
    assert all(isinstance(error, ValidationError) for error in errors), errors
    assert {error.messages[0] for error in errors} == {
        "You have no free place: you already mentor 2 mentees in traditional mentoring and "
        "your capacity is 2. Raise your capacity on your presentation, or decline the request."
    }
    assert Mentorship.objects.filter(mentor=mentor, status="active").count() == 2
    assert ConnectionRequest.objects.filter(mentor=mentor, status="accepted").count() == 2
    assert ConnectionRequest.objects.filter(mentor=mentor, status="pending").count() == 18


def test_one_mentee_accepted_by_two_mentors_at_once_gets_one_traditional_mentorship():
    mentee = MenteeFactory()
    mentors = [MentorFactory(), MentorFactory()]
    requests = [ConnectionRequestFactory(mentor=m, mentee=mentee) for m in mentors]

    results, errors = race(
        [
            (lambda r=r, m=m: services.accept_request(request=r, by=m))
            for r, m in zip(requests, mentors, strict=True)
        ]
    )

    assert Mentorship.objects.filter(mentee=mentee, style="traditional").count() == 1
    assert len(results) == 1
    # The first accept closes her other traditional request; the second mentor is told so.
    assert [error.messages for error in errors] == [["This request is already withdrawn."]]


def test_double_click_on_send_makes_one_request():
    mentor = MentorFactory()
    mentee = MenteeFactory()

    results, errors = race(
        [
            lambda: services.send_request(
                mentee=mentee, mentor=mentor, style="flash", message="Hi!"
            )
            for _ in range(5)
        ]
    )

    assert len(results) == 1
    assert {error.messages[0] for error in errors} == {
        f"You already have a pending request to {mentor.get_full_name()}."
    }
    assert ConnectionRequest.objects.filter(mentee=mentee, mentor=mentor).count() == 1


def test_twenty_mentees_booking_the_same_flash_time_at_once_one_gets_it():
    from django.utils import timezone

    from cycles.models import Meeting
    from matching.models import FlashBooking
    from tests.factories import FlashSlotFactory

    mentor = MentorFactory(presentation__flash_per_week=20)
    slot = FlashSlotFactory(mentor=mentor)
    mentees = [MenteeFactory() for _ in range(20)]

    results, errors = race(
        [
            (
                lambda m=m: services.book_flash_slot(
                    mentee=m, slot=slot, starts_at=slot.starts_at, question="My question"
                )
            )
            for m in mentees
        ]
    )

    assert len(results) == 1
    assert len(errors) == 19
    assert all(isinstance(error, ValidationError) for error in errors), errors
    assert {error.messages[0] for error in errors} == {
        "Someone has just booked this time. Please choose another one."
    }
    assert FlashBooking.objects.filter(slot=slot).count() == 1
    assert Mentorship.objects.filter(mentor=mentor, style="flash").count() == 1
    assert Meeting.objects.filter(mentorship__mentor=mentor, status="confirmed").count() == 1
    assert results[0].starts_at == slot.starts_at > timezone.now()


def test_two_tabs_adding_and_moving_at_once_keep_ranks_one_to_n():
    from matching.rounds import services as round_services
    from matching.rounds.models import RoundChoice
    from tests.factories import OpenMatchRoundFactory

    round_ = OpenMatchRoundFactory()
    mentee = MenteeFactory()
    first, *others = [MentorFactory() for _ in range(5)]
    round_services.add_choice(round=round_, mentee=mentee, mentor=first)

    results, errors = race(
        [
            *[
                (lambda m=m: round_services.add_choice(round=round_, mentee=mentee, mentor=m))
                for m in others
            ],
            lambda: round_services.move_choice(
                round=round_, mentee=mentee, mentor=first, direction="down"
            ),
        ]
    )

    assert errors == []
    assert len(results) == 5
    ranks = sorted(RoundChoice.objects.filter(mentee=mentee).values_list("rank", flat=True))
    assert ranks == [1, 2, 3, 4, 5]
