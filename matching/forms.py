from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CheckedModelMultipleChoiceField, bounded
from core.widgets import FastSelect
from cycles import selectors as cycle_selectors
from cycles.models import Style
from profiles.forms import SpokenLanguagesField
from profiles.models import ExpertiseArea, time_zone_choices

from .models import MentorPresentation


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class PresentationForm(forms.ModelForm):
    expertise = CheckedModelMultipleChoiceField(
        label=_("Fields of expertise"),
        queryset=ExpertiseArea.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one field.")},
    )
    languages = SpokenLanguagesField(label=_("Languages you can mentor in"))

    class Meta:
        model = MentorPresentation
        fields = [
            "headline",
            "introduction",
            "expertise",
            "expertise_details",
            "offer",
            "offers_traditional",
            "offers_flash",
            "languages",
            "capacity",
            "accepting_requests",
        ]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 5}),
            "expertise_details": forms.Textarea(attrs={"rows": 3}),
            "offer": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "introduction": _("Who you are, your path in STEM, and what kind of mentor you are."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Checked here so the mentor reads one plain message, not the database constraint's.
        bounded(self.fields["capacity"], 1, 10)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's <form> has its own token
        self.helper.layout = Layout(
            Fieldset(_("Your presentation"), "headline", "introduction"),
            Fieldset(
                _("Expertise"),
                Div("expertise", css_class="checkbox-columns"),
                "expertise_details",
                "offer",
            ),
            Fieldset(
                _("How you mentor"),
                "offers_traditional",
                "offers_flash",
                Div("languages", css_class="checkbox-columns checkbox-many"),
                "capacity",
                "accepting_requests",
            ),
        )

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("offers_traditional") or cleaned.get("offers_flash")):
            self.add_error("offers_traditional", _("Offer at least one mentoring style."))
        return cleaned


class RequestForm(forms.Form):
    style = forms.ChoiceField(
        label=_("What kind of mentoring are you asking for?"),
        choices=Style.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose traditional or flash mentoring.")},
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Introduce yourself: what you study or work with, what you hope to get from "
            "the mentoring and, for flash mentoring, the topic."
        ),
        error_messages={
            "required": _(
                "Write a few words about yourself and what you hope to get from the mentoring."
            )
        },
    )

    def __init__(self, *args, presentation: MentorPresentation, mentee=None, **kwargs):
        """Only the styles she can ask this mentor for: ``services.send_request`` refuses
        traditional mentoring to a mentee who has a traditional mentorship, and when the mentor
        has no free place (``presentation.free_places``, from ``selectors.with_card_data``).
        ``note`` says why traditional mentoring is not offered; ``can_send`` is false when no
        style is left, and the page says so instead of showing the form."""
        super().__init__(*args, **kwargs)
        name = presentation.mentor.profile.display_name
        has_traditional = mentee is not None and cycle_selectors.has_active_traditional(
            mentee=mentee
        )
        full = getattr(presentation, "free_places", 1) <= 0
        self.note = ""
        choices = []
        if presentation.offers_traditional:
            if has_traditional:
                self.note = (
                    _(
                        "You already have a traditional mentorship. You can still ask for "
                        "flash mentoring."
                    )
                    if presentation.offers_flash
                    else _(
                        "You already have a traditional mentorship, and %(name)s offers "
                        "traditional mentoring only."
                    )
                    % {"name": name}
                )
            elif full:
                self.note = _("%(name)s has no free place for traditional mentoring right now.") % {
                    "name": name
                }
            else:
                choices.append(
                    (
                        Style.TRADITIONAL,
                        _("Traditional mentoring — a few weeks up to 4 months, with an agreement"),
                    )
                )
        if presentation.offers_flash:
            choices.append((Style.FLASH, _("Flash mentoring — one session on a specific topic")))
        self.fields["style"].choices = choices
        self.fields["style"].help_text = self.note
        self.can_send = bool(choices)
        if len(choices) == 1:
            self.fields["style"].initial = choices[0][0]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("A few kind words (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example: “My calendar is full this term, but I wish you all the best "
            "— another mentor in your field may be a great match.” She will see this."
        ),
    )


# --- bookable flash sessions ---------------------------------------------------------------


class FlashSlotForm(forms.Form):
    """A time she offers: a date and a time in her time zone, once or every week until a
    date. The service builds the time (refusing one the clocks skip) and checks the rules."""

    day = forms.DateField(label=_("Date"), widget=DateInput)
    time = forms.TimeField(label=_("Time"), widget=TimeInput)
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        widget=FastSelect,
        help_text=_("Mentees see the time in their own time zone."),
    )
    duration_minutes = forms.IntegerField(label=_("Length (minutes)"), initial=45)
    location = forms.CharField(
        label=_("Place or link"),
        max_length=500,
        help_text=_("A video-call link, a Discord channel, or a place to meet."),
    )
    weekly = forms.BooleanField(label=_("Repeat every week"), required=False)
    weekly_until = forms.DateField(
        label=_("Repeat until"),
        required=False,
        widget=DateInput,
        help_text=_("The last date of the weekly time."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bounded(self.fields["duration_minutes"], 15, 240)
        self.fields["duration_minutes"].widget.attrs["step"] = 15
        self.fields["location"].widget.attrs["placeholder"] = _(
            "For example: https://meet.example.org/…"
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Div(
                Div("day", css_class="col-sm-6 col-md-4"),
                Div("time", css_class="col-sm-6 col-md-3"),
                Div("duration_minutes", css_class="col-sm-6 col-md-5"),
                css_class="row",
            ),
            Div(Div("time_zone", css_class="col-md-7"), css_class="row"),
            "location",
            "weekly",
            Div(Div("weekly_until", css_class="col-sm-6"), css_class="row"),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("weekly") and not cleaned.get("weekly_until"):
            self.add_error("weekly_until", _("Choose the last date of the weekly time."))
        if not cleaned.get("weekly"):
            cleaned["weekly_until"] = None
        return cleaned


class FlashPerWeekForm(forms.Form):
    per_week = forms.IntegerField(
        label=_("Flash sessions a week, at most"),
        help_text=_("Mentees cannot book more of your times in one week (Monday to Sunday)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bounded(self.fields["per_week"], 1, 20)


class FlashBookingForm(forms.Form):
    question = forms.CharField(
        label=_("Your question"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What would you like to talk about? One topic is best for a flash session. "
            "Your mentor reads it before you meet."
        ),
        error_messages={"required": _("Write the question you would like to talk about.")},
    )


class FlashCancelForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the mentee"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("She reads it in her email and inbox. A kind word and another time help."),
        error_messages={"required": _("Write a few words to the mentee about why you cancel.")},
    )
