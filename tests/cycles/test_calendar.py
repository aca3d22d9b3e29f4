"""cycles.calendar: the .ics file of a meeting, read back with icalendar, and the
add-to-Google-Calendar link."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from cycles import services
from cycles.calendar import google_calendar_url, meeting_ics
from tests.factories import MeetingFactory, MentorshipFactory

pytestmark = pytest.mark.django_db

PAGE_URL = "https://westem.example/meetings/page/"


@pytest.fixture
def meeting():
    """Thursday 14 March 2030, 18:00–19:30 in Stockholm (17:00–18:30 UTC)."""
    mentorship = MentorshipFactory(
        mentor__profile__display_name="Ada",
        mentee__profile__display_name="Grace",
    )
    return MeetingFactory(
        mentorship=mentorship,
        starts_at=datetime(2030, 3, 14, 18, 0, tzinfo=ZoneInfo("Europe/Stockholm")),
        duration_minutes=90,
        location="https://meet.example.org/ada-grace",
        agenda="Internship applications; my thesis talk.",
    )


def only_event(ics: bytes):
    calendar = Calendar.from_ical(ics)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def test_meeting_ics(meeting):
    ics = meeting_ics(meeting, page_url=PAGE_URL)

    calendar, event = only_event(ics)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(event["UID"]) == f"{meeting.public_id}@westem.eu"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start, end) == (meeting.starts_at, meeting.ends_at)
    assert start.utcoffset() == end.utcoffset() == timedelta(0)
    assert b"DTSTART:20300314T170000Z" in ics
    assert b"DTEND:20300314T183000Z" in ics
    assert str(event["SUMMARY"]) == "WESTEM mentoring: Ada and Grace"
    assert str(event["LOCATION"]) == "https://meet.example.org/ada-grace"
    assert str(event["DESCRIPTION"]) == f"Internship applications; my thesis talk.\n\n{PAGE_URL}"
    assert str(event["URL"]) == PAGE_URL
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("DTSTAMP") == meeting.updated_at.astimezone(UTC).replace(microsecond=0)


def test_meeting_ics_without_an_agenda_describes_the_page(meeting):
    meeting.agenda = ""

    _calendar, event = only_event(meeting_ics(meeting, page_url=PAGE_URL))

    assert str(event["DESCRIPTION"]) == PAGE_URL


def test_a_cancelled_meetings_ics_cancels_the_event(meeting):
    sequence = meeting.sequence
    meeting = services.cancel_meeting(
        meeting=meeting, by=meeting.mentorship.mentor, note="A conference abroad."
    )

    calendar, event = only_event(meeting_ics(meeting, page_url=PAGE_URL))

    assert str(event["STATUS"]) == "CANCELLED"
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["UID"]) == f"{meeting.public_id}@westem.eu"  # the same event
    assert event["SEQUENCE"] == sequence + 1  # a newer version of it


def test_google_calendar_url(meeting):
    url = google_calendar_url(meeting, page_url=PAGE_URL)

    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "calendar.google.com",
        "/calendar/render",
    )
    query = parse_qs(parts.query)
    assert query == {
        "action": ["TEMPLATE"],
        "text": ["WESTEM mentoring: Ada and Grace"],
        "dates": ["20300314T170000Z/20300314T183000Z"],
        "details": [f"Internship applications; my thesis talk.\n\n{PAGE_URL}"],
        "location": ["https://meet.example.org/ada-grace"],
    }
