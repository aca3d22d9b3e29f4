"""A round's preferences as the solver takes them, read for everyone at once: each mentee's
list (her ranking), each mentor's list (the mentees who ranked her, ordered by her) and each
mentor's capacity, with what a draft's what-if changes (capacities, excluded pairs).

The rules of the plan: a pair stands only when the round's rules allow it
(``eligibility.pair_allowed``), the mentor did not mark the mentee "not a fit" and staff did
not exclude it. A mentor's list holds first those she ordered, then her "good fit" ones by
match score, then the unmarked ones by match score (``selectors.MATCH_WEIGHTS``, the
directory's weights); ties go to the earlier choice. Her capacity is her round capacity, or
her free places without one, never above her free places.

A fixed number of queries, whatever the number of people (``read``)."""

from dataclasses import dataclass, field

from cycles.selectors import active_traditional_subquery

from ..selectors import MATCH_WEIGHTS, MatchBasis, match_bases
from . import eligibility
from .models import Fit, MatchRound, RoundChoice, RoundMentor

Pair = tuple[int, int]  # (mentee id, mentor id)


@dataclass(frozen=True)
class MentorSide:
    """What a mentor brings to the match score: her presentation's fields and languages, her
    country and the texts the goal words are looked for in (lower-cased)."""

    expertise_ids: frozenset[int]
    language_ids: frozenset[int]
    country: str
    text: str
    free_places: int


@dataclass(frozen=True)
class Shared:
    """What a mentee and a mentor have in common, and the match score it makes."""

    fields: list[int]
    languages: list[int]
    goals: list[str]
    same_country: bool

    @property
    def score(self) -> int:
        return MATCH_WEIGHTS.score(
            fields=len(self.fields),
            languages=len(self.languages),
            same_country=self.same_country,
            goals=len(self.goals),
        )


def shared(basis: MatchBasis | None, mentor: MentorSide | None) -> Shared:
    """The fields, languages and goal words a mentee of ``basis`` shares with ``mentor``: the
    same traits ``selectors.by_match`` counts (a goal word is found in the offer, the
    introduction or the expertise details, ignoring case)."""
    if basis is None or mentor is None:
        return Shared(fields=[], languages=[], goals=[], same_country=False)
    return Shared(
        fields=sorted(basis.expertise_ids & mentor.expertise_ids),
        languages=sorted(basis.language_ids & mentor.language_ids),
        goals=[word for word in basis.keywords if word in mentor.text],
        same_country=bool(basis.country) and basis.country == mentor.country,
    )


@dataclass
class Preferences:
    """A round read for a draft. ``ranked`` holds the draft's mentees (those still taking part
    who made a choice, allowed or not) and every mentor each ranked, in her order; ``ranks``
    the rank she gave each. ``mentee_prefs``, ``mentor_prefs`` and ``capacities`` are the
    solver's input; the sets say why a pair is missing from them."""

    ranked: dict[int, list[int]] = field(default_factory=dict)
    ranks: dict[Pair, int] = field(default_factory=dict)
    mentee_prefs: dict[int, list[int]] = field(default_factory=dict)
    mentor_prefs: dict[int, list[int]] = field(default_factory=dict)
    capacities: dict[int, int] = field(default_factory=dict)
    not_allowed: set[Pair] = field(default_factory=set)
    excluded: set[Pair] = field(default_factory=set)
    not_a_fit: set[Pair] = field(default_factory=set)
    bases: dict[int, MatchBasis] = field(default_factory=dict)
    mentors: dict[int, MentorSide] = field(default_factory=dict)

    def shared(self, mentee: int, mentor: int) -> Shared:
        return shared(self.bases.get(mentee), self.mentors.get(mentor))


def places_in_round(chosen: int | None, free: int) -> int:
    """A mentor's places in a round: what she (or a what-if) chose, else her free places, and
    never above her free places."""
    free = max(free, 0)
    return free if chosen is None else max(min(chosen, free), 0)


def _mentor_sides(round_: MatchRound) -> dict[int, MentorSide]:
    """The round's ranked mentors, by user id, in three queries."""
    ranked = RoundChoice.objects.filter(round=round_).values("mentor_id")
    presentations = eligibility.presentations(round_).filter(mentor_id__in=ranked)
    rows = list(
        presentations.annotate(active=active_traditional_subquery("mentor")).values_list(
            "pk",
            "mentor_id",
            "capacity",
            "active",
            "offer",
            "introduction",
            "expertise_details",
            "mentor__profile__country",
        )
    )
    linked: tuple[dict, dict] = ({}, {})
    model = presentations.model
    for kind, (through, column) in enumerate(
        (
            (model.expertise.through, "expertisearea_id"),
            (model.languages.through, "spokenlanguage_id"),
        )
    ):
        links = through.objects.filter(mentorpresentation_id__in=presentations.values("pk"))
        for presentation_id, pk in links.values_list("mentorpresentation_id", column):
            linked[kind].setdefault(presentation_id, set()).add(pk)
    return {
        mentor_id: MentorSide(
            expertise_ids=frozenset(linked[0].get(pk, ())),
            language_ids=frozenset(linked[1].get(pk, ())),
            country=str(country or ""),
            text=" ".join((offer, introduction, details)).lower(),
            free_places=max(capacity - active, 0),
        )
        for pk, mentor_id, capacity, active, offer, introduction, details, country in rows
    }


def read(
    round_: MatchRound,
    *,
    capacity_changes: dict[int, int] | None = None,
    excluded_pairs: set[Pair] | None = None,
) -> Preferences:
    """The preferences of ``round_`` with a draft's what-if: ``capacity_changes`` (mentor id →
    capacity, still never above her free places) and ``excluded_pairs`` ((mentee id, mentor
    id) pairs taken out of both lists)."""
    capacity_changes = capacity_changes or {}
    excluded_pairs = excluded_pairs or set()
    people = eligibility.people(round_)
    blocked = eligibility.blocked_pairs(round_)
    rows = (
        RoundChoice.objects.filter(round=round_)
        .order_by("created_at", "pk")
        .values_list("mentee_id", "mentor_id", "rank", "fit", "mentor_order")
    )
    # Each choice with its place in the order they were made (a mentor's tie-break, without
    # reading every date), then by mentee and rank.
    choices = sorted(
        ((*row, earlier) for earlier, row in enumerate(rows)), key=lambda c: (c[0], c[2], c[5])
    )
    prefs = Preferences()
    allowed = []
    for mentee, mentor, rank, *_rest in choices:
        prefs.ranks[(mentee, mentor)] = rank
        # Every mentee still taking part is in the draft, even when none of her choices is
        # allowed any more (her mentors left, blocked her…): she is told why, not left
        # waiting.
        if mentee in people.mentees:
            prefs.ranked.setdefault(mentee, [])
        if eligibility.pair_allowed(people, blocked, mentee, mentor):
            allowed.append((mentee, mentor))
        else:
            prefs.not_allowed.add((mentee, mentor))
    for mentee, mentor, *_rest in choices:
        if mentee in prefs.ranked:
            prefs.ranked[mentee].append(mentor)
    prefs.bases = match_bases(RoundChoice.objects.filter(round=round_).values("mentee_id"))
    prefs.mentors = _mentor_sides(round_)
    round_capacities = dict(
        RoundMentor.objects.filter(round=round_).values_list("mentor_id", "capacity")
    )

    wanted: dict[int, list[tuple]] = {}
    allowed_set = set(allowed)
    for mentee, mentor, _rank, fit, mentor_order, earlier in choices:
        pair = (mentee, mentor)
        if pair not in allowed_set:
            continue
        prefs.capacities.setdefault(mentor, 0)
        if pair in excluded_pairs:
            prefs.excluded.add(pair)
            continue
        prefs.mentee_prefs.setdefault(mentee, []).append(mentor)
        if fit == Fit.NOT:
            prefs.not_a_fit.add(pair)
            continue
        if mentor_order is not None:
            key = (0, mentor_order, 0)
        else:
            key = (1 if fit == Fit.GOOD else 2, 0, -prefs.shared(mentee, mentor).score)
        wanted.setdefault(mentor, []).append((*key, earlier, mentee))
    for mentee in prefs.ranked:
        prefs.mentee_prefs.setdefault(mentee, [])
    for mentor, entries in wanted.items():
        prefs.mentor_prefs[mentor] = [entry[-1] for entry in sorted(entries)]
    for mentor in prefs.capacities:
        side = prefs.mentors.get(mentor)
        chosen = capacity_changes.get(mentor, round_capacities.get(mentor))
        prefs.capacities[mentor] = places_in_round(chosen, side.free_places if side else 0)
    return prefs
