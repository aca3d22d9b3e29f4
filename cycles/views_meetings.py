"""The pair's meetings (SPEC §9): propose one, read it and write its notes, change or cancel
it, and take it into a calendar. Meetings are fetched through ``meetings_visible_to``, so
anyone but the pair gets a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.forms import add_service_errors
from notifications.emails import absolute_url

from . import services
from .calendar import google_calendar_url
from .calendar import meeting_ics as meeting_ics_file
from .forms_agreement import MeetingForm, MeetingRecordForm
from .models import Meeting
from .permissions import may_see_contact, meetings_visible_to
from .selectors import meeting_room_url, mentorship_for_page
from .views_agreement import rename_error_keys

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
    """A meeting can be moved or cancelled until it starts."""
    return not meeting.is_cancelled and meeting.starts_at > timezone.now()


def _viewer_zone(request) -> str:
    return request.profile.timezone or timezone.get_current_timezone_name()


def meeting_new(request, public_id):
    mentorship = mentorship_for_page(request.user, public_id)
    if not mentorship.is_active:
        messages.info(
            request, _("This mentorship has ended; its records stay available to you both.")
        )
        return redirect("cycles:mentorship_detail", public_id=mentorship.public_id)
    # The room is contact: not offered across a block (as on the mentorship page).
    room = meeting_room_url(mentorship) if may_see_contact(request.user, mentorship) else None
    form = MeetingForm(
        request.POST or None,
        initial={
            "time_zone": _viewer_zone(request),
            "duration_minutes": 60,
            "location": room or "",
        },
        role=mentorship.role_of(request.user),
    )
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
                _("The meeting is scheduled. %(name)s has been sent an email about it.")
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
        },
    )


def meeting_detail(request, public_id):
    meeting = _meeting_for_page(request.user, public_id)
    mentorship = meeting.mentorship
    record_form = MeetingRecordForm(
        request.POST or None,
        initial={"notes": meeting.notes, "tasks_next_time": meeting.tasks_next_time},
    )
    if request.method == "POST" and record_form.is_valid():
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
            "can_cancel": _is_changeable(meeting),
            "location_is_link": meeting.location.startswith(("https://", "http://")),
            "google_url": google_calendar_url(meeting, page_url=page_url),
        },
    )


def meeting_edit(request, public_id):
    meeting = _meeting_for_page(request.user, public_id)
    mentorship = meeting.mentorship
    if not (_is_changeable(meeting) and mentorship.is_active):
        messages.info(request, _("Only a meeting that has not started yet can be changed."))
        return redirect("cycles:meeting_detail", public_id=meeting.public_id)
    form = MeetingForm(
        request.POST or None,
        initial=MeetingForm.initial_for(meeting),
        role=mentorship.role_of(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(meeting=meeting, by=request.user, data=form.meeting_data())
        except ValidationError as error:
            add_service_errors(form, rename_error_keys(error, FIELD_NAMES))
        else:
            messages.success(
                request,
                _("The meeting is changed. Let %(name)s know, and download the new calendar file.")
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
        },
    )


def meeting_cancel(request, public_id):
    meeting = _meeting_for_page(request.user, public_id)
    if meeting.is_cancelled:
        messages.info(request, _("This meeting was cancelled."))
        return redirect("cycles:meeting_detail", public_id=meeting.public_id)
    error_message = ""
    if request.method == "POST":
        try:
            services.cancel_meeting(meeting=meeting, by=request.user)
        except ValidationError as error:
            error_message = " ".join(error.messages)
        else:
            messages.success(
                request,
                _("The meeting is cancelled. %(name)s has been sent an email.")
                % {"name": meeting.mentorship.other(request.user).get_full_name()},
            )
            return redirect("cycles:meeting_detail", public_id=meeting.public_id)
    return render(
        request,
        "cycles/meeting_cancel.html",
        {
            "meeting": meeting,
            "mentorship": meeting.mentorship,
            "other": meeting.mentorship.other(request.user),
            "error_message": error_message,
            "can_cancel": _is_changeable(meeting),
        },
    )


def meeting_ics(request, public_id):
    meeting = _meeting_for_page(request.user, public_id)
    local = timezone.localtime(meeting.starts_at)
    response = HttpResponse(
        meeting_ics_file(meeting, page_url=_page_url(meeting)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="westem-meeting-{local:%Y-%m-%d}.ics"'
    return response
