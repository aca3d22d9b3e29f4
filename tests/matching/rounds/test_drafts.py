"""A draft of a round: the preferences read from the participants' rows, the solve, the
independent check, each outcome's reasons and the figures staff read."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from matching.rounds import preferences
from matching.rounds.drafts import make_draft
from matching.rounds.models import Fit, RoundChoice, RoundOutcome
from profiles.models import Block
from tests.factories import (
    ExpertiseAreaFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    SpokenLanguageFactory,
    StaffFactory,
)
from tests.matching.rounds.cohort import mark, rank, round_in_review, take

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    """Three mentors (Ada takes 1, Bea 2, Cleo 1) and five mentees.

    Ada ordered Maja first and marked Mia a good fit; Cleo marked Maja not a fit. By hand:
    Ada holds Maja (her first), Mia and Moa go to Bea (their second), Meja to Cleo, and Mira,
    whom Cleo and Ada both place after the ones they hold, is left unmatched."""
    round_ = round_in_review()
    ada, bea, cleo = (MentorFactory(profile__display_name=name) for name in ("Ada", "Bea", "Cleo"))
    mia, maja, moa, meja, mira = (
        MenteeFactory(profile__display_name=name) for name in ("Mia", "Maja", "Moa", "Meja", "Mira")
    )
    rank(round_, mia, ada, bea)
    rank(round_, maja, ada, cleo)
    rank(round_, moa, ada, bea)
    rank(round_, meja, cleo)
    rank(round_, mira, cleo, ada)
    mark(round_, ada, maja, order=1)
    mark(round_, ada, mia, fit=Fit.GOOD)
    mark(round_, cleo, maja, fit=Fit.NOT)
    take(round_, ada, 1)
    take(round_, bea, 2)
    take(round_, cleo, 1)
    people = {
        "ada": ada, "bea": bea, "cleo": cleo,
        "mia": mia, "maja": maja, "moa": moa, "meja": meja, "mira": mira,
    }  # fmt: skip
    return round_, people


def _got(draft) -> dict:
    return {
        outcome.mentee.profile.display_name: (
            outcome.mentor.profile.display_name if outcome.mentor else None
        )
        for outcome in draft.outcomes.select_related("mentee__profile", "mentor__profile")
    }


def test_figures_of_a_hand_checked_cohort(cohort):
    round_, p = cohort
    staff = StaffFactory()

    draft = make_draft(round=round_, by=staff)

    assert draft.number == 1
    assert draft.created_by == staff
    assert _got(draft) == {"Mia": "Bea", "Maja": "Ada", "Moa": "Bea", "Meja": "Cleo", "Mira": None}
    figures = draft.figures
    assert {key: figures[key] for key in figures if key not in ("fairness", "seconds")} == {
        "mentees": 5,
        "matched": 4,
        "unmatched": 1,
        "by_choice": {"1": 2, "2": 2, "3": 0, "4": 0, "5": 0},
        "mentors": 3,
        "places": 4,
        "places_left": 0,
        "blocking_pairs": 0,
        "broken_rules": 0,
    }
    assert set(figures["seconds"]) == {"read", "solve", "check", "explain"}


def test_outcomes_carry_both_ranks_and_the_reasons(cohort):
    round_, p = cohort

    draft = make_draft(round=round_, by=None)

    maja = draft.outcomes.get(mentee=p["maja"])
    assert (maja.mentee_rank, maja.mentor_rank) == (1, 1)
    field_ids = sorted(p["maja"].profile.expertise.values_list("pk", flat=True))
    language_ids = sorted(p["maja"].profile.languages.values_list("pk", flat=True))
    assert maja.reasons == {
        "fields": field_ids,
        "languages": language_ids,
        "goals": ["confidence", "build"],  # in Ada's offer and introduction
        "same_country": True,
        "missed": [],
    }
    mia = draft.outcomes.get(mentee=p["mia"])
    assert (mia.mentee_rank, mia.mentor_rank) == (2, 1)
    assert mia.reasons["missed"] == [
        {"mentor": p["ada"].pk, "why": "preferred_others", "places": 1}
    ]
    mira = draft.outcomes.get(mentee=p["mira"])
    assert (mira.mentor_id, mira.mentee_rank, mira.mentor_rank) == (None, None, None)
    assert mira.reasons == {
        "missed": [
            {"mentor": p["cleo"].pk, "why": "preferred_others", "places": 1},
            {"mentor": p["ada"].pk, "why": "preferred_others", "places": 1},
        ]
    }


def test_each_reason_a_higher_choice_was_missed(cohort):
    round_, p = cohort
    blocked = MentorFactory(profile__display_name="Blocked")
    closed = MentorFactory(profile__display_name="Closed")
    picky = MentorFactory(profile__display_name="Picky")
    excluded = MentorFactory(profile__display_name="Excluded")
    fallback = MentorFactory(profile__display_name="Fallback")
    mentee = MenteeFactory()
    rank(round_, mentee, blocked, closed, picky, excluded, fallback)
    Block.objects.create(blocker=mentee, blocked=blocked)
    take(round_, closed, 0)
    mark(round_, picky, mentee, fit=Fit.NOT)

    draft = make_draft(round=round_, by=None, excluded_pairs=[[mentee.pk, excluded.pk]])

    outcome = draft.outcomes.get(mentee=mentee)
    assert outcome.mentor == fallback
    assert outcome.mentee_rank == 5
    assert [(m["mentor"], m["why"]) for m in outcome.reasons["missed"]] == [
        (blocked.pk, "not_allowed"),
        (closed.pk, "no_places"),
        (picky.pk, "not_a_fit"),
        (excluded.pk, "excluded"),
    ]
    assert draft.excluded_pairs == [[mentee.pk, excluded.pk]]


def test_the_matching_is_stable_and_keeps_every_rule(cohort):
    round_, p = cohort
    for _ in range(6):
        rank(round_, MenteeFactory(), p["bea"], p["ada"], p["cleo"])

    draft = make_draft(round=round_, by=None)

    assert draft.figures["blocking_pairs"] == 0
    assert draft.figures["broken_rules"] == 0
    taken = RoundOutcome.objects.filter(draft=draft, mentor=p["bea"]).count()
    assert taken == 2


def test_a_what_if_capacity_changes_the_result(cohort):
    round_, p = cohort
    first = make_draft(round=round_, by=None)

    second = make_draft(
        round=round_, by=None, capacity_changes={str(p["ada"].pk): 2}, based_on=first
    )

    assert second.number == 2
    assert second.based_on == first
    assert second.capacity_changes == {str(p["ada"].pk): 2}
    assert _got(second) == {"Mia": "Ada", "Maja": "Ada", "Moa": "Bea", "Meja": "Cleo", "Mira": None}
    assert second.figures["by_choice"]["1"] == 3
    assert _got(first)["Mia"] == "Bea"


def test_a_capacity_never_goes_above_the_free_places(cohort):
    round_, p = cohort
    MentorshipFactory(mentor=p["ada"])  # her presentation takes 2: one place left

    draft = make_draft(round=round_, by=None, capacity_changes={p["ada"].pk: 5})

    assert RoundOutcome.objects.filter(draft=draft, mentor=p["ada"]).count() == 1


def test_an_excluded_pair_changes_the_result(cohort):
    round_, p = cohort

    draft = make_draft(round=round_, by=None, excluded_pairs=[[p["maja"].pk, p["ada"].pk]])

    # Maja loses Ada and Cleo did not list her; Ada's place goes to Mia.
    assert _got(draft) == {"Mia": "Ada", "Maja": None, "Moa": "Bea", "Meja": "Cleo", "Mira": None}
    maja = draft.outcomes.get(mentee=p["maja"])
    assert [m["why"] for m in maja.reasons["missed"]] == ["excluded", "not_a_fit"]


def test_the_mentors_order_first_then_good_fit_then_match_score():
    round_ = round_in_review()
    physics = ExpertiseAreaFactory(name_en="Physics")
    chemistry = ExpertiseAreaFactory(name_en="Chemistry")
    swedish = SpokenLanguageFactory(code="sv", name_en="Swedish", name_sv="Svenska")
    mentor = MentorFactory(
        profile__country="SE",
        profile__expertise=[physics],
        profile__languages=[swedish],
        presentation__offer="Help with research careers and presenting your thesis.",
    )

    def mentee(**profile):
        values = {"country": "DE", "expertise": [chemistry], "goals": "Knitting."} | profile
        return MenteeFactory(**{f"profile__{key}": value for key, value in values.items()})

    unmarked_low = mentee()
    unmarked_high = mentee(country="SE", expertise=[physics], goals="research careers")
    unmarked_mid = mentee(expertise=[physics])
    good_low = mentee()
    good_high = mentee(expertise=[physics], languages=[swedish])
    ordered_second = mentee(expertise=[physics], languages=[swedish], country="SE")
    ordered_first = mentee()
    for person in (
        unmarked_low,
        unmarked_high,
        unmarked_mid,
        good_low,
        good_high,
        ordered_second,
        ordered_first,
    ):
        rank(round_, person, mentor)
    mark(round_, mentor, good_low, fit=Fit.GOOD)
    mark(round_, mentor, good_high, fit=Fit.GOOD)
    mark(round_, mentor, ordered_second, fit=Fit.GOOD, order=2)
    mark(round_, mentor, ordered_first, fit=Fit.UNMARKED, order=1)

    prefs = preferences.read(round_)

    assert prefs.mentor_prefs[mentor.pk] == [
        ordered_first.pk,
        ordered_second.pk,
        good_high.pk,
        good_low.pk,
        unmarked_high.pk,
        unmarked_mid.pk,
        unmarked_low.pk,
    ]
    high = prefs.shared(unmarked_high.pk, mentor.pk)
    # One shared field (3), the same country (2), two goal words found in her offer (2).
    assert (high.goals, high.same_country, high.score) == (["research", "careers"], True, 7)


def test_ties_go_to_the_earlier_choice():
    round_ = round_in_review()
    mentor = MentorFactory()
    later, earlier = MenteeFactory(), MenteeFactory()
    rank(round_, later, mentor)
    rank(round_, earlier, mentor)
    RoundChoice.objects.filter(mentee=earlier).update(created_at=timezone.now() - timedelta(days=1))

    assert preferences.read(round_).mentor_prefs[mentor.pk] == [earlier.pk, later.pk]


def test_fairness_rows_under_the_minimum_are_suppressed(settings):
    settings.REPORTS_MIN_ANSWERS = 5
    round_ = round_in_review()
    mentor = MentorFactory(capacity=3)
    swedes = [MenteeFactory(profile__country="SE") for _ in range(5)]
    germans = [MenteeFactory(profile__country="DE") for _ in range(2)]
    for person in swedes + germans:
        rank(round_, person, mentor)

    draft = make_draft(round=round_, by=None)

    rows = {row["key"]: row for row in draft.figures["fairness"]["country"]}
    assert rows["DE"] == {
        "key": "DE", "people": 2, "suppressed": True, "matched_share": None, "average_rank": None,
    }  # fmt: skip
    assert rows["SE"]["suppressed"] is False
    assert rows["SE"]["people"] == 5
    assert rows["SE"]["average_rank"] == 1.0
    matched_swedes = RoundOutcome.objects.filter(
        draft=draft, mentee__in=swedes, mentor__isnull=False
    ).count()
    assert rows["SE"]["matched_share"] == round(matched_swedes / 5, 3)
    field_rows = draft.figures["fairness"]["field"]
    assert [(row["people"], row["suppressed"]) for row in field_rows] == [(7, False)]
    assert draft.figures["fairness"]["language"][0]["matched_share"] == round(3 / 7, 3)


def test_mentees_with_only_refused_choices_are_not_in_the_draft(cohort):
    round_, p = cohort
    taken = MenteeFactory()
    MentorshipFactory(mentee=taken)
    rank(round_, taken, p["bea"])

    draft = make_draft(round=round_, by=None)

    assert not draft.outcomes.filter(mentee=taken).exists()
    assert draft.figures["mentees"] == 5


@pytest.mark.parametrize("moment", ["ranking", "upcoming"])
def test_a_draft_waits_for_rankings_to_close(moment):
    now = timezone.now()
    opens = now - timedelta(days=1) if moment == "ranking" else now + timedelta(days=1)
    round_ = round_in_review(opens_at=opens, closes_at=opens + timedelta(days=3))

    with pytest.raises(ValidationError) as raised:
        make_draft(round=round_, by=None)

    assert raised.value.messages == [
        "A draft can be made only after rankings close and before the round is published."
    ]


def test_no_draft_after_publication(cohort):
    round_, _p = cohort
    draft = make_draft(round=round_, by=None)
    round_.published_draft = draft
    round_.published_at = timezone.now()
    round_.save()

    with pytest.raises(ValidationError):
        make_draft(round=round_, by=None)


def test_what_if_values_are_checked(cohort):
    round_, p = cohort

    with pytest.raises(ValidationError) as raised:
        make_draft(round=round_, by=None, capacity_changes={p["ada"].pk: -1})
    assert raised.value.messages == ["A capacity cannot be below 0."]
    with pytest.raises(ValidationError):
        make_draft(round=round_, by=None, capacity_changes={p["ada"].pk: "two"})
    with pytest.raises(ValidationError):
        make_draft(round=round_, by=None, excluded_pairs=[[1]])


def _cohort_of(size: int, mentors: list):
    round_ = round_in_review()
    for index in range(size):
        chosen = [mentors[(index + step) % len(mentors)] for step in range(3)]
        mentee = MenteeFactory()
        rank(round_, mentee, *chosen)
        if index % 2:
            mark(round_, chosen[0], mentee, fit=Fit.GOOD)
    return round_


def test_the_number_of_queries_does_not_grow_with_the_cohort(django_assert_max_num_queries):
    mentors = [MentorFactory() for _ in range(6)]
    counts = []
    for size in (5, 50):
        round_ = _cohort_of(size, mentors)
        with CaptureQueriesContext(connection) as queries:
            make_draft(round=round_, by=None)
        counts.append(len(queries))
        with django_assert_max_num_queries(22):
            make_draft(round=round_, by=None)

    assert counts[0] == counts[1]
