"""The people app's emails, as the outbox knows them (``notifications.registry``)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications.registry import email_context, register_kind

from .selectors import open_reports_for


# The hourly digest of reports waiting for staff (``services.queue_report_digest``). Rows
# written before the digest carry the template ``profiles/user_reported``, kept for them.
def _reports_says(params: dict, count: int) -> str:
    waiting = params.get("count") or 1
    return ngettext(
        "A report was waiting for your review.",
        "%(count)s reports were waiting for your review.",
        waiting,
    ) % {"count": waiting}


def _report_page(params: dict) -> str:
    """The newest report's admin page, or the list of open ones when several wait."""
    if params.get("count", 1) == 1 and params.get("report"):
        return reverse("admin:profiles_report_change", args=[params["report"]])
    return reverse("admin:profiles_report_changelist") + "?status__exact=open"


USER_REPORTED = register_kind(
    "user_reported",
    _("A report to review (staff)"),
    optional=False,
    says=_reports_says,
    link=_report_page,
)


@email_context("profiles/reports_waiting")
def _reports_waiting(user, context: dict) -> dict | None:
    """How many reports wait when it is sent; none left (all reviewed meanwhile): dropped."""
    count = open_reports_for(user).count()
    return {"count": count} if count else None


# A mentor's screening expired, or expires within 30 days, while she mentors a mentee under
# 18 (issue 20; ``cycles.services.alert_screening_expiry``): the item names no one.
def _screening_says(params: dict, count: int) -> str:
    if params.get("state") == "expired":
        return str(
            _(
                "A mentor's screening is no longer valid while she mentors a mentee under 18. "
                "Check it and record a new one, or pause the mentorship."
            )
        )
    return str(
        _(
            "A mentor's screening ends within 30 days while she mentors a mentee under 18. Ask "
            "her for a new one in time."
        )
    )


def _screening_page(params: dict) -> str:
    if params.get("mentorship"):
        return reverse("admin:cycles_mentorship_change", args=[params["mentorship"]])
    return reverse("admin:profiles_mentorscreening_changelist")


SCREENING_EXPIRY = register_kind(
    "screening_expiry",
    _("A mentor's screening expiring in a mentorship with a minor (staff)"),
    optional=False,
    says=_screening_says,
    link=_screening_page,
)


# A guardian's consent (issue 20): she is told in her inbox when her guardian has consented;
# staff are told by email when a guardian withdraws it (her mentorships are then paused).
GUARDIAN_CONSENTED = register_kind(
    "guardian_consented",
    _("Your guardian consented"),
    optional=False,
    says=lambda params, count: str(
        _("Your guardian has consented: you can now take part in mentoring.")
    ),
    link=lambda params: reverse("dashboard"),
)

GUARDIAN_WITHDREW = register_kind(
    "guardian_withdrew",
    _("A guardian withdrew consent (staff)"),
    optional=False,
    says=lambda params, count: str(
        _("A guardian withdrew consent; the participant's mentorships are paused.")
    ),
    link=lambda params: reverse("admin:profiles_guardianconsent_changelist"),
)
