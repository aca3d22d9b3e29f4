"""Her inbox: the list of what happened, newest first and by day, each item opening its page."""

from datetime import timedelta
from itertools import groupby

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import inbox


def _day_label(day, today) -> str:
    if day == today:
        return _("Today")
    if day == today - timedelta(days=1):
        return _("Yesterday")
    return formats.date_format(day, "DATE_FORMAT")


@require_GET
def inbox_page(request):
    page, unread = inbox.page_of(request.user, request.GET.get("page"))
    today = timezone.localdate()
    days = [
        (day, _day_label(day, today), list(items))
        for day, items in groupby(
            page.object_list, key=lambda item: timezone.localdate(item.created_at)
        )
    ]
    # The bell's count is known here: the context processor need not ask again.
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "days": days, "inbox_unread": unread},
    )


@require_GET
def open_item(request, pk: int):
    """Mark the item read and open its page (the inbox, when it leads nowhere any more).
    Another person's item does not exist for her."""
    item = inbox.mark_read(user=request.user, item_id=pk)
    if item is None:
        raise Http404
    return redirect(inbox.target_of(item) or "notifications:inbox")


@require_POST
def mark_all_read(request):
    if inbox.mark_all_read(user=request.user):
        messages.success(request, _("Everything in your inbox is marked as read."))
    return redirect("notifications:inbox")
