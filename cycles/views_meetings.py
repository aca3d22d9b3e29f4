"""The pair's meetings (SPEC §9): propose one to three times, accept one of them or offer
others, read a meeting and write its notes, change or cancel it with a note, and take it
into a calendar. Meetings are fetched through ``meetings_visible_to``, so anyone but the pair
gets a 404."""

import zoneinfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from notifications.emails import absolute_url

from . import services
from .calendar import google_calendar_url
from .calendar import meeting_ics as meeting_ics_file
from .forms_agreement import (
    AcceptForm,
    CancelForm,
    CounterProposalForm,
    MeetingChangeForm,
    MeetingForm,
    MeetingRecordForm,
    ProposalForm,
)
from .models import Meeting
from .permissions import may_see_contact, meetings_visible_to
from .selectors import meeting_room_url, mentorship_for_page
from .views_agreement import rename_error_keys
from .views_safeguarding import minor_context

MINOR_PLACE_HELP = gettext_lazy(
    "Your meeting room or the program's channel: meetings with a mentee under 18 are online only."
)

# The service names the meeting's start; the form asks for its date.
FIELD_NAMES = {"starts_at": "date"}


def _meeting_for_page(user, public_id) -> Meeting:
    return get_object_or_404(
        meetings_visible_to(user).select_related(
            "mentorship__mentor__profile",
            "mentorship__mentee__profile",
            "proposed_by__profile",
        ),
        public_id=public_id,
    )


def _page_url(meeting: Meeting) -> str:
    return absolute_url(reverse("cycles:meeting_detail", args=[meeting.public_id]))


def _is_changeable(meeting: Meeting) -> bool:
    """An agreed meeting can be moved or cancelled until it starts."""
    return meeting.is_confirmed and meeting.starts_at > timezone.now()


def _viewer_zone(request) -> str:
    return request.profile.timezone or timezone.get_current_timezone_name()


def _options(meeting: Meeting) -> list:
    options = list(meeting.options.order_by("position"))
    for option in options:
        option.meeting = meeting
    return options


def _option_choices(options: list, zone: str) -> list[tuple[int, str]]:
    """Each proposed time as a radio label, in her time zone."""
    tz = zoneinfo.ZoneInfo(zone)
    return [
        (
            option.position,
            f"{date_format(option.starts_at.astimezone(tz), 'l')} "
            f"{date_format(option.starts_at.astimezone(tz), 'DATE_FORMAT')}, "
            f"{date_format(option.starts_at.astimezone(tz), 'TIME_FORMAT')}–"
            f"{date_format(option.ends_at.astimezone(tz), 'TIME_FORMAT')}",
        )
        for option in options
    ]


def meeting_new(request, public_id):
    mentorship = mentorship_for_page(request.user, public_id)
    if not mentorship.is_active:
        messages.info(
            request, _("This mentorship has ended; its records stay available to you both.")
        )
        return redirect("cycles:mentorship_detail", public_id=mentorship.public_id)
    # The room is contact: not offered across a block (as on the mentorship page).
    room = meeting_room_url(mentorship) if may_see_contact(request.user, mentorship) else None
    minor = minor_context(mentorship)
    if minor["minor_pair"] and not room:  # a pair with a minor meets online only
        room = next(iter(minor["online_places"]), None)
    form = ProposalForm(
        request.POST or None,
        initial={
            "time_zone": _viewer_zone(request),
            "duration_minutes": 60,
            "location": room or "",
        },
        role=mentorship.role_of(request.user),
    )
    if minor["minor_pair"]:
        form.fields["location"].help_text = MINOR_PLACE_HELP
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.schedule_meeting(
                mentorship=mentorship, by=request.user, data=form.meeting_data()
            )
        except ValidationError as error:
            add_service_errors(form, rename_error_keys(error, FIELD_NAMES))
        else:
            messages.success(
                request,
                _(
                    "Your proposal is sent. %(name)s accepts a time or offers others; you will "
                    "get an email when she answers."
                )
                % {"name": mentorship.other(request.user).get_full_name()},
            )
            return redirect("cycles:meeting_detail", public_id=meeting.public_id)
    mentor_waits = (
        request.user.pk == mentorship.mentor_id
        and not meetings_visible_to(request.user).open().filter(mentorship=mentorship).exists()
    )
    return render(
        request,
        "cycles/meeting_form.html",
        {
            "form": form,
            "mentorship": mentorship,
            "other": mentorship.other(request.user),
            "meeting": None,
            "mentor_waits": mentor_waits,
            **minor,
        },
    )


def _proposal_context(request, meeting: Meeting, accept_form=None) -> dict:
    """The proposed times in her time zone and the proposer's, and what she may do."""
    mentorship = meeting.mentorship
    viewer_zone = _viewer_zone(request)
    options = _options(meeting)
    mine = meeting.proposed_by_id == request.user.pk
    now = timezone.now()
    waiting = meeting.is_proposed and mentorship.is_active
    may_answer = waiting and not mine and any(option.starts_at > now for option in options)
    if may_answer and accept_form is None:
        accept_form = AcceptForm(
            choices=_option_choices([o for o in options if o.starts_at > now], viewer_zone)
        )
    return {
        "options": options,
        "proposer_zone": meeting.time_zone,
        "may_answer": may_answer,
        "accept_form": accept_form if may_answer else None,
        "can_withdraw": waiting and mine,
        "all_passed": waiting and not any(option.starts_at > now for option in options),
        "now": now,
    }


def meeting_detail(request, public_id):
    meeting = _meeting_for_page(request.user, public_id)
    mentorship = meeting.mentorship
    record_form = MeetingRecordForm(
        request.POST or None,
        initial={"notes": meeting.notes, "tasks_next_time": meeting.tasks_next_time},
    )
    if request.method == "POST" and not meeting.is_proposed and record_form.is_valid():
        try:
            services.update_meeting(meeting=meeting, by=request.user, data=record_form.cleaned_data)
        except ValidationError as error:
            add_service_errors(record_form, error)
        else:
            messages.success(request, _("The notes are saved."))
            return redirect("cycles:meeting_detail", public_id=meeting.public_id)
    page_url = _page_url(meeting)
    viewer_zone = _viewer_zone(request)
    return render(
        request,
        "cycles/meeting_detail.html",
        {
            "meeting": meeting,
            "mentorship": mentorship,
            "other": mentorship.other(request.user),
            "record_form": record_form,
            "viewer_zone": viewer_zone,
            "other_zone": meeting.time_zone != viewer_zone,
            "is_past": meeting.starts_at <= timezone.now(),
            "can_change": _is_changeable(meeting) and mentorship.is_active,
            "can_cancel": _is_changeable(meeting) and mentorship.is_active,
            "location_is_link": meeting.location.startswith(("https://", "http://")),
            "google_url": google_calendar_url(meeting, page_url=page_url),
            "ended_it": meeting.is_cancelled
            and mentorship.ended_at is not None
            and meeting.cancelled_at >= mentorship.ended_at,
            **(_proposal_context(request, meeting) if meeting.options.exists() else {}),
            **minor_context(mentorship),
        },
    )


@require_POST
def meeting_accept(request, public_id):
    meeting = _meeting_for_page(request.user, public_id)
    choices = [(option.position, "") for option in _options(meeting)]
    form = AcceptForm(request.POST, choices=choices)
    if not form.is_valid():
        messages.error(request, _("Choose one of the proposed times."))
        return redirect("cycles:meeting_detail", public_id=meeting.public_id)
    try:
        services.accept_proposal(
            meeting=meeting, by=request.user, position=form.cleaned_data["option"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The meeting is agreed. %(name)s has been sent an email with the calendar file.")
            % {"name": meeting.mentorship.other(request.user).get_full_name()},
        )
    return redirect("cycles:meeting_detail", public_id=meeting.public_id)


def meeting_decline(request, public_id):
    """None of the proposed times works: she offers one to three others."""
    meeting = _meeting_for_page(request.user, public_id)
    mentorship = meeting.mentorship
    if not (meeting.is_proposed and mentorship.is_active) or (
        meeting.proposed_by_id == request.user.pk
    ):
        messages.info(request, _("This proposal is not waiting for your answer."))
        return redirect("cycles:meeting_detail", public_id=meeting.public_id)
    form = CounterProposalForm(request.POST or None, initial={"time_zone": _viewer_zone(request)})
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.decline_proposal(
                meeting=meeting,
                by=request.user,
                times=form.cleaned_data["times"],
                time_zone=form.cleaned_data["time_zone"],
            )
        except ValidationError as error:
            add_service_errors(form, rename_error_keys(error, FIELD_NAMES))
        else:
            messages.success(
                request,
                _("Your times are sent. %(name)s accepts one of them or offers others.")
                % {"name": mentorship.other(request.user).get_full_name()},
            )
            return redirect("cycles:meeting_detail", public_id=proposal.public_id)
    return render(
        request,
        "cycles/meeting_decline.html",
        {
            "form": form,
            "meeting": meeting,
            "mentorship": mentorship,
            "other": mentorship.other(request.user),
            "options": _options(meeting),
        },
    )


def meeting_edit(request, public_id):
    meeting = _meeting_for_page(request.user, public_id)
    mentorship = meeting.mentorship
    if not (_is_changeable(meeting) and mentorship.is_active):
        messages.info(request, _("Only an agreed meeting that has not started yet can be changed."))
        return redirect("cycles:meeting_detail", public_id=meeting.public_id)
    form = MeetingChangeForm(
        request.POST or None,
        initial=MeetingForm.initial_for(meeting),
        role=mentorship.role_of(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(
                meeting=meeting,
                by=request.user,
                data=form.meeting_data(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, rename_error_keys(error, FIELD_NAMES))
        else:
            messages.success(
                request,
                _(
                    "The meeting is changed. %(name)s has been sent your note and the new "
                    "calendar file."
                )
                % {"name": mentorship.other(request.user).get_full_name()},
            )
            return redirect("cycles:meeting_detail", public_id=meeting.public_id)
    return render(
        request,
        "cycles/meeting_form.html",
        {
            "form": form,
            "mentorship": mentorship,
            "other": mentorship.other(request.user),
            "meeting": meeting,
            "mentor_waits": False,
            **minor_context(mentorship),
        },
    )


def meeting_cancel(request, public_id):
    """Cancel an agreed meeting (a note is required), or withdraw one's own proposal."""
    meeting = _meeting_for_page(request.user, public_id)
    if meeting.is_cancelled:
        messages.info(request, _("This meeting was cancelled."))
        return redirect("cycles:meeting_detail", public_id=meeting.public_id)
    withdrawing = meeting.is_proposed
    form = CancelForm(request.POST or None, required=not withdrawing)
    error_message = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_meeting(
                meeting=meeting, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:
                error_message = " ".join(error.messages)
        else:
            other = meeting.mentorship.other(request.user).get_full_name()
            if withdrawing:
                text = _("Your proposal is withdrawn. %(name)s has been told.")
            else:
                text = _("The meeting is cancelled. %(name)s has been sent your note.")
            messages.success(request, text % {"name": other})
            return redirect("cycles:meeting_detail", public_id=meeting.public_id)
    mine = meeting.proposed_by_id == request.user.pk
    return render(
        request,
        "cycles/meeting_cancel.html",
        {
            "meeting": meeting,
            "mentorship": meeting.mentorship,
            "other": meeting.mentorship.other(request.user),
            "error_message": error_message,
            "form": form,
            "withdrawing": withdrawing,
            "can_cancel": (withdrawing and mine and meeting.mentorship.is_active)
            or (_is_changeable(meeting) and meeting.mentorship.is_active),
            "options": _options(meeting) if withdrawing else [],
        },
    )


def meeting_ics(request, public_id):
    """The calendar file of an agreed meeting (or of a cancelled one, which removes it): a
    proposal has none, its times are not agreed yet."""
    meeting = _meeting_for_page(request.user, public_id)
    if not meeting.has_calendar:
        raise Http404
    local = timezone.localtime(meeting.starts_at)
    response = HttpResponse(
        meeting_ics_file(meeting, page_url=_page_url(meeting)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="westem-meeting-{local:%Y-%m-%d}.ics"'
    return response
