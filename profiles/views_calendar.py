"""Her calendar address: the "Calendar" page of her account (make an address, make a new one,
turn it off) and the feed itself, read by calendar apps with the token alone."""

from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.calendar_feed import feed_calendar
from notifications.emails import absolute_url

from . import selectors, services

# Tokens are 43 characters (services.make_calendar_feed); anything much longer is no token.
MAX_TOKEN_LENGTH = 100


def feed_addresses(token: str) -> dict[str, str]:
    """Her address twice: ``webcal://`` (a click subscribes in the calendar app) and
    ``https://`` (pasted into Google Calendar or Outlook on the web)."""
    https = absolute_url(reverse("profiles:calendar_feed", args=[token]))
    webcal = "webcal://" + https.split("://", 1)[1]
    return {"webcal": webcal, "https": https}


def _page(request, *, token: str = ""):
    feed = selectors.calendar_feed_of(request.user)
    return render(
        request,
        "profiles/calendar.html",
        {"feed": feed, "addresses": feed_addresses(token) if token else None},
    )


def _make(request):
    """Makes her address and shows it, this once, on the page the POST answers (never
    redirected with the token in the session or the address bar)."""
    _feed, token = services.make_calendar_feed(user=request.user)
    messages.success(request, _("Your calendar address is ready. Copy it now."))
    return _page(request, token=token)


@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    if request.method == "POST":
        if selectors.calendar_feed_of(request.user) is not None:
            # She has one: a new one replaces it only after she confirms.
            return redirect("profiles:calendar_new")
        return _make(request)
    return _page(request)


@require_http_methods(["GET", "POST"])
def calendar_new(request):
    """Confirms, then makes a new address: the old one stops working."""
    if request.method == "POST":
        return _make(request)
    feed = selectors.calendar_feed_of(request.user)
    if feed is None:
        return redirect("profiles:calendar")
    return render(request, "profiles/calendar_confirm.html", {"feed": feed, "action": "new"})


@require_http_methods(["GET", "POST"])
def calendar_off(request):
    """Confirms, then turns her address off."""
    if request.method == "POST":
        if services.turn_off_calendar_feed(user=request.user):
            messages.success(
                request,
                _(
                    "Your calendar address is turned off. Remove the WESTEM calendar from your "
                    "calendar app too: it keeps what it last read."
                ),
            )
        return redirect("profiles:calendar")
    feed = selectors.calendar_feed_of(request.user)
    if feed is None:
        return redirect("profiles:calendar")
    return render(request, "profiles/calendar_confirm.html", {"feed": feed, "action": "off"})


@login_not_required
@require_safe
def calendar_feed(request, token):
    """Her calendar, for whoever holds the token (her calendar app): 404 for a token that is
    unknown, replaced or turned off, or whose owner's account is closed."""
    if len(token) > MAX_TOKEN_LENGTH:
        raise Http404
    usage = ratelimit.consume(
        request,
        app="profiles",
        action="calendar_feed",
        config={"calendar_feed": settings.CALENDAR_FEED_RATE_LIMITS},
        key=selectors.feed_token_hash(token),
        limit_get=True,
    )
    if usage is None:
        response = HttpResponse(status=429, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "60"
        return response
    owner = selectors.calendar_feed_owner(token)
    if owner is None:
        raise Http404
    profile = getattr(owner, "profile", None)
    language = (profile and profile.language) or settings.LANGUAGE_CODE
    with translation.override(language):
        body = feed_calendar(owner, name=_("WESTEM mentoring"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private"
    response["Content-Disposition"] = 'inline; filename="westem.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
