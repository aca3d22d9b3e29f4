from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation

from . import services
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
