from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Resources and events")

    def ready(self):
        # Registers the app's kinds of email with the outbox, what it holds about a person
        # with the data export and erasure, and its panels on the pages of other apps
        # (core.panels).
        from . import emails, panels, personal_data  # noqa: F401
