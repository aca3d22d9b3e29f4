"""The profiles' section of the staff's to-do page (``core.todo``): safety reports nobody has
reviewed yet. Reviewing one in the admin (its status) takes it off the page. Like the email
the staff get, an item says that there is a report, not who or what: the admin shows that."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.todo import TodoItem, register_todo

from .models import Report


def reports_open():
    """Open reports, the latest first."""
    return Report.objects.filter(status=Report.Status.OPEN).order_by("-created_at", "-pk")


def report_item(report) -> TodoItem:
    return TodoItem(
        title=report.get_reason_display(),
        detail=gettext("About a mentorship") if report.mentorship_id else gettext("About a mentor"),
        url=reverse("admin:profiles_report_change", args=[report.pk]),
        when=report.created_at,
    )


register_todo(
    name="profiles.reports",
    order=20,
    title=_("Safety reports to review"),
    empty=_("No report waits for a review."),
    pending=reports_open,
    item=report_item,
    changelist_url=lambda: reverse("admin:profiles_report_changelist") + "?status__exact=open",
    permission="profiles.change_report",
)
