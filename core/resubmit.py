"""A form sent twice makes one object.

A double click, or a browser sending a form again after a slow or lost answer, posts the
same thing twice. Services that create something from a form look for the same thing written
by the same person a moment ago and return it instead of writing (and emailing) a second.
"""

from datetime import datetime, timedelta

from django.db.models import Model, QuerySet
from django.utils import timezone

RESUBMIT_WINDOW = timedelta(minutes=2)


def just_written(
    queryset: QuerySet, *, field: str = "created_at", now: datetime | None = None
) -> Model | None:
    """The newest row of ``queryset`` (the same author, the same content) written within
    RESUBMIT_WINDOW, if any."""
    since = (now or timezone.now()) - RESUBMIT_WINDOW
    return queryset.filter(**{f"{field}__gte": since}).order_by(f"-{field}", "-pk").first()
