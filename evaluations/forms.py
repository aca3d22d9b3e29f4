"""The participants' forms: a reflection on a session and the final evaluation."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import (
    FINAL_EVALUATION_ANSWERS,
    FINAL_EVALUATION_TEXTS,
    REFLECTION_RATINGS,
    FinalEvaluation,
    SessionEvaluation,
)


def _helper(layout: Layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the page's <form> has its own token
    helper.layout = layout
    return helper


def _scale(name: str) -> Div:
    return Div(InlineRadios(name), css_class="rating-scale")


def _radios(form: forms.ModelForm, names) -> None:
    """Ratings as five radio buttons, without Django's empty "---------" choice."""
    for name in names:
        field = form.fields[name]
        field.widget = forms.RadioSelect(choices=[c for c in field.choices if c[0] != ""])
        field.choices = field.widget.choices
        field.error_messages["required"] = _("Choose a number from 1 to 5.")


class ReflectionForm(forms.ModelForm):
    class Meta:
        model = SessionEvaluation
        fields = [*REFLECTION_RATINGS, "reflection"]
        widgets = {"reflection": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _radios(self, REFLECTION_RATINGS)
        self.helper = _helper(Layout(*(_scale(name) for name in REFLECTION_RATINGS), "reflection"))


class FinalEvaluationForm(forms.ModelForm):
    class Meta:
        model = FinalEvaluation
        fields = FINAL_EVALUATION_ANSWERS
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in FINAL_EVALUATION_TEXTS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _radios(self, ("quality_rating", "effectiveness_rating"))
        sessions = self.fields["sessions"]
        sessions.max_value = 200
        sessions.widget.attrs.update({"min": 0, "max": 200})
        for name in ("strengths", "application", "stem_impact"):
            self.fields[name].error_messages["required"] = _("Write a few words here.")
        self.helper = _helper(
            Layout(
                Fieldset(
                    _("Your goals"),
                    HTML(
                        format_html(
                            '<p class="form-text mt-0">{}</p>',
                            _(
                                "Filled in from your agreement's goals: the goals you reached "
                                "are under met, the others under not met. You can change "
                                "anything."
                            ),
                        )
                    ),
                    "goals_met",
                    "goals_not_met",
                ),
                Fieldset(
                    _("What you learned"),
                    "strengths",
                    "application",
                    "biases",
                    "stem_impact",
                ),
                Fieldset(
                    _("The mentoring"),
                    _scale("quality_rating"),
                    _scale("effectiveness_rating"),
                    "sessions",
                ),
            )
        )
