"""What matching counts for the program report's funnel, which ``evaluations`` draws (a
sibling: the figures go through ``core.figures``): mentor presentations, requests sent,
requests accepted. ``scope`` is the report's ``FunnelScope``: its filters as conditions."""

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.figures import Figure, register_figures

from .models import ConnectionRequest, MentorPresentation


def funnel_figures(scope) -> list[Figure]:
    """Presentations published (and approved, where approval is required) in the period, of
    mentors of the country and field offering the style; requests sent and accepted in the
    period, by mentees of the country and field, for the style (2 queries)."""
    presentations = MentorPresentation.objects.filter(published_at__isnull=False)
    if settings.MATCHING_PRESENTATION_APPROVAL_REQUIRED:
        presentations = presentations.filter(approved_at__isnull=False)
    presentation_count = (
        presentations.filter(scope.period("published_at"))
        .filter(scope.offers_style("offers_traditional", "offers_flash"))
        .filter(scope.person("mentor"))
        .count()
    )
    requests = (
        ConnectionRequest.objects.filter(scope.style_is("style"))
        .filter(scope.person("mentee"))
        .aggregate(
            sent=scope.count(scope.period("created_at")),
            accepted=scope.count(
                Q(status=ConnectionRequest.Status.ACCEPTED) & scope.period("responded_at")
            ),
        )
    )
    return [
        Figure("presentations", _("Mentor presentations"), presentation_count),
        # Mentees send requests to presentations: not a share of them.
        Figure("requests", _("Requests sent"), requests["sent"], part_of_previous=False),
        Figure("accepted", _("Requests accepted"), requests["accepted"]),
    ]


register_figures(report="evaluations.funnel", name="matching", count=funnel_figures)
