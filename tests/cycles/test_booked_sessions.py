"""cycles' side of a booked flash session (matching.services.book_flash_slot and
cancel_flash_booking call these): the agreed meeting, and its cancellation ending the flash
mentorship with the mentor's note."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cycles import services
from cycles.models import Meeting, MentorshipEvent
from tests.factories import MeetingFactory, MentorFactory, MentorshipFactory

pytestmark = pytest.mark.django_db


def agreed(mentorship, by, **changes):
    data = {
        "starts_at": timezone.now() + timedelta(days=2),
        "time_zone": "Europe/Stockholm",
        "duration_minutes": 45,
        "location": "https://meet.example.org/flash",
        "agenda": "PhD or industry?",
    } | changes
    return services.book_agreed_meeting(mentorship=mentorship, by=by, **data)


def test_the_booked_meeting_is_agreed_at_once():
    mentorship = MentorshipFactory(style="flash")

    meeting = agreed(mentorship, mentorship.mentee)

    assert meeting.status == Meeting.Status.CONFIRMED
    assert meeting.origin == Meeting.Origin.PLANNED
    assert meeting.proposed_by == mentorship.mentee
    assert list(Meeting.objects.counting()) == [meeting]
    assert meeting.has_calendar  # its .ics can be downloaded, it is in both feeds


def test_a_cancelled_booked_meeting_stays_in_calendars_to_cancel_it_there():
    mentorship = MentorshipFactory(style="flash")
    meeting = agreed(mentorship, mentorship.mentee)

    services.cancel_booked_session(
        mentorship=mentorship, meeting=meeting, by=mentorship.mentor, note="I am ill."
    )

    meeting.refresh_from_db()
    assert meeting.is_cancelled
    assert meeting.has_calendar


def test_only_the_pair_books_and_only_while_active_and_ahead():
    mentorship = MentorshipFactory(style="flash")

    with pytest.raises(PermissionDenied):
        agreed(mentorship, MentorFactory())
    with pytest.raises(ValidationError) as past:
        agreed(mentorship, mentorship.mentee, starts_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError) as zone:
        agreed(mentorship, mentorship.mentee, time_zone="Europe/Atlantis")
    services.end_mentorship(mentorship=mentorship, by=mentorship.mentee)
    with pytest.raises(ValidationError) as ended:
        agreed(mentorship, mentorship.mentee)

    assert past.value.message_dict == {"starts_at": ["Choose a time in the future."]}
    assert zone.value.message_dict == {"time_zone": ["Choose a time zone from the list."]}
    assert ended.value.messages == [
        "This mentorship has ended; its records stay available to you both."
    ]


def test_cancelling_the_session_cancels_the_meeting_and_ends_the_mentorship():
    mentorship = MentorshipFactory(style="flash")
    meeting = MeetingFactory(mentorship=mentorship)

    services.cancel_booked_session(
        mentorship=mentorship, meeting=meeting, by=mentorship.mentor, note=" I am ill. "
    )

    meeting.refresh_from_db()
    mentorship.refresh_from_db()
    assert (meeting.status, meeting.sequence) == ("cancelled", 1)
    assert meeting.cancelled_at is not None
    assert (mentorship.status, mentorship.end_reason, mentorship.ended_by) == (
        "ended_early",
        "I am ill.",
        mentorship.mentor,
    )
    assert list(
        MentorshipEvent.objects.filter(mentorship=mentorship, kind="ended").values_list(
            "note", flat=True
        )
    ) == ["I am ill."]


def test_only_the_pair_cancels_a_booked_session():
    mentorship = MentorshipFactory(style="flash")
    meeting = MeetingFactory(mentorship=mentorship)

    with pytest.raises(PermissionDenied):
        services.cancel_booked_session(
            mentorship=mentorship, meeting=meeting, by=MentorFactory(), note="No"
        )
