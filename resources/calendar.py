"""Calendar files (.ics, RFC 5545) for the program's events, in the event's own time zone."""

import zoneinfo
from datetime import UTC

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import Event


def event_uid(event: Event) -> str:
    """The event's UID in every calendar file: its own ``.ics`` and her calendar feed."""
    return f"event-{event.public_id}@westem.eu"


def event_entry(
    event: Event, *, page_url: str, online_link: str = "", cancelled: bool = False
) -> CalendarEvent:
    """The event as a calendar entry. The online link goes in only for the people who may see
    it (``online_link``, empty otherwise); the event's page is always there. ``cancelled``:
    her sign-up is cancelled, so her calendar drops the event."""
    zone = zoneinfo.ZoneInfo(event.time_zone)
    entry = CalendarEvent()
    entry.add("uid", event_uid(event))
    entry.add("dtstamp", event.created_at.astimezone(UTC))
    entry.add("dtstart", event.starts_at.astimezone(zone))
    entry.add("dtend", event.ends_at.astimezone(zone))
    entry.add("summary", event.title)
    parts = (event.description, online_link, page_url)
    entry.add("description", "\n\n".join(part for part in parts if part))
    if online_link:
        entry.add("location", online_link)
    entry.add("url", online_link or page_url)
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return entry


def event_ics(event: Event, *, page_url: str, online_link: str = "") -> bytes:
    """The event as a calendar file (see ``event_entry``)."""
    calendar = Calendar()
    calendar.add("prodid", "-//WESTEM mentoring platform//westem.eu//")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event_entry(event, page_url=page_url, online_link=online_link))
    calendar.add_missing_timezones()
    return calendar.to_ical()
