from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self):
        # Registers the app's kinds of email and the functions that build their context.
        from . import emails, reminders  # noqa: F401
