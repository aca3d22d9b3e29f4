from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = _("People and profiles")

    def ready(self):
        # Registers the app's kinds of email with the outbox.
        from . import emails  # noqa: F401
