from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "cycles"
    verbose_name = _("Mentoring cycles")

    def ready(self):
        # Registers the app's kinds of email and the functions that build their context, and
        # what it holds about a person with the data export and erasure, and what it asks of
        # her on her dashboard (core.steps), and her meetings in her calendar feed
        # (core.calendar_feed).
        from profiles.guardian import register_on_withdraw
        from profiles.photos import register_audience

        from . import (  # noqa: F401
            calendar_feed,
            emails,
            health,
            nudges,
            permissions,
            personal_data,
            reminders,
            services,
            steps,
            todo,
        )

        # Her mentorship partners see her photo.
        register_audience(permissions.shares_a_mentorship)
        # Her guardian withdrew consent: her mentorships are paused.
        register_on_withdraw(services.pause_mentorships_of)
