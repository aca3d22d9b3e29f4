"""Reminders about connection requests (SPEC §12), written by the database as in
``cycles.reminders``; the expiry of stale requests and the automatic pause of a mentor whose
requests expire unanswered twice in a row are writes, in ``matching.services``."""

from datetime import datetime, timedelta

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from cycles.reminders import key, name
from notifications.emails import absolute_url
from notifications.outbox import queue_from
from notifications.registry import email_context
from profiles.selectors import is_blocked_between

from . import emails, services
from .models import ConnectionRequest, MentorPresentation

Status = ConnectionRequest.Status
PENDING_AFTER = timedelta(days=3)


def remind_pending_requests(*, now: datetime | None = None) -> int:
    """Daily: a request still pending 3 days after it was sent, to the mentor, once."""
    now = now or timezone.now()
    requests = ConnectionRequest.objects.filter(
        status=Status.PENDING,
        created_at__lte=now - PENDING_AFTER,
        created_at__gt=services.expiry_cutoff(now),
    )
    return len(
        queue_from(
            kind=emails.REQUEST_PENDING,
            template="matching/reminder_request_pending",
            rows=requests,
            user="mentor",
            occasion=key("request:", F("pk")),
            context={"request": "pk"},
        )
    )


def _request(stored: dict) -> ConnectionRequest | None:
    return (
        ConnectionRequest.objects.select_related("mentee__profile", "mentor__profile")
        .filter(pk=stored.get("request"))
        .first()
    )


@email_context("matching/reminder_request_pending")
def request_pending_context(user, stored: dict) -> dict | None:
    request = _request(stored)
    if request is None or request.status != Status.PENDING:
        return None
    return {
        "mentee_name": name(request.mentee),
        "url": absolute_url(reverse("matching:request_detail", args=[request.public_id])),
        "expires_at": request.expires_at,
    }


@email_context("matching/request_expired")
def request_expired_context(user, stored: dict) -> dict | None:
    request = _request(stored)
    if request is None:
        return None
    return {
        "mentor_name": name(request.mentor),
        "directory_url": absolute_url(reverse("matching:directory")),
    }


@email_context("matching/request_lapsed")
def request_lapsed_context(user, stored: dict) -> dict | None:
    """The mentor's side of an expired request; dropped when it was answered meanwhile
    (staff may have reopened it) or one of the two blocked the other."""
    request = _request(stored)
    if request is None or request.status != Status.EXPIRED:
        return None
    if is_blocked_between(request.mentee, request.mentor):
        return None
    return {
        "mentee_name": name(request.mentee),
        "url": absolute_url(reverse("matching:request_detail", args=[request.public_id])),
    }


@email_context("matching/reminder_mentor_paused")
def mentor_paused_context(user, stored: dict) -> dict | None:
    if not MentorPresentation.objects.filter(mentor=user).exists():
        return None
    return {"url": absolute_url(reverse("matching:my_presentation"))}
