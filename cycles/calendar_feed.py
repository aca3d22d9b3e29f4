"""Her meetings in her personal calendar feed (``core.calendar_feed``): every agreed meeting of
her mentorships (``Meeting.objects.counting()``), and those cancelled in the last
``CALENDAR_FEED_CANCELLED_DAYS`` days as cancelled, so calendars that read the feed drop them;
an agreed one after its mentorship ended is shown as cancelled too (without its place).
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


def called_off(meeting: Meeting, now) -> bool:
    """An agreed meeting that will not take place because its mentorship ended before it
    (ended early, or a partner's account erased): reminders skip it, calendars drop it."""
    mentorship = meeting.mentorship
    if mentorship.is_active or meeting.is_cancelled:
        return False
    return meeting.starts_at > (mentorship.ended_at or now)


def meeting_entry(meeting: Meeting, *, now=None) -> Event:
    page_url = absolute_url(reverse("cycles:meeting_detail", args=[meeting.public_id]))
    ended = called_off(meeting, now or timezone.now())
    entry = Event()
    entry.add("uid", meeting_uid(meeting))
    # One above the meeting's own .ics, so a calendar holding that one takes the cancellation.
    entry.add("sequence", meeting.sequence + 1 if ended else meeting.sequence)
    entry.add("dtstamp", meeting.updated_at.astimezone(UTC))
    entry.add("dtstart", meeting.starts_at.astimezone(UTC))
    entry.add("dtend", meeting.ends_at.astimezone(UTC))
    entry.add("summary", meeting_title(meeting))
    if not ended:  # no place (nor room) for a meeting that will not be
        entry.add("location", meeting.location)
    entry.add("description", "\n\n".join(part for part in (meeting.agenda, page_url) if part))
    entry.add("url", page_url)
    entry.add("status", "CANCELLED" if meeting.is_cancelled or ended else "CONFIRMED")
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
    now = timezone.now()
    return [meeting_entry(meeting, now=now) for meeting in meetings]


register_source(name="cycles.meetings", events=meeting_events)
