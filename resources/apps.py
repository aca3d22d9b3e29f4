from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Resources and events")

    def ready(self):
        # Registers the app's kinds of email with the outbox, what it holds about a person
        # with the data export and erasure, and its panels on the pages of other apps
        # (core.panels), and her event sign-ups in her calendar feed (core.calendar_feed).
        from . import calendar_feed, emails, panels, personal_data  # noqa: F401
