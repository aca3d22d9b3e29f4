"""Her notification settings: for each kind she may choose, how she hears of it."""

from django import forms

from .models import Delivery
from .preferences import offered_kinds

PREFIX = "kind_"


class NotificationSettingsForm(forms.Form):
    """One radio group per offered kind: an email at once, a daily digest, the site only."""

    def __init__(self, *args, chosen: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in offered_kinds():
            self.fields[PREFIX + kind] = forms.ChoiceField(
                label=label,
                choices=Delivery.choices,
                initial=chosen.get(kind, Delivery.NOW),
                required=False,  # a kind left out of the form keeps her choice
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )

    def chosen(self) -> dict[str, str]:
        return {name[len(PREFIX) :]: value for name, value in self.cleaned_data.items() if value}
