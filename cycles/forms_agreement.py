"""Forms of the agreement and meeting pages. They check the input only: the program's rules
(at most 4 months, at least an hour a month, who proposes the first meeting) live in
``cycles.services`` and come back as errors next to the fields."""

import zoneinfo
from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.forms import bounded
from core.widgets import FastSelect
from profiles.models import time_zone_choices

from .content import GOAL_EXAMPLES, MENTEE_SUCCESS_HINT, MENTOR_SUCCESS_HINT
from .models import MAX_GOALS, MAX_MONTHS, Agreement, Meeting
from .times import AMBIGUOUS, fold_choices, is_ambiguous, local_datetime
from .times import wall_clock as local_time

GOAL_FIELDS = [f"goal_{number}" for number in range(1, MAX_GOALS + 1)]


# The last day a date field accepts. A later one overflows Python's dates once the 4 months
# of a cycle, a meeting's length or the time zone's offset are added: a server error instead
# of a message next to the field.
LAST_DATE = date(9998, 12, 31)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={"max": LAST_DATE.isoformat(), **(attrs or {})}, format="%Y-%m-%d")


def _date_field(label) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput, validators=[MaxValueValidator(LAST_DATE)])


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


def _helper(layout: Layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the page's <form> has its own token
    helper.layout = layout
    return helper


def _hint(text) -> HTML:
    return HTML(format_html('<p class="form-text mt-0">{}</p>', text))


class AgreementForm(forms.Form):
    """The agreement's goals (up to 3) and its text (SPEC §8), with the manual's hints."""

    goal_1 = forms.CharField(
        label=_("Goal 1"),
        max_length=200,
        error_messages={"required": _("Write at least one goal.")},
    )
    goal_2 = forms.CharField(label=_("Goal 2"), max_length=200, required=False)
    goal_3 = forms.CharField(label=_("Goal 3"), max_length=200, required=False)
    expectations = Agreement._meta.get_field("expectations").formfield(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What do you each expect of this mentoring, and of each other?"),
    )
    steps = Agreement._meta.get_field("steps").formfield(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "How will you work towards the goals? For example: what you will do between meetings."
        ),
    )
    boundaries = Agreement._meta.get_field("boundaries").formfield(
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    meetings_per_month = Agreement._meta.get_field("meetings_per_month").formfield()
    meeting_minutes = Agreement._meta.get_field("meeting_minutes").formfield(
        help_text=_("The program asks for at least 1 hour of meetings a month."),
    )
    availability = Agreement._meta.get_field("availability").formfield(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "When are you each available? For example: weekday evenings, not in exam weeks."
        ),
    )
    start_date = _date_field(_("Start date"))
    end_date = _date_field(_("End date"))
    mentor_success_criteria = Agreement._meta.get_field("mentor_success_criteria").formfield(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=MENTOR_SUCCESS_HINT,
    )
    mentee_success_criteria = Agreement._meta.get_field("mentee_success_criteria").formfield(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=MENTEE_SUCCESS_HINT,
    )
    confidentiality = forms.BooleanField(
        label=_("We commit to confidentiality"),
        help_text=_(
            "Everything sensitive we discuss stays strictly between us. Agree together on any "
            "topics you will not discuss."
        ),
        error_messages={"required": _("Both of you commit to confidentiality.")},
    )
    termination_clause = forms.BooleanField(
        label=_("We know either of us may end the mentoring at any time"),
        help_text=Agreement._meta.get_field("termination_clause").help_text,
        error_messages={"required": _("Both of you acknowledge the termination clause.")},
    )

    def __init__(self, *args, period: tuple[date, date] | None = None, **kwargs):
        """``period``: the first and last day the mentorship allows (its start, 4 months on)."""
        super().__init__(*args, **kwargs)
        self.fields["goal_1"].widget.attrs["placeholder"] = _(
            "For example: build confidence for studies and work in STEM"
        )
        bounded(self.fields["meetings_per_month"], 1, 20)
        bounded(self.fields["meeting_minutes"], 15, 480)
        self.fields["meeting_minutes"].widget.attrs["step"] = 15
        self.fields["end_date"].help_text = _(
            "A mentoring cycle lasts from a few weeks up to %(months)d months after the start."
        ) % {"months": MAX_MONTHS}
        if period is not None:
            first, last = period
            for name in ("start_date", "end_date"):
                self.fields[name].widget.attrs.update(min=first.isoformat(), max=last.isoformat())
            self.fields["start_date"].help_text = _(
                "Your mentorship started on %(date)s: start then or later."
            ) % {"date": date_format(first, "DATE_FORMAT")}
            self.fields["end_date"].help_text = _(
                "A mentoring cycle lasts from a few weeks up to %(months)d months: end on "
                "%(date)s at the latest."
            ) % {"months": MAX_MONTHS, "date": date_format(last, "DATE_FORMAT")}
        self.fields["mentor_success_criteria"].widget.attrs["placeholder"] = _(
            "As a mentor I am successful when…"
        )
        self.fields["mentee_success_criteria"].widget.attrs["placeholder"] = _(
            "As a mentee I am successful when…"
        )
        self.helper = _helper(
            Layout(
                Fieldset(
                    _("Goals (at most 3)"),
                    _hint(GOAL_EXAMPLES),
                    *GOAL_FIELDS,
                ),
                Fieldset(
                    _("Expectations, steps and boundaries"), "expectations", "steps", "boundaries"
                ),
                Fieldset(
                    _("Meetings"),
                    Div(
                        Div("meetings_per_month", css_class="col-sm-6"),
                        Div("meeting_minutes", css_class="col-sm-6"),
                        css_class="row",
                    ),
                    "availability",
                ),
                Fieldset(
                    _("Timeline"),
                    Div(
                        Div("start_date", css_class="col-sm-6"),
                        Div("end_date", css_class="col-sm-6"),
                        css_class="row",
                    ),
                ),
                Fieldset(
                    _("Success criteria"),
                    "mentor_success_criteria",
                    "mentee_success_criteria",
                ),
                Fieldset(_("Commitments"), "confidentiality", "termination_clause"),
            )
        )

    @property
    def goals(self) -> list[str]:
        return [self.cleaned_data.get(name, "") for name in GOAL_FIELDS]

    def agreement_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.fields
            if name not in GOAL_FIELDS and name in self.cleaned_data
        }


class LocalTimesMixin:
    """Reads each date and time of a form in its chosen ``time_zone`` through
    ``cycles.times.local_datetime``: a time the clocks skip is refused next to it, one that
    happens twice (the autumn night) asks which one she means, in its ``fold`` field.
    ``clean`` gives ``times`` (every complete date and time) and ``starts_at`` (the first)."""

    # (date, time, fold) of each time the form asks for: the first is required.
    time_fields = [("date", "time", "fold")]

    def _init_times(self) -> None:
        """Called once the layout is made: a meeting on the autumn night asks which one it is."""
        self.asks_which = set()
        zone = self.initial.get("time_zone")
        if self.is_bound or not zone:
            return
        for day_name, at_name, fold_name in self.time_fields:
            day, at = self.initial.get(day_name), self.initial.get(at_name)
            if day and at and is_ambiguous(local_time(day, at, zone)):
                self._ask_which(fold_name, day, at, zone)

    def clean(self):
        cleaned = super().clean()
        zone = cleaned.get("time_zone")
        times = []
        for day_name, at_name, fold_name in self.time_fields:
            day, at = cleaned.get(day_name), cleaned.get(at_name)
            if day and not at and at_name not in self.errors:
                self.add_error(at_name, _("Choose a time for this date."))
            elif at and not day and day_name not in self.errors:
                self.add_error(day_name, _("Choose a date for this time."))
            elif day and at and zone:
                moment = self._local_time(cleaned, zone, day, at, at_name, fold_name)
                if moment is not None:
                    times.append(moment)
        cleaned["times"] = times
        if times:
            cleaned["starts_at"] = times[0]
        return cleaned

    def _local_time(self, cleaned, zone, day, at, at_name, fold_name):
        fold = cleaned.get(fold_name)
        if fold in ("0", "1"):  # she has answered: show her answer with the time it names
            self._ask_which(fold_name, day, at, zone)
        try:
            return local_datetime(day, at, zone, fold=int(fold) if fold in ("0", "1") else None)
        except ValidationError as error:
            if error.code == AMBIGUOUS:
                self._ask_which(fold_name, day, at, zone)
                self.add_error(fold_name, error)
            else:
                self.add_error(at_name, error)
        return None

    def _ask_which(self, fold_name: str, day, at, zone) -> None:
        """Show the question "which 02:30?" with its two answers."""
        self.fields[fold_name].choices = fold_choices(day, at, zone)
        label = _("Which %(time)s do you mean?") % {"time": time_format(at, "TIME_FORMAT")}
        self.fields[fold_name].label = label
        self[fold_name].label = label  # the bound field, made while cleaning, copied the old one
        if fold_name not in self.asks_which:
            self.asks_which.add(fold_name)
            self._place_fold(fold_name)

    def _place_fold(self, fold_name: str) -> None:
        raise NotImplementedError


def _fold_field() -> forms.ChoiceField:
    """Asked only when the time happens twice that night (the clocks are turned back)."""
    return forms.ChoiceField(
        label=_("Which one do you mean?"),
        choices=[("0", _("the first")), ("1", _("the second"))],
        widget=forms.RadioSelect,
        required=False,
    )


class MeetingForm(LocalTimesMixin, forms.Form):
    """When, how long, where and what about. ``clean`` turns the date and time, read in the
    chosen time zone, into the aware ``starts_at`` the service stores."""

    date = _date_field(_("Date"))
    time = forms.TimeField(label=_("Time"), widget=TimeInput)
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        widget=FastSelect,
        help_text=_(
            "The time zone of the date and time above. Each of you sees the time in her own."
        ),
    )
    fold = _fold_field()
    duration_minutes = forms.IntegerField(label=_("Length (minutes)"), initial=60)
    location = forms.CharField(
        label=_("Place or link"),
        max_length=500,
        help_text=Meeting._meta.get_field("location").help_text,
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, role: str = "mentee", **kwargs):
        super().__init__(*args, **kwargs)
        if role == "mentee":
            self.fields["agenda"].help_text = _(
                "In the program you set the agenda: what would you like to talk about?"
            )
        else:
            self.fields["agenda"].help_text = _(
                "In the program the mentee sets the agenda; add what you would like to "
                "talk about too."
            )
        bounded(self.fields["duration_minutes"], 15, 480)
        self.fields["duration_minutes"].widget.attrs["step"] = 15
        self.fields["location"].widget.attrs["placeholder"] = _(
            "For example: https://meet.example.org/… or the library café"
        )
        self.helper = _helper(
            Layout(
                Div(
                    Div("date", css_class="col-sm-6 col-md-4"),
                    Div("time", css_class="col-sm-6 col-md-3"),
                    Div("duration_minutes", css_class="col-sm-6 col-md-5 col-lg-3"),
                    css_class="row",
                ),
                Div(Div("time_zone", css_class="col-md-7"), css_class="row"),
                "location",
                "agenda",
            )
        )
        self._init_times()

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict:
        """The form's values for an existing meeting, in the meeting's own time zone."""
        local = meeting.starts_at.astimezone(zoneinfo.ZoneInfo(meeting.time_zone))
        return {
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "fold": str(local.fold),
            "time_zone": meeting.time_zone,
            "duration_minutes": meeting.duration_minutes,
            "location": meeting.location,
            "agenda": meeting.agenda,
        }

    def _place_fold(self, fold_name: str) -> None:
        """The question "which 02:30?" goes below the time zone."""
        self.helper.layout.insert(2, Div(Div(fold_name, css_class="col-12"), css_class="row"))

    def meeting_data(self) -> dict:
        names = ["starts_at", "time_zone", "duration_minutes", "location", "agenda"]
        return {name: self.cleaned_data[name] for name in names}


class MeetingRecordForm(forms.Form):
    """What the pair writes down together: shared notes and tasks for the next meeting."""

    notes = forms.CharField(
        label=_("Shared notes"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("You both see and can edit these notes."),
    )
    tasks_next_time = forms.CharField(
        label=_("Tasks for next time"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What each of you will do before the next meeting."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Layout("notes", "tasks_next_time"))


# --- proposals: one to three times -----------------------------------------------------------

OPTION_FIELDS = [
    ("date", "time", "fold"),
    ("date_2", "time_2", "fold_2"),
    ("date_3", "time_3", "fold_3"),
]


def _optional_date(label):
    field = _date_field(label)
    field.required = False
    return field


def _optional_time(label):
    return forms.TimeField(label=label, widget=TimeInput, required=False)


def _option_layout() -> list:
    """Each time offered in a fieldset of its own: its date and its time side by side."""
    legends = [_("First choice"), _("Second choice (optional)"), _("Third choice (optional)")]
    return [
        Fieldset(
            legend,
            Div(
                Div(day, css_class="col-7 col-sm-6 col-md-4"),
                Div(at, css_class="col-5 col-sm-4 col-md-3"),
                css_class="row",
            ),
            css_class="meeting-option",
        )
        for legend, (day, at, _fold) in zip(legends, OPTION_FIELDS, strict=True)
    ]


class OptionsMixin:
    """One to three times, each in its fieldset; "which 02:30?" is asked in the time's own."""

    time_fields = OPTION_FIELDS

    def _place_fold(self, fold_name: str) -> None:
        position = [fold for _day, _at, fold in OPTION_FIELDS].index(fold_name)
        self.helper.layout[position].fields.append(
            Div(Div(fold_name, css_class="col-12"), css_class="row")
        )


class ProposalForm(OptionsMixin, MeetingForm):
    """A proposed meeting: one to three times, with its length, place and agenda."""

    date_2 = _optional_date(_("Second date"))
    time_2 = _optional_time(_("Second time"))
    fold_2 = _fold_field()
    date_3 = _optional_date(_("Third date"))
    time_3 = _optional_time(_("Third time"))
    fold_3 = _fold_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Layout(
                *_option_layout(),
                Div(
                    Div("time_zone", css_class="col-md-7"),
                    Div("duration_minutes", css_class="col-sm-6 col-md-5"),
                    css_class="row",
                ),
                "location",
                "agenda",
            )
        )
        self._init_times()

    def meeting_data(self) -> dict:
        return {**super().meeting_data(), "times": self.cleaned_data["times"]}


class CounterProposalForm(OptionsMixin, LocalTimesMixin, forms.Form):
    """None of the proposed times works: one to three other times."""

    date = _date_field(_("Date"))
    time = forms.TimeField(label=_("Time"), widget=TimeInput)
    fold = _fold_field()
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        widget=FastSelect,
        help_text=_("The time zone of the dates and times above."),
    )
    date_2 = _optional_date(_("Second date"))
    time_2 = _optional_time(_("Second time"))
    fold_2 = _fold_field()
    date_3 = _optional_date(_("Third date"))
    time_3 = _optional_time(_("Third time"))
    fold_3 = _fold_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Layout(*_option_layout(), "time_zone"))
        self._init_times()


class MeetingChangeForm(MeetingForm):
    """An agreed meeting's new time, place or agenda, with a note for the partner."""

    note = forms.CharField(
        label=_("A short note for your partner"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "She sees it with the change. For example: “A lecture moved, can we start later?”"
        ),
        error_messages={"required": _("Write a short note: what changed, and why?")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout.append("note")


class CancelForm(forms.Form):
    """Why an agreed meeting is cancelled (required), or why a proposal is withdrawn
    (optional): the partner reads it."""

    note = forms.CharField(
        label=_("A short note for your partner"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("She sees it in the email about the cancellation."),
        error_messages={"required": _("Write a short note: why is the meeting cancelled?")},
    )

    def __init__(self, *args, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = required
        if not required:
            self.fields["note"].label = _("A short note for your partner (optional)")
        self.helper = _helper(Layout("note"))


class AcceptForm(forms.Form):
    """Which of the proposed times she accepts."""

    option = forms.TypedChoiceField(
        label=_("The time that suits you"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the proposed times.")},
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"].choices = choices
