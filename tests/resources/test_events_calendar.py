"""An event's calendar file (.ics), read back with icalendar: its start and end in the event's
own time zone, its title and its links; the online link only for the people signed up."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from icalendar import Calendar

from resources.calendar import event_ics
from tests.factories import EventFactory, MenteeFactory, MentorFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

PAGE_URL = "https://westem.example/events/page/"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def event():
    """Thursday 14 March 2030, 18:00–19:30 in Stockholm (17:00–18:30 UTC)."""
    return EventFactory(
        title="Preparatory meeting for mentors",
        description="The manual, the cycle and the agreement.",
        starts_at=datetime(2030, 3, 14, 18, 0, tzinfo=STOCKHOLM),
        duration_minutes=90,
        online_link="https://meet.example.org/westem-prep",
    )


def only_event(ics: bytes):
    calendar = Calendar.from_ical(ics)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def test_the_calendar_file_of_an_event(event):
    ics = event_ics(event, page_url=PAGE_URL, online_link=event.online_link)

    calendar, entry = only_event(ics)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(entry["UID"]) == f"event-{event.public_id}@westem.eu"
    assert b"DTSTART;TZID=Europe/Stockholm:20300314T180000" in ics
    assert b"DTEND;TZID=Europe/Stockholm:20300314T193000" in ics
    start, end = entry.decoded("DTSTART"), entry.decoded("DTEND")
    assert (start, end) == (event.starts_at, event.ends_at)
    assert str(start.tzinfo) == "Europe/Stockholm"
    # The zone is described in the file itself, for calendars that do not know it.
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    assert str(entry["SUMMARY"]) == "Preparatory meeting for mentors"
    assert str(entry["LOCATION"]) == "https://meet.example.org/westem-prep"
    assert str(entry["URL"]) == "https://meet.example.org/westem-prep"
    assert str(entry["DESCRIPTION"]) == (
        "The manual, the cycle and the agreement.\n\n"
        f"https://meet.example.org/westem-prep\n\n{PAGE_URL}"
    )


def test_without_the_online_link_the_file_points_to_the_page(event):
    ics = event_ics(event, page_url=PAGE_URL)

    _calendar, entry = only_event(ics)
    assert "LOCATION" not in entry
    assert str(entry["URL"]) == PAGE_URL
    assert b"meet.example.org" not in ics


def test_an_event_in_another_zone_keeps_its_zone():
    event = EventFactory(
        starts_at=datetime(2030, 7, 1, 9, 30, tzinfo=ZoneInfo("Europe/Athens")),
        time_zone="Europe/Athens",
        duration_minutes=60,
    )

    ics = event_ics(event, page_url=PAGE_URL)

    assert b"DTSTART;TZID=Europe/Athens:20300701T093000" in ics
    assert b"DTEND;TZID=Europe/Athens:20300701T103000" in ics


def test_the_download_has_the_link_for_her_once_signed_up(client, event):
    registration = RegistrationFactory(event=event)
    client.force_login(registration.user)

    response = client.get(reverse("resources:event_ics", args=[event.public_id]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="westem-event-2030-03-14.ics"'
    _calendar, entry = only_event(response.content)
    assert str(entry["LOCATION"]) == event.online_link
    assert str(entry["SUMMARY"]) == event.title


def test_the_download_before_signing_up_leaves_the_link_out(client, event):
    client.force_login(MentorFactory())

    response = client.get(reverse("resources:event_ics", args=[event.public_id]))

    _calendar, entry = only_event(response.content)
    page = reverse("resources:event_detail", args=[event.public_id])
    assert str(entry["URL"]) == f"{settings.SITE_URL.rstrip('/')}{page}"
    assert event.online_link.encode() not in response.content


def test_the_download_of_an_event_she_may_not_see_is_a_404(client, event):
    client.force_login(MenteeFactory())  # the preparatory meeting is for mentors

    assert client.get(reverse("resources:event_ics", args=[event.public_id])).status_code == 404


def test_the_file_name_is_the_day_in_her_time_zone(client):
    # 23:30 in Stockholm on 14 March is already 15 March in Tokyo.
    event = EventFactory(starts_at=datetime(2030, 3, 14, 23, 30, tzinfo=STOCKHOLM))
    client.force_login(MentorFactory(profile__timezone="Asia/Tokyo"))

    response = client.get(reverse("resources:event_ics", args=[event.public_id]))

    assert response["Content-Disposition"].endswith('westem-event-2030-03-15.ics"')
