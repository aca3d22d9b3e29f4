"""The library's and events' emails, as the outbox knows them (``notifications.registry``)."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import register_kind

EVENT_SIGNED_UP = register_kind("event_signed_up", _("Your place at an event"), optional=False)
