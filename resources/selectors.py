"""Reads of the resources app that feed its pages: the library and the events."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language, get_language_info

from profiles import access

from .models import PHASE_FIELDS, Audience, Event, Registration, Resource, ResourceVisit

# --- the library ---------------------------------------------------------------------------

# The languages offered by the library's filter are cached; the services forget them when staff
# change the library.
LIBRARY_LANGUAGES_SECONDS = 300


def _languages_key(language: str) -> str:
    return f"library-languages:{language}"


def language_name(code: str) -> str:
    try:
        name = str(get_language_info(code)["name_translated"])
    except KeyError:
        return code
    return name[:1].upper() + name[1:]


def library_languages() -> list[tuple[str, str]]:
    """The languages the published resources are in, as (code, name in the current
    language), by name."""

    def read() -> list[tuple[str, str]]:
        codes = (
            Resource.objects.published().order_by().values_list("language", flat=True).distinct()
        )
        return sorted(((code, language_name(code)) for code in codes), key=lambda c: c[1])

    return cache.get_or_set(_languages_key(get_language() or "en"), read, LIBRARY_LANGUAGES_SECONDS)


def forget_library_languages() -> None:
    cache.delete_many([_languages_key(code) for code, _name in settings.LANGUAGES])


def library_resources() -> QuerySet[Resource]:
    """What the library lists: the published resources, featured first, then the newest."""
    return Resource.objects.published().order_by("-is_featured", "-created_at", "-pk")


def featured_resources(role: str, *, limit: int = 4) -> list[Resource]:
    """The featured resources for a mentor (or a mentee): the library's first row."""
    return list(
        Resource.objects.published()
        .filter(is_featured=True)
        .for_role(role)
        .order_by("-created_at", "-pk")[:limit]
    )


def resource_for_page(public_id) -> Resource:
    """A published resource, or a 404."""
    return get_object_or_404(Resource.objects.published(), public_id=public_id)


def more_in_category(resource: Resource, role: str, *, limit: int = 4) -> list[Resource]:
    return list(
        Resource.objects.published()
        .filter(category=resource.category)
        .for_role(role)
        .exclude(pk=resource.pk)
        .order_by("-is_featured", "-created_at", "-pk")[:limit]
    )


def phase_resources(
    *, phase: int, style: str, role: str, language: str = "", limit: int = 4
) -> list[Resource]:
    """Published resources for one phase of the cycle and one style of mentoring, for a
    mentor (or a mentee): those in her ``language`` first, then the featured, then the
    newest. One query."""
    style_field = "for_flash" if style == "flash" else "for_traditional"
    in_her_language = Case(When(language=language, then=Value(0)), default=Value(1))
    return list(
        Resource.objects.published()
        .filter(**{PHASE_FIELDS[phase]: True, style_field: True})
        .for_role(role)
        .order_by(in_her_language, "-is_featured", "-created_at", "-pk")[:limit]
    )


def has_visited_library(user) -> bool:
    return ResourceVisit.objects.filter(user=user.pk).exists()


# --- events ----------------------------------------------------------------------------------

# The longest an event may last (the model's check): an event that started this long ago has
# ended, whatever its length.
LONGEST_EVENT = timedelta(minutes=600)


def _role(user) -> str:
    return getattr(getattr(user, "profile", None), "role", "")


def events_visible_to(user) -> QuerySet[Event]:
    """Program staff see every event, published or not; a mentor or a mentee the published
    events for her (and for everyone); reporters every published event."""
    events = Event.objects.all()
    if access.is_program_staff(user):
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
