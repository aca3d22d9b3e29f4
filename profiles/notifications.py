"""Reminder emails (SPEC §12): written once per person, kind and occasion, sent by Celery.

The flow, for every reminder of every app:

1. A periodic task of the app (``<app>/tasks.py``, scheduled in ``CELERY_BEAT_SCHEDULE``)
   writes what is due with ``queue_from``: one ``INSERT … SELECT`` per kind and recipient
   (``profiles.sql``), so the work stays in the database however many rows are due. A
   ``Notification`` row is inserted for each, and the unique constraint on (user, kind,
   occasion) drops those already there, so a second sweep, a second worker or a retry writes
   nothing new. People who turned the kind off get no row.
2. After the commit (``transaction.on_commit``: never about data that was rolled back) a
   ``profiles.send_notification`` task is queued for each new row.
3. ``deliver`` locks the row (``select_for_update(skip_locked=True)``), sends the email in the
   recipient's language and time zone, and marks the row sent in the same transaction. A
   worker killed between the mail server's answer and the commit leaves the row pending: it is
   sent again (the one duplicate a kill may cause); a worker killed before the answer loses
   nothing. ``send_due_notifications`` sweeps rows still pending a few minutes later (a task
   lost with a broker restart), so none is lost.

The email's context is stored with the row as JSON: values whose key ends in ``_at`` are
ISO date-times, in ``_date`` ISO dates; they are turned back into dates for the template. A
sweep stores only what names the occasion (the meeting's or mentorship's id): the function its
app registered for the template with ``email_context`` builds the rest when the email is sent,
from the data as it is then, and returns None when the reminder no longer applies (the meeting
was cancelled, the reflection written), which drops it.
"""

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from django.core import signing
from django.db import transaction
from django.db.models import CharField, Exists, Expression, F, JSONField, OuterRef, QuerySet, Value
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils import timezone

from .emails import absolute_url, render_user_email
from .models import Notification, NotificationKind, NotificationOptOut, User
from .sql import insert_select

logger = logging.getLogger(__name__)

# A row still pending after this long lost its task: the sweep sends it.
SWEEP_AFTER = timedelta(minutes=5)
MAX_ATTEMPTS = 5
UNSUBSCRIBE_SALT = "westem.notifications.unsubscribe"
# Kinds a person cannot turn off: they tell her about her own account.
ALWAYS_SENT = {NotificationKind.MENTOR_PAUSED}


def _revived(context: dict) -> dict:
    revived = {}
    for key, value in context.items():
        if isinstance(value, str) and key.endswith("_at"):
            value = datetime.fromisoformat(value)
            if timezone.is_naive(value):  # written by SQLite's json_object: UTC
                value = value.replace(tzinfo=UTC)
        elif isinstance(value, str) and key.endswith("_date"):
            value = date.fromisoformat(value)
        revived[key] = value
    return revived


def queue_from(
    *,
    kind: str,
    template: str,
    rows: QuerySet,
    user: str,
    occasion: Expression,
    context: dict[str, Expression | str],
) -> list[int]:
    """Write one reminder per row of ``rows`` to the person at the path ``user`` (for example
    ``"mentorship__mentee"``), skipping occasions already written and people who turned
    ``kind`` off, and queue their sending after the commit. ``occasion`` and the values of
    ``context`` (a path or an expression; keep it to ids, ``email_context`` builds the rest)
    are computed by the database. Returns the ids of the new rows. One query."""
    if kind not in ALWAYS_SENT:
        rows = rows.exclude(opted_out(kind, user))
    fields = {key: F(value) if isinstance(value, str) else value for key, value in context.items()}
    new = insert_select(
        Notification,
        rows,
        {
            "user": F(user),
            "kind": Value(kind, output_field=CharField()),
            "occasion": occasion,
            "template": Value(template, output_field=CharField()),
            "context": JSONObject(**fields) if fields else Value({}, output_field=JSONField()),
            "status": Value(Notification.Status.PENDING, output_field=CharField()),
            "attempts": Value(0),
            "last_error": Value("", output_field=CharField()),
            "created_at": Value(timezone.now(), output_field=Notification.created_at.field),
        },
    )
    if new:
        transaction.on_commit(lambda: _enqueue(new))
    return new


# template → function(recipient, stored context) → the email's context, or None to drop it.
EmailContext = Callable[[User, dict], dict | None]
EMAIL_CONTEXTS: dict[str, EmailContext] = {}


def email_context(template: str) -> Callable[[EmailContext], EmailContext]:
    """Register the function that builds ``template``'s context when the email is sent (each
    app's ``reminders`` module, imported by its ``AppConfig.ready``)."""

    def register(function: EmailContext) -> EmailContext:
        EMAIL_CONTEXTS[template] = function
        return function

    return register


def _enqueue(ids: list[int]) -> None:
    from .tasks import send_notification

    for pk in ids:
        send_notification.delay(pk)


def unsubscribe_token(*, user: User, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """The (user id, kind) of a one-click link, or None if it was not made here."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in NotificationKind.values:
        return None
    return data.get("u"), data["k"]


def unsubscribe_url(*, user: User, kind: str) -> str:
    token = unsubscribe_token(user=user, kind=kind)
    return absolute_url(reverse("notification_unsubscribe", args=[token]))


def deliver(*, notification_id: int) -> bool:
    """Send one pending reminder; True when it was sent now. A row another worker holds, or
    one already sent, is left alone. A mail error is raised for the task to retry (the row
    stays pending, its attempts counted) until MAX_ATTEMPTS, when it is marked failed."""
    failure = None
    with transaction.atomic():
        notification = (
            # Only the row: PostgreSQL locks no outer-joined profile.
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=notification_id, status=Notification.Status.PENDING)
            .select_related("user__profile")
            .first()
        )
        if notification is None:
            return False
        user = notification.user
        muted = notification.kind not in ALWAYS_SENT and (
            NotificationOptOut.objects.filter(user=user, kind=notification.kind).exists()
        )
        if muted or not user.is_active:
            notification.delete()
            return False
        stored = _revived(notification.context)
        build = EMAIL_CONTEXTS.get(notification.template)
        built = build(user, stored) if build else {}
        if built is None:  # no longer applies
            notification.delete()
            return False
        notification.attempts += 1
        context = {
            **stored,
            **built,
            "unsubscribe_url": (
                None
                if notification.kind in ALWAYS_SENT
                else unsubscribe_url(user=user, kind=notification.kind)
            ),
            "settings_url": absolute_url(reverse("notification_settings")),
        }
        message = render_user_email(user=user, template=notification.template, context=context)
        if context["unsubscribe_url"]:
            message.extra_headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
            message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        try:
            message.send()
        except Exception as error:  # noqa: BLE001 - recorded, then raised for the task's retry
            failure = error
            notification.last_error = str(error)[:300]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.status = Notification.Status.FAILED
            logger.warning(
                "Reminder %s not sent (attempt %s): %s",
                notification.pk,
                notification.attempts,
                error,
            )
        else:
            notification.status = Notification.Status.SENT
            notification.sent_at = timezone.now()
            notification.last_error = ""
        notification.save(update_fields=["status", "sent_at", "attempts", "last_error"])
    if failure is not None:
        raise failure
    return True


def due_for_sweep(*, now: datetime | None = None, limit: int = 1000) -> list[int]:
    """Pending rows older than SWEEP_AFTER whose task was lost."""
    cutoff = (now or timezone.now()) - SWEEP_AFTER
    return list(
        Notification.objects.filter(status=Notification.Status.PENDING, created_at__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def opted_out(kind: str, user_ref: str = "pk"):
    """An expression: the person at ``user_ref`` turned ``kind`` off (for the sweeps' queries)."""
    return Exists(NotificationOptOut.objects.filter(user=OuterRef(user_ref), kind=kind))


def offered_kinds() -> list[tuple[str, str]]:
    """The kinds a person can turn off, as (value, label)."""
    return [(value, label) for value, label in NotificationKind.choices if value not in ALWAYS_SENT]


def turned_off(*, user: User) -> set[str]:
    return set(NotificationOptOut.objects.filter(user=user).values_list("kind", flat=True))


@transaction.atomic
def set_notification_choices(*, user: User, wanted: set[str]) -> None:
    """Keep the kinds in ``wanted`` on and turn the other offered kinds off."""
    offered = {value for value, _label in offered_kinds()}
    off = offered - set(wanted)
    NotificationOptOut.objects.filter(user=user).exclude(kind__in=off).delete()
    NotificationOptOut.objects.bulk_create(
        [NotificationOptOut(user=user, kind=kind) for kind in sorted(off)],
        ignore_conflicts=True,
    )


def turn_off(*, user_id: int, kind: str) -> bool:
    """One-click unsubscribe: turn ``kind`` off for her; False when it cannot be turned off."""
    if kind in ALWAYS_SENT or not User.objects.filter(pk=user_id, is_active=True).exists():
        return False
    NotificationOptOut.objects.get_or_create(user_id=user_id, kind=kind)
    return True
