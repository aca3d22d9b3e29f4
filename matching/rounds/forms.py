"""The participants' forms of a round: a mentee's ranking (one form, its ``action`` says what
to do), a mentor's marks and her capacity. The services decide; these only read the input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import DOWN, NOTE_MAX, UP


class RankingForm(forms.Form):
    """What a mentee does to her ranking: add a mentor (her presentation's public id), move
    one up or down, write its note, or post the whole order (dragged: public ids, commas)."""

    ACTIONS = [("add", "add"), (UP, UP), (DOWN, DOWN), ("note", "note"), ("order", "order")]

    action = forms.ChoiceField(choices=ACTIONS)
    mentor = forms.UUIDField(required=False)
    note = forms.CharField(label=_("Your note"), required=False, max_length=NOTE_MAX, strip=True)
    order = forms.CharField(required=False, max_length=2000)
    next = forms.CharField(required=False, max_length=2000)

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action and action != "order" and not data.get("mentor"):
            raise forms.ValidationError(_("Choose a mentor."))
        if action == "order":
            ids = []
            for part in (data.get("order") or "").split(","):
                try:
                    ids.append(forms.UUIDField().clean(part.strip()))
                except forms.ValidationError:
                    raise forms.ValidationError(
                        _("Your ranking changed in another window. Here it is as it is now.")
                    ) from None
            data["order_ids"] = ids
        return data


class MarkForm(forms.Form):
    """A mentor's mark on a mentee who ranked her, or a move in her own order."""

    ACTIONS = [("good", "good"), ("not", "not"), ("clear", "clear"), (UP, UP), (DOWN, DOWN)]

    action = forms.ChoiceField(choices=ACTIONS)
    choice = forms.IntegerField(min_value=1, max_value=2**31 - 1)


class CapacityForm(forms.Form):
    """How many mentees she takes in the round: 0 up to her free places."""

    def __init__(self, *args, free: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacity"] = forms.IntegerField(
            label=_("Mentees you take in this round"),
            min_value=0,
            max_value=free,
            help_text=_("0 means you take no new mentee in this round."),
        )
