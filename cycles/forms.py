"""Forms of the pair's workspace: goals, the conversation, the checklist and ending.

The agreement and meeting forms live in ``cycles/forms_agreement.py``.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .content import GOAL_EXAMPLES
from .models import MAX_GOALS, Goal


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


class EndForm(forms.Form):
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
