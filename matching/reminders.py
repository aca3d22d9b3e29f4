"""Reminders about connection requests (SPEC §12) and the automatic pause of a mentor whose
requests expire unanswered twice in a row. Batches as in ``cycles.reminders``."""

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from cycles.reminders import BATCH_SIZE, keyset_batches, name
from profiles.emails import absolute_url
from profiles.models import NotificationKind
from profiles.notifications import Due, queue

from . import services
from .models import ConnectionRequest

Status = ConnectionRequest.Status
PENDING_AFTER = timedelta(days=3)


def remind_pending_requests(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Daily: a request still pending 3 days after it was sent, to the mentor, once."""
    now = now or timezone.now()
    requests = ConnectionRequest.objects.filter(
        status=Status.PENDING,
        created_at__lte=now - PENDING_AFTER,
        created_at__gt=services.expiry_cutoff(now),
    ).select_related("mentee__profile")
    queued = 0
    for batch in keyset_batches(requests, batch_size):
        due = [
            Due(
                user_id=request.mentor_id,
                occasion=f"request:{request.pk}",
                template="matching/reminder_request_pending",
                context={
                    "mentee_name": name(request.mentee),
                    "url": absolute_url(reverse("request_detail", args=[request.public_id])),
                    "expires_at": request.expires_at,
                },
            )
            for request in batch
        ]
        queued += len(queue(kind=NotificationKind.REQUEST_PENDING, due=due))
    return queued
