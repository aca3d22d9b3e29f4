from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WestemConfig(AppConfig):
    name = "westem"
    verbose_name = _("WESTEM")

    def ready(self):
        # Registers the site's panels on the apps' pages (core.panels).
        from . import panels  # noqa: F401
