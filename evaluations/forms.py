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


# The model's questions are the mentee's (SPEC §10: "the impact on my study/work intentions");
# the mentor answers the same fields about her side: what she learned as a mentor, and what she
# saw of her mentee's goals and intentions. (label, help text or None to keep the model's)
MENTOR_QUESTIONS = {
    "goals_met": (
        _("Which of your mentee's goals were met?"),
        _("One goal a line, and what helped your mentee reach it."),
    ),
    "goals_not_met": (_("Which of your mentee's goals were not met, and why not?"), None),
    "strengths": (
        _("What have you learned about your strengths and challenges as a mentor, also in STEM?"),
        None,
    ),
    "application": (
        _("How will you apply what you have learned, as a mentor and in your work?"),
        None,
    ),
    "biases": (
        _("Which biases in STEM did you and your mentee identify, and how can they be addressed?"),
        None,
    ),
    "stem_impact": (
        _(
            "What impact did the mentoring have on your mentee's intentions for study or work "
            "in STEM, as far as you can tell?"
        ),
        None,
    ),
    "effectiveness_rating": (_("How effective was the mentoring for your mentee?"), None),
}


def final_evaluation_questions(role: str) -> dict[str, str]:
    """The question of each answer for the mentor or the mentee, as her form asked it."""
    questions = {
        name: FinalEvaluation._meta.get_field(name).verbose_name
        for name in FINAL_EVALUATION_ANSWERS
    }
    if role == "mentor":
        questions.update({name: label for name, (label, _help) in MENTOR_QUESTIONS.items()})
    return questions


class FinalEvaluationForm(forms.ModelForm):
    """The final evaluation, in the mentee's questions or, with ``role="mentor"``, the
    mentor's."""

    class Meta:
        model = FinalEvaluation
        fields = FINAL_EVALUATION_ANSWERS
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in FINAL_EVALUATION_TEXTS}

    def __init__(self, *args, role: str = "mentee", **kwargs):
        super().__init__(*args, **kwargs)
        if role == "mentor":
            for name, (label, help_text) in MENTOR_QUESTIONS.items():
                self.fields[name].label = label
                if help_text is not None:
                    self.fields[name].help_text = help_text
        _radios(self, ("quality_rating", "effectiveness_rating"))
        sessions = self.fields["sessions"]
        sessions.max_value = 200
        sessions.widget.attrs.update({"min": 0, "max": 200})
        for name in ("strengths", "application", "stem_impact"):
            self.fields[name].error_messages["required"] = _("Write a few words here.")
        self.helper = _helper(
            Layout(
                Fieldset(
                    _("Your mentee's goals") if role == "mentor" else _("Your goals"),
                    HTML(
                        format_html(
                            '<p class="form-text mt-0">{}</p>',
                            _(
                                "Filled in from your agreement's goals: the goals your mentee "
                                "reached are under met, the others under not met. You can "
                                "change anything."
                            )
                            if role == "mentor"
                            else _(
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
