from datetime import UTC, datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from cycles import selectors as cycle_selectors
from cycles.models import Style
from cycles.permissions import may_see_contact
from profiles.selectors import blocked_user_ids_query, current_screening

from . import selectors, services
from .filters import DirectoryFilter
from .forms import (
    DeclineForm,
    FlashBookingForm,
    FlashCancelForm,
    FlashPerWeekForm,
    FlashSlotForm,
    PresentationForm,
    RequestForm,
)
from .models import ConnectionRequest, FlashSlot, MentorPresentation
from .permissions import requests_visible_to
from .rounds import selectors as round_selectors


def _require_role(request, role: str) -> None:
    if request.profile.role != role:
        raise PermissionDenied


# --- directory -----------------------------------------------------------------------------


def directory(request):
    profile = request.profile
    basis = selectors.match_basis(profile) if profile.is_mentee else None
    presentations = selectors.directory(
        exclude_user_ids=blocked_user_ids_query(request.user), viewer=profile
    )
    filterset = DirectoryFilter(request.GET, queryset=presentations)
    ordered = filterset.ordered(basis=basis)
    page = selectors.directory_page(
        ordered, request.GET.get("page"), settings.MATCHING_DIRECTORY_PAGE_SIZE
    )
    cards = selectors.mentor_cards(page.object_list, basis)
    offer = round_selectors.ranking_offer(request.user, profile, list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    active_filters = [
        name
        for name in ("q", "field", "country", "language", "style", "free")
        if request.GET.get(name)
    ]
    return render(
        request,
        "matching/directory.html",
        {
            "filter": filterset,
            "page": page,
            "cards": cards,
            "query": query.urlencode(),
            "active_filters": active_filters,
            "can_match": basis is not None,
            "screened_only": profile.is_mentee and profile.is_minor,
            "ranking_offer": offer,
        },
    )


def _presentation_for_page(request, public_id) -> MentorPresentation:
    """A presentation in the directory, unless she or the mentor blocked the other, or she is
    under 18 and the mentor's screening is not valid (404: the directory does not show her)."""
    return get_object_or_404(
        selectors.with_card_data(
            selectors.directory(
                exclude_user_ids=blocked_user_ids_query(request.user), viewer=request.profile
            )
        ).filter(public_id=public_id)
    )


def mentor_detail(request, public_id):
    presentation = _presentation_for_page(request, public_id)
    form = None
    pending = None
    if request.profile.is_mentee:
        pending = ConnectionRequest.objects.filter(
            mentee=request.user,
            mentor=presentation.mentor,
            status=ConnectionRequest.Status.PENDING,
        ).first()
        form = RequestForm(presentation=presentation, mentee=request.user)
    offer = round_selectors.ranking_offer(request.user, request.profile, [presentation.pk])
    return render(
        request,
        "matching/mentor_detail.html",
        {
            "presentation": presentation,
            "form": form,
            "pending": pending,
            # A match round open for her rankings, when she may rank this mentor.
            "ranking_offer": offer if offer and offer.state(presentation.public_id) else None,
            **_flash_context(request, presentation),
        },
    )


def _flash_context(request, presentation: MentorPresentation) -> dict:
    """Her next free flash times on her page, and whether the visitor may book them (a
    mentee not already in a mentorship with her)."""
    times = selectors.free_flash_times([presentation.pk], limit=8).get(presentation.pk, [])
    may_book = (
        bool(times)
        and request.profile.is_mentee
        and cycle_selectors.active_mentorship_between(
            mentor=presentation.mentor, mentee=request.user
        )
        is None
    )
    return {"flash_times": times, "may_book_flash": may_book}


@require_POST
def send_request(request, public_id):
    _require_role(request, "mentee")
    presentation = _presentation_for_page(request, public_id)
    form = RequestForm(request.POST, presentation=presentation, mentee=request.user)
    if form.is_valid():
        try:
            connection = services.send_request(
                mentee=request.user,
                mentor=presentation.mentor,
                style=form.cleaned_data["style"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your request has been sent to %(name)s. You will get an email when she answers.")
                % {"name": presentation.mentor.get_full_name()},
            )
            return redirect("matching:request_detail", public_id=connection.public_id)
    return render(
        request,
        "matching/mentor_detail.html",
        {
            "presentation": presentation,
            "form": form,
            "pending": None,
            **_flash_context(request, presentation),
        },
        status=200,
    )


# --- the mentor's presentation -------------------------------------------------------------


def my_presentation(request):
    _require_role(request, "mentor")
    presentation = selectors.presentation_for_mentor(request.user)
    return render(
        request,
        "matching/my_presentation.html",
        {
            "presentation": presentation,
            "approval_required": settings.MATCHING_PRESENTATION_APPROVAL_REQUIRED,
            "screening": current_screening(request.user),
        },
    )


def presentation_edit(request):
    _require_role(request, "mentor")
    presentation = selectors.presentation_for_mentor(request.user)
    initial = presentation.revised() if presentation is not None else {}
    if presentation is None:
        profile = request.profile
        initial = {
            "expertise": list(profile.expertise.values_list("pk", flat=True)),
            "languages": list(profile.languages.values_list("pk", flat=True)),
            "introduction": profile.bio,
            "offer": profile.goals,
            "offers_traditional": profile.style_traditional or not profile.style_flash,
            "offers_flash": profile.style_flash,
        }
    form = PresentationForm(request.POST or None, instance=presentation, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.PRESENTATION_FIELDS}
        try:
            services.save_presentation(
                mentor=request.user,
                data=data,
                expertise=form.cleaned_data["expertise"],
                languages=form.cleaned_data["languages"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your presentation has been saved."))
            return redirect("matching:my_presentation")
    return render(
        request,
        "matching/presentation_form.html",
        {
            "form": form,
            "presentation": presentation,
        },
    )


@require_POST
def presentation_action(request, action: str):
    _require_role(request, "mentor")
    presentation = get_object_or_404(MentorPresentation, mentor=request.user)
    if action == "publish":
        presentation = services.publish_presentation(presentation=presentation, by=request.user)
        if presentation.is_visible:
            messages.success(request, _("Your presentation is published in the directory."))
        else:
            messages.success(
                request,
                _(
                    "Thank you! The program staff will review your "
                    "presentation; you will get an email once it is "
                    "published."
                ),
            )
    elif action == "unpublish":
        services.unpublish_presentation(presentation=presentation, by=request.user)
        messages.success(
            request,
            _(
                "Your presentation is hidden from the directory. Open "
                "requests can still be answered."
            ),
        )
    elif action in ("pause", "resume"):
        services.set_accepting_requests(
            presentation=presentation,
            by=request.user,
            accepting=action == "resume",
        )
        if action == "pause":
            messages.success(
                request,
                _(
                    "You are paused: mentees see that you are not taking "
                    "new requests. Open requests stay answerable."
                ),
            )
        else:
            messages.success(request, _("Welcome back! Mentees can send you requests again."))
    else:
        raise Http404
    return redirect("matching:my_presentation")


# --- requests ------------------------------------------------------------------------------


def request_list(request):
    profile = request.profile
    if profile.is_mentor:
        rows = selectors.requests_received(request.user)
        template = "matching/inbox.html"
    elif profile.is_mentee:
        rows = selectors.requests_sent(request.user)
        template = "matching/my_requests.html"
    else:
        raise PermissionDenied
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(request, template, {"page": page})


def _visible_request(request, public_id) -> ConnectionRequest:
    return get_object_or_404(
        requests_visible_to(request.user)
        .select_related(
            "mentee__profile",
            "mentor__profile",
            "mentor__presentation",
            "mentorship",
        )
        .prefetch_related("mentee__profile__expertise", "mentee__profile__languages"),
        public_id=public_id,
    )


def request_detail(request, public_id):
    connection = _visible_request(request, public_id)
    return render(
        request,
        "matching/request_detail.html",
        {
            "connection": connection,
            "is_mentor": connection.mentor_id == request.user.pk,
            "show_contact": connection.mentorship is not None
            and may_see_contact(request.user, connection.mentorship),
            "decline_form": DeclineForm(),
            "traditional": connection.style == Style.TRADITIONAL,
        },
    )


@require_POST
def request_accept(request, public_id):
    connection = _visible_request(request, public_id)
    try:
        services.accept_request(request=connection, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "You are now mentoring %(name)s. Her contact details are "
                "below; she has been asked to propose your first meeting."
            )
            % {"name": connection.mentee.get_full_name()},
        )
    return redirect("matching:request_detail", public_id=public_id)


def _already_answered(connection: ConnectionRequest) -> str:
    """What the decline and withdraw pages say of a request no longer waiting for an answer
    (sent again from the browser's history, or answered meanwhile): no form, no button."""
    return _("This request is already %(status)s.") % {
        "status": connection.get_status_display().lower()
    }


def request_decline(request, public_id):
    connection = _visible_request(request, public_id)
    if connection.mentor_id != request.user.pk:
        raise PermissionDenied
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and connection.is_pending and form.is_valid():
        try:
            services.decline_request(
                request=connection,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            connection.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, _("You declined the request. Thank you for answering."))
            return redirect("matching:request_list")
    return render(
        request,
        "matching/request_decline.html",
        {
            "connection": connection,
            "form": form,
            "answered": "" if connection.is_pending else _already_answered(connection),
        },
    )


def request_withdraw(request, public_id):
    connection = _visible_request(request, public_id)
    if connection.mentee_id != request.user.pk:
        raise PermissionDenied
    error_message = ""
    if request.method == "POST" and connection.is_pending:
        try:
            services.withdraw_request(request=connection, by=request.user)
        except ValidationError as error:
            connection.refresh_from_db()
            error_message = " ".join(error.messages)
        else:
            messages.success(request, _("Your request has been withdrawn."))
            return redirect("matching:request_list")
    return render(
        request,
        "matching/request_withdraw.html",
        {
            "connection": connection,
            "error_message": error_message,
            "answered": "" if connection.is_pending else _already_answered(connection),
        },
    )


# --- bookable flash sessions ---------------------------------------------------------------


def _flash_page(request, *, slot_form=None, per_week_form=None, status=200):
    presentation = MentorPresentation.objects.filter(mentor=request.user).first()
    if slot_form is None:
        slot_form = FlashSlotForm(initial={"time_zone": request.profile.timezone})
    if per_week_form is None:
        per_week_form = FlashPerWeekForm(
            initial={"per_week": presentation.flash_per_week if presentation else 3}
        )
    slots = selectors.flash_slots_of(request.user)
    free = (
        selectors.free_flash_times([presentation.pk]).get(presentation.pk, [])
        if presentation
        else []
    )
    free_by_slot = {}
    for free_time in free:
        free_by_slot.setdefault(free_time.slot_public_id, []).append(free_time)
    return render(
        request,
        "matching/flash_slots.html",
        {
            "presentation": presentation,
            "offers_flash": presentation is not None and presentation.offers_flash,
            "slot_form": slot_form,
            "per_week_form": per_week_form,
            "slots": [(slot, free_by_slot.get(slot.public_id, [])[:6]) for slot in slots],
            "bookings": selectors.upcoming_flash_bookings(request.user),
            "horizon_weeks": settings.MATCHING_FLASH_HORIZON_WEEKS,
        },
        status=status,
    )


def flash_slots(request):
    """The mentor's flash times: add one (once or weekly), her times, her bookings."""
    _require_role(request, "mentor")
    if request.method != "POST":
        return _flash_page(request)
    form = FlashSlotForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_flash_slot(
                mentor=request.user,
                day=data["day"],
                at=data["time"],
                time_zone=data["time_zone"],
                duration_minutes=data["duration_minutes"],
                location=data["location"],
                weekly_until=data["weekly_until"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your flash time is published on your page."))
            return redirect("matching:flash_slots")
    return _flash_page(request, slot_form=form)


@require_POST
def flash_per_week(request):
    _require_role(request, "mentor")
    form = FlashPerWeekForm(request.POST)
    if form.is_valid():
        try:
            services.set_flash_per_week(mentor=request.user, per_week=form.cleaned_data["per_week"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your weekly limit of flash sessions is saved."))
            return redirect("matching:flash_slots")
    return _flash_page(request, per_week_form=form)


@require_POST
def flash_slot_remove(request, public_id):
    _require_role(request, "mentor")
    slot = get_object_or_404(FlashSlot, mentor=request.user, public_id=public_id)
    services.remove_flash_slot(slot=slot, by=request.user)
    messages.success(
        request,
        _("The time is removed: mentees can no longer book it. Bookings made stay."),
    )
    return redirect("matching:flash_slots")


def flash_booking_cancel(request, public_id):
    """The mentor cancels a booking with a note (a page of its own to confirm)."""
    _require_role(request, "mentor")
    booking = selectors.flash_booking_of_mentor(request.user, public_id)
    form = FlashCancelForm(request.POST or None)
    if request.method == "POST" and booking.is_booked and form.is_valid():
        try:
            services.cancel_flash_booking(
                booking=booking, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The booking is cancelled and %(name)s has been told.")
                % {"name": booking.mentee.get_full_name()},
            )
            return redirect("matching:flash_slots")
    return render(
        request,
        "matching/flash_cancel.html",
        {"booking": booking, "form": form},
    )


def _free_time(presentation: MentorPresentation, slot_id, at: int):
    """The free time ``at`` of her slot ``slot_id``, or None when it is not (or no longer)
    offered."""
    for free in selectors.free_flash_times([presentation.pk]).get(presentation.pk, []):
        if free.slot_public_id == slot_id and free.stamp == at:
            return free
    return None


def flash_book(request, public_id, slot_id, at):
    """A mentee books a mentor's free flash time with her question; she lands on the
    flash mentorship it starts, the meeting agreed."""
    _require_role(request, "mentee")
    presentation = _presentation_for_page(request, public_id)
    slot = get_object_or_404(
        FlashSlot.objects.offered(), mentor=presentation.mentor, public_id=slot_id
    )
    free = _free_time(presentation, slot_id, at)
    form = FlashBookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            starts_at = datetime.fromtimestamp(at, tz=UTC)
        except (OverflowError, OSError, ValueError) as error:
            raise Http404 from error
        try:
            booking = services.book_flash_slot(
                mentee=request.user,
                slot=slot,
                starts_at=starts_at,
                question=form.cleaned_data["question"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            free = _free_time(presentation, slot_id, at)
        else:
            messages.success(
                request,
                _(
                    "Your flash session with %(name)s is booked and agreed. You find the "
                    "meeting and her contact details here."
                )
                % {"name": presentation.mentor.get_full_name()},
            )
            return redirect("cycles:mentorship_detail", public_id=booking.mentorship.public_id)
    return render(
        request,
        "matching/flash_book.html",
        {
            "presentation": presentation,
            "slot": slot,
            "free": free,
            "form": form,
            "in_mentorship": cycle_selectors.active_mentorship_between(
                mentor=presentation.mentor, mentee=request.user
            )
            is not None,
        },
    )
