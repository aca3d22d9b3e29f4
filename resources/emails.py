"""The library's and events' emails, as the outbox knows them (``notifications.registry``)."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import email_context, register_kind

EVENT_SIGNED_UP = register_kind("event_signed_up", _("Your place at an event"), optional=False)


@email_context("resources/event_signed_up")
def _event_signed_up(user, context: dict) -> dict | None:
    """Dropped when she cancelled her place before the email went out. The online link was
    typed by the program staff in the admin: it stays a link in the HTML part."""
    registration = context["registration"]
    if not registration.is_active:
        return None
    return {"staff_links": [registration.event.online_link]}
