from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .validators import validate_birth_date


class SignupForm(AllauthSignupForm):
    """allauth's sign-up with her date of birth (kept private: others see only whether she is
    under 18; below her country's age of digital consent a guardian consents for her) and the
    privacy notice to agree to; the consent is recorded."""

    birth_date = forms.DateField(
        label=_("Date of birth"),
        help_text=_("Kept private: others see only whether you are under 18."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[validate_birth_date],
        error_messages={"required": _("Give your date of birth."), "invalid": _("Enter a date.")},
    )

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
