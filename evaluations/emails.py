"""The evaluations' emails, as the outbox knows them (``notifications.registry``)."""

from django.utils.translation import gettext_lazy as _

from cycles.models import Mentorship
from notifications.registry import email_context, register_kind

# Reminders (SPEC §12), written by evaluations.reminders.
REFLECTION_DUE = register_kind("reflection_due", _("Reflecting on a session"), order=50)
FINAL_EVALUATION_DUE = register_kind("final_evaluation_due", _("The final evaluation"), order=80)

FINAL_EVALUATION_STAFF = register_kind(
    "final_evaluation_staff", _("A final evaluation submitted (staff)"), optional=False
)


@email_context("evaluations/final_evaluation_staff")
def _final_evaluation_staff(user, context: dict) -> dict | None:
    evaluation = context["evaluation"]
    author = evaluation.author
    mentorship = evaluation.mentorship
    return {
        "role": mentorship.role_of(author),
        "name": author.get_full_name(),
        "ended": mentorship.status != Mentorship.Status.ACTIVE,
    }
