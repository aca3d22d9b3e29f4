"""Her meetings in her personal calendar feed (``core.calendar_feed``): every agreed meeting of
her mentorships (``Meeting.objects.counting()``), and those cancelled in the last
``CALENDAR_FEED_CANCELLED_DAYS`` days as cancelled, so calendars that read the feed drop them.
An entry has the UID and SEQUENCE of the meeting's own ``.ics`` file: a calendar that holds
both keeps one."""

from datetime import UTC, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Event

from core.calendar_feed import register_source
from notifications.emails import absolute_url

from .calendar import meeting_title
from .models import Meeting
from .permissions import meetings_visible_to


def meeting_uid(meeting: Meeting) -> str:
    """The meeting's UID in every calendar file (as in ``calendar.meeting_ics``)."""
    return f"{meeting.public_id}@westem.eu"


def meeting_entry(meeting: Meeting) -> Event:
    page_url = absolute_url(reverse("cycles:meeting_detail", args=[meeting.public_id]))
    entry = Event()
    entry.add("uid", meeting_uid(meeting))
    entry.add("sequence", meeting.sequence)
    entry.add("dtstamp", meeting.updated_at.astimezone(UTC))
    entry.add("dtstart", meeting.starts_at.astimezone(UTC))
    entry.add("dtend", meeting.ends_at.astimezone(UTC))
    entry.add("summary", meeting_title(meeting))
    entry.add("location", meeting.location)
    entry.add("description", "\n\n".join(part for part in (meeting.agenda, page_url) if part))
    entry.add("url", page_url)
    entry.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    return entry


def meeting_events(user) -> list[Event]:
    """Her agreed meetings and her recently cancelled ones, in one query."""
    visible = meetings_visible_to(user)
    since = timezone.now() - timedelta(days=settings.CALENDAR_FEED_CANCELLED_DAYS)
    cancelled = visible.filter(status=Meeting.Status.CANCELLED, cancelled_at__gte=since)
    meetings = (
        (visible.counting() | cancelled)
        .select_related("mentorship__mentor__profile", "mentorship__mentee__profile")
        .order_by("starts_at", "pk")
    )
    return [meeting_entry(meeting) for meeting in meetings]


register_source(name="cycles.meetings", events=meeting_events)
