"""Matching's emails, as the outbox knows them (``notifications.registry``): the kinds a
person may turn off (reminders) and those always sent (answers to what she or others did)."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import register_kind

# Reminders (SPEC §12), written by matching.reminders and matching.services' sweeps.
REQUEST_PENDING = register_kind("request_pending", _("A request waiting for your answer"))
REQUEST_EXPIRED = register_kind("request_expired", _("A request that expired"))
# Tells her what happened to her presentation: always sent.
MENTOR_PAUSED = register_kind("mentor_paused", _("Your requests were paused"), optional=False)

PRESENTATION_APPROVED = register_kind(
    "presentation_approved", _("Your presentation was approved"), optional=False
)
REQUEST_RECEIVED = register_kind("request_received", _("A new connection request"), optional=False)
REQUEST_ACCEPTED = register_kind("request_accepted", _("Your request was accepted"), optional=False)
REQUEST_DECLINED = register_kind("request_declined", _("Your request was declined"), optional=False)
