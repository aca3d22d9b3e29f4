"""The people app's emails, as the outbox knows them (``notifications.registry``)."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import email_context, register_kind

from .selectors import open_reports_for

# The hourly digest of reports waiting for staff (``services.queue_report_digest``). Rows
# written before the digest carry the template ``profiles/user_reported``, kept for them.
USER_REPORTED = register_kind("user_reported", _("A report to review (staff)"), optional=False)


@email_context("profiles/reports_waiting")
def _reports_waiting(user, context: dict) -> dict | None:
    """How many reports wait when it is sent; none left (all reviewed meanwhile): dropped."""
    count = open_reports_for(user).count()
    return {"count": count} if count else None
