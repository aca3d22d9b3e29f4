"""Writes of the resources app: the library's resources and first visits, and the events'
sign-ups and attendance (SPEC §11). Each service runs in a transaction and raises
``ValidationError`` with a message for the user when a rule is broken, ``PermissionDenied``
for an action that is not hers."""

import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from notifications import outbox
from notifications.emails import absolute_url
from profiles import access
from profiles import services as profile_services
from profiles.models import Profile

from . import emails
from . import selectors as library_selectors
from .models import (
    PHASE_FIELDS,
    Audience,
    Event,
    Registration,
    Resource,
    ResourceVisit,
    resources_storage,
)
from .validators import FileKind, check_resource_file

# --- the library ---------------------------------------------------------------------------

# What staff set on a resource (``data`` of the two services below); "phases" is a list of the
# cycle's phase numbers it helps with.
RESOURCE_FIELDS = (
    "title",
    "summary",
    "category",
    "kind",
    "audience",
    "language",
    "for_traditional",
    "for_flash",
    "url",
    "is_featured",
    "is_published",
)
FILE_FIELDS = ("file", "file_type", "file_size")
# The longest stored file name, before the "library/<public id>/" the model puts in front.
STORED_NAME_CHARS = 120


def _apply(resource: Resource, data: dict) -> None:
    for name in RESOURCE_FIELDS:
        if name in data:
            setattr(resource, name, data[name])
    if "phases" in data:
        phases = {int(phase) for phase in data["phases"]}
        for number, name in PHASE_FIELDS.items():
            setattr(resource, name, number in phases)


def _checked_upload(upload) -> FileKind | None:
    if upload is None:
        return None
    try:
        return check_resource_file(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error


def _require_link_or_file(resource: Resource, *, has_file: bool) -> None:
    if resource.url and has_file:
        raise ValidationError(
            {"url": _("Give a link or a file, not both: a resource is one or the other.")}
        )
    if not resource.url and not has_file:
        raise ValidationError({"url": _("Give a link, or upload a file.")})


def _stored_name(upload, kind: FileKind) -> str:
    stem = get_valid_filename(os.path.splitext(os.path.basename(upload.name or ""))[0])
    return f"{stem[:STORED_NAME_CHARS] or 'resource'}{kind.extensions[0]}"


def _store(resource: Resource, upload, kind: FileKind) -> None:
    upload.seek(0)
    resource.file.save(_stored_name(upload, kind), upload, save=False)
    resource.file_type = kind.content_type
    resource.file_size = upload.size


def _same_content(stored, upload) -> bool:
    """True when the stored file holds exactly the upload's bytes (then it is kept as is)."""
    if not stored or stored.size != upload.size:
        return False
    with stored.open("rb") as handle:
        same = handle.read() == upload.read()
    upload.seek(0)
    return same


def _delete_file_on_commit(name: str) -> None:
    if name:
        storage = resources_storage()
        transaction.on_commit(lambda: storage.delete(name))


def _changed_library() -> None:
    transaction.on_commit(library_selectors.forget_library_languages)


@transaction.atomic
def create_resource(*, data: dict, upload=None) -> Resource:
    """Add a resource to the library: a link (``data["url"]``) or an uploaded file, never
    both. The file is checked by its content (``validators.check_resource_file``); its type
    and size are stored with it."""
    resource = Resource()
    _apply(resource, data)
    kind = _checked_upload(upload)
    _require_link_or_file(resource, has_file=kind is not None)
    resource.full_clean(exclude=["file"])
    if kind is not None:
        _store(resource, upload, kind)
    try:
        resource.save()
    except Exception:
        if resource.file:
            resources_storage().delete(resource.file.name)
        raise
    _changed_library()
    return resource


@transaction.atomic
def update_resource(
    *, resource: Resource, data: dict, upload=None, remove_file: bool = False
) -> Resource:
    """Change a resource. A new ``upload`` replaces its file (unless it is the same file
    again); ``remove_file`` takes the file away (then it needs a link). A replaced or removed
    file is deleted once the change is saved."""
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    old_name = resource.file.name
    _apply(resource, data)
    kind = _checked_upload(upload)
    keeps_file = bool(old_name) and not remove_file
    _require_link_or_file(resource, has_file=kind is not None or keeps_file)
    resource.full_clean(exclude=["file"])
    if kind is not None and not (keeps_file and _same_content(resource.file, upload)):
        _store(resource, upload, kind)
    elif not keeps_file and kind is None:
        resource.file, resource.file_type, resource.file_size = "", "", 0
    resource.save(
        update_fields=[*RESOURCE_FIELDS, *PHASE_FIELDS.values(), *FILE_FIELDS, "updated_at"]
    )
    if old_name and resource.file.name != old_name:
        _delete_file_on_commit(old_name)
    _changed_library()
    return resource


@transaction.atomic
def delete_resource(*, resource: Resource) -> None:
    """Remove a resource from the library, its file with it."""
    name = resource.file.name
    resource.delete()
    _delete_file_on_commit(name)
    _changed_library()


def record_library_visit(*, user) -> bool:
    """Remember a participant's first visit to the library (it ticks "explore the resources"
    on her checklist). Later visits write nothing. True on the first visit."""
    _visit, created = ResourceVisit.objects.get_or_create(user=user)
    return created


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
    outbox.send(
        user=registration.user,
        kind=emails.EVENT_SIGNED_UP,
        template="resources/event_signed_up",
        # Each sign-up (again after a cancellation) has its own moment, to the microsecond.
        occasion=f"registration:{registration.pk}:{registration.created_at.isoformat()}",
        context={
            "event": event,
            "registration": registration,
            "url": absolute_url(reverse("resources:event_detail", args=[event.public_id])),
            "ics_url": absolute_url(reverse("resources:event_ics", args=[event.public_id])),
        },
    )


# What the people signed up plan their day by: a change to one of them is news to them.
EVENT_PLAN_FIELDS = ("starts_at", "time_zone", "duration_minutes", "online_link")


def tell_sign_ups_of_change(*, event: Event, before: Event) -> int:
    """The program staff saved ``event`` (``before`` is how it was): tell each person signed up
    when an upcoming event was withdrawn (unpublished: her place is gone with it) or its time,
    length or link changed. Run in the save's transaction; returns how many were told."""
    now = timezone.now()
    if before.starts_at <= now and event.starts_at <= now:
        return 0  # past events are history
    if before.is_published and not event.is_published:
        kind, template = emails.EVENT_CANCELLED, "resources/event_cancelled"
        link = reverse("resources:event_list")
    elif event.is_published and any(
        getattr(event, name) != getattr(before, name) for name in EVENT_PLAN_FIELDS
    ):
        kind, template = emails.EVENT_CHANGED, "resources/event_changed"
        link = reverse("resources:event_detail", args=[event.public_id])
    else:
        return 0
    signed_up = Registration.objects.filter(event=event, cancelled_at__isnull=True)
    told = 0
    for registration in signed_up.select_related("user"):
        outbox.send(
            user=registration.user,
            kind=kind,
            template=template,
            occasion=f"event:{event.pk}:{now.isoformat()}",
            context={
                "registration": registration,
                "url": absolute_url(link),
                "ics_url": absolute_url(reverse("resources:event_ics", args=[event.public_id])),
            },
        )
        told += 1
    return told


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
    if not access.is_staff(by):
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
