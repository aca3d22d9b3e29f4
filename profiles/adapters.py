import math

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import ngettext

from notifications import outbox

from . import services, two_factor
from .models import Consent

# The units of a rate in ACCOUNT_RATE_LIMITS ("5/5m/key": 5 per 5 minutes per address).
RATE_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def login_lockout_minutes() -> int:
    """How long at most a locked-out login waits: the longest window of the "login_failed"
    rates, counted from the first failure in it."""
    rates = account_settings.RATE_LIMITS.get("login_failed") or ""
    seconds = 0.0
    for rate in filter(None, rates.split(",")):
        duration = rate.split("/")[1]
        seconds = max(seconds, float(duration[:-1] or 1) * RATE_UNITS[duration[-1]])
    return max(1, math.ceil(seconds / 60))


class AccountAdapter(DefaultAccountAdapter):
    def validation_error(self, code, *args) -> ValidationError:
        """allauth's lock-out says "Try again later"; she is told how long to wait."""
        if code == "too_many_login_attempts":
            minutes = login_lockout_minutes()
            message = ngettext(
                "Too many failed login attempts. Try again in %(minutes)d minute, or reset "
                "your password.",
                "Too many failed login attempts. Try again in %(minutes)d minutes, or reset "
                "your password.",
                minutes,
            ) % {"minutes": minutes}
            return ValidationError(message, code=code)
        return super().validation_error(code, *args)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            # The language the visitor browsed in becomes her preferred language.
            services.ensure_profile(user=user, language=translation.get_language())
            if form is not None and form.cleaned_data.get("birth_date"):
                services.set_birth_date(user=user, birth_date=form.cleaned_data["birth_date"])
            if form is not None and form.cleaned_data.get("accept_privacy"):
                services.record_consent(
                    user=user,
                    kind=Consent.Kind.PRIVACY_NOTICE,
                    version=settings.PRIVACY_NOTICE_VERSION,
                )
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Rendered here, where allauth made its one-time key; sent by a worker after the
        commit (``notifications.outbox.hand_over``), never by the request itself."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        outbox.hand_over(self.render_mail(template_prefix, email, ctx))


class MFAAdapter(DefaultMFAAdapter):
    """Authenticator secrets are encrypted in the database (``profiles.two_factor``)."""

    def encrypt(self, text: str) -> str:
        return two_factor.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return two_factor.decrypt(encrypted_text)
