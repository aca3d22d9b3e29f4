"""The evaluations' cards on the pair's pages, which belong to ``cycles`` (below this app):
the final evaluation on the mentorship page, the private reflection on a meeting's page."""

from django.utils import timezone

from core.panels import register_panel

from . import selectors


def final_evaluation_card(request, context):
    """Nothing before the cycle's end; then a call to fill it in, or thanks once sent."""
    mentorship = context["mentorship"]
    is_open = selectors.final_evaluation_is_open(mentorship)
    return "evaluations/_final_evaluation_card.html", {
        "mentorship": mentorship,
        "evaluation": selectors.own_final_evaluation(mentorship, request.user) if is_open else None,
        "is_open": is_open,
    }


def reflection_card(request, context):
    """Once an agreed meeting has started, an invitation to reflect on it (a meeting logged
    afterwards once the partner has confirmed it: ``services.submit_reflection``'s rule)."""
    meeting = context["meeting"]
    is_open = meeting.is_confirmed and meeting.starts_at <= timezone.now()
    return "evaluations/_reflection_card.html", {
        "meeting": meeting,
        "is_open": is_open,
        "reflection": selectors.own_reflection(meeting, request.user) if is_open else None,
    }


register_panel(
    page="cycles.mentorship_detail",
    slot="side-top",
    name="evaluations.final_evaluation",
    render=final_evaluation_card,
)
register_panel(
    page="cycles.meeting_detail",
    slot="after-actions",
    name="evaluations.reflection",
    render=reflection_card,
)
