"""Bookable flash sessions (matching.services): a mentor publishes times, a mentee books one
with her question and the flash mentorship starts with its meeting agreed. Every rule with
the message the user sees, the emails and inbox items, and weekly times across a change of
the clocks in Europe/Stockholm."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cycles.models import Meeting, Mentorship
from matching import selectors, services
from matching.models import ConnectionRequest, FlashBooking, FlashSlot
from notifications.models import InboxItem
from tests.factories import (
    BlockFactory,
    ConnectionRequestFactory,
    FlashBookingFactory,
    FlashSlotFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
)

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def add_slot(mentor, *, days=3, at=time(18, 0), weekly_until=None, zone="Europe/Stockholm"):
    return services.add_flash_slot(
        mentor=mentor,
        day=in_days(days),
        at=at,
        time_zone=zone,
        duration_minutes=45,
        location="https://meet.example.org/ada",
        weekly_until=weekly_until,
    )


def book(mentee, slot, starts_at=None, question="How do I choose a master's programme?"):
    return services.book_flash_slot(
        mentee=mentee, slot=slot, starts_at=starts_at or slot.starts_at, question=question
    )


def refused(action) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        action()
    return caught.value.messages


@pytest.fixture
def mentor():
    return MentorFactory(profile__display_name="Ada")


@pytest.fixture
def mentee():
    return MenteeFactory(profile__display_name="Mae")


# --- publishing times ----------------------------------------------------------------------


def test_a_mentor_adds_a_one_off_time(mentor):
    slot = add_slot(mentor, days=3)

    assert slot.starts_at == datetime.combine(in_days(3), time(18, 0), tzinfo=STOCKHOLM)
    assert not slot.is_weekly
    free = selectors.free_flash_times([mentor.presentation.pk])[mentor.presentation.pk]
    assert [t.starts_at for t in free] == [slot.starts_at]


def test_a_time_in_the_past_is_refused(mentor):
    with pytest.raises(ValidationError) as caught:
        add_slot(mentor, days=-1)

    assert caught.value.message_dict == {"day": ["Choose a time in the future."]}


def test_a_time_beyond_the_horizon_is_refused(mentor):
    with pytest.raises(ValidationError) as caught:
        add_slot(mentor, days=8 * 7 + 2)

    assert caught.value.message_dict == {"day": ["Choose a date at most 8 weeks ahead."]}


def test_a_weekly_time_repeats_at_most_to_the_horizon(mentor):
    with pytest.raises(ValidationError) as caught:
        add_slot(mentor, days=3, weekly_until=in_days(8 * 7 + 3))

    assert caught.value.message_dict == {"weekly_until": ["Repeat it at most 8 weeks ahead."]}


def test_a_weekly_time_ends_after_it_starts(mentor):
    with pytest.raises(ValidationError) as caught:
        add_slot(mentor, days=10, weekly_until=in_days(3))

    assert caught.value.message_dict == {
        "weekly_until": ["The last week cannot be before the first date."]
    }


def _next_spring_forward() -> date:
    """The next day the clocks go forward in Stockholm (last Sunday of March)."""
    day = timezone.localdate()
    while True:
        day += timedelta(days=1)
        noon = datetime.combine(day, time(12), tzinfo=STOCKHOLM)
        changed = noon.utcoffset() != (noon - timedelta(days=1)).utcoffset()
        if changed and noon.utcoffset() == timedelta(hours=2):
            return day


def _next_change() -> date:
    """The next day the clocks change in Stockholm, either way."""
    day = timezone.localdate()
    while True:
        day += timedelta(days=1)
        noon = datetime.combine(day, time(12), tzinfo=STOCKHOLM)
        if noon.utcoffset() != (noon - timedelta(days=1)).utcoffset():
            return day


def test_a_time_the_clocks_skip_is_refused(mentor):
    spring = _next_spring_forward()
    weeks = (spring - timezone.localdate()).days // 7 + 2

    with (
        override_settings(MATCHING_FLASH_HORIZON_WEEKS=weeks),
        pytest.raises(ValidationError) as caught,
    ):
        services.add_flash_slot(
            mentor=mentor,
            day=spring,
            at=time(2, 30),
            time_zone="Europe/Stockholm",
            duration_minutes=45,
            location="https://meet.example.org/ada",
        )

    assert caught.value.message_dict == {
        "time": [
            f"02:30 on {spring.day} March does not exist in Stockholm: the clocks go from "
            "02:00 to 03:00. Choose another time."
        ]
    }


def test_a_weekly_time_keeps_its_wall_clock_time_across_a_change_of_the_clocks(mentor):
    change = _next_change()
    first = change - timedelta(days=14)  # two weeks before, on the same weekday
    weeks = (change - timezone.localdate()).days // 7 + 4
    if first <= timezone.localdate():
        first += timedelta(weeks=1)

    with override_settings(MATCHING_FLASH_HORIZON_WEEKS=weeks):
        slot = services.add_flash_slot(
            mentor=mentor,
            day=first,
            at=time(18, 0),
            time_zone="Europe/Stockholm",
            duration_minutes=45,
            location="https://meet.example.org/ada",
            weekly_until=change + timedelta(days=14),
        )
        times = selectors.free_flash_times([mentor.presentation.pk])[mentor.presentation.pk]

    local = [t.starts_at.astimezone(STOCKHOLM) for t in times]
    assert {(moment.hour, moment.minute) for moment in local} == {(18, 0)}
    assert [moment.date() for moment in local] == [
        first + timedelta(weeks=week) for week in range(len(local))
    ]
    assert local[-1].date() == change + timedelta(days=14)
    offsets = {t.starts_at.astimezone(STOCKHOLM).utcoffset() for t in times}
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}  # the UTC time moved
    before, after = (
        [t for t in times if t.starts_at.date() < change],
        [t for t in times if t.starts_at.date() > change],
    )
    assert (
        before[-1].starts_at.astimezone(ZoneInfo("UTC")).hour
        != after[0].starts_at.astimezone(ZoneInfo("UTC")).hour
    )
    # Each weekly time can be booked as it is shown.
    with override_settings(MATCHING_FLASH_HORIZON_WEEKS=weeks):
        booking = book(MenteeFactory(), slot, starts_at=after[0].starts_at)
    assert booking.meeting.starts_at.astimezone(STOCKHOLM).hour == 18


def test_only_a_mentor_offering_flash_publishes_times():
    mentor = MentorFactory(presentation__offers_flash=False)

    assert refused(lambda: add_slot(mentor)) == [
        "Offer flash mentoring on your presentation first; then you can publish times."
    ]


def test_a_mentee_publishes_no_times(mentee):
    with pytest.raises(PermissionDenied):
        add_slot(mentee)


def test_removing_a_time_takes_it_off_and_keeps_its_bookings(mentor):
    slot = add_slot(mentor, days=3, weekly_until=in_days(24))
    booking = book(MenteeFactory(), slot)

    services.remove_flash_slot(slot=slot, by=mentor)

    assert selectors.free_flash_times([mentor.presentation.pk]) == {}
    booking.refresh_from_db()
    assert booking.is_booked
    with pytest.raises(PermissionDenied):
        services.remove_flash_slot(slot=slot, by=MentorFactory())


# --- booking -------------------------------------------------------------------------------


def test_booking_starts_the_flash_mentorship_with_its_meeting_agreed(
    mentor, mentee, mailoutbox, django_capture_on_commit_callbacks
):
    slot = add_slot(mentor)

    with django_capture_on_commit_callbacks(execute=True):
        booking = book(mentee, slot, question="  How do I choose a master's programme?  ")

    assert booking.question == "How do I choose a master's programme?"
    mentorship = booking.mentorship
    assert (mentorship.mentor, mentorship.mentee, mentorship.style, mentorship.status) == (
        mentor,
        mentee,
        "flash",
        "active",
    )
    meeting = booking.meeting
    assert meeting.mentorship == mentorship
    assert meeting.status == Meeting.Status.CONFIRMED
    assert (meeting.starts_at, meeting.duration_minutes, meeting.time_zone) == (
        slot.starts_at,
        45,
        "Europe/Stockholm",
    )
    assert meeting.location == "https://meet.example.org/ada"
    assert meeting.agenda == "How do I choose a master's programme?"
    # The time is no longer free.
    assert selectors.free_flash_times([mentor.presentation.pk]) == {}
    # Both are told, by email and in the inbox.
    by_address = {email.to[0]: email for email in mailoutbox}
    assert set(by_address) == {mentor.email, mentee.email}
    assert by_address[mentor.email].subject == "[WESTEM] Mae booked a flash session with you"
    assert "How do I choose a master's programme?" in by_address[mentor.email].body
    assert by_address[mentee.email].subject == "[WESTEM] Your flash session with Ada is booked"
    page = reverse("cycles:mentorship_detail", args=[mentorship.public_id])
    assert page in by_address[mentee.email].body
    assert set(InboxItem.objects.values_list("user", "kind", "link")) == {
        (mentor.pk, "flash_booked", page),
        (mentee.pk, "flash_booking_confirmed", page),
    }


def test_the_same_time_is_not_booked_twice(mentor):
    slot = add_slot(mentor)
    book(MenteeFactory(), slot)

    assert refused(lambda: book(MenteeFactory(), slot)) == [
        "Someone has just booked this time. Please choose another one."
    ]
    assert FlashBooking.objects.count() == 1
    assert Mentorship.objects.count() == 1


def test_the_database_keeps_one_booking_per_time(mentor):
    from django.db import IntegrityError, transaction

    booking = FlashBookingFactory(slot=FlashSlotFactory(mentor=mentor))

    with pytest.raises(IntegrityError), transaction.atomic():
        FlashBooking.objects.create(
            slot=booking.slot,
            mentor=mentor,
            mentee=MenteeFactory(),
            starts_at=booking.starts_at,
            question="Me too?",
        )


def test_the_weekly_cap_closes_the_week(mentor):
    services.set_flash_per_week(mentor=mentor, per_week=1)
    monday = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday())
    first = services.add_flash_slot(
        mentor=mentor,
        day=monday,
        at=time(9, 0),
        time_zone="Europe/Stockholm",
        duration_minutes=45,
        location="https://meet.example.org/ada",
    )
    same_week = services.add_flash_slot(
        mentor=mentor,
        day=monday + timedelta(days=2),
        at=time(9, 0),
        time_zone="Europe/Stockholm",
        duration_minutes=45,
        location="https://meet.example.org/ada",
    )
    next_week = services.add_flash_slot(
        mentor=mentor,
        day=monday + timedelta(days=7),
        at=time(9, 0),
        time_zone="Europe/Stockholm",
        duration_minutes=45,
        location="https://meet.example.org/ada",
    )
    book(MenteeFactory(), first)

    # Not offered, and refused.
    free = selectors.free_flash_times([mentor.presentation.pk])[mentor.presentation.pk]
    assert [t.starts_at for t in free] == [next_week.starts_at]
    assert refused(lambda: book(MenteeFactory(), same_week)) == [
        "Ada has no flash session free in that week. Please choose another week."
    ]
    book(MenteeFactory(), next_week)


def test_a_cancelled_booking_frees_its_place_in_the_week_but_not_its_time(mentor):
    services.set_flash_per_week(mentor=mentor, per_week=1)
    slot = add_slot(mentor, days=2)
    other = add_slot(mentor, days=2, at=time(20, 0))
    booking = book(MenteeFactory(), slot)
    services.cancel_flash_booking(booking=booking, by=mentor, note="I am ill, sorry.")

    free = selectors.free_flash_times([mentor.presentation.pk])[mentor.presentation.pk]
    assert [t.starts_at for t in free] == [other.starts_at]


def test_the_weekly_limit_is_between_1_and_20(mentor):
    with pytest.raises(ValidationError) as caught:
        services.set_flash_per_week(mentor=mentor, per_week=21)

    assert caught.value.message_dict == {"per_week": ["Choose a number from 1 to 20."]}


def test_booking_beyond_the_horizon_is_refused(mentor, mentee):
    slot = add_slot(mentor, days=20)

    with override_settings(MATCHING_FLASH_HORIZON_WEEKS=2):
        assert refused(lambda: book(mentee, slot)) == [
            "You can book at most 2 weeks ahead. Please choose an earlier time."
        ]
        assert selectors.free_flash_times([mentor.presentation.pk]) == {}


def test_a_time_in_the_past_is_not_booked(mentor, mentee):
    slot = FlashSlotFactory(mentor=mentor, starts_at=timezone.now() - timedelta(hours=1))

    assert refused(lambda: book(mentee, slot)) == [
        "This time has passed. Please choose another one."
    ]
    assert selectors.free_flash_times([mentor.presentation.pk]) == {}


def test_a_time_the_slot_does_not_offer_is_refused(mentor, mentee):
    slot = add_slot(mentor, days=3, weekly_until=in_days(20))

    assert refused(lambda: book(mentee, slot, starts_at=slot.starts_at + timedelta(hours=1))) == [
        "This time is no longer offered. Please choose another one."
    ]
    services.remove_flash_slot(slot=slot, by=mentor)
    assert refused(lambda: book(mentee, slot)) == [
        "This time is no longer offered. Please choose another one."
    ]


@pytest.mark.parametrize("blocker", ["mentee", "mentor"])
def test_a_blocked_pair_is_not_offered_and_refused(client, mentor, mentee, blocker):
    slot = add_slot(mentor)
    if blocker == "mentee":
        BlockFactory(blocker=mentee, blocked=mentor)
    else:
        BlockFactory(blocker=mentor, blocked=mentee)

    assert refused(lambda: book(mentee, slot)) == ["You cannot book a session with this person."]
    client.force_login(mentee)
    directory = client.get(reverse("matching:directory")).content.decode()
    assert "Next free flash slot" not in directory
    page = client.get(
        reverse(
            "matching:flash_book",
            args=[mentor.presentation.public_id, slot.public_id, int(slot.starts_at.timestamp())],
        )
    )
    assert page.status_code == 404


def test_a_paused_mentor_is_not_offered_and_refused(mentor, mentee):
    slot = add_slot(mentor)
    services.set_accepting_requests(presentation=mentor.presentation, by=mentor, accepting=False)

    assert selectors.free_flash_times([mentor.presentation.pk]) == {}
    assert refused(lambda: book(mentee, slot)) == [
        "Ada has paused new requests and bookings for now. Please choose another mentor or try "
        "again later."
    ]


def test_a_mentor_at_capacity_is_not_offered_in_a_full_week(mentor):
    """Her capacity for flash is her weekly limit (the presentation's capacity counts
    traditional mentees only): at the limit, the week's times are neither shown nor booked."""
    services.set_flash_per_week(mentor=mentor, per_week=2)
    monday = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday())
    slot = services.add_flash_slot(
        mentor=mentor,
        day=monday,
        at=time(9, 0),
        time_zone="Europe/Stockholm",
        duration_minutes=45,
        location="https://meet.example.org/ada",
        weekly_until=monday + timedelta(days=7),
    )
    extra = services.add_flash_slot(
        mentor=mentor,
        day=monday,
        at=time(11, 0),
        time_zone="Europe/Stockholm",
        duration_minutes=45,
        location="https://meet.example.org/ada",
    )
    third = services.add_flash_slot(
        mentor=mentor,
        day=monday + timedelta(days=1),
        at=time(11, 0),
        time_zone="Europe/Stockholm",
        duration_minutes=45,
        location="https://meet.example.org/ada",
    )
    book(MenteeFactory(), slot)
    book(MenteeFactory(), extra)

    free = selectors.free_flash_times([mentor.presentation.pk])[mentor.presentation.pk]
    assert [t.starts_at for t in free] == [slot.starts_at + timedelta(weeks=1)]
    assert refused(lambda: book(MenteeFactory(), third)) == [
        "Ada has no flash session free in that week. Please choose another week."
    ]


def test_a_full_traditional_capacity_does_not_stop_flash_bookings():
    mentor = MentorFactory(capacity=1, profile__display_name="Ada")
    MentorshipFactory(mentor=mentor)
    slot = add_slot(mentor)

    booking = book(MenteeFactory(), slot)

    assert booking.mentorship.style == "flash"


def test_a_mentee_already_in_a_mentorship_with_her_is_refused(mentor, mentee):
    MentorshipFactory(mentor=mentor, mentee=mentee)
    slot = add_slot(mentor)

    assert refused(lambda: book(mentee, slot)) == ["You are already in a mentorship with Ada."]


def test_a_mentee_with_a_traditional_mentorship_may_book_flash_elsewhere(mentor, mentee):
    MentorshipFactory(mentee=mentee)

    booking = book(mentee, add_slot(mentor))

    assert booking.is_booked


def test_a_hidden_presentation_offers_nothing(mentor, mentee):
    slot = add_slot(mentor)
    services.unpublish_presentation(presentation=mentor.presentation, by=mentor)

    assert selectors.free_flash_times([mentor.presentation.pk]) == {}
    assert refused(lambda: book(mentee, slot)) == [
        "Ada is not offering flash sessions through the directory."
    ]


def test_the_question_is_required(mentor, mentee):
    with pytest.raises(ValidationError) as caught:
        book(mentee, add_slot(mentor), question="   ")

    assert caught.value.message_dict == {
        "question": ["Write the question you would like to talk about."]
    }


def test_only_mentees_book(mentor):
    assert refused(lambda: book(MentorFactory(), add_slot(mentor))) == [
        "Only mentees can book flash sessions."
    ]


def test_booking_withdraws_her_pending_request_to_the_mentor(mentor, mentee):
    request = ConnectionRequestFactory(mentor=mentor, mentee=mentee, style="flash")

    book(mentee, add_slot(mentor))

    request.refresh_from_db()
    assert request.status == ConnectionRequest.Status.WITHDRAWN


# --- cancelling ----------------------------------------------------------------------------


def test_the_mentor_cancels_a_booking_with_a_note(
    mentor, mentee, mailoutbox, django_capture_on_commit_callbacks
):
    booking = book(mentee, add_slot(mentor))
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_flash_booking(booking=booking, by=mentor, note=" I am ill, sorry. ")

    booking.refresh_from_db()
    assert (booking.status, booking.cancel_note) == ("cancelled", "I am ill, sorry.")
    assert booking.cancelled_at is not None
    meeting = Meeting.objects.get(pk=booking.meeting_id)
    assert meeting.status == Meeting.Status.CANCELLED
    assert meeting.sequence == 1
    mentorship = Mentorship.objects.get(pk=booking.mentorship_id)
    assert (mentorship.status, mentorship.end_reason, mentorship.ended_by) == (
        "ended_early",
        "I am ill, sorry.",
        mentor,
    )
    assert [email.to for email in mailoutbox] == [[mentee.email]]
    assert mailoutbox[0].subject == "[WESTEM] Your flash session was cancelled"
    assert "I am ill, sorry." in mailoutbox[0].body
    assert InboxItem.objects.filter(user=mentee, kind="flash_booking_cancelled").exists()
    # The time stays taken.
    assert selectors.free_flash_times([mentor.presentation.pk]) == {}


def test_cancelling_needs_a_note(mentor, mentee):
    booking = book(mentee, add_slot(mentor))

    with pytest.raises(ValidationError) as caught:
        services.cancel_flash_booking(booking=booking, by=mentor, note=" ")

    assert caught.value.message_dict == {
        "note": ["Write a few words to the mentee about why you cancel."]
    }


def test_a_booking_is_cancelled_once(mentor, mentee):
    booking = book(mentee, add_slot(mentor))
    services.cancel_flash_booking(booking=booking, by=mentor, note="Sorry.")

    assert refused(
        lambda: services.cancel_flash_booking(booking=booking, by=mentor, note="Again")
    ) == ["This booking is already cancelled."]


def test_a_session_that_started_is_not_cancelled(mentor):
    booking = FlashBookingFactory(
        slot=FlashSlotFactory(mentor=mentor, starts_at=timezone.now() - timedelta(minutes=5))
    )

    assert refused(
        lambda: services.cancel_flash_booking(booking=booking, by=mentor, note="Too late")
    ) == ["A session that has started cannot be cancelled."]


@pytest.mark.parametrize("who", ["mentee", "other-mentor"])
def test_only_her_mentor_cancels(mentor, mentee, who):
    booking = book(mentee, add_slot(mentor))
    user = mentee if who == "mentee" else MentorFactory()

    with pytest.raises(PermissionDenied):
        services.cancel_flash_booking(booking=booking, by=user, note="No")


def test_slot_rows_are_what_the_admin_lists(mentor):
    add_slot(mentor)

    assert FlashSlot.objects.offered().filter(mentor=mentor).count() == 1
