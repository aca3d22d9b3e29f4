from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self):
        # Registers the app's kinds of email and the functions that build their context, what
        # it holds about a person with the data export and erasure, its panels on the pages
        # of other apps (core.panels), its figures in the program report (core.figures), the
        # requests waiting for an answer on her dashboard (core.steps) and the round that made a
        # pair, for the health page and the report (cycles.groupings).
        from profiles.photos import register_audience

        from . import (  # noqa: F401
            emails,
            figures,
            panels,
            permissions,
            personal_data,
            reminders,
            steps,
            todo,
        )
        from .rounds import dashboard as round_dashboard  # noqa: F401
        from .rounds import emails as round_emails  # noqa: F401
        from .rounds import health as round_health  # noqa: F401
        from .rounds import result_emails  # noqa: F401

        # Anyone who may open the directory sees a published mentor's photo.
        register_audience(permissions.presented_in_directory)
