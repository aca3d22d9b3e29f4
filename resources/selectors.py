"""Reads of the resources app that feed its pages: the library and the events."""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Audience, Event, Registration

# --- events ----------------------------------------------------------------------------------

# The longest an event may last (the model's check): an event that started this long ago has
# ended, whatever its length.
LONGEST_EVENT = timedelta(minutes=600)


def _role(user) -> str:
    return getattr(getattr(user, "profile", None), "role", "")


def events_visible_to(user) -> QuerySet[Event]:
    """Staff see every event, published or not; a mentor or a mentee the published events
    for her (and for everyone); reporters every published event."""
    events = Event.objects.all()
    if user.is_staff or user.is_superuser:
        return events
    events = events.filter(is_published=True)
    role = _role(user)
    if role in (Audience.MENTOR, Audience.MENTEE):
        events = events.filter(audience__in=[role, Audience.BOTH])
    return events


def _with_places(events: QuerySet[Event], user) -> QuerySet[Event]:
    """Each event with ``taken`` (its active sign-ups) and ``is_mine`` (hers is one of them)."""
    return events.annotate(
        taken=Count("registrations", filter=Q(registrations__cancelled_at__isnull=True)),
        is_mine=Exists(
            Registration.objects.filter(
                event=OuterRef("pk"), user=user.pk, cancelled_at__isnull=True
            )
        ),
    )


def _places_left(event: Event) -> Event:
    event.places_left = None if event.capacity is None else max(event.capacity - event.taken, 0)
    event.is_full = event.places_left == 0
    event.has_started = event.starts_at <= timezone.now()
    return event


def upcoming_events(user) -> list[Event]:
    """The events she may see that have not ended yet, soonest first (one query)."""
    now = timezone.now()
    events = _with_places(
        events_visible_to(user).filter(starts_at__gt=now - LONGEST_EVENT), user
    ).order_by("starts_at", "pk")
    return [_places_left(event) for event in events if event.ends_at > now]


def past_events_attended(user, *, exclude=(), limit: int = 20) -> list[Event]:
    """The events staff marked her present at, latest first, less ``exclude`` (ids)."""
    registrations = (
        Registration.objects.filter(user=user, attended_at__isnull=False)
        .exclude(event__in=list(exclude))
        .select_related("event")
        .order_by("-event__starts_at", "-pk")[:limit]
    )
    return [registration.event for registration in registrations]


def event_for_page(user, public_id) -> Event:
    """The event with its places, or a 404 when she may not see it."""
    events = _with_places(events_visible_to(user), user)
    return _places_left(get_object_or_404(events, public_id=public_id))


def registration_of(event: Event, user) -> Registration | None:
    """Her own sign-up for the event (active or cancelled), never anyone else's."""
    return Registration.objects.filter(event=event, user=user.pk).first()
