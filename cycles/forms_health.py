"""The health page's filters and the check-in form (issue 22)."""

from django import forms
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from core.forms import country_choices
from profiles.selectors import expertise_choices

from .groupings import groupings
from .models import CheckIn, Style
from .services_health import SNOOZE_DAYS

SELECT = {"class": "form-select"}


class HealthFilterForm(forms.Form):
    """In the address, so a filtered list can be bookmarked; an unknown value is ignored, the
    other filters still apply. Apps above add theirs (``cycles.groupings``: the round)."""

    style = forms.ChoiceField(label=_("Style"), required=False, widget=forms.Select(attrs=SELECT))
    country = forms.ChoiceField(
        label=_("Country"), required=False, widget=forms.Select(attrs=SELECT)
    )
    field = forms.TypedChoiceField(
        label=_("Field"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["style"].choices = [("", _("Any style")), *Style.choices]
        self.fields["country"].choices = [
            ("", _("Any country")),
            *country_choices(get_language() or "en"),
        ]
        self.fields["field"].choices = [("", _("Any field")), *expertise_choices()]
        for grouping in groupings():
            self.fields[grouping.name] = forms.TypedChoiceField(
                label=grouping.label,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", grouping.any_label), *grouping.choices()],
                widget=forms.Select(attrs=SELECT),
            )

    def filters(self) -> dict:
        """The valid filters, for ``selectors_health.pairs_at_risk``: those of the groupings
        under ``groups``."""
        self.is_valid()  # the invalid ones are left out of ``cleaned_data``
        chosen = {name: value for name, value in self.cleaned_data.items() if value}
        groups = {
            grouping.name: chosen.pop(grouping.name)
            for grouping in groupings()
            if grouping.name in chosen
        }
        return {**chosen, "groups": groups} if groups else chosen


def snooze_label(days: int) -> str:
    if not days:
        return str(_("Keep the pair on the list"))
    return ngettext("Off the list for %(count)s day", "Off the list for %(count)s days", days) % {
        "count": days
    }


class CheckInForm(forms.ModelForm):
    snooze_days = forms.TypedChoiceField(
        label=_("How long the pair stays off the list"),
        coerce=int,
        initial=14,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        help_text=_("The pair comes back to the list after this if it is still at risk."),
    )

    class Meta:
        model = CheckIn
        fields = ["channel", "outcome", "note"]
        widgets = {
            "channel": forms.Select(attrs=SELECT),
            "outcome": forms.Select(attrs=SELECT),
            "note": forms.Textarea(attrs={"class": "form-control", "rows": 4}),
        }
        help_texts = {"note": _("What you talked about. Only the program staff see it.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["snooze_days"].choices = [(days, snooze_label(days)) for days in SNOOZE_DAYS]
