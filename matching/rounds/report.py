"""The match rounds on the program report, which ``evaluations`` draws (a sibling: the table
goes in through ``core.panels``, the page's "rounds" place): for each round published in the
period, its mentees, how many were matched, the share who got their first choice and the
average choice obtained.

The report hands its filters over as its scope (``evaluations.reports.FunnelScope``):
country and field narrow the mentees; rounds start traditional mentorships only, so a report
of flash mentoring has none. A figure resting on fewer than ``settings.REPORTS_MIN_ANSWERS``
mentees is not shown (None), as the report does for its other small groups."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, Count, Q

from cycles.models import Style

from .models import MatchRound, RoundOutcome


@dataclass(frozen=True)
class RoundRow:
    name: str
    published_at: object
    mentees: int | None
    matched: int | None
    first_choice: int | None  # percent of the matched
    average_choice: float | None


def _shown(value, people: int, minimum: int):
    return value if people >= minimum else None


def round_rows(scope) -> list[RoundRow]:
    """The rounds published in the scope's period, oldest first (2 queries)."""
    if scope.filters.style and scope.filters.style != Style.TRADITIONAL:
        return []
    rounds = list(
        MatchRound.objects.filter(published_at__isnull=False)
        .filter(scope.period("published_at"))
        .order_by("published_at", "pk")
    )
    if not rounds:
        return []
    matched = Q(mentor__isnull=False)
    figures = {
        row["draft_id"]: row
        for row in RoundOutcome.objects.filter(
            draft_id__in=[round_.published_draft_id for round_ in rounds]
        )
        .filter(scope.person("mentee"))
        .values("draft_id")
        .annotate(
            mentees=Count("pk"),
            matched=Count("pk", filter=matched),
            first=Count("pk", filter=matched & Q(mentee_rank=1)),
            average=Avg("mentee_rank", filter=matched),
        )
        .order_by()
    }
    minimum = settings.REPORTS_MIN_ANSWERS
    rows = []
    for round_ in rounds:
        row = figures.get(round_.published_draft_id, {})
        mentees, count = row.get("mentees", 0), row.get("matched", 0)
        first = round(row["first"] * 100 / count) if count else None
        average = round(float(row["average"]), 1) if row.get("average") is not None else None
        rows.append(
            RoundRow(
                name=round_.name,
                published_at=round_.published_at,
                mentees=_shown(mentees, mentees, minimum),
                matched=_shown(count, mentees, minimum),
                first_choice=_shown(first, count, minimum),
                average_choice=_shown(average, count, minimum),
            )
        )
    return rows


def report_panel(request, context):
    """The report's table of rounds; nothing when no round was published in the period."""
    scope = context.get("scope")
    if scope is None:
        return None
    rows = round_rows(scope)
    if not rows:
        return None
    return "matching/rounds/staff_report.html", {
        "rounds": rows,
        "min_answers": settings.REPORTS_MIN_ANSWERS,
    }
