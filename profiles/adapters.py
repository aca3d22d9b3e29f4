from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from . import services


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            # The language the visitor browsed in becomes her preferred language.
            services.ensure_profile(user=user, language=translation.get_language())
        return user
