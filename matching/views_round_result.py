"""A participant's result in a published match round: a mentee's mentor and why, or, without
one, why not and the mentors who still have places; a mentor's new mentees and why. Only
the round's participants see it, and only once it is published (404 otherwise)."""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from cycles.selectors import active_traditional_subquery

from . import selectors
from .rounds import eligibility, explain
from .rounds.models import MatchRound, RoundChoice, RoundOutcome

MENTORS_PER_PAGE = 12


@dataclass(frozen=True)
class NewMentee:
    outcome: RoundOutcome
    reasons: list[str]


def _free_mentors(request, round_: MatchRound) -> dict:
    """The mentors she may still ask (the round's rules for her, a free place now), best match
    first, one page of directory cards."""
    basis = selectors.match_basis(request.profile)
    free = eligibility.rankable(round_, request.user).filter(
        offers_traditional=True, capacity__gt=active_traditional_subquery("mentor")
    )
    ordered = selectors.by_match(free, basis)
    page = selectors.directory_page(ordered, request.GET.get("page"), MENTORS_PER_PAGE)
    return {"page": page, "cards": selectors.mentor_cards(page.object_list, basis)}


def round_result(request, public_id):
    round_ = get_object_or_404(MatchRound, public_id=public_id, published_at__isnull=False)
    published = RoundOutcome.objects.filter(draft_id=round_.published_draft_id)
    outcome = (
        published.filter(mentee=request.user)
        .select_related("mentor__profile", "mentor__presentation", "mentorship")
        .first()
    )
    as_mentor = list(
        published.filter(mentor=request.user, mentorship__isnull=False)
        .select_related("mentee__profile", "mentorship")
        .order_by("mentor_rank", "pk")
    )
    ranked_her = RoundChoice.objects.filter(round=round_, mentor=request.user).exists()
    if outcome is None and not as_mentor and not ranked_her:
        raise Http404
    context = {"round": round_, "outcome": outcome}
    if outcome is not None:
        context["matched"] = outcome.mentorship_id is not None
        context["reasons"] = (
            explain.matched_reasons(outcome, reader=explain.MENTEE) if context["matched"] else []
        )
        context["missed"] = explain.missed_reasons(outcome)
        if not context["matched"]:
            context.update(_free_mentors(request, round_))
    else:
        context["mentees"] = [
            NewMentee(outcome=o, reasons=explain.matched_reasons(o, reader=explain.MENTOR))
            for o in as_mentor
        ]
    context["visible_mentor"] = bool(
        outcome
        and outcome.mentor_id
        and selectors.directory(viewer=request.profile).filter(mentor_id=outcome.mentor_id).exists()
    )
    return render(request, "matching/rounds/result.html", context)
