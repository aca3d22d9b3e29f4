"""The cycles' section of the staff's to-do page (``core.todo``): mentorships ended early in
the last two weeks, for the staff to follow up (ask the pair, offer another match). Nothing in
the mentorship says it was followed up: "Done" records it. An item names no one (the admin
page it opens does)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.todo import TodoItem, register_todo
from profiles.selectors import followed_up

from .models import Mentorship
from .selectors import screening_due

ENDED_EARLY = "cycles.ended_early"
RECENT = timedelta(days=14)


def ended_early():
    """Mentorships ended early in the last 14 days and not followed up, the latest first."""
    return (
        Mentorship.objects.filter(
            status=Mentorship.Status.ENDED_EARLY, ended_at__gte=timezone.now() - RECENT
        )
        .exclude(followed_up(ENDED_EARLY))
        .order_by("-ended_at", "-pk")
    )


def ended_item(mentorship) -> TodoItem:
    ended_by = mentorship.ended_by_id
    if ended_by is not None and ended_by == mentorship.mentor_id:
        detail = gettext("Ended by the mentor")
    elif ended_by is not None and ended_by == mentorship.mentee_id:
        detail = gettext("Ended by the mentee")
    else:
        detail = gettext("Ended early")
    return TodoItem(
        title=gettext("%(style)s mentorship started %(date)s")
        % {"style": mentorship.get_style_display(), "date": mentorship.start_date.isoformat()},
        detail=detail,
        url=reverse("admin:cycles_mentorship_change", args=[mentorship.pk]),
        when=mentorship.ended_at,
        object_id=mentorship.pk,
    )


def _changelist() -> str:
    since = timezone.localdate() - RECENT
    return (
        reverse("admin:cycles_mentorship_changelist")
        + f"?status__exact=ended_early&ended_at__gte={since:%Y-%m-%d}"
    )


register_todo(
    name=ENDED_EARLY,
    order=30,
    title=_("Mentorships ended early"),
    empty=_("No mentorship ended early in the last two weeks."),
    pending=ended_early,
    item=ended_item,
    changelist_url=_changelist,
    permission="cycles.view_mentorship",
    done=True,
)


# Issue 20: a mentor's screening expired, or ends within 30 days, while she mentors a mentee
# under 18. The item leaves when staff record a new screening or the mentorship ends.
SCREENING = "cycles.screening"


def screening_item(mentorship) -> TodoItem:
    until = mentorship.screening_until
    if mentorship.screening_valid:
        detail = gettext("Screening ends %(date)s") % {"date": until.isoformat()}
    elif until:
        detail = gettext("Screening expired %(date)s") % {"date": until.isoformat()}
    else:
        detail = gettext("No screening recorded")
    return TodoItem(
        title=gettext("%(style)s mentorship with a mentee under 18, started %(date)s")
        % {"style": mentorship.get_style_display(), "date": mentorship.start_date.isoformat()},
        detail=detail,
        url=reverse("admin:cycles_mentorship_change", args=[mentorship.pk]),
        object_id=mentorship.pk,
    )


register_todo(
    name=SCREENING,
    order=25,
    title=_("Mentors' screening expiring in mentorships with a minor"),
    empty=_("Every mentor of a mentee under 18 has screening valid for at least 30 days."),
    pending=screening_due,
    item=screening_item,
    changelist_url=lambda: reverse("admin:profiles_mentorscreening_changelist"),
    permission="profiles.add_mentorscreening",
)
