"""The outbox: every email of the platform is a ``Notification`` row first.

How an email flows, whatever app it comes from:

1. Written in the transaction of what it speaks of. A service calls ``send`` (one email: a
   request received, a meeting planned) or a periodic sweep calls ``queue_from`` (reminders:
   one ``INSERT … SELECT`` however many are due, ``core.sql``). The unique constraint on
   (user, kind, occasion) drops an occasion already written, so a second sweep, a second
   worker or a retried form writes nothing new; people who turned an optional kind off get
   no row. Data rolled back takes its email with it.
2. After the commit (``transaction.on_commit``) one ``notifications.send_notification`` task
   per new row goes to the broker. Queuing never fails the request: a broker that is down is
   logged, and the sweep sends the row later.
3. ``deliver`` locks the row (``select_for_update(skip_locked=True)``), builds the email from
   the data as it is then (the row holds ids; the function its app registered for the
   template, ``registry.email_context``, adds the rest, or returns None when the email no
   longer applies), sends it in her language and marks it sent in the same transaction. A
   mail error is written on the row with the time of its next attempt (a growing backoff,
   ``MAX_ATTEMPTS`` in all, then the row is marked failed).
4. ``send_due_notifications`` (beat, every few minutes) sends the pending rows whose next
   attempt has come: those whose task was lost (written ``SWEEP_AFTER_SECONDS`` ahead) and
   those whose mail server failed.

No web request talks to a mail server: with a broker, workers deliver; without one
(``make run``, tests) the task runs in-process after the commit, and its failure is logged and
left to the sweep, never shown as an error page.

A transactional email's context is stored as JSON: model instances as references (read again
when it is sent: one deleted in the meantime drops the email), dates and times tagged; no names
or texts: the app's registered email context reads them when the email is sent, and drops the
email when what it speaks of was undone meanwhile (a request withdrawn, a meeting cancelled,
its author erased). A
reminder's context is built by the database: values whose key ends in ``_at`` are ISO
date-times, in ``_date`` ISO dates. A sent row keeps no context.
"""

import logging
from datetime import UTC, date, datetime, timedelta

from django.apps import apps
from django.db import models, transaction
from django.db.models import CharField, Expression, F, JSONField, QuerySet, Value
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils import timezone

from core.sql import insert_select

from . import inbox, preferences, registry
from .emails import absolute_url, render_user_email
from .models import SWEEP_AFTER_SECONDS, Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# After the n-th failed attempt the next one comes BACKOFF_BASE × 2^(n-1) later, at most
# BACKOFF_MAX: 1, 2, 4, 8, 16, 32 minutes, then hourly; eight attempts span about two hours.
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=1)
SWEEP_AFTER = timedelta(seconds=SWEEP_AFTER_SECONDS)


def backoff(attempts: int) -> timedelta:
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_MAX)


# --- writing ---------------------------------------------------------------------------------


def _stored(value):
    """A context value as JSON: model instances by reference, dates and times tagged."""
    if isinstance(value, models.Model):
        return {"$model": value._meta.label_lower, "pk": value.pk}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, dict):
        return {key: _stored(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_stored(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)  # a lazy translation: the recipient's language is applied when sent


class Gone(Exception):
    """An object an email speaks of no longer exists."""


def _loaded(value):
    if isinstance(value, dict):
        if "$model" in value:
            found = apps.get_model(value["$model"])._default_manager.filter(pk=value["pk"]).first()
            if found is None:
                raise Gone(value["$model"])
            return found
        if "$datetime" in value:
            return datetime.fromisoformat(value["$datetime"])
        if "$date" in value:
            return date.fromisoformat(value["$date"])
        return {key: _loaded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_loaded(item) for item in value]
    return value


def _revived(context: dict) -> dict:
    """A reminder's context as the database wrote it, with its dates and times as values."""
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


def send(
    *,
    user,
    kind: str,
    occasion: str,
    template: str | None = None,
    context: dict | None = None,
    params: dict | None = None,
    link: str | None = None,
    email: bool = True,
    inbox_occasion: str | None = None,
) -> bool:
    """Tell ``user`` of one event in the current transaction: an item in her inbox (when the
    kind shows on the site) and an email (unless she chose a digest or the site only for this
    kind, or ``email`` is False), delivered after the commit. ``occasion`` names what it is
    about ("request:42"): the same kind and occasion for the same person is written once.
    ``context`` may hold model instances (read again when the email is sent); ``params`` are
    the item's few ids or words; ``link`` is the page it opens (else the context's ``url``);
    ``inbox_occasion`` gathers several events in one item (a kind that ``gathers``).
    Returns whether an email was written."""
    if link is None and context:
        link = context.get("url") if isinstance(context.get("url"), str) else None
    inbox.post(
        user=user,
        kind=kind,
        occasion=inbox_occasion or occasion,
        params=params,
        link=link or "",
    )
    if not email or template is None:
        return False
    if registry.is_optional(kind) and preferences.is_turned_off(user=user, kind=kind):
        return False
    with transaction.atomic():
        notification, created = Notification.objects.get_or_create(
            user=user,
            kind=kind,
            occasion=occasion,
            defaults={"template": template, "context": _stored(context or {})},
        )
    if created:
        transaction.on_commit(lambda: enqueue([notification.pk]))
    return created


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
    ``context`` (a path or an expression; keep it to ids, the registered email context builds
    the rest) are computed by the database; they are also the params of the inbox item each
    person gets, whatever she chose for the email. Returns the ids of the new emails. Two
    queries."""
    fields = {key: F(value) if isinstance(value, str) else value for key, value in context.items()}
    inbox.post_from(kind=kind, rows=rows, user=user, occasion=occasion, params=fields)
    if registry.is_optional(kind):
        rows = rows.exclude(preferences.opted_out(kind, user))
    now = timezone.now()
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
            "created_at": Value(now, output_field=Notification.created_at.field),
            "next_attempt_at": Value(
                now + SWEEP_AFTER, output_field=Notification.next_attempt_at.field
            ),
        },
    )
    if new:
        transaction.on_commit(lambda: enqueue(new))
    return new


def enqueue(ids: list[int]) -> None:
    """Hand each row to a worker (in-process without a broker). Never raises: a row whose
    task could not be queued, or whose in-process delivery failed, waits for the sweep."""
    from .tasks import send_notification

    for pk in ids:
        try:
            send_notification.delay(pk)
        except Exception:  # noqa: BLE001 - the row is pending: the sweep sends it
            logger.exception("Notification %s not handed to a worker; the sweep will send it", pk)


# --- delivering ------------------------------------------------------------------------------


def _build_context(notification: Notification) -> dict | None:
    user = notification.user
    try:
        stored = _loaded(notification.context)
    except Gone:
        return None
    stored = _revived(stored)
    build = registry.EMAIL_CONTEXTS.get(notification.template)
    built = build(user, stored) if build else {}
    if built is None:
        return None
    optional = registry.is_optional(notification.kind)
    unsubscribe = (
        preferences.unsubscribe_url(user=user, kind=notification.kind) if optional else None
    )
    return {
        **stored,
        **built,
        "unsubscribe_url": unsubscribe,
        "settings_url": absolute_url(reverse("notifications:settings")),
    }


def deliver(*, notification_id: int, now: datetime | None = None) -> bool:
    """Send one pending email; True when it was sent now. A row another worker holds, or one
    already sent, is left alone. A mail error is written on the row, with the time of the next
    attempt, and raised; after MAX_ATTEMPTS the row is marked failed."""
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
        muted = registry.is_optional(notification.kind) and preferences.is_turned_off(
            user=user, kind=notification.kind
        )
        if muted or not user.is_active:
            notification.delete()
            return False
        notification.attempts += 1
        try:
            with transaction.atomic():  # a savepoint: an error leaves the row writable
                context = _build_context(notification)
                if context is None:  # no longer applies
                    notification.delete()
                    return False
                message = render_user_email(
                    user=user, template=notification.template, context=context
                )
                if context["unsubscribe_url"]:
                    url = context["unsubscribe_url"]
                    message.extra_headers["List-Unsubscribe"] = f"<{url}>"
                    message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
                message.send()
        except Exception as error:  # noqa: BLE001 - recorded on the row, then raised
            failure = error
            notification.last_error = f"{type(error).__name__}: {error}"[:300]
            notification.next_attempt_at = (now or timezone.now()) + backoff(notification.attempts)
            if notification.attempts >= MAX_ATTEMPTS:
                notification.status = Notification.Status.FAILED
                notification.context = {}  # what it would have said is not kept
            logger.warning(
                "Notification %s not sent (attempt %s of %s): %s",
                notification.pk,
                notification.attempts,
                MAX_ATTEMPTS,
                error,
            )
        else:
            notification.status = Notification.Status.SENT
            notification.sent_at = timezone.now()
            notification.last_error = ""
            notification.context = {}  # what it said is not kept
        notification.save(
            update_fields=[
                "status",
                "sent_at",
                "attempts",
                "last_error",
                "next_attempt_at",
                "context",
            ]
        )
    if failure is not None:
        raise failure
    return True


def due_for_sweep(*, now: datetime | None = None, limit: int = 1000) -> list[int]:
    """Pending rows whose next attempt has come: a lost task or a failed mail server."""
    return list(
        Notification.objects.filter(
            status=Notification.Status.PENDING, next_attempt_at__lte=now or timezone.now()
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def sweep(*, now: datetime | None = None) -> int:
    """Send what is due; returns how many were sent. A failure stays on its row for later."""
    sent = 0
    for pk in due_for_sweep(now=now):
        try:
            sent += deliver(notification_id=pk, now=now)
        except Exception:  # noqa: BLE001, S112 - written on the row; the next sweep tries again
            continue
    return sent


# --- emails rendered by the request ----------------------------------------------------------


def hand_over(message) -> None:
    """Send an email the request rendered itself (allauth's verification, password reset and
    security notices: they carry one-time keys, so their text is never stored) through a
    worker, after the commit. Never raises: a failure is logged (a worker retries it)."""
    from .tasks import send_account_email

    payload = {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
        "alternatives": [list(part) for part in getattr(message, "alternatives", [])],
    }

    def queue():
        try:
            send_account_email.delay(payload)
        except Exception:  # noqa: BLE001 - she can ask for the email again
            logger.exception("An account email could not be handed to a worker")

    transaction.on_commit(queue)
