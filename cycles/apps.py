from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "cycles"
    verbose_name = _("Mentoring cycles")

    def ready(self):
        # Registers the functions that build the reminder emails' context at sending time.
        from . import reminders  # noqa: F401
