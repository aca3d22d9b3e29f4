"""A person's calendar feed: what the apps put in her personal calendar address.

The feed's address and its secret belong to ``profiles`` (``CalendarFeed``), below the apps
whose entries it carries: her agreed meetings are known by ``cycles``, her event sign-ups by
``resources``. Each app registers, in a module its ``AppConfig.ready`` imports, a function that
gives her entries as ``icalendar`` events::

    register_source(name="cycles.meetings", events=meeting_events)

``events(user)`` returns a list of ``icalendar.Event`` with a fixed number of queries however
many entries she has. An entry keeps the UID (and SEQUENCE) of the app's own ``.ics`` file
of the same thing, so a calendar that holds both merges them. ``feed_calendar`` gathers them
into one calendar, in the sources' order (by name) and then as each listed them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from icalendar import Calendar, vDuration
from icalendar import Event as CalendarEvent

# How often calendars are asked to fetch the feed again (Apple and Outlook read these; Google
# decides for itself, every few hours).
REFRESH_INTERVAL = timedelta(hours=1)

# user → her entries
Events = Callable[[Any], list[CalendarEvent]]


@dataclass(frozen=True)
class Source:
    name: str
    events: Events


SOURCES: dict[str, Source] = {}


def register_source(*, name: str, events: Events) -> None:
    """Put ``events(user)`` in her feed. Registering the same name again replaces it
    (``ready`` may run more than once in tests)."""
    SOURCES[name] = Source(name=name, events=events)


def feed_events(user) -> list[CalendarEvent]:
    """Every entry of her feed, source after source (by name)."""
    found: list[CalendarEvent] = []
    for source in sorted(SOURCES.values(), key=lambda source: source.name):
        found.extend(source.events(user))
    return found


def feed_calendar(user, *, name: str) -> bytes:
    """Her feed as one calendar file (RFC 5545), called ``name`` in her calendar app."""
    calendar = Calendar()
    calendar.add("prodid", "-//WESTEM mentoring platform//westem.eu//")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    for event in feed_events(user):
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
