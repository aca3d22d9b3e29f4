"""Writes for presentations and connection requests (SPEC §5–6).

Every transition of a request is one function here: it locks the rows it reads, checks the
move against ``ConnectionRequest.TRANSITIONS``, writes a history row and queues its email for
after the commit.
"""

import zoneinfo
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import CharField, Exists, F, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.sql import insert_select
from cycles import selectors as cycle_selectors
from cycles import services as cycle_services
from cycles import times
from cycles.models import Mentorship, Style
from cycles.starting import Refusal
from notifications import outbox
from notifications.emails import absolute_url
from notifications.models import Notification
from notifications.outbox import queue_from
from profiles import access
from profiles.models import Profile, Role
from profiles.selectors import is_blocked_between, staff_to_notify

from . import emails, selectors
from .models import ConnectionRequest, FlashBooking, FlashSlot, MentorPresentation, RequestEvent

Status = ConnectionRequest.Status

PRESENTATION_FIELDS = [
    "headline",
    "introduction",
    "expertise_details",
    "offer",
    "offers_traditional",
    "offers_flash",
    "capacity",
    "accepting_requests",
]


# --- presentations -------------------------------------------------------------------------


def _require_mentor(user) -> Profile:
    profile = Profile.objects.filter(user=user).first()
    if profile is None or profile.role != Role.MENTOR:
        raise PermissionDenied
    return profile


def _own_presentation_for_update(*, presentation: MentorPresentation, by) -> MentorPresentation:
    if presentation.mentor_id != by.pk:
        raise PermissionDenied
    return MentorPresentation.objects.select_for_update().get(pk=presentation.pk)


@transaction.atomic
def save_presentation(*, mentor, data: dict, expertise, languages) -> MentorPresentation:
    """Create or update the mentor's presentation. Publishing is a separate step.

    Once staff approved it (where the setting asks for approval), changes to the texts mentees
    read wait for their approval (``MentorPresentation.revision``): mentees go on reading the
    approved text, and staff are told once that changes wait. Her other choices (styles,
    capacity, fields, languages) apply at once."""
    _require_mentor(mentor)
    if not expertise:
        raise ValidationError({"expertise": _("Choose at least one field.")})
    if not languages:
        raise ValidationError({"languages": _("Choose at least one language.")})
    presentation = MentorPresentation.objects.select_for_update().filter(
        mentor=mentor
    ).first() or MentorPresentation(mentor=mentor)
    reviewed = (
        presentation.pk is not None
        and presentation.is_approved
        and settings.MATCHING_PRESENTATION_APPROVAL_REQUIRED
    )
    approved_text = {name: getattr(presentation, name) for name in presentation.REVIEWED_FIELDS}
    # Her edit answers the staff's note: it goes back to them (and the note off her page).
    was_returned = presentation.is_returned
    presentation.return_note = ""
    presentation.returned_at = None
    for name, value in presentation.revised().items():
        setattr(presentation, name, value)
    for name in PRESENTATION_FIELDS:
        if name in data:
            setattr(presentation, name, data[name])
    if not (presentation.offers_traditional or presentation.offers_flash):
        raise ValidationError({"offers_traditional": _("Offer at least one mentoring style.")})
    presentation.full_clean()  # her new texts included
    newly_revised = False
    if reviewed:
        wanted = {name: getattr(presentation, name) for name in presentation.REVIEWED_FIELDS}
        for name, value in approved_text.items():
            setattr(presentation, name, value)
        if wanted == approved_text:
            presentation.revision = None
            presentation.revised_at = None
        else:
            newly_revised = presentation.revision is None or was_returned
            presentation.revision = wanted
            if newly_revised:
                presentation.revised_at = timezone.now()
    presentation.save()
    presentation.expertise.set(expertise)
    presentation.languages.set(languages)
    if newly_revised:
        _tell_staff_of_revision(presentation)
    return presentation


def _tell_staff_of_revision(presentation: MentorPresentation) -> None:
    """One email to each staff member per round of changes: editing again while they wait
    writes nothing more (the outbox keeps one row per person, kind and occasion)."""
    url = absolute_url(reverse("admin:matching_mentorpresentation_change", args=[presentation.pk]))
    for member in staff_to_notify(exclude=[presentation.mentor_id]):
        outbox.send(
            user=member,
            kind=emails.PRESENTATION_REVISED,
            template="matching/presentation_revised",
            occasion=f"revision:{presentation.pk}:{presentation.revised_at:%Y%m%d%H%M%S%f}",
            context={"presentation": presentation, "url": url},
        )


@transaction.atomic
def publish_presentation(*, presentation: MentorPresentation, by) -> MentorPresentation:
    presentation = _own_presentation_for_update(presentation=presentation, by=by)
    if presentation.is_published:
        return presentation
    presentation.is_published = True
    presentation.published_at = timezone.now()
    presentation.save(update_fields=["is_published", "published_at", "updated_at"])
    if not presentation.is_visible:
        _tell_staff_of_submission(presentation)
    return presentation


def _tell_staff_of_submission(presentation: MentorPresentation) -> None:
    """An item in each staff member's inbox (the to-do page lists it too); no email: the
    presentations to approve are counted in their navigation."""
    link = reverse("admin:matching_mentorpresentation_change", args=[presentation.pk])
    for member in staff_to_notify(exclude=[presentation.mentor_id]):
        outbox.send(
            user=member,
            kind=emails.PRESENTATION_SUBMITTED,
            occasion=f"submitted:{presentation.pk}:{presentation.published_at:%Y%m%d%H%M%S%f}",
            link=link,
            email=False,
        )


@transaction.atomic
def unpublish_presentation(*, presentation: MentorPresentation, by) -> MentorPresentation:
    """Hide the presentation from the directory. Open requests stay answerable."""
    presentation = _own_presentation_for_update(presentation=presentation, by=by)
    presentation.is_published = False
    presentation.save(update_fields=["is_published", "updated_at"])
    return presentation


@transaction.atomic
def set_accepting_requests(
    *, presentation: MentorPresentation, by, accepting: bool
) -> MentorPresentation:
    """Pause or resume new requests; shown on the mentor's card."""
    presentation = _own_presentation_for_update(presentation=presentation, by=by)
    presentation.accepting_requests = accepting
    presentation.save(update_fields=["accepting_requests", "updated_at"])
    return presentation


def _may_review(by) -> None:
    if not access.staff_may(by, "matching.change_mentorpresentation"):
        raise PermissionDenied


@transaction.atomic
def approve_presentations(*, presentations, by) -> int:
    """Staff approve presentations awaiting approval; each mentor is told on the site and by
    email."""
    _may_review(by)
    pending = list(
        MentorPresentation.objects.select_for_update(of=("self",))
        .awaiting_approval()
        .filter(pk__in=[p.pk for p in presentations])
        .select_related("mentor__profile")
    )
    now = timezone.now()
    for presentation in pending:
        changed = ["approved_at", "approved_by", "revision", "revised_at", "updated_at"]
        if presentation.revision is not None:  # her changes since the last approval
            for name, value in presentation.revised().items():
                setattr(presentation, name, value)
            changed += presentation.REVIEWED_FIELDS
        presentation.revision = None
        presentation.revised_at = None
        presentation.approved_at = now
        presentation.approved_by = by
        presentation.full_clean()
        presentation.save(update_fields=changed)
        outbox.send(
            user=presentation.mentor,
            kind=emails.PRESENTATION_APPROVED,
            template="matching/presentation_approved",
            occasion=f"presentation:{presentation.pk}:{now:%Y%m%d%H%M%S}",
            context={
                "presentation": presentation,
                "url": absolute_url(reverse("matching:my_presentation")),
            },
        )
    return len(pending)


def approve_presentation(*, presentation: MentorPresentation, by) -> bool:
    """Staff approve one presentation from its own admin page; False when it was not awaiting
    approval (someone else approved or returned it meanwhile)."""
    return approve_presentations(presentations=[presentation], by=by) == 1


@transaction.atomic
def return_presentation(*, presentation: MentorPresentation, by, note: str) -> MentorPresentation:
    """Staff send a presentation awaiting approval back to its mentor with a note saying what
    to change, instead of approving it. Nothing she wrote is lost: a new presentation stays
    unapproved, a revision stays waiting with her changes, and the directory keeps showing
    what it showed. The note is on her page until she edits the presentation, which sends it
    back to the staff; she is told on the site and by email."""
    _may_review(by)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write what the mentor should change.")})
    presentation = (
        MentorPresentation.objects.select_for_update(of=("self",))
        .awaiting_approval()
        .select_related("mentor__profile")
        .filter(pk=presentation.pk)
        .first()
    )
    if presentation is None:
        raise ValidationError(_("This presentation is no longer awaiting approval."))
    now = timezone.now()
    presentation.return_note = note
    presentation.returned_at = now
    presentation.save(update_fields=["return_note", "returned_at", "updated_at"])
    outbox.send(
        user=presentation.mentor,
        kind=emails.PRESENTATION_RETURNED,
        template="matching/presentation_returned",
        occasion=f"presentation_returned:{presentation.pk}:{now:%Y%m%d%H%M%S%f}",
        context={
            "presentation": presentation,
            "url": absolute_url(reverse("matching:my_presentation")),
        },
    )
    return presentation


# --- connection requests -------------------------------------------------------------------


def _name(user) -> str:
    return user.get_full_name()


def _move(request: ConnectionRequest, to: str, *, by, note: str = "") -> None:
    if to not in ConnectionRequest.TRANSITIONS.get(request.status, set()):
        raise ValidationError(
            _("This request is already %(status)s.")
            % {"status": request.get_status_display().lower()}
        )
    RequestEvent.objects.create(
        request=request,
        actor=by,
        from_status=request.status,
        to_status=to,
        note=note,
    )
    request.status = to
    request.responded_at = timezone.now()


def _request_url(request: ConnectionRequest) -> str:
    return absolute_url(reverse("matching:request_detail", args=[request.public_id]))


def _require_taking_part(mentee) -> None:
    """A girl whose guardian has not consented (yet, or any more) waits: the reason is hers
    to read (``profiles.access.may_take_part``)."""
    taking_part = access.may_take_part(mentee)
    if not taking_part.allowed:
        raise ValidationError(taking_part.reason)


@transaction.atomic
def send_request(*, mentee, mentor, style: str, message: str) -> ConnectionRequest:
    """A mentee asks a mentor for traditional or flash mentoring."""
    mentee_profile = Profile.objects.select_for_update().filter(user=mentee).first()
    if mentee_profile is None or mentee_profile.role != Role.MENTEE:
        raise ValidationError(_("Only mentees can send connection requests."))
    _require_taking_part(mentee)
    if mentee.pk == mentor.pk:
        raise ValidationError(_("You cannot send a request to yourself."))
    if is_blocked_between(mentee, mentor):  # either way; the message does not say who
        raise ValidationError(_("You cannot send a request to this person."))
    name = _name(mentor)
    if not selectors.may_be_matched(mentee_profile, mentor):
        raise ValidationError(_screening_needed(name))
    presentation = MentorPresentation.objects.visible().filter(mentor=mentor).first()
    if presentation is None:
        raise ValidationError(
            _("%(name)s is not taking requests through the directory.") % {"name": name}
        )
    if not presentation.accepting_requests:
        raise ValidationError(
            _(
                "%(name)s has paused new requests for now. Please choose another mentor or try "
                "again later."
            )
            % {"name": name}
        )
    if style not in Style.values:
        raise ValidationError({"style": _("Choose traditional or flash mentoring.")})
    if not presentation.offers(style):
        raise ValidationError(
            {
                "style": _("%(name)s does not offer %(style)s mentoring.")
                % {"name": name, "style": Style(style).label.lower()}
            }
        )
    message = (message or "").strip()
    if not message:
        raise ValidationError(
            {
                "message": _(
                    "Write a few words about yourself and what you hope to get from the mentoring."
                )
            }
        )
    if cycle_selectors.active_mentorship_between(mentor=mentor, mentee=mentee):
        raise ValidationError(_("You are already in a mentorship with %(name)s.") % {"name": name})
    # Every request she sent counts, withdrawn ones too: sending and withdrawing in a loop
    # would otherwise email mentors without end. Her profile row, locked above, makes two
    # requests sent at the same moment count each other.
    day_ago = timezone.now() - timedelta(days=1)
    sent_today = ConnectionRequest.objects.filter(mentee=mentee, created_at__gte=day_ago)
    if sent_today.filter(mentor=mentor, status=Status.WITHDRAWN).exists():
        raise ValidationError(
            _(
                "You withdrew a request to %(name)s less than 24 hours ago. You can ask her "
                "again tomorrow."
            )
            % {"name": name}
        )
    per_day = settings.MATCHING_REQUESTS_PER_DAY
    if sent_today.count() >= per_day:
        raise ValidationError(
            _(
                "You have sent %(count)d connection requests in the last 24 hours, the most for "
                "one day. Please wait for answers and try again tomorrow."
            )
            % {"count": per_day}
        )
    pending = ConnectionRequest.objects.filter(mentee=mentee, status=Status.PENDING)
    if pending.filter(mentor=mentor).exists():
        raise ValidationError(_("You already have a pending request to %(name)s.") % {"name": name})
    limit = settings.MATCHING_MAX_PENDING_REQUESTS
    if pending.count() >= limit:
        raise ValidationError(
            _(
                "You already have %(count)d pending requests, the most at a time. Wait for an "
                "answer or withdraw one first."
            )
            % {"count": limit}
        )
    if style == Style.TRADITIONAL:
        if cycle_selectors.has_active_traditional(mentee=mentee):
            raise ValidationError(
                _(
                    "You already have a traditional mentorship. You can still ask for flash "
                    "mentoring."
                )
            )
        if cycle_selectors.active_traditional_count(mentor=mentor) >= presentation.capacity:
            raise ValidationError(
                _("%(name)s has no free place for traditional mentoring right now.")
                % {"name": name}
            )
    request = ConnectionRequest(mentee=mentee, mentor=mentor, style=style, message=message)
    request.full_clean()
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as error:  # a second click racing the first
        raise ValidationError(
            _("You already have a pending request to %(name)s.") % {"name": name}
        ) from error
    RequestEvent.objects.create(request=request, actor=mentee, to_status=Status.PENDING)
    outbox.send(
        user=mentor,
        kind=emails.REQUEST_RECEIVED,
        template="matching/request_received",
        occasion=f"request:{request.pk}",
        context={
            "request": request,
            "url": _request_url(request),
            "expiry_days": settings.MATCHING_REQUEST_EXPIRY_DAYS,
        },
    )
    return request


def _screening_needed(name: str) -> str:
    """What a mentee under 18 reads when she asks for a mentor without valid screening."""
    return _(
        "Mentees under 18 can only be matched with mentors whose screening program staff have "
        "checked, and %(name)s's is not valid right now. Please choose another mentor."
    ) % {"name": name}


def _locked_request(request: ConnectionRequest) -> ConnectionRequest:
    return ConnectionRequest.objects.select_for_update().get(pk=request.pk)


def _refused(code: str, *, mentee, by, capacity: int | None) -> str:
    """Why the mentor cannot accept, in her words (``cycles.starting.Refusal``)."""
    if code == Refusal.BLOCKED:
        return _("You cannot accept a request from this person.")
    if code == Refusal.NOT_TAKING_PART:
        return _(
            "You cannot accept this request yet: %(name)s's guardian has to consent before "
            "she can start mentoring."
        ) % {"name": _name(mentee)}
    if code == Refusal.NOT_SCREENED:
        # Her screening expired (or was removed) between the request and this answer.
        return _(
            "You cannot accept this request: %(name)s is under 18, and mentees under 18 "
            "can only be matched with mentors whose screening is valid. Yours is not valid "
            "right now; please ask program staff to renew it."
        ) % {"name": _name(mentee)}
    if code == Refusal.HAS_TRADITIONAL:
        return _("%(name)s has meanwhile started a traditional mentorship with another mentor.") % {
            "name": _name(mentee)
        }
    active = cycle_selectors.active_traditional_count(mentor=by)
    return ngettext(
        "You have no free place: you already mentor %(active)d mentee in traditional "
        "mentoring and your capacity is %(capacity)d. Raise your capacity on your "
        "presentation, or decline the request.",
        "You have no free place: you already mentor %(active)d mentees in traditional "
        "mentoring and your capacity is %(capacity)d. Raise your capacity on your "
        "presentation, or decline the request.",
        active,
    ) % {"active": active, "capacity": capacity}


@transaction.atomic
def accept_request(*, request: ConnectionRequest, by) -> Mentorship:
    """The mentor accepts: the mentorship starts through the rules of every start
    (``cycles.starting``: blocks, guardian consent, screening, one traditional mentorship,
    her capacity), checked under the lock of both profiles."""
    if by.pk != request.mentor_id:
        raise PermissionDenied
    # Lock order, the same in every service: mentor's profile, mentee's profile, the request.
    Profile.objects.select_for_update().filter(user_id=request.mentor_id).first()
    Profile.objects.select_for_update().filter(user_id=request.mentee_id).first()
    request = _locked_request(request)
    mentee = request.mentee
    if not request.is_pending:
        raise ValidationError(
            _("This request is already %(status)s.")
            % {"status": request.get_status_display().lower()}
        )
    capacity = None
    if request.style == Style.TRADITIONAL:
        presentation = MentorPresentation.objects.filter(mentor_id=request.mentor_id).first()
        capacity = presentation.capacity if presentation else 0
    try:
        mentorship = cycle_services.start_mentorship(
            mentor=request.mentor, mentee=mentee, style=request.style, capacity=capacity
        )
    except ValidationError as refused:
        message = _refused(refused.code, mentee=mentee, by=by, capacity=capacity)
        raise ValidationError(message) from None
    _move(request, Status.ACCEPTED, by=by)
    request.mentorship = mentorship
    request.save(update_fields=["status", "responded_at", "mentorship"])
    if request.style == Style.TRADITIONAL:
        _close_other_traditional_requests(mentee=mentee, accepted=request)
    outbox.send(
        user=mentee,
        kind=emails.REQUEST_ACCEPTED,
        template="matching/request_accepted",
        occasion=f"request:{request.pk}",
        context={
            "request": request,
            "url": _request_url(request),
        },
        # What her item opens: the mentorship that started.
        link=reverse("cycles:mentorship_detail", args=[mentorship.public_id]),
    )
    return mentorship


def _close_other_traditional_requests(*, mentee, accepted: ConnectionRequest) -> None:
    """A mentee has one traditional mentor at a time: her other traditional asks are closed."""
    withdraw_traditional_requests(mentee_ids=[mentee.pk], keep=accepted.pk)


def withdraw_traditional_requests(*, mentee_ids, keep: int | None = None) -> int:
    """The pending traditional requests of ``mentee_ids`` (ids, or a subquery of them), but
    ``keep``, withdrawn with their history: they started a traditional mentorship (an accepted
    request, a published match round). Three queries whatever their number, under the
    requests' locks; returns how many were withdrawn."""
    pending = ConnectionRequest.objects.select_for_update().filter(
        mentee_id__in=mentee_ids, status=Status.PENDING, style=Style.TRADITIONAL
    )
    if keep is not None:
        pending = pending.exclude(pk=keep)
    ids = list(pending.order_by("pk").values_list("pk", flat=True))
    if not ids:
        return 0
    now = timezone.now()
    RequestEvent.objects.bulk_create(
        [
            RequestEvent(
                request_id=pk,
                actor=None,
                from_status=Status.PENDING,
                to_status=Status.WITHDRAWN,
                note="Withdrawn automatically: the mentee started a traditional mentorship.",
                created_at=now,
            )
            for pk in ids
        ],
        batch_size=1000,
    )
    ConnectionRequest.objects.filter(pk__in=ids).update(status=Status.WITHDRAWN, responded_at=now)
    return len(ids)


@transaction.atomic
def decline_request(*, request: ConnectionRequest, by, reason: str = "") -> ConnectionRequest:
    if by.pk != request.mentor_id:
        raise PermissionDenied
    request = _locked_request(request)
    _move(request, Status.DECLINED, by=by, note=reason)
    request.decline_reason = (reason or "").strip()
    request.full_clean()
    request.save(update_fields=["status", "responded_at", "decline_reason"])
    outbox.send(
        user=request.mentee,
        kind=emails.REQUEST_DECLINED,
        template="matching/request_declined",
        occasion=f"request:{request.pk}",
        context={
            "request": request,
            "directory_url": absolute_url(reverse("matching:directory")),
        },
        link=reverse("matching:request_detail", args=[request.public_id]),
    )
    return request


@transaction.atomic
def withdraw_request(*, request: ConnectionRequest, by) -> ConnectionRequest:
    if by.pk != request.mentee_id:
        raise PermissionDenied
    request = _locked_request(request)
    _move(request, Status.WITHDRAWN, by=by)
    request.save(update_fields=["status", "responded_at"])
    return request


def expiry_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.MATCHING_REQUEST_EXPIRY_DAYS)


def expire_stale_requests(*, now: datetime | None = None) -> int:
    """Expire pending requests older than the expiry period and tell each mentee (a reminder,
    ``notifications.outbox``, sent after the commit). Returns how many.

    Three statements in one transaction whatever the number of requests: the update, their
    history, the emails. A request a mentor is answering at the same moment is locked by her
    answer; the update waits for it and then finds it no longer pending."""
    cutoff = expiry_cutoff(now)
    moment = timezone.now()
    with transaction.atomic():
        expired = ConnectionRequest.objects.filter(
            status=Status.PENDING, created_at__lt=cutoff
        ).update(status=Status.EXPIRED, responded_at=moment)
        if not expired:
            return 0
        # This update's requests: expired at this very moment.
        these = ConnectionRequest.objects.filter(status=Status.EXPIRED, responded_at=moment)
        insert_select(
            RequestEvent,
            these,
            {
                "request": F("pk"),
                "from_status": Value(Status.PENDING, output_field=CharField()),
                "to_status": Value(Status.EXPIRED, output_field=CharField()),
                "note": Value("", output_field=CharField()),
                "created_at": F("responded_at"),
            },
        )
        # A reminder of SPEC §12 to each of the two, once per request: the mentee may ask
        # another mentor, the mentor learns what her silence did.
        for person, kind, template in (
            ("mentee", emails.REQUEST_EXPIRED, "matching/request_expired"),
            ("mentor", emails.REQUEST_LAPSED, "matching/request_lapsed"),
        ):
            queue_from(
                kind=kind,
                template=template,
                rows=these,
                user=person,
                occasion=Concat(Value("request:"), Cast("pk", CharField())),
                context={"request": "pk"},
            )
    return expired


# --- the automatic pause -------------------------------------------------------------------

# What a mentor did with a request: a withdrawal is the mentee's and says nothing of her.
ENDED_BY_MENTOR = [
    ConnectionRequest.Status.ACCEPTED,
    ConnectionRequest.Status.DECLINED,
    ConnectionRequest.Status.EXPIRED,
]


def pause_unanswering_mentors() -> int:
    """A mentor accepting requests whose two latest requests that ended both expired stops
    accepting requests and is told how to resume; once for that pair of requests (a mentor
    who resumes is not paused again until two more expire). Returns how many were paused.
    Two statements in one transaction whatever the number of mentors."""
    ended = ConnectionRequest.objects.filter(
        mentor=OuterRef("mentor"), status__in=ENDED_BY_MENTOR
    ).order_by("-responded_at", "-pk")
    unanswered = MentorPresentation.objects.annotate(
        latest_status=Subquery(ended.values("status")[:1]),
        second_status=Subquery(ended.values("status")[1:2]),
        latest_pk=Subquery(ended.values("pk")[:1]),
    ).filter(
        latest_status=ConnectionRequest.Status.EXPIRED,
        second_status=ConnectionRequest.Status.EXPIRED,
    )
    told = Notification.objects.filter(
        user=OuterRef("mentor"),
        kind=emails.MENTOR_PAUSED,
        occasion=Concat(Value("expired:"), Cast(OuterRef("latest_pk"), CharField())),
    )
    moment = timezone.now()
    with transaction.atomic():
        paused = MentorPresentation.objects.filter(
            pk__in=unanswered.filter(accepting_requests=True).exclude(Exists(told)).values("pk")
        ).update(accepting_requests=False, updated_at=moment)
        if paused:
            queue_from(
                kind=emails.MENTOR_PAUSED,
                template="matching/reminder_mentor_paused",
                rows=unanswered.filter(accepting_requests=False, updated_at=moment),
                user="mentor",
                occasion=Concat(Value("expired:"), Cast("latest_pk", CharField())),
                context={},
            )
    return paused


# --- bookable flash sessions ---------------------------------------------------------------
# A mentor who offers flash publishes times (once or weekly, up to the horizon, at most
# ``flash_per_week`` bookings a week); a mentee books one with her question, and that starts
# the flash mentorship with its meeting agreed, in one step. Two mentees never get the same
# time: the slot's row is locked while a booking is checked and written, and the database
# keeps one booking per time (``one_booking_per_occurrence``).


def flash_horizon() -> timedelta:
    return timedelta(weeks=settings.MATCHING_FLASH_HORIZON_WEEKS)


def _flash_presentation(mentor) -> MentorPresentation:
    presentation = MentorPresentation.objects.filter(mentor=mentor).first()
    if presentation is None or not presentation.offers_flash:
        raise ValidationError(
            _("Offer flash mentoring on your presentation first; then you can publish times.")
        )
    return presentation


@transaction.atomic
def add_flash_slot(
    *,
    mentor,
    day,
    at,
    time_zone: str,
    duration_minutes: int,
    location: str,
    weekly_until=None,
) -> FlashSlot:
    """A time the mentor offers for a flash session, once or every week up to
    ``weekly_until`` (a date in ``time_zone``), at most the horizon ahead."""
    Profile.objects.select_for_update().filter(user=mentor).first()
    _require_mentor(mentor)
    _flash_presentation(mentor)
    weeks = settings.MATCHING_FLASH_HORIZON_WEEKS
    now = timezone.now()
    too_far = ValidationError(
        {
            "day": ngettext(
                "Choose a date at most %(weeks)d week ahead.",
                "Choose a date at most %(weeks)d weeks ahead.",
                weeks,
            )
            % {"weeks": weeks}
        }
    )
    # Before building the time: a date in year 1 or 9999 would overflow in UTC.
    if day < (now - timedelta(days=1)).date():
        raise ValidationError({"day": _("Choose a time in the future.")})
    if day > (now + flash_horizon()).date() + timedelta(days=1):
        raise too_far
    try:
        # In the hour that happens twice (the autumn night) a slot takes the first.
        starts_at = times.local_datetime(day, at, time_zone, fold=0)
    except ValidationError as error:  # the clocks skip that time
        raise ValidationError({"time": error.messages}) from error
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError) as error:
        raise ValidationError({"time_zone": _("Choose a time zone from the list.")}) from error
    if starts_at <= now:
        raise ValidationError({"day": _("Choose a time in the future.")})
    if starts_at > now + flash_horizon():
        raise too_far
    if weekly_until is not None:
        if weekly_until < day:
            raise ValidationError(
                {"weekly_until": _("The last week cannot be before the first date.")}
            )
        if weekly_until > (now + flash_horizon()).date():
            raise ValidationError(
                {
                    "weekly_until": ngettext(
                        "Repeat it at most %(weeks)d week ahead.",
                        "Repeat it at most %(weeks)d weeks ahead.",
                        weeks,
                    )
                    % {"weeks": weeks}
                }
            )
    slot = FlashSlot(
        mentor=mentor,
        starts_at=starts_at,
        time_zone=time_zone,
        duration_minutes=duration_minutes,
        location=(location or "").strip(),
        repeat_weekly_until=weekly_until,
    )
    slot.full_clean()
    slot.save()
    return slot


@transaction.atomic
def remove_flash_slot(*, slot: FlashSlot, by) -> FlashSlot:
    """The mentor takes a slot's free times off the directory; its bookings stay as they are
    (she cancels one on its own, with a note)."""
    if slot.mentor_id != by.pk:
        raise PermissionDenied
    slot = FlashSlot.objects.select_for_update().get(pk=slot.pk)
    if slot.removed_at is None:
        slot.removed_at = timezone.now()
        slot.save(update_fields=["removed_at"])
    return slot


@transaction.atomic
def set_flash_per_week(*, mentor, per_week: int) -> MentorPresentation:
    """How many flash sessions mentees may book with her in one week (1–20)."""
    _require_mentor(mentor)
    presentation = MentorPresentation.objects.select_for_update().filter(mentor=mentor).first()
    if presentation is None:
        raise ValidationError(_("Write your presentation first."))
    if not 1 <= per_week <= 20:  # noqa: PLR2004 - the model's own bounds
        raise ValidationError({"per_week": _("Choose a number from 1 to 20.")})
    presentation.flash_per_week = per_week
    presentation.save(update_fields=["flash_per_week", "updated_at"])
    return presentation


def _booked_in_week(*, mentor, moment, zone_name: str) -> int:
    """Her bookings (not cancelled ones) in the week of ``moment``, Monday to Sunday in
    ``zone_name``."""
    local = moment.astimezone(zoneinfo.ZoneInfo(zone_name))
    monday = (local - timedelta(days=local.weekday())).date()
    zone = zoneinfo.ZoneInfo(zone_name)
    start = datetime.combine(monday, time(0, 0), tzinfo=zone)
    end = datetime.combine(monday + timedelta(weeks=1), time(0, 0), tzinfo=zone)
    return FlashBooking.objects.filter(
        mentor=mentor,
        status=FlashBooking.Status.BOOKED,
        starts_at__gte=start,
        starts_at__lt=end,
    ).count()


def _taken() -> str:
    return _("Someone has just booked this time. Please choose another one.")


@transaction.atomic
def book_flash_slot(*, mentee, slot: FlashSlot, starts_at: datetime, question: str) -> FlashBooking:
    """A mentee books one time of a mentor's flash slot with her question: the flash
    mentorship starts with its meeting agreed (``cycles.services.book_agreed_meeting``), both
    are told. The rules are those of a flash request (no block either way, the presentation
    in the directory, offering flash and taking requests, no mentorship with her already),
    and those of the slot: a time it offers, ahead, within the horizon, free, in a week the
    mentor still has room in."""
    # Lock order, the same in every service: mentor's profile, mentee's profile, then the slot.
    Profile.objects.select_for_update().filter(user_id=slot.mentor_id).first()
    mentee_profile = Profile.objects.select_for_update().filter(user=mentee).first()
    if mentee_profile is None or mentee_profile.role != Role.MENTEE:
        raise ValidationError(_("Only mentees can book flash sessions."))
    _require_taking_part(mentee)
    slot = FlashSlot.objects.select_for_update().select_related("mentor").get(pk=slot.pk)
    mentor = slot.mentor
    name = _name(mentor)
    if is_blocked_between(mentee, mentor):  # either way; the message does not say who
        raise ValidationError(_("You cannot book a session with this person."))
    if not selectors.may_be_matched(mentee_profile, mentor):
        raise ValidationError(_screening_needed(name))
    presentation = MentorPresentation.objects.visible().filter(mentor=mentor).first()
    if presentation is None or not presentation.offers_flash:
        raise ValidationError(
            _("%(name)s is not offering flash sessions through the directory.") % {"name": name}
        )
    if not presentation.accepting_requests:
        raise ValidationError(
            _(
                "%(name)s has paused new requests and bookings for now. Please choose another "
                "mentor or try again later."
            )
            % {"name": name}
        )
    if cycle_selectors.active_mentorship_between(mentor=mentor, mentee=mentee):
        raise ValidationError(_("You are already in a mentorship with %(name)s.") % {"name": name})
    question = (question or "").strip()
    if not question:
        raise ValidationError({"question": _("Write the question you would like to talk about.")})
    now = timezone.now()
    if starts_at <= now:
        raise ValidationError(_("This time has passed. Please choose another one."))
    weeks = settings.MATCHING_FLASH_HORIZON_WEEKS
    if starts_at > now + flash_horizon():
        raise ValidationError(
            ngettext(
                "You can book at most %(weeks)d week ahead. Please choose an earlier time.",
                "You can book at most %(weeks)d weeks ahead. Please choose an earlier time.",
                weeks,
            )
            % {"weeks": weeks}
        )
    if slot.removed_at is not None or starts_at not in slot.occurrences(
        start=starts_at, end=starts_at + timedelta(seconds=1)
    ):
        raise ValidationError(_("This time is no longer offered. Please choose another one."))
    if FlashBooking.objects.filter(slot=slot, starts_at=starts_at).exists():
        raise ValidationError(_taken())
    if (
        _booked_in_week(mentor=mentor, moment=starts_at, zone_name=slot.time_zone)
        >= presentation.flash_per_week
    ):
        raise ValidationError(
            _("%(name)s has no flash session free in that week. Please choose another week.")
            % {"name": name}
        )
    mentorship = cycle_services.start_mentorship(mentor=mentor, mentee=mentee, style=Style.FLASH)
    meeting = cycle_services.book_agreed_meeting(
        mentorship=mentorship,
        by=mentee,
        starts_at=starts_at,
        time_zone=slot.time_zone,
        duration_minutes=slot.duration_minutes,
        location=slot.location,
        agenda=question,
    )
    booking = FlashBooking(
        slot=slot,
        mentor=mentor,
        mentee=mentee,
        starts_at=starts_at,
        question=question,
        mentorship=mentorship,
        meeting=meeting,
    )
    booking.full_clean(validate_constraints=False)  # the database's constraint decides below
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as error:  # only without the slot's lock: the constraint holds
        raise ValidationError(_taken()) from error
    _close_pending_request(mentee=mentee, mentor=mentor)
    mentorship_path = reverse("cycles:mentorship_detail", args=[mentorship.public_id])
    for person, kind, template in (
        (mentor, emails.FLASH_BOOKED, "matching/flash_booked"),
        (mentee, emails.FLASH_BOOKING_CONFIRMED, "matching/flash_booking_confirmed"),
    ):
        outbox.send(
            user=person,
            kind=kind,
            template=template,
            occasion=f"flash_booking:{booking.pk}",
            context={
                "booking": booking,
                "meeting": meeting,
                "url": absolute_url(mentorship_path),
                "ics_url": absolute_url(reverse("cycles:meeting_ics", args=[meeting.public_id])),
            },
            link=mentorship_path,
        )
    return booking


def _close_pending_request(*, mentee, mentor) -> None:
    """Her pending request to the same mentor is answered by the booking: withdrawn."""
    for request in ConnectionRequest.objects.select_for_update().filter(
        mentee=mentee, mentor=mentor, status=Status.PENDING
    ):
        _move(
            request,
            Status.WITHDRAWN,
            by=None,
            note="Withdrawn automatically: the mentee booked a flash session with the mentor.",
        )
        request.save(update_fields=["status", "responded_at"])


@transaction.atomic
def cancel_flash_booking(*, booking: FlashBooking, by, note: str) -> FlashBooking:
    """The mentor cancels a booking with a note for the mentee. Its meeting is cancelled and
    the flash mentorship it started ends early with that note (it was for that one session);
    the time stays taken (add a new time if you are free after all). The mentee is told by
    email and in her inbox."""
    if booking.mentor_id != by.pk:
        raise PermissionDenied
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write a few words to the mentee about why you cancel.")})
    booking = FlashBooking.objects.select_for_update().get(pk=booking.pk)
    if not booking.is_booked:
        raise ValidationError(_("This booking is already cancelled."))
    if booking.starts_at <= timezone.now():
        raise ValidationError(_("A session that has started cannot be cancelled."))
    if booking.mentorship_id and booking.meeting_id:
        cycle_services.cancel_booked_session(
            mentorship=booking.mentorship, meeting=booking.meeting, by=by, note=note
        )
    booking.status = FlashBooking.Status.CANCELLED
    booking.cancel_note = note
    booking.cancelled_at = timezone.now()
    booking.full_clean(validate_constraints=False)
    booking.save(update_fields=["status", "cancel_note", "cancelled_at"])
    outbox.send(
        user=booking.mentee,
        kind=emails.FLASH_BOOKING_CANCELLED,
        template="matching/flash_booking_cancelled",
        occasion=f"flash_booking:{booking.pk}",
        context={
            "booking": booking,
            "url": absolute_url(reverse("matching:directory")),
        },
        link=reverse("cycles:mentorship_detail", args=[booking.mentorship.public_id])
        if booking.mentorship_id
        else reverse("matching:directory"),
    )
    return booking
