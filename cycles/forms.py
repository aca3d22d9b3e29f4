"""Forms of the pair's workspace: goals, the conversation, the checklist and ending.

The agreement and meeting forms live in ``cycles/forms_agreement.py``.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .content import GOAL_EXAMPLES
from .models import MAX_GOALS, ExitAnswer, Goal


class GoalForm(forms.Form):
    title = forms.CharField(
        label=_("Goal"),
        max_length=200,
        help_text=GOAL_EXAMPLES,
        error_messages={"required": _("Write the goal in a few words.")},
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: what reaching this goal would look like."),
    )


class GoalEditForm(GoalForm):
    status = forms.ChoiceField(label=_("Status"), choices=Goal.Status.choices)
    progress_note = forms.CharField(
        label=_("Progress notes"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What has happened so far, and what is the next step?"),
    )

    def __init__(self, *args, may_reopen: bool = True, **kwargs):
        """``may_reopen`` false: a dropped goal while the others are at the most
        (``services.update_goal`` refuses to take it up again); it offers "Dropped" only."""
        super().__init__(*args, **kwargs)
        self.fields["title"].help_text = ""
        if not may_reopen:
            self.fields["status"].choices = [(Goal.Status.DROPPED, Goal.Status.DROPPED.label)]
            self.fields["status"].help_text = _(
                "You have %(max)d other goals, the most at a time: this one stays dropped "
                "unless you drop another."
            ) % {"max": MAX_GOALS}


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a message first.")},
    )


class TickForm(forms.Form):
    item = forms.CharField(max_length=40)
    done = forms.BooleanField(required=False)


class ExitForm(forms.Form):
    """The short exit question (issue 22): why she closes the mentorship, and whether she
    would join again. Her answer is for the program staff, never for her partner."""

    why = forms.ChoiceField(
        label=_("Why are you closing the mentorship?"),
        choices=ExitAnswer.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the reason closest to yours.")},
    )
    other_text = forms.CharField(
        label=_("In your own words"),
        required=False,
        max_length=300,
        help_text=_("Needed when you choose “Something else”."),
    )
    would_join_again = forms.ChoiceField(
        label=_("Would you join the program again?"),
        choices=ExitAnswer.Again.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes, maybe or no.")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("why") == ExitAnswer.Reason.OTHER and not cleaned.get("other_text"):
            self.add_error("other_text", _("Tell us in a few words what it was."))
        return cleaned

    def answer(self) -> dict | None:
        """What ``services.record_exit_answer`` takes, or None when she left it empty."""
        if not self.cleaned_data.get("why"):
            return None
        return {
            "reason": self.cleaned_data["why"],
            "other_text": self.cleaned_data["other_text"].strip(),
            "would_join_again": self.cleaned_data["would_join_again"],
        }


class EndForm(ExitForm):
    reason = forms.CharField(
        label=_("A few words for your partner (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example: “My studies take all my time this term. Thank you for the sessions "
            "we had.” She will see this; the program staff can read it too."
        ),
    )
    field_order = ["reason", "why", "other_text", "would_join_again"]

    def __init__(self, *args, **kwargs):
        """Ending stays one step: the exit question is optional here, answered whole or not
        at all."""
        super().__init__(*args, **kwargs)
        self.fields["why"].required = False
        self.fields["would_join_again"].required = False
        self.fields["why"].label = _("Why are you ending it? (optional, only the staff read it)")
        self.fields["would_join_again"].label = _("Would you join the program again? (optional)")

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("why")) != bool(cleaned.get("would_join_again")):
            missing = "would_join_again" if cleaned.get("why") else "why"
            self.add_error(missing, _("Answer both questions, or leave both empty."))
        return cleaned
