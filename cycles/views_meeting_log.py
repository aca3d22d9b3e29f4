"""Meetings logged afterwards (issue 19): log one that took place, and, for the partner,
confirm or dispute it; its logger may delete it while it waits. Mentorships and meetings are
fetched through the pair's visible querysets, so anyone else gets a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_errors

from . import services_log
from .forms_meeting_log import DisputeForm, MeetingLogForm
from .models import Meeting
from .permissions import meetings_visible_to
from .selectors import mentorship_for_page
from .views_agreement import rename_error_keys

# The service names the meeting's start; the form asks for its date.
FIELD_NAMES = {"starts_at": "date"}


def _meeting_for_page(user, public_id) -> Meeting:
    return get_object_or_404(
        meetings_visible_to(user).select_related(
            "mentorship__mentor__profile", "mentorship__mentee__profile", "proposed_by__profile"
        ),
        public_id=public_id,
    )


def _viewer_zone(request) -> str:
    return request.profile.timezone or timezone.get_current_timezone_name()


def _refused(request, meeting: Meeting, error: ValidationError):
    messages.error(request, " ".join(error.messages))
    return redirect("cycles:meeting_detail", public_id=meeting.public_id)


def meeting_log(request, public_id):
    mentorship = mentorship_for_page(request.user, public_id)
    if not mentorship.is_active:
        messages.info(
            request, _("This mentorship has ended; its records stay available to you both.")
        )
        return redirect("cycles:mentorship_detail", public_id=mentorship.public_id)
    zone = _viewer_zone(request)
    today = timezone.localdate()
    form = MeetingLogForm(
        request.POST or None,
        initial={"duration_minutes": 60},
        time_zone=zone,
        earliest=mentorship.start_date,
        latest=min(today, mentorship.end_date) if mentorship.end_date else today,
    )
    other = mentorship.other(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services_log.log_meeting(
                mentorship=mentorship, by=request.user, data=form.meeting_data()
            )
        except ValidationError as error:
            add_service_errors(form, rename_error_keys(error, FIELD_NAMES))
        else:
            messages.success(
                request,
                _(
                    "The meeting is logged. %(name)s has been asked to confirm it; it counts "
                    "toward your hours once she does."
                )
                % {"name": other.get_full_name()},
            )
            return redirect("cycles:meeting_detail", public_id=meeting.public_id)
    return render(
        request,
        "cycles/meeting_log_form.html",
        {
            "form": form,
            "mentorship": mentorship,
            "other": other,
            "days": services_log.CONFIRM_AFTER_DAYS,
        },
    )


@require_POST
def meeting_log_confirm(request, public_id):
    meeting = _meeting_for_page(request.user, public_id)
    try:
        services_log.confirm_logged_meeting(meeting=meeting, by=request.user)
    except ValidationError as error:
        return _refused(request, meeting, error)
    messages.success(
        request, _("Thank you: the meeting is confirmed and counts toward your hours.")
    )
    return redirect("cycles:meeting_detail", public_id=meeting.public_id)


def meeting_log_dispute(request, public_id):
    meeting = _meeting_for_page(request.user, public_id)
    mentorship = meeting.mentorship
    other = mentorship.other(request.user)
    if meeting.status != Meeting.Status.LOGGED or meeting.proposed_by_id == request.user.pk:
        messages.info(request, _("This meeting is not waiting for your confirmation."))
        return redirect("cycles:meeting_detail", public_id=meeting.public_id)
    form = DisputeForm(request.POST or None, other_name=other.get_full_name())
    if request.method == "POST" and form.is_valid():
        try:
            services_log.dispute_logged_meeting(
                meeting=meeting, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The meeting is disputed and does not count. %(name)s has been told.")
                % {"name": other.get_full_name()},
            )
            return redirect("cycles:meeting_detail", public_id=meeting.public_id)
    return render(
        request,
        "cycles/meeting_log_dispute.html",
        {"meeting": meeting, "mentorship": mentorship, "other": other, "form": form},
    )


def meeting_log_delete(request, public_id):
    meeting = _meeting_for_page(request.user, public_id)
    mentorship = meeting.mentorship
    if meeting.status != Meeting.Status.LOGGED or meeting.proposed_by_id != request.user.pk:
        messages.info(
            request, _("Only a meeting you logged can be deleted, while it waits for confirmation.")
        )
        return redirect("cycles:meeting_detail", public_id=meeting.public_id)
    if request.method == "POST":
        try:
            services_log.delete_logged_meeting(meeting=meeting, by=request.user)
        except ValidationError as error:
            return _refused(request, meeting, error)
        messages.success(request, _("The logged meeting is deleted."))
        return redirect("cycles:mentorship_detail", public_id=mentorship.public_id)
    return render(
        request,
        "cycles/meeting_log_delete.html",
        {"meeting": meeting, "mentorship": mentorship, "other": mentorship.other(request.user)},
    )
