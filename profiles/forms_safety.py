"""The report form of the safety page. It checks the input only; the rules (details required
for "something else", not yourself) live in ``profiles.services.report_user``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Report


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is it about?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the report is about.")},
    )
    details = forms.CharField(
        label=_("What happened?"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 3000}),
        help_text=_(
            "Only the program staff read this. Needed when you choose “Something else”; "
            "at most 3000 characters."
        ),
    )
