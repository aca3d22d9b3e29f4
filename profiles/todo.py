"""The profiles' section of the staff's to-do page (``core.todo``): safety reports nobody has
reviewed yet. Reviewing one in the admin (its status) takes it off the page. Like the email
the staff get, an item says that there is a report, not who or what: the admin shows that."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.todo import TodoItem, register_todo

from .models import GuardianConsent, Report
from .selectors import followed_up


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


# A guardian withdrew consent: her mentorships are paused (``cycles``) until staff speak with
# her and her guardian. "Done" records that they did.
GUARDIAN_WITHDREW = "profiles.guardian_withdrew"


def guardian_withdrawals():
    """Consents withdrawn and not yet followed up, the latest first."""
    return (
        GuardianConsent.objects.filter(withdrawn_at__isnull=False)
        .exclude(followed_up(GUARDIAN_WITHDREW))
        .order_by("-withdrawn_at", "-pk")
    )


def withdrawal_item(consent) -> TodoItem:
    return TodoItem(
        title=gettext("A guardian withdrew consent"),
        detail=gettext("Her mentorships are paused"),
        url=reverse("admin:profiles_guardianconsent_change", args=[consent.pk]),
        when=consent.withdrawn_at,
        object_id=consent.pk,
    )


register_todo(
    name=GUARDIAN_WITHDREW,
    order=25,
    title=_("Guardians' consents withdrawn"),
    empty=_("No guardian has withdrawn consent."),
    pending=guardian_withdrawals,
    item=withdrawal_item,
    changelist_url=lambda: (
        reverse("admin:profiles_guardianconsent_changelist") + "?withdrawn_at__isempty=0"
    ),
    permission="profiles.view_guardianconsent",
    done=True,
)
