"""The "I feel unsafe" form (issue 20): a few words, all of them optional."""

from django import forms
from django.utils.translation import gettext_lazy as _


class UnsafeForm(forms.Form):
    text = forms.CharField(
        label=_("What is happening? (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "You can send this without writing anything. Only the safeguarding lead reads it; "
            "the other person in your mentorship is not told."
        ),
    )
