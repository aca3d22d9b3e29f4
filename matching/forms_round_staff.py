"""The staff's what-if forms on a draft: give a mentor another number of places, or keep a
pair apart; either makes a new draft based on the one shown."""

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_PLACES = 20


class CapacityForm(forms.Form):
    mentor = forms.TypedChoiceField(label=_("Mentor"), coerce=int)
    capacity = forms.IntegerField(
        label=_("Places in this round"),
        min_value=0,
        max_value=MAX_PLACES,
        help_text=_("Never more than her free places; 0 takes her out of the round."),
    )

    def __init__(self, *args, mentors: list[tuple[int, str]], **kwargs):
        super().__init__(*args, prefix="capacity", **kwargs)
        self.fields["mentor"].choices = [("", _("Choose a mentor")), *mentors]


class ExcludeForm(forms.Form):
    """One of the draft's pairs (by the mentee's outcome), which the next draft may not make."""

    outcome = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
