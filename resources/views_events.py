"""The program's events (SPEC §11): the list, an event's page, signing up and cancelling, and
its calendar file. Events are fetched through ``events_visible_to``: an unpublished event, or
one for the other role, is a 404. Only her own sign-up is ever read."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications.emails import absolute_url
from profiles import access

from . import selectors, services
from .calendar import event_ics as event_ics_file
from .models import Audience, Event


def _viewer_zone(request) -> str:
    return getattr(request.profile, "timezone", "") or timezone.get_current_timezone_name()


def _may_sign_up(user) -> bool:
    role = getattr(getattr(user, "profile", None), "role", "")
    return role in (Audience.MENTOR, Audience.MENTEE)


def _sees_link(user, signed_up: bool) -> bool:
    """The online link is for those signed up, and for the program staff who run the event."""
    return signed_up or access.is_program_staff(user)


def event_list(request):
    upcoming = selectors.upcoming_events(request.user)
    past = selectors.past_events_attended(request.user, exclude=[event.pk for event in upcoming])
    return render(
        request,
        "resources/event_list.html",
        {
            "upcoming": upcoming,
            "past": past,
            "viewer_zone": _viewer_zone(request),
            "is_staff": access.is_staff(request.user),
        },
    )


def event_detail(request, public_id):
    event = selectors.event_for_page(request.user, public_id)
    registration = selectors.registration_of(event, request.user)
    signed_up = registration is not None and registration.is_active
    now = timezone.now()
    viewer_zone = _viewer_zone(request)
    return render(
        request,
        "resources/event_detail.html",
        {
            "event": event,
            "registration": registration,
            "signed_up": signed_up,
            "attended": registration is not None and registration.attended_at is not None,
            "has_started": event.starts_at <= now,
            "has_ended": event.ends_at <= now,
            "can_sign_up": (
                not signed_up
                and event.is_published
                and event.starts_at > now
                and not event.is_full
                and _may_sign_up(request.user)
            ),
            "may_sign_up": _may_sign_up(request.user),
            "viewer_zone": viewer_zone,
            "other_zone": event.time_zone != viewer_zone,
            "show_link": _sees_link(request.user, signed_up),
        },
    )


@require_POST
def event_sign_up(request, public_id):
    event = selectors.event_for_page(request.user, public_id)
    try:
        services.sign_up(event=event, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("You are signed up. We have sent you an email with the link and a calendar file."),
        )
    return redirect("resources:event_detail", public_id=event.public_id)


def event_cancel(request, public_id):
    """A confirm page; the POST gives her place back."""
    event = selectors.event_for_page(request.user, public_id)
    registration = selectors.registration_of(event, request.user)
    if registration is None or not registration.is_active:
        messages.info(request, _("You are not signed up for this event."))
        return redirect("resources:event_detail", public_id=event.public_id)
    error_message = ""
    if request.method == "POST":
        try:
            services.cancel_sign_up(event=event, by=request.user)
        except ValidationError as error:
            error_message = " ".join(error.messages)
        else:
            messages.success(request, _("Your sign-up is cancelled. Your place is free again."))
            return redirect("resources:event_detail", public_id=event.public_id)
    return render(
        request,
        "resources/event_cancel.html",
        {
            "event": event,
            "error_message": error_message,
            "can_cancel": event.starts_at > timezone.now(),
        },
    )


def event_ics(request, public_id):
    event: Event = selectors.event_for_page(request.user, public_id)
    registration = selectors.registration_of(event, request.user)
    signed_up = registration is not None and registration.is_active
    page_url = absolute_url(reverse("resources:event_detail", args=[event.public_id]))
    response = HttpResponse(
        event_ics_file(
            event,
            page_url=page_url,
            online_link=event.online_link if _sees_link(request.user, signed_up) else "",
        ),
        content_type="text/calendar; charset=utf-8",
    )
    local = timezone.localtime(event.starts_at)
    response["Content-Disposition"] = f'attachment; filename="westem-event-{local:%Y-%m-%d}.ics"'
    return response
