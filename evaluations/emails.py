"""The evaluations' emails, as the outbox knows them (``notifications.registry``)."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import register_kind

# Reminders (SPEC §12), written by evaluations.reminders.
REFLECTION_DUE = register_kind("reflection_due", _("Reflecting on a session"))
FINAL_EVALUATION_DUE = register_kind("final_evaluation_due", _("The final evaluation"))

FINAL_EVALUATION_STAFF = register_kind(
    "final_evaluation_staff", _("A final evaluation submitted (staff)"), optional=False
)
