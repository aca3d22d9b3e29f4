"""Her meetings in her personal calendar feed (``core.calendar_feed``): every agreed meeting of
her mentorships (``Meeting.objects.counting()``), and those cancelled after they were agreed
in the last ``CALENDAR_FEED_CANCELLED_DAYS`` days as cancelled, so calendars that read the
feed drop them. Proposals are not in it (their times are not agreed yet), nor a withdrawn
one, nor a logged meeting before its partner confirms it. An entry has the UID and SEQUENCE
of the meeting's own ``.ics`` file (``calendar.meeting_ics``): a calendar that holds both
keeps one."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Event

from core.calendar_feed import register_source
from notifications.emails import absolute_url

from .calendar import meeting_event
from .models import Meeting
from .permissions import meetings_visible_to


def meeting_entry(meeting: Meeting) -> Event:
    page_url = absolute_url(reverse("cycles:meeting_detail", args=[meeting.public_id]))
    return meeting_event(meeting, page_url=page_url)


def meeting_events(user) -> list[Event]:
    """Her agreed meetings and her recently cancelled ones, in one query."""
    visible = meetings_visible_to(user)
    since = timezone.now() - timedelta(days=settings.CALENDAR_FEED_CANCELLED_DAYS)
    cancelled = visible.filter(
        status=Meeting.Status.CANCELLED, cancelled_at__gte=since, agreed_at__isnull=False
    )
    meetings = (
        (visible.counting() | cancelled)
        .select_related("mentorship__mentor__profile", "mentorship__mentee__profile")
        .order_by("starts_at", "pk")
    )
    return [meeting_entry(meeting) for meeting in meetings]


register_source(name="cycles.meetings", events=meeting_events)
