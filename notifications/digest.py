"""The daily digest: for the kinds she chose to read once a day, one email in her morning with
what she has not yet read on the site since the last one. Written through the outbox (its
retries, its once-per-occasion), one a day per her local date."""

import zoneinfo
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import outbox, preferences
from .emails import absolute_url, user_language
from .models import Delivery, InboxItem, Notification
from .registry import email_context, register_kind

DIGEST = register_kind("digest", _("The daily digest"), optional=False)
TEMPLATE = "notifications/digest"
MOST_ITEMS = 50


def _zone(user) -> zoneinfo.ZoneInfo:
    name = getattr(getattr(user, "profile", None), "timezone", "") or settings.TIME_ZONE
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _unread(user, kinds, since: datetime, until: datetime):
    return InboxItem.objects.filter(
        user=user,
        kind__in=kinds,
        read_at__isnull=True,
        created_at__gt=since,
        created_at__lte=until,
    )


def queue_digests(*, now: datetime | None = None) -> int:
    """Hourly: the digest of each person whose morning (``NOTIFICATIONS_DIGEST_HOUR`` in her
    time zone) has come today and who has something unread of her digest kinds since her last
    one. Returns how many were written."""
    now = now or timezone.now()
    people = (
        get_user_model()
        .objects.filter(is_active=True, notification_opt_outs__delivery=Delivery.DIGEST)
        .select_related("profile")
        .distinct()
    )
    written = 0
    for user in people:
        local = now.astimezone(_zone(user))
        if local.hour < settings.NOTIFICATIONS_DIGEST_HOUR:
            continue
        last = (
            Notification.objects.filter(user=user, kind=DIGEST)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        since = last or now - timedelta(days=1)
        kinds = preferences.digest_kinds(user=user)
        if not _unread(user, kinds, since, now).exists():
            continue
        written += outbox.send(
            user=user,
            kind=DIGEST,
            template=TEMPLATE,
            occasion=f"digest:{local.date().isoformat()}",
            context={"since": since, "until": now},
        )
    return written


@email_context(TEMPLATE)
def _digest(user, context: dict) -> dict | None:
    """Read when it is sent: what she has read on the site meanwhile is left out."""
    kinds = preferences.digest_kinds(user=user)
    items = list(_unread(user, kinds, context["since"], context["until"])[:MOST_ITEMS])
    if not items:
        return None
    # The worker builds this outside her language (the email is rendered in it later): the
    # items' texts are written now, so in hers.
    with translation.override(user_language(user)):
        lines = [
            (item.text, absolute_url(reverse("notifications:open", args=[item.pk])))
            for item in items
        ]
    return {
        "items": lines,
        "item_urls": [url for _text, url in lines],
        "inbox_url": absolute_url(reverse("notifications:inbox")),
    }
