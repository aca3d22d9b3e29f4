"""Matching's steps on her dashboard (``core.steps``): a mentor answers the requests waiting
for her, the oldest first, since it is the first to expire."""

import math
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.steps import ANSWER_REQUEST, Step, register_step

from .models import ConnectionRequest


def expires_in(request: ConnectionRequest, now=None) -> str:
    """ "expires in 3 days": whole days left, rounded up, so a request sent today says the
    full expiry period and one with hours left says "1 day"."""
    left = request.expires_at - (now or timezone.now())
    days = max(1, math.ceil(left / timedelta(days=1)))
    return ngettext("expires in %(count)d day", "expires in %(count)d days", days) % {"count": days}


def request_steps(user, profile) -> list[Step]:
    """One step a pending request, oldest first; one query, for mentors only."""
    if not profile.is_mentor:
        return []
    pending = (
        ConnectionRequest.objects.filter(mentor=user, status=ConnectionRequest.Status.PENDING)
        .select_related("mentee__profile")
        .order_by("created_at", "pk")
    )
    now = timezone.now()
    return [
        Step(
            text=_("Answer the request"),
            url=reverse("matching:request_detail", args=[request.public_id]),
            key=f"request:{request.public_id}",
            detail=_("from %(name)s · %(expires)s")
            % {"name": request.mentee.profile.display_name, "expires": expires_in(request, now)},
            order=ANSWER_REQUEST,
        )
        for request in pending
    ]


register_step(name="matching.requests", order=ANSWER_REQUEST, pending=request_steps)
