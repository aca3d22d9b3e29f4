"""The evaluations' section of the staff's to-do page (``core.todo``): final evaluations
received and not yet read. Reading one in the admin changes nothing: "Done" records it. An
item names no one (the admin page it opens does)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.todo import TodoItem, register_todo
from profiles.selectors import followed_up

from .models import FinalEvaluation

RECEIVED = "evaluations.final_evaluations"
# Older ones are read in the admin's list and the reports, not as a to-do: the page starts
# with what came in lately, not with the program's whole history.
RECENT = timedelta(days=30)


def received():
    """Final evaluations of the last 30 days not yet marked read, the latest first."""
    return (
        FinalEvaluation.objects.filter(submitted_at__gte=timezone.now() - RECENT)
        .exclude(followed_up(RECEIVED))
        .select_related("mentorship")
        .order_by("-submitted_at", "-pk")
    )


def evaluation_item(evaluation) -> TodoItem:
    if evaluation.role == "mentor":
        detail = gettext("From the mentor")
    else:
        detail = gettext("From the mentee")
    return TodoItem(
        title=gettext("%(style)s mentorship started %(date)s")
        % {
            "style": evaluation.mentorship.get_style_display(),
            "date": evaluation.mentorship.start_date.isoformat(),
        },
        detail=detail,
        url=reverse("admin:evaluations_finalevaluation_change", args=[evaluation.pk]),
        when=evaluation.submitted_at,
        object_id=evaluation.pk,
    )


register_todo(
    name=RECEIVED,
    order=50,
    title=_("Final evaluations received"),
    empty=_("No final evaluation waits to be read."),
    pending=received,
    item=evaluation_item,
    changelist_url=lambda: reverse("admin:evaluations_finalevaluation_changelist"),
    permission="evaluations.view_finalevaluation",
    done=True,
)
