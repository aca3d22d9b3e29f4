"""A draft of a round's matching for staff to review: the round's preferences read at once,
solved, checked apart from the solver, each outcome's reasons, and the figures staff read
(``RoundDraft.figures``, whose shape the staff pages and the reports rely on).

A draft changes nothing for the participants; only publishing one does
(``matching.rounds.publication``)."""

import time
from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from . import preferences
from .models import MatchRound, RoundDraft, RoundOutcome, Stage
from .solver import solve
from .stability import blocking_pairs, broken_rules


class Why:
    """Why a mentee did not get a mentor she ranked above the one she got (``reasons``'
    ``missed``; ``matching.rounds.explain`` words them)."""

    PREFERRED_OTHERS = "preferred_others"
    NOT_A_FIT = "not_a_fit"
    NO_PLACES = "no_places"
    EXCLUDED = "excluded"
    NOT_ALLOWED = "not_allowed"


FAIRNESS_DIMENSIONS = ("country", "field", "language")


def _changes(capacity_changes) -> dict[int, int]:
    try:
        changes = {int(mentor): int(capacity) for mentor, capacity in capacity_changes.items()}
    except (TypeError, ValueError, AttributeError):
        raise ValidationError(_("A capacity must be a whole number.")) from None
    if any(capacity < 0 for capacity in changes.values()):
        raise ValidationError(_("A capacity cannot be below 0."))
    return changes


def _pairs(excluded_pairs) -> set[tuple[int, int]]:
    try:
        return {(int(mentee), int(mentor)) for mentee, mentor in excluded_pairs}
    except (TypeError, ValueError):
        raise ValidationError(_("An excluded pair names a mentee and a mentor.")) from None


def _why(prefs: preferences.Preferences, mentee: int, mentor: int) -> str:
    pair = (mentee, mentor)
    if pair in prefs.not_allowed:
        return Why.NOT_ALLOWED
    if pair in prefs.excluded:
        return Why.EXCLUDED
    if pair in prefs.not_a_fit:
        return Why.NOT_A_FIT
    if prefs.capacities.get(mentor, 0) <= 0:
        return Why.NO_PLACES
    return Why.PREFERRED_OTHERS


def _reasons(prefs: preferences.Preferences, mentee: int, mentor: int | None) -> dict:
    """The ids and codes of ``RoundOutcome.reasons`` (the plan's schema)."""
    reasons: dict = {}
    if mentor is not None:
        common = prefs.shared(mentee, mentor)
        reasons = {
            "fields": common.fields,
            "languages": common.languages,
            "goals": common.goals,
            "same_country": common.same_country,
        }
    missed = []
    for other in prefs.ranked[mentee]:
        if other == mentor:
            break
        missed.append(
            {
                "mentor": other,
                "why": _why(prefs, mentee, other),
                "places": prefs.capacities.get(other, 0),
            }
        )
    reasons["missed"] = missed
    return reasons


def _fairness(prefs: preferences.Preferences, got: dict[int, int]) -> dict[str, list[dict]]:
    """Share matched and average rank obtained by the mentees' country, fields and languages;
    a group of fewer than ``REPORTS_MIN_ANSWERS`` people is suppressed (no figures)."""
    groups: dict[str, dict] = {dimension: {} for dimension in FAIRNESS_DIMENSIONS}
    for mentee in prefs.ranked:
        basis = prefs.bases.get(mentee)
        if basis is None:
            continue
        keys = {
            "country": [basis.country] if basis.country else [],
            "field": sorted(basis.expertise_ids),
            "language": sorted(basis.language_ids),
        }
        for dimension, values in keys.items():
            for key in values:
                groups[dimension].setdefault(key, []).append(mentee)
    fairness = {}
    for dimension, by_key in groups.items():
        rows = []
        for key in sorted(by_key, key=str):
            members = by_key[key]
            ranks = [got[mentee] for mentee in members if mentee in got]
            suppressed = len(members) < settings.REPORTS_MIN_ANSWERS
            rows.append(
                {
                    "key": key,
                    "people": len(members),
                    "suppressed": suppressed,
                    "matched_share": None if suppressed else round(len(ranks) / len(members), 3),
                    "average_rank": (
                        None if suppressed or not ranks else round(sum(ranks) / len(ranks), 2)
                    ),
                }
            )
        fairness[dimension] = rows
    return fairness


def _seconds(start: float, end: float) -> float:
    return round(end - start, 3)


@transaction.atomic
def make_draft(
    *,
    round: MatchRound,  # noqa: A002 - the name the callers use
    by,
    capacity_changes: dict | None = None,
    excluded_pairs: list | None = None,
    based_on: RoundDraft | None = None,
) -> RoundDraft:
    """Solve ``round`` as it stands, with what-if ``capacity_changes`` ({mentor id: capacity})
    and ``excluded_pairs`` ([[mentee id, mentor id], …]), and keep the result as its next
    draft. Only after rankings close and before publication; the round's row is locked, so
    two drafts made at once get their own numbers."""
    locked = MatchRound.objects.select_for_update().get(pk=round.pk)
    if locked.stage() != Stage.REVIEW:
        raise ValidationError(
            _("A draft can be made only after rankings close and before the round is published.")
        )
    if based_on is not None and based_on.round_id != locked.pk:
        raise ValidationError(_("Compare with a draft of the same round."))
    changes = _changes(capacity_changes or {})
    excluded = _pairs(excluded_pairs or [])

    started = time.perf_counter()
    prefs = preferences.read(locked, capacity_changes=changes, excluded_pairs=excluded)
    read_at = time.perf_counter()
    matching = solve(
        mentee_prefs=prefs.mentee_prefs,
        mentor_prefs=prefs.mentor_prefs,
        capacities=prefs.capacities,
    )
    solved_at = time.perf_counter()
    inputs = {
        "matching": matching,
        "mentee_prefs": prefs.mentee_prefs,
        "mentor_prefs": prefs.mentor_prefs,
        "capacities": prefs.capacities,
    }
    blocking = blocking_pairs(**inputs)
    broken = broken_rules(**inputs)
    checked_at = time.perf_counter()

    mentor_places = {
        mentor: {mentee: place for place, mentee in enumerate(listed, start=1)}
        for mentor, listed in prefs.mentor_prefs.items()
    }
    got = {mentee: prefs.ranks[(mentee, mentor)] for mentee, mentor in matching.items()}
    outcomes = []
    for mentee in prefs.ranked:
        mentor = matching.get(mentee)
        outcomes.append(
            RoundOutcome(
                mentee_id=mentee,
                mentor_id=mentor,
                mentee_rank=got.get(mentee),
                mentor_rank=mentor_places[mentor][mentee] if mentor is not None else None,
                reasons=_reasons(prefs, mentee, mentor),
            )
        )
    fairness = _fairness(prefs, got)
    explained_at = time.perf_counter()

    by_rank = Counter(got.values())
    highest = max([settings.MATCHING_ROUND_MAX_CHOICES, *by_rank])
    places = sum(prefs.capacities.values())
    figures = {
        "mentees": len(prefs.ranked),
        "matched": len(matching),
        "unmatched": len(prefs.ranked) - len(matching),
        "by_choice": {str(rank): by_rank.get(rank, 0) for rank in range(1, highest + 1)},
        "mentors": len(prefs.capacities),
        "places": places,
        "places_left": places - len(matching),
        "blocking_pairs": len(blocking),
        "broken_rules": len(broken),
        "fairness": fairness,
        "seconds": {
            "read": _seconds(started, read_at),
            "solve": _seconds(read_at, solved_at),
            "check": _seconds(solved_at, checked_at),
            "explain": _seconds(checked_at, explained_at),
        },
    }
    number = (locked.drafts.aggregate(last=Max("number"))["last"] or 0) + 1
    draft = RoundDraft(
        round=locked,
        number=number,
        based_on=based_on,
        capacity_changes={str(mentor): capacity for mentor, capacity in sorted(changes.items())},
        excluded_pairs=[list(pair) for pair in sorted(excluded)],
        figures=figures,
        created_by=by,
    )
    draft.full_clean()
    draft.save()
    for outcome in outcomes:
        outcome.draft = draft
    RoundOutcome.objects.bulk_create(outcomes, batch_size=2000)
    return draft
