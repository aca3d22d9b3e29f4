"""The library on the mentorship page (``cycles``, a sibling this app does not import): the
resources for the mentorship's phase."""

from django.utils.translation import get_language

from core.panels import register_panel

from . import selectors
from .models import PHASE_LABELS


def phase_resources(request, context):
    """Up to four published resources for the mentorship's current phase and style, for the
    viewer's role, those in her language first, with a link to the library filtered by that
    phase. One query, and none once the mentorship has ended."""
    mentorship = context["mentorship"]
    resources = []
    if mentorship.is_active:
        resources = selectors.phase_resources(
            phase=mentorship.phase,
            style=mentorship.style,
            role=context["role"],
            language=(get_language() or "en").split("-")[0],
        )
    return "resources/_resource_suggestions.html", {
        "mentorship": mentorship,
        "phase": mentorship.phase,
        "phase_label": PHASE_LABELS[mentorship.phase],
        "resources": resources,
    }


register_panel(
    page="cycles.mentorship_detail",
    slot="side",
    name="resources.phase_resources",
    render=phase_resources,
)
