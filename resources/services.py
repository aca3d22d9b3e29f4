"""Writes of the resources app: the library's resources and first visits, and the events'
sign-ups and attendance (SPEC §11). Each service runs in a transaction and raises
``ValidationError`` with a message for the user when a rule is broken, ``PermissionDenied``
for an action that is not hers."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from profiles import services as profile_services
from profiles.emails import absolute_url, send_user_email_on_commit
from profiles.models import Profile

from .models import Audience, Event, Registration

# --- events ----------------------------------------------------------------------------------


def _audience_error(event: Event, user) -> str:
    """Why ``user`` may not sign up for ``event``, or "" when she may."""
    role = getattr(getattr(user, "profile", None), "role", "")
    if role not in (Audience.MENTOR, Audience.MENTEE):
        return _("Only the program's mentors and mentees sign up for events.")
    if event.audience == Audience.MENTOR and role != Audience.MENTOR:
        return _("This event is for mentors only.")
    if event.audience == Audience.MENTEE and role != Audience.MENTEE:
        return _("This event is for mentees only.")
    return ""


def _require_open(event: Event) -> None:
    if not event.is_published:
        raise ValidationError(_("This event is not open for sign-up."))
    if event.starts_at <= timezone.now():
        raise ValidationError(_("This event has already started."))


def active_sign_ups(event: Event) -> int:
    return Registration.objects.filter(event=event, cancelled_at__isnull=True).count()


@transaction.atomic
def sign_up(*, event: Event, by) -> Registration:
    """Sign ``by`` up for ``event``. The event's row is locked while the places are counted,
    so simultaneous sign-ups never take more places than there are. Signing up twice is
    harmless: the sign-up she has is returned (and no second email sent); after a
    cancellation, her sign-up is made active again."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    _require_open(event)
    reason = _audience_error(event, by)
    if reason:
        raise ValidationError(reason)
    registration = Registration.objects.filter(event=event, user=by).first()
    if registration is not None and registration.is_active:
        return registration
    if event.capacity is not None and active_sign_ups(event) >= event.capacity:
        raise ValidationError(_("This event is full."))
    now = timezone.now()
    if registration is None:
        registration = Registration(event=event, user=by, created_at=now)
        registration.full_clean()
        registration.save()
    else:
        registration.cancelled_at = None
        registration.created_at = now
        registration.full_clean()
        registration.save(update_fields=["cancelled_at", "created_at"])
    _send_signed_up(registration)
    return registration


def _send_signed_up(registration: Registration) -> None:
    event = registration.event
    send_user_email_on_commit(
        user=registration.user,
        template="resources/event_signed_up",
        context={
            "event": event,
            "url": absolute_url(reverse("event_detail", args=[event.public_id])),
            "ics_url": absolute_url(reverse("event_ics", args=[event.public_id])),
        },
    )


@transaction.atomic
def cancel_sign_up(*, event: Event, by) -> Registration:
    """``by`` gives her place back, until the event starts."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    registration = Registration.objects.filter(
        event=event, user=by, cancelled_at__isnull=True
    ).first()
    if registration is None:
        raise ValidationError(_("You are not signed up for this event."))
    if event.starts_at <= timezone.now():
        raise ValidationError(_("This event has already started."))
    registration.cancelled_at = timezone.now()
    registration.full_clean()
    registration.save(update_fields=["cancelled_at"])
    return registration


@transaction.atomic
def mark_attended(*, registrations, by) -> int:
    """Staff record who attended (once the event has started). Someone who cancelled but came
    all the same counts as signed up again. A preparatory meeting ticks its mentors' checklist
    item. Returns the number of sign-ups newly marked."""
    if not (by.is_staff or by.is_superuser):
        raise PermissionDenied
    chosen = list(
        Registration.objects.filter(pk__in=[r.pk for r in registrations])
        .select_related("event")
        .select_for_update(of=("self",))
    )
    now = timezone.now()
    if any(registration.event.starts_at > now for registration in chosen):
        raise ValidationError(_("Attendance can be marked once the event has started."))
    newly = [registration for registration in chosen if registration.attended_at is None]
    Registration.objects.filter(pk__in=[r.pk for r in newly]).update(
        attended_at=now, cancelled_at=None
    )
    mentors = [
        registration.user_id
        for registration in chosen
        if registration.event.kind == Event.Kind.PREPARATORY
    ]
    if mentors:
        profile_services.mark_preparatory_meeting_attended(
            profiles=Profile.objects.filter(user__in=mentors), by=by
        )
    return len(newly)
