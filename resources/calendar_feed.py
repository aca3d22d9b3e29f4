"""Her event sign-ups in her personal calendar feed (``core.calendar_feed``): every published
event she is signed up for, with its online link (she may see it), and the sign-ups she
cancelled in the last ``CALENDAR_FEED_CANCELLED_DAYS`` days as cancelled, so calendars that
read the feed drop them. An entry has the UID of the event's own ``.ics`` file."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from icalendar import Event as CalendarEvent

from core.calendar_feed import register_source
from notifications.emails import absolute_url

from .calendar import event_entry
from .models import Registration


def sign_up_events(user) -> list[CalendarEvent]:
    """Her sign-ups, in one query."""
    since = timezone.now() - timedelta(days=settings.CALENDAR_FEED_CANCELLED_DAYS)
    registrations = (
        Registration.objects.filter(user=user, event__is_published=True)
        .filter(Q(cancelled_at__isnull=True) | Q(cancelled_at__gte=since))
        .select_related("event")
        .order_by("event__starts_at", "pk")
    )
    entries = []
    for registration in registrations:
        event = registration.event
        entries.append(
            event_entry(
                event,
                page_url=absolute_url(reverse("resources:event_detail", args=[event.public_id])),
                online_link=event.online_link if registration.is_active else "",
                cancelled=not registration.is_active,
            )
        )
    return entries


register_source(name="resources.sign_ups", events=sign_up_events)
