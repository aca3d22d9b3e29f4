"""Matching's emails, as the outbox knows them (``notifications.registry``): the kinds a
person may turn off (reminders) and those always sent (answers to what she or others did)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.registry import email_context, register_kind
from profiles.selectors import is_blocked_between

from .models import ConnectionRequest, FlashBooking


def _request_page(params: dict) -> str | None:
    """The page of the request whose id a reminder's item holds; None when it is gone."""
    public_id = (
        ConnectionRequest.objects.filter(pk=params.get("request"))
        .values_list("public_id", flat=True)
        .first()
    )
    return reverse("matching:request_detail", args=[public_id]) if public_id else None


# Reminders (SPEC §12), written by matching.reminders and matching.services' sweeps: an item
# for everyone, whatever she chose for the email, opening the request from its id.
REQUEST_PENDING = register_kind(
    "request_pending",
    _("A request waiting for your answer"),
    order=10,
    says=_("Reminder: a mentee's request to you was still unanswered after 3 days."),
    link=_request_page,
)
REQUEST_EXPIRED = register_kind(
    "request_expired",
    _("A request that expired"),
    order=20,
    says=_("Your request to a mentor expired without an answer."),
    link=_request_page,
)
REQUEST_LAPSED = register_kind(
    "request_lapsed",
    _("A request to you that expired"),
    order=21,
    says=_("A mentee's request to you expired without an answer."),
    link=_request_page,
)
# Tells her what happened to her presentation: always sent.
MENTOR_PAUSED = register_kind(
    "mentor_paused",
    _("Your requests were paused"),
    optional=False,
    says=_("Your new requests were paused: two requests in a row expired without an answer."),
    link=lambda params: reverse("matching:my_presentation"),
)

PRESENTATION_APPROVED = register_kind(
    "presentation_approved",
    _("Your presentation was approved"),
    optional=False,
    says=_("The program staff approved your presentation."),
)
PRESENTATION_RETURNED = register_kind(
    "presentation_returned",
    _("Your presentation was returned with a note"),
    optional=False,
    says=_("The program staff returned your presentation with a note."),
)
# Tells the program staff that a presentation, or a published one's changes, wait for them.
PRESENTATION_REVISED = register_kind(
    "presentation_revised",
    _("A presentation's changes to approve (staff)"),
    optional=False,
    says=_("A mentor changed her presentation: the changes wait for your approval."),
)
PRESENTATION_SUBMITTED = register_kind(
    "presentation_submitted",
    _("A new presentation to approve (staff)"),
    optional=False,
    says=_("A mentor published her presentation: it waits for your approval."),
)
# What a mentee asked: the mentor chooses how she hears of it.
REQUEST_RECEIVED = register_kind(
    "request_received",
    _("A new connection request"),
    order=5,
    says=_("A mentee sent you a connection request."),
)
# The answers to what she asked: always sent.
REQUEST_ACCEPTED = register_kind(
    "request_accepted",
    _("Your request was accepted"),
    optional=False,
    says=_("A mentor accepted your request: your mentorship has started."),
)
REQUEST_DECLINED = register_kind(
    "request_declined",
    _("Your request was declined"),
    optional=False,
    says=_("A mentor declined your request."),
)

# Bookable flash sessions: the mentor chooses how she hears of a booking; the mentee's
# confirmation and a cancellation are always sent.
FLASH_BOOKED = register_kind(
    "flash_booked",
    _("A flash session booked with you"),
    order=6,
    says=_("A mentee booked one of your flash times: your flash mentorship has started."),
)
FLASH_BOOKING_CONFIRMED = register_kind(
    "flash_booking_confirmed",
    _("Your flash session is booked"),
    optional=False,
    says=_("Your flash session is booked and agreed: your flash mentorship has started."),
)
FLASH_BOOKING_CANCELLED = register_kind(
    "flash_booking_cancelled",
    _("Your flash session was cancelled"),
    optional=False,
    says=_("A mentor cancelled your flash session, with a note for you."),
)


# What each email says is read when it is sent; one that no longer applies (the request was
# answered or withdrawn meanwhile, one of the two blocked the other) is dropped.


@email_context("matching/presentation_approved")
def _presentation_approved(user, context: dict) -> dict | None:
    return {} if context["presentation"].approved_at else None


@email_context("matching/presentation_returned")
def _presentation_returned(user, context: dict) -> dict | None:
    """Dropped once she edited it (the note is gone) or it was approved meanwhile."""
    presentation = context["presentation"]
    if not presentation.is_returned:
        return None
    return {"note": presentation.return_note}


@email_context("matching/presentation_revised")
def _presentation_revised(user, context: dict) -> dict | None:
    return {} if context["presentation"].revision is not None else None


@email_context("matching/request_received")
def _request_received(user, context: dict) -> dict | None:
    request = context["request"]
    if request.status != ConnectionRequest.Status.PENDING:
        return None
    if is_blocked_between(request.mentee, request.mentor):
        return None
    return {"mentee_name": request.mentee.get_full_name()}


@email_context("matching/request_accepted")
def _request_accepted(user, context: dict) -> dict | None:
    request = context["request"]
    if request.status != ConnectionRequest.Status.ACCEPTED:
        return None
    return {"mentor_name": request.mentor.get_full_name()}


@email_context("matching/request_declined")
def _request_declined(user, context: dict) -> dict | None:
    request = context["request"]
    if request.status != ConnectionRequest.Status.DECLINED:
        return None
    return {"mentor_name": request.mentor.get_full_name()}


@email_context("matching/flash_booked")
def _flash_booked(user, context: dict) -> dict | None:
    booking = context["booking"]
    if booking.status != FlashBooking.Status.BOOKED:
        return None
    if is_blocked_between(booking.mentee, booking.mentor):
        return None
    return {"mentee_name": booking.mentee.get_full_name()}


@email_context("matching/flash_booking_confirmed")
def _flash_booking_confirmed(user, context: dict) -> dict | None:
    booking = context["booking"]
    if booking.status != FlashBooking.Status.BOOKED:
        return None
    return {"mentor_name": booking.mentor.get_full_name()}


@email_context("matching/flash_booking_cancelled")
def _flash_booking_cancelled(user, context: dict) -> dict | None:
    booking = context["booking"]
    if booking.status != FlashBooking.Status.CANCELLED:
        return None
    return {"mentor_name": booking.mentor.get_full_name(), "note": booking.cancel_note}
