"""The evaluations' cards on the pair's pages: the final evaluation on the mentorship page,
the private reflection on a meeting's page."""

from django import template
from django.utils import timezone

from evaluations import selectors

register = template.Library()


@register.inclusion_tag("evaluations/_final_evaluation_card.html")
def final_evaluation_card(mentorship, user):
    """Nothing before the cycle's end; then a call to fill it in, or thanks once sent."""
    is_open = selectors.final_evaluation_is_open(mentorship)
    return {
        "mentorship": mentorship,
        "evaluation": selectors.own_final_evaluation(mentorship, user) if is_open else None,
        "is_open": is_open,
    }


@register.inclusion_tag("evaluations/_reflection_card.html")
def reflection_card(meeting, user):
    """Once a meeting has started (and was not cancelled), an invitation to reflect on it."""
    is_open = not meeting.is_cancelled and meeting.starts_at <= timezone.now()
    return {
        "meeting": meeting,
        "is_open": is_open,
        "reflection": selectors.own_reflection(meeting, user) if is_open else None,
    }
