from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CheckedModelMultipleChoiceField, bounded
from cycles import selectors as cycle_selectors
from cycles.models import Style
from profiles.forms import SpokenLanguagesField
from profiles.models import ExpertiseArea

from .models import MentorPresentation


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
