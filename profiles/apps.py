from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = _("People and profiles")

    def ready(self):
        # Registers the app's kinds of email with the outbox, and what it holds about a person
        # with the data export and erasure, and keeps the keys of people's sessions.
        from . import emails, personal_data, sessions, todo  # noqa: F401
