"""Forms of a meeting logged afterwards: logging it, and disputing it. They check the input
only; the rules (in the past, within the mentorship, 15 minutes to 8 hours) live in
``cycles.services_log`` and come back as errors next to the fields."""

from crispy_forms.layout import Div, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _

from core.forms import bounded

from .forms_agreement import TimeInput, _date_field, _helper
from .models import Meeting
from .times import AMBIGUOUS, fold_choices, local_datetime


class MeetingLogForm(forms.Form):
    """When it started, how long it lasted, what it was about, and where. The date and time
    are read in her own time zone (``time_zone``, given by the page)."""

    date = _date_field(_("Date"))
    time = forms.TimeField(label=_("Start time"), widget=TimeInput)
    # Asked only when the time happened twice that night (the clocks were turned back).
    fold = forms.ChoiceField(
        label=_("Which one do you mean?"),
        choices=[("0", _("the first")), ("1", _("the second"))],
        widget=forms.RadioSelect,
        required=False,
    )
    duration_minutes = forms.IntegerField(label=_("Length (minutes)"), initial=60)
    notes = forms.CharField(
        label=_("What you talked about"),
        max_length=Meeting._meta.get_field("notes").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few words for you both: they become the meeting's shared notes."),
        error_messages={"required": _("Write a few words about what you talked about.")},
    )
    location = forms.CharField(
        label=_("Place or link (optional)"),
        max_length=500,
        required=False,
        help_text=_("For example: on the phone, the library café."),
    )

    def __init__(self, *args, time_zone: str, earliest=None, latest=None, **kwargs):
        """``earliest`` and ``latest``: the dates the date picker offers (the mentorship's
        start, and today or its end); the service checks them all the same."""
        super().__init__(*args, **kwargs)
        self.time_zone = time_zone
        if earliest:
            self.fields["date"].widget.attrs["min"] = earliest.isoformat()
        if latest:
            self.fields["date"].widget.attrs["max"] = latest.isoformat()
        self.fields["time"].help_text = _("Your time (%(zone)s).") % {"zone": time_zone}
        bounded(self.fields["duration_minutes"], 15, 480)
        self.fields["duration_minutes"].widget.attrs["step"] = 5
        self.helper = _helper(
            Layout(
                Div(
                    Div("date", css_class="col-sm-6 col-md-4"),
                    Div("time", css_class="col-sm-6 col-md-4"),
                    Div("duration_minutes", css_class="col-sm-6 col-md-4"),
                    css_class="row",
                ),
                "notes",
                "location",
            )
        )
        self.asks_which = False

    def clean(self):
        """The date and time as an instant that happened (``times.local_datetime``): a time
        the clocks skipped is refused, one they passed twice is asked about."""
        cleaned = super().clean()
        day, at = cleaned.get("date"), cleaned.get("time")
        if not (day and at):
            return cleaned
        fold = cleaned.get("fold")
        if fold in ("0", "1"):  # she has answered: show her answer with the time it names
            self._ask_which(day, at)
        try:
            cleaned["starts_at"] = local_datetime(
                day, at, self.time_zone, fold=int(fold) if fold in ("0", "1") else None
            )
        except ValidationError as error:
            if error.code == AMBIGUOUS:
                self._ask_which(day, at)
                self.add_error("fold", error)
            else:
                self.add_error("time", error)
        return cleaned

    def _ask_which(self, day, at) -> None:
        """Show the question "which 02:30?" with its two answers, below the time."""
        self.fields["fold"].choices = fold_choices(day, at, self.time_zone)
        label = _("Which %(time)s do you mean?") % {"time": time_format(at, "TIME_FORMAT")}
        self.fields["fold"].label = label
        self["fold"].label = label  # the bound field, made while cleaning, copied the old one
        if not self.asks_which:
            self.asks_which = True
            self.helper.layout.insert(1, Div(Div("fold", css_class="col-12"), css_class="row"))

    def meeting_data(self) -> dict:
        return {
            "starts_at": self.cleaned_data["starts_at"],
            "time_zone": self.time_zone,
            "duration_minutes": self.cleaned_data["duration_minutes"],
            "notes": self.cleaned_data["notes"],
            "location": self.cleaned_data["location"],
        }


class DisputeForm(forms.Form):
    note = forms.CharField(
        label=_("What is not right?"),
        max_length=Meeting._meta.get_field("dispute_note").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: “We met on Tuesday, not Monday, for half an hour.” The person who "
            "logged it reads this; the program staff can too."
        ),
    )

    def __init__(self, *args, other_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].error_messages["required"] = _(
            "Tell %(name)s in a few words what is not right."
        ) % {"name": other_name}
        self.helper = _helper(Layout("note"))
