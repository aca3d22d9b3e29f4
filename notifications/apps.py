from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The outbox and the inbox: every email the platform sends, every event on a person's
    notifications page, how she chose to hear of each kind, and the workers that deliver
    them. Each app registers its own kinds and email contexts (``notifications.registry``);
    this app names none of them."""

    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # Registers what the outbox holds about a person with the data export and erasure.
        from . import digest, personal_data  # noqa: F401
