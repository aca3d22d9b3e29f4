"""What the staff read when they review a round (``matching.views_round_staff``): the rounds,
a round's participants and drafts, a draft's figures in words, its pairs, the unmatched and
the mentors who still have places, and two drafts compared.

The figures themselves are the draft's (``RoundDraft.figures``, written when it was made);
here they are only named (countries through CLDR, fields and languages by their names in the
reader's language) and turned into shares. Each function reads a fixed number of queries."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, QuerySet
from django.utils import timezone

from core.cldr import country_name
from cycles.selectors import active_traditional_subquery
from profiles.selectors import reference_lists

from . import eligibility
from .models import MatchRound, RoundDraft, RoundMentor, RoundOutcome, Stage
from .preferences import places_in_round

ROUNDS_PER_PAGE = 20
PAIRS_PER_PAGE = 50
CHANGES_SHOWN = 200
UNMATCHED_SHOWN = 20


def rounds_page(number) -> Page:
    """The rounds, the latest to open first, with how many mentees ranked in each."""
    rounds = MatchRound.objects.annotate(
        mentee_count=Count("choices__mentee", distinct=True)
    ).order_by("-opens_at", "-pk")
    return Paginator(rounds, ROUNDS_PER_PAGE).get_page(number)


def to_publish() -> QuerySet[MatchRound]:
    """Rounds whose rankings have closed and whose result is not published yet, the one
    promised first first."""
    return MatchRound.objects.filter(
        closes_at__lte=timezone.now(), published_at__isnull=True
    ).order_by("publishes_on", "closes_at", "pk")


# --- places --------------------------------------------------------------------------------


def capacities(round_: MatchRound, changes: dict | None = None) -> dict[int, int]:
    """Each mentor's places in the round: her own setting for it, else her free places
    (presentation capacity less her active traditional mentorships), never above her free
    places; ``changes`` (a draft's what-if, mentor id → places) override her setting, within
    the same bound (2 queries)."""
    free = dict(
        eligibility.presentations(round_)
        .annotate(taken=active_traditional_subquery("mentor"))
        .annotate(free=F("capacity") - F("taken"))
        .values_list("mentor_id", "free")
    )
    chosen = dict(
        RoundMentor.objects.filter(round=round_, mentor_id__in=free).values_list(
            "mentor_id", "capacity"
        )
    )
    chosen.update({int(mentor): int(places) for mentor, places in (changes or {}).items()})
    return {mentor: places_in_round(chosen.get(mentor), places) for mentor, places in free.items()}


# --- a round -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundSummary:
    mentees_ranking: int
    choices: int
    mentors: int
    places: int
    drafts: list[RoundDraft]


def summary(round_: MatchRound) -> RoundSummary:
    """Who takes part so far and the drafts made (4 queries)."""
    made = round_.choices.aggregate(mentees=Count("mentee", distinct=True), choices=Count("pk"))
    places = capacities(round_)
    drafts = list(round_.drafts.select_related("created_by__profile").order_by("-number"))
    return RoundSummary(
        mentees_ranking=made["mentees"],
        choices=made["choices"],
        mentors=len(places),
        places=sum(places.values()),
        drafts=drafts,
    )


# --- a draft -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChoiceShare:
    rank: int
    count: int
    share: int  # percent of the draft's mentees


def by_choice(figures: dict) -> list[ChoiceShare]:
    """Matched mentees by the rank of the mentor they got, as shares of all its mentees."""
    mentees = figures.get("mentees") or 0
    counts = {int(rank): count for rank, count in (figures.get("by_choice") or {}).items()}
    return [
        ChoiceShare(rank, counts[rank], round(counts[rank] * 100 / mentees) if mentees else 0)
        for rank in sorted(counts)
    ]


@dataclass(frozen=True)
class FairnessRow:
    name: str
    people: int
    suppressed: bool
    matched_share: int | None  # percent
    average_rank: float | None


def fairness(figures: dict) -> dict[str, list[FairnessRow]]:
    """The fairness table's rows named in the reader's language: countries by CLDR, fields
    and languages as the directory names them (``reference_lists``, cached)."""
    table = figures.get("fairness") or {}
    lists = reference_lists()
    fields = {pk: name for pk, name, _active in lists["expertise"]}
    languages = dict(lists["languages"])
    names = {
        "country": lambda key: country_name(key) if key else "—",
        "field": lambda key: fields.get(key, "—"),
        "language": lambda key: languages.get(key, "—"),
    }
    result = {}
    for kind in ("country", "field", "language"):
        rows = [
            FairnessRow(
                name=names[kind](row["key"]),
                people=row["people"],
                suppressed=row["suppressed"],
                matched_share=(
                    None if row.get("matched_share") is None else round(row["matched_share"] * 100)
                ),
                average_rank=(
                    None if row.get("average_rank") is None else round(row["average_rank"], 1)
                ),
            )
            for row in table.get(kind, [])
        ]
        result[kind] = sorted(rows, key=lambda row: (row.suppressed, -row.people, row.name))
    return result


def outcomes(draft: RoundDraft) -> QuerySet[RoundOutcome]:
    return draft.outcomes.select_related("mentee__profile", "mentor__profile")


def pairs_page(draft: RoundDraft, number) -> Page:
    """The draft's pairs, mentor by mentor (her mentees in the order she put them)."""
    pairs = (
        outcomes(draft)
        .filter(mentor__isnull=False)
        .order_by("mentor__profile__display_name", "mentor_id", "mentor_rank", "pk")
    )
    return Paginator(pairs, PAIRS_PER_PAGE).get_page(number)


@dataclass(frozen=True)
class MentorPlaces:
    mentor_id: int
    name: str
    places_left: int


def unmatched(draft: RoundDraft) -> QuerySet[RoundOutcome]:
    """The draft's mentees left without a mentor, by name (their reasons name mentors, a
    query each: the pages put only the first ``UNMATCHED_SHOWN`` in words)."""
    return (
        outcomes(draft)
        .filter(mentor__isnull=True)
        .order_by("mentee__profile__display_name", "mentee_id")
    )


def places_left(draft: RoundDraft) -> list[MentorPlaces]:
    """The mentors who would still have places after this draft, the most places first
    (4 queries)."""
    places = capacities(draft.round, draft.capacity_changes)
    taken = dict(
        draft.outcomes.filter(mentor__isnull=False)
        .values_list("mentor_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    left = {mentor: count - taken.get(mentor, 0) for mentor, count in places.items()}
    left = {mentor: count for mentor, count in left.items() if count > 0}
    names = _names(left)
    rows = [MentorPlaces(mentor, names.get(mentor, ""), count) for mentor, count in left.items()]
    return sorted(rows, key=lambda row: (-row.places_left, row.name.casefold(), row.mentor_id))


def _names(user_ids) -> dict[int, str]:
    users = get_user_model().objects.filter(pk__in=list(user_ids)).select_related("profile")
    return {user.pk: user.get_full_name() for user in users}


def mentor_choices(round_: MatchRound, draft: RoundDraft) -> list[tuple[int, str]]:
    """The round's mentors for the what-if form, by name, with their places in this draft."""
    places = capacities(round_, draft.capacity_changes)
    names = _names(places)
    return sorted(
        ((mentor, names.get(mentor, "")) for mentor in places),
        key=lambda item: (item[1].casefold(), item[0]),
    )


# --- two drafts compared -------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    mentee: str
    before: str  # her mentor's name in the earlier draft, "" when unmatched
    after: str


@dataclass(frozen=True)
class Comparison:
    before: RoundDraft
    after: RoundDraft
    ranks: list[tuple[int, ChoiceShare | None, ChoiceShare | None]]
    changes: list[Change]
    changed: int  # mentees whose mentor changed (the list shows the first CHANGES_SHOWN)


def compare(before: RoundDraft, after: RoundDraft) -> Comparison:
    """Matched counts and rank shares side by side, and the mentees whose mentor changed
    (3 queries)."""
    earlier = dict(before.outcomes.values_list("mentee_id", "mentor_id"))
    later = dict(after.outcomes.values_list("mentee_id", "mentor_id"))
    moved = sorted(
        mentee
        for mentee in earlier.keys() | later.keys()
        if earlier.get(mentee) != later.get(mentee)
    )
    shown = moved[:CHANGES_SHOWN]
    people = {pk for mentee in shown for pk in (mentee, earlier.get(mentee), later.get(mentee))}
    names = _names(pk for pk in people if pk is not None)
    changes = [
        Change(
            mentee=names.get(mentee, ""),
            before=names.get(earlier.get(mentee), ""),
            after=names.get(later.get(mentee), ""),
        )
        for mentee in shown
    ]
    first, second = by_choice(before.figures), by_choice(after.figures)
    first_by, second_by = {row.rank: row for row in first}, {row.rank: row for row in second}
    ranks = [
        (rank, first_by.get(rank), second_by.get(rank))
        for rank in sorted(first_by.keys() | second_by.keys())
    ]
    return Comparison(before, after, ranks, changes, len(moved))


def is_reviewable(round_: MatchRound) -> bool:
    """Drafts are made, changed and published only once rankings closed, before publication."""
    return round_.stage() == Stage.REVIEW


def publish_figures(draft: RoundDraft) -> dict:
    """What publishing this draft does: the mentorships it starts and the people it emails
    (every mentee of the draft, and each mentor given a mentee)."""
    matched = draft.outcomes.filter(mentor__isnull=False).aggregate(
        pairs=Count("pk"), mentors=Count("mentor", distinct=True)
    )
    mentees = draft.outcomes.count()
    return {
        "mentorships": matched["pairs"],
        "people": mentees + matched["mentors"],
        "mentees": mentees,
        "mentors": matched["mentors"],
    }
