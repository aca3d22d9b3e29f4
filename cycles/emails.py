"""The mentoring cycle's emails, as the outbox knows them (``notifications.registry``)."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import register_kind

# Reminders (SPEC §12), written by cycles.reminders.
MEETING_TOMORROW = register_kind("meeting_tomorrow", _("A meeting tomorrow"))
AGREEMENT_UNSIGNED = register_kind("agreement_unsigned", _("An agreement not yet accepted"))
HOURS_BELOW = register_kind("hours_below", _("Hours below the agreed minimum"))
END_APPROACHING = register_kind("end_approaching", _("Two weeks before the end of a mentorship"))

# What the other person of the pair did: always sent.
MEETING_SCHEDULED = register_kind("meeting_scheduled", _("A meeting planned"), optional=False)
MEETING_CANCELLED = register_kind("meeting_cancelled", _("A meeting cancelled"), optional=False)
NEW_MESSAGE = register_kind("new_message", _("A new message"), optional=False)
MENTORSHIP_COMPLETED = register_kind(
    "mentorship_completed", _("A mentorship completed"), optional=False
)
MENTORSHIP_ENDED = register_kind("mentorship_ended", _("A mentorship ended"), optional=False)
MENTORSHIP_ENDED_STAFF = register_kind(
    "mentorship_ended_staff", _("A mentorship ended early (staff)"), optional=False
)
