"""What ``matching`` holds about a person, for her data export and her erasure
(``core.personal_data``): her mentor presentation, the connection requests she sent or
received, with their history, and her flash times and bookings. Her match rounds are
``matching.rounds.personal_data``'s, registered with this module."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from core.personal_data import REMOVED_TEXT, Contributor, Erasure, Phase, register, when
from core.text import fold_joined
from profiles.personal_data import actor, name_of

from .models import ConnectionRequest, FlashBooking, FlashSlot, MentorPresentation, RequestEvent
from .rounds import personal_data as rounds_personal_data  # noqa: F401
from .services import decline_request, unpublish_presentation, withdraw_request

# --- export --------------------------------------------------------------------------------


def _presentation_data(presentation) -> dict | None:
    if presentation is None:
        return None
    return {
        "headline": presentation.headline,
        "introduction": presentation.introduction,
        "fields_of_expertise": [area.name for area in presentation.expertise.all()],
        "my_expertise": presentation.expertise_details,
        "what_i_can_offer": presentation.offer,
        "offers_traditional": presentation.offers_traditional,
        "offers_flash": presentation.offers_flash,
        "mentoring_languages": [language.name for language in presentation.languages.all()],
        "capacity": presentation.capacity,
        "accepting_requests": presentation.accepting_requests,
        "published": presentation.is_published,
        "published_at": when(presentation.published_at),
        "approved_at": when(presentation.approved_at),
        "changes_awaiting_approval": presentation.revision,
        "changes_sent_at": when(presentation.revised_at),
        "created_at": when(presentation.created_at),
        "updated_at": when(presentation.updated_at),
    }


def _request_data(request, user) -> dict:
    sent = request.mentee_id == user.pk
    other = request.mentor if sent else request.mentee
    return {
        "direction": "sent" if sent else "received",
        "other_person": name_of(other),
        "style": request.style,
        "status": request.status,
        "message": request.message,
        "decline_reason": request.decline_reason,
        "sent_at": when(request.created_at),
        "answered_at": when(request.responded_at),
        "history": [
            {
                "from": event.from_status,
                "to": event.to_status,
                "by": actor(event.actor_id, user, other),
                "at": when(event.created_at),
                "note": event.note,
            }
            for event in request.events.all()
        ],
    }


def export_matching(user, by_staff: bool) -> dict:
    presentation = (
        MentorPresentation.objects.filter(mentor=user)
        .prefetch_related("expertise", "languages")
        .first()
    )
    requests = (
        ConnectionRequest.objects.filter(Q(mentee=user) | Q(mentor=user))
        .select_related("mentee__profile", "mentor__profile")
        .prefetch_related("events")
        .order_by("created_at", "pk")
    )
    return {
        "mentor_presentation": _presentation_data(presentation),
        "connection_requests": [_request_data(request, user) for request in requests],
        "flash_slots": [
            {
                "first_time": when(slot.starts_at),
                "time_zone": slot.time_zone,
                "minutes": slot.duration_minutes,
                "place_or_link": slot.location,
                "repeat_weekly_until": slot.repeat_weekly_until.isoformat()
                if slot.repeat_weekly_until
                else None,
                "removed_at": when(slot.removed_at),
            }
            for slot in FlashSlot.objects.filter(mentor=user).order_by("starts_at", "pk")
        ],
        "flash_bookings": [
            {
                "direction": "made" if booking.mentee_id == user.pk else "received",
                "other_person": name_of(
                    booking.mentor if booking.mentee_id == user.pk else booking.mentee
                ),
                "time": when(booking.starts_at),
                "question": booking.question,
                "status": booking.status,
                "cancel_note": booking.cancel_note,
                "booked_at": when(booking.created_at),
                "cancelled_at": when(booking.cancelled_at),
            }
            for booking in FlashBooking.objects.filter(Q(mentee=user) | Q(mentor=user))
            .select_related("mentee__profile", "mentor__profile")
            .order_by("starts_at", "pk")
        ],
    }


# --- erasure -------------------------------------------------------------------------------


def preview_matching(user) -> list[str]:
    lines = []
    pending = ConnectionRequest.objects.filter(
        Q(mentee=user) | Q(mentor=user), status=ConnectionRequest.Status.PENDING
    ).count()
    if pending:
        lines.append(
            ngettext(
                "Your pending connection request is closed.",
                "Your %(counter)s pending connection requests are closed.",
                pending,
            )
            % {"counter": pending}
        )
    if MentorPresentation.objects.filter(mentor=user, is_published=True).exists():
        lines.append(gettext("Your presentation is taken out of the mentor directory."))
    return lines


def close_requests_and_presentation(erasure: Erasure) -> None:
    """Her pending requests are withdrawn (as mentee) and those to her declined (as mentor);
    the mentee is told kindly, as for any decline. Her presentation is unpublished and its
    texts replaced by "[removed]"."""
    user = erasure.user
    pending = ConnectionRequest.Status.PENDING
    for request in ConnectionRequest.objects.filter(mentee=user, status=pending).order_by("pk"):
        withdraw_request(request=request, by=user)
    for request in ConnectionRequest.objects.filter(mentor=user, status=pending).order_by("pk"):
        decline_request(request=request, by=user)
    # Her flash times leave the directory; the bookings made stay with their mentorships.
    FlashSlot.objects.filter(mentor=user, removed_at__isnull=True).update(removed_at=timezone.now())
    presentation = MentorPresentation.objects.filter(mentor=user).first()
    if presentation is not None:
        if presentation.is_published:
            unpublish_presentation(presentation=presentation, by=user)
        MentorPresentation.objects.filter(pk=presentation.pk).update(
            headline=REMOVED_TEXT,
            introduction=REMOVED_TEXT,
            expertise_details="",
            offer=REMOVED_TEXT,
            search_text=fold_joined(REMOVED_TEXT, REMOVED_TEXT, REMOVED_TEXT),  # as saved
            revision=None,
            revised_at=None,
            accepting_requests=False,
            updated_at=timezone.now(),
        )


def scrub_texts(erasure: Erasure) -> None:
    """Her request messages become "[removed]"; the reasons she gave for declining and the
    notes of the history entries she made are cleared."""
    user = erasure.user
    ConnectionRequest.objects.filter(mentee=user).update(message=REMOVED_TEXT)
    ConnectionRequest.objects.filter(mentor=user).exclude(decline_reason="").update(
        decline_reason=""
    )
    RequestEvent.objects.filter(actor=user).exclude(note="").update(note="")
    FlashBooking.objects.filter(mentee=user).update(question=REMOVED_TEXT)
    FlashBooking.objects.filter(mentor=user).exclude(cancel_note="").update(cancel_note="")


register(
    Contributor(
        name="matching",
        apps=("matching",),
        position=30,
        export=export_matching,
        preview=preview_matching,
        erasure={Phase.END: close_requests_and_presentation, Phase.SCRUB: scrub_texts},
    )
)
