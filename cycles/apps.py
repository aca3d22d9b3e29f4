from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "cycles"
    verbose_name = _("Mentoring cycles")

    def ready(self):
        # Registers the app's kinds of email and the functions that build their context.
        from . import emails, reminders  # noqa: F401
