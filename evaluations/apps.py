from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self):
        # Registers the app's kinds of email and the functions that build their context, what
        # it holds about a person with the data export and erasure, and its panels on the
        # pages of other apps (core.panels), what it asks of her on her dashboard
        # (core.steps) and of the staff on their to-do page (core.todo), and her reflections as
        # activity in the program health signals (cycles.health).
        from . import emails, health, panels, personal_data, reminders, steps, todo  # noqa: F401
