"""Reminders about connection requests (SPEC §12) and the automatic pause of a mentor whose
requests expire unanswered twice in a row. Batches as in ``cycles.reminders``."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone

from cycles.reminders import BATCH_SIZE, keyset_batches, name
from profiles.emails import absolute_url
from profiles.models import Notification, NotificationKind
from profiles.notifications import Due, queue

from . import services
from .models import ConnectionRequest, MentorPresentation

Status = ConnectionRequest.Status
PENDING_AFTER = timedelta(days=3)
# What a mentor did with a request: a withdrawal is the mentee's and says nothing of her.
ENDED_BY_MENTOR = [Status.ACCEPTED, Status.DECLINED, Status.EXPIRED]


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


def pause_unanswering_mentors(*, batch_size: int = BATCH_SIZE) -> int:
    """A mentor accepting requests whose two latest requests that ended both expired stops
    accepting requests and is told how to resume; once for that pair of requests (a mentor
    who resumes is not paused again until two more expire). Returns how many were paused."""
    ended = ConnectionRequest.objects.filter(
        mentor=OuterRef("mentor"), status__in=ENDED_BY_MENTOR
    ).order_by("-responded_at", "-pk")
    latest_pk = Subquery(ended.values("pk")[:1])
    told = Notification.objects.filter(
        user=OuterRef("mentor"),
        kind=NotificationKind.MENTOR_PAUSED,
        occasion=Concat(Value("expired:"), Cast(OuterRef("latest_pk"), CharField())),
    )
    presentations = (
        MentorPresentation.objects.filter(accepting_requests=True)
        .annotate(
            latest_status=Subquery(ended.values("status")[:1]),
            second_status=Subquery(ended.values("status")[1:2]),
            latest_pk=latest_pk,
        )
        .filter(latest_status=Status.EXPIRED, second_status=Status.EXPIRED)
        .exclude(Exists(told))
        .select_related("mentor__profile")
    )
    paused = 0
    for batch in keyset_batches(presentations, batch_size):
        with transaction.atomic():
            MentorPresentation.objects.filter(pk__in=[p.pk for p in batch]).update(
                accepting_requests=False, updated_at=timezone.now()
            )
            url = absolute_url(reverse("my_presentation"))
            queue(
                kind=NotificationKind.MENTOR_PAUSED,
                due=[
                    Due(
                        user_id=p.mentor_id,
                        occasion=f"expired:{p.latest_pk}",
                        template="matching/reminder_mentor_paused",
                        context={"url": url},
                    )
                    for p in batch
                ],
            )
        paused += len(batch)
    return paused
