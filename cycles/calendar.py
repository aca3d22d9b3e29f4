"""Calendar files (.ics, RFC 5545) and add-to-calendar links for meetings.

Only agreed meetings are in calendars (a proposal's times are not agreed yet). An agreed
meeting's file is ``METHOD:PUBLISH`` with ``STATUS:CONFIRMED`` — published for her own
calendar, never an invitation that asks the calendar to answer anyone (no organizer, no
attendees: no email addresses in the file). A cancelled one is ``METHOD:CANCEL`` with
``STATUS:CANCELLED``. The UID never changes and ``SEQUENCE`` (``Meeting.sequence``) grows
with every change, so a calendar that imports the file again replaces its copy.
"""

import zoneinfo
from datetime import UTC
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Meeting


def meeting_title(meeting: Meeting) -> str:
    mentorship = meeting.mentorship
    return _("WESTEM mentoring: %(mentor)s and %(mentee)s") % {
        "mentor": mentorship.mentor.get_full_name(),
        "mentee": mentorship.mentee.get_full_name(),
    }


def meeting_uid(meeting: Meeting) -> str:
    return f"{meeting.public_id}@westem.eu"


def meeting_ics_filename(meeting: Meeting) -> str:
    local = meeting.starts_at.astimezone(zoneinfo.ZoneInfo(meeting.time_zone))
    return f"westem-meeting-{local:%Y-%m-%d}.ics"


def meeting_event(meeting: Meeting, *, page_url: str) -> Event:
    """The meeting as a calendar entry: the same in its own file and in her calendar feed
    (``calendar_feed``), so a calendar that holds both keeps one."""
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", meeting.updated_at.astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", meeting_title(meeting))
    if not meeting.is_cancelled:  # no place (nor the pair's room) for a meeting that is off
        event.add("location", meeting.location)
    event.add("description", "\n\n".join(part for part in (meeting.agenda, page_url) if part))
    event.add("url", page_url)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    return event


def meeting_ics(meeting: Meeting, *, page_url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//WESTEM mentoring platform//westem.eu//")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if meeting.is_cancelled else "PUBLISH")
    calendar.add_component(meeting_event(meeting, page_url=page_url))
    return calendar.to_ical()


def google_calendar_url(meeting: Meeting, *, page_url: str) -> str:
    """A link that opens Google Calendar with the meeting filled in."""
    stamp = "%Y%m%dT%H%M%SZ"
    dates = (
        f"{meeting.starts_at.astimezone(UTC).strftime(stamp)}/"
        f"{meeting.ends_at.astimezone(UTC).strftime(stamp)}"
    )
    query = urlencode(
        {
            "action": "TEMPLATE",
            "text": meeting_title(meeting),
            "dates": dates,
            "details": "\n\n".join(part for part in (meeting.agenda, page_url) if part),
            "location": meeting.location,
        }
    )
    return f"https://calendar.google.com/calendar/render?{query}"
