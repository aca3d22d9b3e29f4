from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class SignupForm(AllauthSignupForm):
    """allauth's sign-up with the privacy notice to agree to; the consent is recorded."""

    accept_privacy = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that WESTEM keeps my data to run the "
            "mentoring program."
        ),
        error_messages={"required": _("Please read and accept the privacy notice to join.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept_privacy"].help_text = format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("profiles:privacy_notice"),
            gettext("Read the privacy notice"),
        )
        # The error summary names the field in two words, not with its whole sentence.
        self.fields["accept_privacy"].summary_label = _("Privacy notice")
