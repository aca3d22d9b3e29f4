from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from notifications import outbox

from . import services, two_factor
from .models import Consent


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            # The language the visitor browsed in becomes her preferred language.
            services.ensure_profile(user=user, language=translation.get_language())
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
