"""Matching's sections of the staff's to-do page (``core.todo``): presentations awaiting
approval, match rounds waiting for their result to be published, and connection requests
about to expire unanswered.

Like every page of the site, the to-do page names no mentee (a mentor's name is in the
directory): the admin page each item opens shows who."""

from datetime import timedelta

from django.conf import settings
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.todo import TodoItem, register_todo
from profiles.selectors import followed_up

from .admin import ConnectionRequestAdmin
from .models import ConnectionRequest, MentorPresentation
from .rounds.review import to_publish

# A request shows this long before it expires unanswered: the staff may still nudge the mentor.
EXPIRING_WITHIN = timedelta(days=2)
EXPIRING = "matching.expiring_requests"


def presentations_awaiting():
    """New presentations and changes to approved ones, the latest sent first."""
    return (
        MentorPresentation.objects.awaiting_approval()
        .select_related("mentor__profile")
        .order_by(Coalesce("revised_at", "published_at", "updated_at").desc(), "-pk")
    )


def presentation_item(presentation) -> TodoItem:
    if presentation.has_revision:
        detail = gettext("%(mentor)s — changes to an approved presentation")
    else:
        detail = gettext("%(mentor)s — new presentation")
    return TodoItem(
        title=presentation.revised()["headline"],
        detail=detail % {"mentor": presentation.mentor.get_full_name()},
        url=reverse("admin:matching_mentorpresentation_change", args=[presentation.pk]),
        when=presentation.revised_at or presentation.published_at,
    )


def round_item(round_) -> TodoItem:
    return TodoItem(
        title=round_.name,
        detail=gettext("Rankings closed; results promised on %(date)s")
        % {"date": round_.publishes_on.isoformat()},
        url=reverse("matching:round_review", args=[round_.public_id]),
        when=round_.closes_at,
    )


def _expiry_window(now=None):
    """Requests sent between these two moments expire within ``EXPIRING_WITHIN``."""
    now = now or timezone.now()
    expires_after = timedelta(days=settings.MATCHING_REQUEST_EXPIRY_DAYS)
    return now - expires_after, now - expires_after + EXPIRING_WITHIN


def requests_expiring():
    """Pending requests that expire unanswered within two days, the first to expire first
    (one already past its time is the nightly sweep's)."""
    oldest, newest = _expiry_window()
    return (
        ConnectionRequest.objects.filter(
            status=ConnectionRequest.Status.PENDING,
            created_at__gt=oldest,
            created_at__lte=newest,
        )
        .exclude(followed_up(EXPIRING))
        .select_related("mentor__profile")
        .order_by("created_at", "pk")
    )


def request_item(request) -> TodoItem:
    return TodoItem(
        title=gettext("A mentee's request to %(mentor)s")
        % {"mentor": request.mentor.get_full_name()},
        detail=gettext("Expires unanswered on %(date)s")
        % {"date": timezone.localtime(request.expires_at).strftime("%Y-%m-%d %H:%M")},
        url=reverse("admin:matching_connectionrequest_change", args=[request.pk]),
        when=request.created_at,
        object_id=request.pk,
    )


def _requests_changelist() -> str:
    """Every pending request, the oldest (the first to expire) first."""
    created = 1 + ConnectionRequestAdmin.list_display.index("created_at")
    return (
        reverse("admin:matching_connectionrequest_changelist")
        + f"?status__exact=pending&o={created}"
    )


register_todo(
    name="matching.presentations",
    order=10,
    title=_("Presentations awaiting approval"),
    empty=_("No presentation waits for approval."),
    pending=presentations_awaiting,
    item=presentation_item,
    changelist_url=lambda: (
        reverse("admin:matching_mentorpresentation_changelist") + "?approval=awaiting"
    ),
    permission="matching.change_mentorpresentation",
)
register_todo(
    name="matching.rounds",
    order=20,
    title=_("Match rounds to review and publish"),
    empty=_("No match round waits for its result."),
    pending=to_publish,
    item=round_item,
    changelist_url=lambda: (
        reverse("admin:matching_matchround_changelist") + "?published_at__isnull=True"
    ),
    permission="matching.change_matchround",
)
register_todo(
    name=EXPIRING,
    order=40,
    title=_("Requests about to expire unanswered"),
    empty=_("No request is about to expire."),
    pending=requests_expiring,
    item=request_item,
    changelist_url=_requests_changelist,
    permission="matching.view_connectionrequest",
    done=True,
)
