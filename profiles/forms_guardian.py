from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _


class GuardianForm(forms.Form):
    """Her guardian's name and email address, for the consent link."""

    guardian_name = forms.CharField(label=_("Your parent's or guardian's name"), max_length=120)
    guardian_email = forms.EmailField(label=_("Their email address"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
