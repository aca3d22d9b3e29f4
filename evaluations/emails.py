"""The evaluations' emails, as the outbox knows them (``notifications.registry``)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cycles.models import Meeting, Mentorship
from notifications.registry import email_context, register_kind


def _reflection_page(params: dict) -> str | None:
    """The reflection form of the meeting whose id the reminder's item holds."""
    public_id = (
        Meeting.objects.filter(pk=params.get("meeting")).values_list("public_id", flat=True).first()
    )
    return reverse("evaluations:meeting_reflection", args=[public_id]) if public_id else None


def _final_evaluation_page(params: dict) -> str | None:
    public_id = (
        Mentorship.objects.filter(pk=params.get("mentorship"))
        .values_list("public_id", flat=True)
        .first()
    )
    return reverse("evaluations:final_evaluation", args=[public_id]) if public_id else None


def _final_evaluation_staff(params: dict, count: int) -> str:
    if params.get("role") == "mentor":
        return str(_("A mentor sent her final evaluation of a mentorship."))
    return str(_("A mentee sent her final evaluation of a mentorship."))


# Reminders (SPEC §12), written by evaluations.reminders: an item for everyone, whatever she
# chose for the email, opening the form from the ids it holds.
REFLECTION_DUE = register_kind(
    "reflection_due",
    _("Reflecting on a session"),
    order=50,
    says=_("Reminder: write your reflection on your last mentoring meeting."),
    link=_reflection_page,
)
FINAL_EVALUATION_DUE = register_kind(
    "final_evaluation_due",
    _("The final evaluation"),
    order=80,
    says=_("Reminder: fill in the final evaluation of your mentorship."),
    link=_final_evaluation_page,
)

FINAL_EVALUATION_STAFF = register_kind(
    "final_evaluation_staff",
    _("A final evaluation submitted (staff)"),
    optional=False,
    says=_final_evaluation_staff,
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
