"""Calendar files (.ics, RFC 5545) for the program's events, in the event's own time zone."""

import zoneinfo
from datetime import UTC

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import Event


def event_ics(event: Event, *, page_url: str, online_link: str = "") -> bytes:
    """The event as a calendar file. The online link goes in only for the people who may see
    it (``online_link``, empty otherwise); the event's page is always there."""
    zone = zoneinfo.ZoneInfo(event.time_zone)
    calendar = Calendar()
    calendar.add("prodid", "-//WESTEM mentoring platform//westem.eu//")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.public_id}@westem.eu")
    entry.add("dtstamp", event.created_at.astimezone(UTC))
    entry.add("dtstart", event.starts_at.astimezone(zone))
    entry.add("dtend", event.ends_at.astimezone(zone))
    entry.add("summary", event.title)
    parts = (event.description, online_link, page_url)
    entry.add("description", "\n\n".join(part for part in parts if part))
    if online_link:
        entry.add("location", online_link)
    entry.add("url", online_link or page_url)
    entry.add("status", "CONFIRMED")
    calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()
