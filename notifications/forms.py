"""The notification-settings form: one checkbox per kind of reminder she can turn off."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .preferences import offered_kinds


class NotificationSettingsForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Send me an email about"),
        choices=offered_kinds,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
