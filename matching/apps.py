from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self):
        # Registers the app's kinds of email and the functions that build their context, and
        # what it holds about a person with the data export and erasure.
        from . import emails, personal_data, reminders  # noqa: F401
