"""Per-request setup for signed-in users: their language, their time zone, their onboarding,
the areas of the site that are not theirs (a reporter's: ``access.may_open_area``), and
two-factor authentication for those who see participants' data."""

import zoneinfo
from urllib.parse import urlencode

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from . import access, services
from .models import Profile

# Pages reachable before onboarding is finished.
ONBOARDING_EXEMPT_PREFIXES = (
    "/accounts/",
    "/account/",  # her data rights: "Download my data" and "Delete my account"
    "/admin/",
    "/i18n/",
    "/static/",
    "/media/",
    "/code-of-conduct/",
    "/manual/",
    "/privacy/",
    "/favicon",
)


def _profile_of(user) -> Profile | None:
    """``Profile.objects.filter(user=user).first()``, written out: it runs on every signed-in
    page, and compiling the ORM's query took longer than running it. Only the quoted table
    name is formatted in; the id is a parameter."""
    table = connection.ops.quote_name(Profile._meta.db_table)
    sql = f"SELECT * FROM {table} WHERE user_id = %s"  # noqa: S608
    return next(iter(Profile.objects.raw(sql, [user.pk])), None)


class ProfileMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated:
            return self.get_response(request)
        profile = _profile_of(user) or services.ensure_profile(
            user=user, language=translation.get_language()
        )
        profile.user = user  # the request's user object, not a second copy from the database
        request.profile = profile
        translation.activate(profile.language)
        request.LANGUAGE_CODE = profile.language
        try:
            timezone.activate(zoneinfo.ZoneInfo(profile.timezone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        try:
            step = self.onboarding_redirect(request, profile)
            response = redirect(step) if step else self.get_response(request)
        finally:
            # Her zone is the thread's until here only: the next request this thread serves
            # (a stranger's, another person's) starts in the site's zone.
            timezone.deactivate()
        # Pages of a signed-in person are hers alone: no shared or browser cache keeps them.
        add_never_cache_headers(response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """A page of an area that is not hers answers 403 before its view runs, whatever the
        method or the id in its address (so it confirms nothing)."""
        profile = getattr(request, "profile", None)
        if profile is not None and not access.may_open_area(
            request.user, profile, request.resolver_match.namespace
        ):
            raise PermissionDenied
        return None

    @classmethod
    def onboarding_redirect(cls, request, profile) -> str | None:
        """The onboarding step to send a participant to, or None.

        The steps come in order: a later step's page sends her back to the one she is on.
        The program's own people (``access.runs_the_program``) have no onboarding."""
        if request.path.startswith(ONBOARDING_EXEMPT_PREFIXES):
            return None
        step = cls.onboarding_step(request, profile)
        return None if step == request.path else step

    @staticmethod
    def onboarding_step(request, profile) -> str | None:
        if access.runs_the_program(request.user, profile):
            return None
        if not profile.role:
            return reverse("profiles:onboarding_role")
        if not services.has_accepted_current_code(user=request.user):
            return reverse("profiles:onboarding_conduct")
        request.accepted_current_code = True  # pages need not ask again
        if profile.onboarded_at is None:
            return reverse("profiles:onboarding_profile")
        return None


# Pages open without two-factor authentication to those who need it: signing in and out,
# setting up an authenticator and entering its code (allauth), the language, static files.
TWO_FACTOR_EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/media/", "/favicon")
# The pages a reporter's group opens: the report and the exports.
REPORT_PREFIXES = ("/reports/",)


def signed_in_with_two_factor(request, user) -> bool:
    """Her sign-in in this session included a code of her authenticator (at sign-in, or asked
    again since), as allauth records it."""
    records = get_authentication_records(request, user)
    return any(record.get("method") == "mfa" for record in records)


class TwoFactorMiddleware:
    """The program's own people see participants' data only signed in with two-factor
    authentication (``access.needs_two_factor``): without an authenticator app she is sent to
    set one up; with one, if this session was signed in without it (she set it up since, or it
    was added while she was signed in), she is asked for a code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.WESTEM_STAFF_MFA_REQUIRED
            and user.is_authenticated
            and not request.path.startswith(TWO_FACTOR_EXEMPT_PREFIXES)
            # Asked first: it reads the session only, and a sign-in with a code needs no more.
            and not signed_in_with_two_factor(request, user)
            and access.needs_two_factor(
                user, reading_reports=request.path.startswith(REPORT_PREFIXES)
            )
        ):
            return self.two_factor_step(request, user)
        return self.get_response(request)

    @staticmethod
    def two_factor_step(request, user):
        """The way to set up an authenticator app, or, with one, to enter its code."""
        back = urlencode({"next": request.path}, safe="/")
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            messages.info(
                request,
                _(
                    "Pages with participants' data need two-factor authentication. Set up "
                    "an authenticator app to continue."
                ),
            )
            return redirect(f"{reverse('mfa_activate_totp')}?{back}")
        messages.info(
            request,
            _(
                "Pages with participants' data need two-factor authentication. Enter "
                "a code from your authenticator app to continue."
            ),
        )
        return redirect(f"{reverse('mfa_reauthenticate')}?{back}")
