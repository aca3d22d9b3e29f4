"""The library's and events' emails, as the outbox knows them (``notifications.registry``)."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import email_context, register_kind

# What she did or what the program staff changed about her place: always sent.
EVENT_SIGNED_UP = register_kind(
    "event_signed_up",
    _("Your place at an event"),
    optional=False,
    says=_("You signed up for an event."),
)
EVENT_CHANGED = register_kind(
    "event_changed",
    _("An event you signed up for changed"),
    optional=False,
    says=_("The program staff changed the time or link of an event you signed up for."),
)
EVENT_CANCELLED = register_kind(
    "event_cancelled",
    _("An event you signed up for cancelled"),
    optional=False,
    says=_("The program staff cancelled an event you signed up for."),
)


@email_context("resources/event_signed_up")
def _event_signed_up(user, context: dict) -> dict | None:
    """Dropped when she cancelled her place before the email went out. The online link was
    typed by the program staff in the admin: it stays a link in the HTML part."""
    registration = context["registration"]
    if not registration.is_active:
        return None
    return {"staff_links": [registration.event.online_link]}


@email_context("resources/event_changed")
def _event_changed(user, context: dict) -> dict | None:
    """Shows the event as it is when the email is sent; dropped when her place or the event
    is gone meanwhile (cancelled events have their own email)."""
    registration = context["registration"]
    if not registration.is_active or not registration.event.is_published:
        return None
    return {"event": registration.event, "staff_links": [registration.event.online_link]}


@email_context("resources/event_cancelled")
def _event_cancelled(user, context: dict) -> dict | None:
    """Dropped when the program staff published the event again meanwhile."""
    registration = context["registration"]
    if registration.event.is_published:
        return None
    return {"event": registration.event}
