"""Her inbox on the site: one item per event the outbox is told of (``outbox.send`` and
``outbox.queue_from`` write it beside the email), whatever she chose for its email.

Writes here are the outbox's and the inbox page's; reads are the page's and the bell's.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import CharField, Count, Expression, F, JSONField, Q, QuerySet, Value
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from core.sql import insert_select

from . import registry
from .emails import absolute_url
from .models import InboxItem

PAGE_SIZE = 25


def local_link(url: str | None) -> str:
    """The site's own path of ``url`` (absolute links of emails become paths), or ""."""
    if not url:
        return ""
    site = absolute_url("")
    if url.startswith(site + "/"):
        url = url[len(site) :]
    if not url.startswith("/") or not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return ""
    return url[:300]


# --- writing ---------------------------------------------------------------------------------


def post(*, user, kind: str, occasion: str, params: dict | None = None, link: str = "") -> bool:
    """Write one item to her inbox in the current transaction; True when it is new or came
    back unread. An occasion already there is left as it is, except for a kind that gathers:
    its item counts one more event and is unread again, dated now."""
    if not registry.shows_on_site(kind):
        return False
    now = timezone.now()
    with transaction.atomic():
        item, created = InboxItem.objects.get_or_create(
            user=user,
            kind=kind,
            occasion=occasion,
            defaults={"params": params or {}, "link": local_link(link), "created_at": now},
        )
        if created or not registry.gathers(kind):
            return created
        # Another event of the same conversation: one item, counted, unread again.
        item = InboxItem.objects.select_for_update().get(pk=item.pk)
        item.count = item.count + 1 if item.read_at is None else 1
        item.read_at = None
        item.created_at = now
        item.params = params or item.params
        item.save(update_fields=["count", "read_at", "created_at", "params"])
    return True


def post_from(
    *,
    kind: str,
    rows: QuerySet,
    user: str,
    occasion: Expression,
    params: dict[str, Expression],
) -> list[int]:
    """One item per row of ``rows`` to the person at the path ``user``, skipping occasions
    already there: the reminders' sweeps (``outbox.queue_from``). One query."""
    if not registry.shows_on_site(kind):
        return []
    return insert_select(
        InboxItem,
        rows,
        {
            "user": F(user),
            "kind": Value(kind, output_field=CharField()),
            "occasion": occasion,
            "params": JSONObject(**params) if params else Value({}, output_field=JSONField()),
            "link": Value("", output_field=CharField()),
            "count": Value(1),
            "created_at": Value(timezone.now(), output_field=InboxItem.created_at.field),
        },
    )


def mark_read(*, user, item_id: int) -> InboxItem | None:
    """Her item, marked read; None when it is not hers."""
    item = InboxItem.objects.filter(user=user, pk=item_id).first()
    if item is not None and item.read_at is None:
        item.read_at = timezone.now()
        InboxItem.objects.filter(pk=item.pk, read_at__isnull=True).update(read_at=item.read_at)
    return item


def mark_all_read(*, user) -> int:
    return InboxItem.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def delete_old(*, now: datetime | None = None) -> int:
    """Items older than ``NOTIFICATIONS_INBOX_KEEP_DAYS``: the periodic clean-up."""
    keep = timedelta(days=settings.NOTIFICATIONS_INBOX_KEEP_DAYS)
    deleted, _ = InboxItem.objects.filter(created_at__lt=(now or timezone.now()) - keep).delete()
    return deleted


# --- reading ---------------------------------------------------------------------------------


def unread_count(user) -> int:
    """The bell's number: one query on the unread items' index."""
    return InboxItem.objects.filter(user=user, read_at__isnull=True).count()


def page_of(user, number) -> tuple[Page, int]:
    """A page of her items, newest first, and how many are unread: two queries (both counts
    in one, then the page)."""
    items = InboxItem.objects.filter(user=user)
    counts = items.aggregate(total=Count("pk"), unread=Count("pk", filter=Q(read_at__isnull=True)))
    paginator = Paginator(
        items.only("pk", "kind", "params", "count", "created_at", "read_at"), PAGE_SIZE
    )
    paginator.count = counts["total"]  # known: the paginator need not count again
    return paginator.get_page(number), counts["unread"]


def target_of(item: InboxItem) -> str:
    """Where an item leads: the page it stored, else what its kind finds, else the inbox."""
    link = item.link or local_link(registry.item_link(item.kind, item.params))
    return link or ""
