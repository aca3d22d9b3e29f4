"""``matching.rounds.eligibility``: who takes part in a round, whom a mentee may rank and why
not, in the words she reads; and the bulk reading a draft uses (``people``,
``blocked_pairs``, ``pair_allowed``) agrees with the one-person rules for every pair of a
cohort, in a number of queries that does not grow with it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cycles.models import Mentorship
from matching.models import MentorPresentation
from matching.rounds import eligibility
from matching.rounds.models import MatchRound
from profiles.age import years_ago
from tests.factories import (
    BlockFactory,
    GuardianConsentFactory,
    MenteeFactory,
    MentorFactory,
    MentorScreeningFactory,
    MentorshipFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
CLOSED = "Rankings for this round are closed."
NOT_IN_ROUND = "You are not taking part in this round."
MENTOR_NOT_IN_ROUND = "This mentor is not taking part in this round."
GUARDIAN_NOT_ASKED = (
    "You are below the age of digital consent in your country, so your parent or guardian "
    "must consent first. Give their name and email address on the guardian page."
)
WAITING_FOR_GUARDIAN = (
    "Your guardian has not confirmed yet. You can take part in mentoring once your guardian "
    "has consented through the link we emailed."
)
GUARDIAN_WITHDREW = (
    "Your guardian has withdrawn their consent, so your mentoring is paused. The program "
    "staff have been told and will contact you."
)


def a_round(stage: str = "ranking", **fields) -> MatchRound:
    """A round in ``stage``: rankings opened yesterday and close tomorrow, or both in the
    future (upcoming) or past (review)."""
    now = timezone.now()
    start = {"upcoming": 2, "ranking": -1, "review": -3}[stage]
    return MatchRound.objects.create(
        name="Spring cohort",
        opens_at=now + timedelta(days=start),
        closes_at=now + timedelta(days=start + 2),
        publishes_on=TODAY + timedelta(days=7),
        **fields,
    )


def teenager():
    return MenteeFactory(profile__birth_date=years_ago(15, TODAY))


def screened():
    return MentorScreeningFactory().mentor


def ids(queryset, field="pk") -> set[int]:
    return set(queryset.values_list(field, flat=True))


# --- who takes part ------------------------------------------------------------------------


def test_the_mentees_are_active_mentees_without_an_active_traditional_mentorship():
    round_ = a_round()
    ada, flash_only, ended = MenteeFactory(), MenteeFactory(), MenteeFactory()
    MentorshipFactory(mentee=flash_only, style="flash")
    MentorshipFactory(mentee=ended, status=Mentorship.Status.COMPLETED)
    taken = MentorshipFactory().mentee
    gone = MenteeFactory(is_active=False)
    staff = StaffFactory()

    assert ids(eligibility.mentees(round_)) == {ada.pk, flash_only.pk, ended.pk}
    for outside in (taken, gone, staff):
        assert not eligibility.takes_part(round_, outside)
    assert eligibility.takes_part(round_, ada)


def test_the_mentors_have_a_visible_presentation_taking_requests():
    round_ = a_round()
    sara = MentorFactory()
    full = MentorFactory(capacity=1)
    MentorshipFactory(mentor=full)  # her places are counted at the draft, not here
    closed = MentorFactory(presentation__accepting_requests=False)
    hidden = MentorFactory(presentation__is_published=False)
    unapproved = MentorFactory(presentation__approved_at=None)
    gone = MentorFactory(is_active=False)

    assert ids(eligibility.presentations(round_), "mentor_id") == {sara.pk, full.pk}
    assert ids(eligibility.mentors(round_)) == {sara.pk, full.pk}
    assert eligibility.takes_part(round_, full)
    for outside in (closed, hidden, unapproved, gone):
        assert not eligibility.takes_part(round_, outside)


def test_a_round_not_open_to_all_has_only_the_invited():
    round_ = a_round(open_to_all=False)
    invited_mentee, other_mentee = MenteeFactory(), MenteeFactory()
    invited_mentor, other_mentor = MentorFactory(), MentorFactory()
    taken = MentorshipFactory().mentee
    closed = MentorFactory(presentation__accepting_requests=False)
    round_.invited.add(invited_mentee, invited_mentor, taken, closed)

    assert ids(eligibility.mentees(round_)) == {invited_mentee.pk}
    assert ids(eligibility.mentors(round_)) == {invited_mentor.pk}
    assert not eligibility.takes_part(round_, other_mentee)
    assert not eligibility.takes_part(round_, other_mentor)
    assert ids(eligibility.rankable(round_, invited_mentee), "mentor_id") == {invited_mentor.pk}


# --- whom she may rank ---------------------------------------------------------------------


def test_a_block_either_way_takes_the_mentor_off_her_list():
    round_ = a_round()
    ada = MenteeFactory()
    sara, blocked_by_her, blocking_her = MentorFactory(), MentorFactory(), MentorFactory()
    BlockFactory(blocker=ada, blocked=blocked_by_her)
    BlockFactory(blocker=blocking_her, blocked=ada)
    BlockFactory(blocker=MenteeFactory(), blocked=sara)  # someone else's block

    assert ids(eligibility.rankable(round_, ada), "mentor_id") == {sara.pk}
    assert eligibility.why_not_rank(round_, ada, blocked_by_her) == MENTOR_NOT_IN_ROUND
    assert eligibility.why_not_rank(round_, ada, blocking_her) == MENTOR_NOT_IN_ROUND


def test_a_minor_ranks_only_mentors_whose_screening_is_valid():
    round_ = a_round()
    mia, ada = teenager(), MenteeFactory()
    checked = screened()
    lapsed = MentorScreeningFactory(valid_until=TODAY - timedelta(days=1)).mentor
    unscreened = MentorFactory()

    assert ids(eligibility.rankable(round_, mia), "mentor_id") == {checked.pk}
    assert ids(eligibility.rankable(round_, ada), "mentor_id") == {
        checked.pk,
        lapsed.pk,
        unscreened.pk,
    }
    assert eligibility.why_not_rank(round_, mia, lapsed) == MENTOR_NOT_IN_ROUND
    assert eligibility.why_not_rank(round_, mia, checked) is None


@pytest.mark.parametrize("stage", ["upcoming", "review"])
def test_outside_the_ranking_stage_rankings_are_closed(stage):
    round_ = a_round(stage)

    assert eligibility.why_not_rank(round_, MenteeFactory(), MentorFactory()) == CLOSED


def test_a_published_round_is_closed():
    round_ = a_round()
    round_.published_at = timezone.now()  # its draft is not needed to read the stage

    assert eligibility.why_not_rank(round_, MenteeFactory(), MentorFactory()) == CLOSED


def test_during_rankings_each_reason_in_her_words():
    round_ = a_round()
    sara = screened()

    assert eligibility.why_not_rank(round_, MenteeFactory(), sara) is None
    assert eligibility.why_not_rank(round_, MentorshipFactory().mentee, sara) == NOT_IN_ROUND
    assert eligibility.why_not_rank(round_, MentorFactory(), sara) == NOT_IN_ROUND
    child = MenteeFactory(profile__birth_date=years_ago(12, TODAY))
    assert eligibility.why_not_rank(round_, child, sara) == GUARDIAN_NOT_ASKED
    waiting = GuardianConsentFactory().user
    assert eligibility.why_not_rank(round_, waiting, sara) == WAITING_FOR_GUARDIAN
    withdrawn = GuardianConsentFactory(consented=True, withdrawn_at=timezone.now()).user
    assert eligibility.why_not_rank(round_, withdrawn, sara) == GUARDIAN_WITHDREW
    consented = GuardianConsentFactory(consented=True).user
    assert eligibility.why_not_rank(round_, consented, sara) is None
    closed = MentorFactory(presentation__accepting_requests=False)
    assert eligibility.why_not_rank(round_, MenteeFactory(), closed) == MENTOR_NOT_IN_ROUND


# --- the same rules for everyone at once ---------------------------------------------------


def cohort():
    """Mentees and mentors of every kind the rules tell apart, with blocks both ways."""
    ada, grace, mia = MenteeFactory(), MenteeFactory(), teenager()
    child = MenteeFactory(profile__birth_date=years_ago(12, TODAY))
    consented = GuardianConsentFactory(consented=True).user
    waiting = GuardianConsentFactory().user
    sara, lisa, checked = MentorFactory(), MentorFactory(), screened()
    closed = MentorFactory(presentation__accepting_requests=False)
    taken = MentorshipFactory(mentor=closed).mentee
    BlockFactory(blocker=ada, blocked=sara)
    BlockFactory(blocker=checked, blocked=grace)
    BlockFactory(blocker=mia, blocked=grace)  # between two mentees: no pair
    mentees = [ada, grace, mia, child, consented, waiting, taken]
    mentors = [sara, lisa, checked, closed]
    return mentees, mentors


def allowed_pairs(round_, mentees, mentors) -> tuple[set, set]:
    """The pairs ``pair_allowed`` lets through, and those ``why_not_rank`` has nothing
    against."""
    people = eligibility.people(round_)
    blocked = eligibility.blocked_pairs(round_)
    every = [(mentee, mentor) for mentee in mentees for mentor in mentors]
    allowed = {
        (mentee.pk, mentor.pk)
        for mentee, mentor in every
        if eligibility.pair_allowed(people, blocked, mentee.pk, mentor.pk)
    }
    by_one = {
        (mentee.pk, mentor.pk)
        for mentee, mentor in every
        if eligibility.why_not_rank(round_, mentee, mentor) is None
    }
    return allowed, by_one


def test_pair_allowed_agrees_with_why_not_rank_for_every_pair():
    round_ = a_round()
    mentees, mentors = cohort()

    allowed, by_one = allowed_pairs(round_, mentees, mentors)

    assert allowed == by_one
    ada, grace, mia, _child, consented, _waiting, _taken = mentees
    sara, lisa, checked, _closed = mentors
    assert allowed == {
        (ada.pk, lisa.pk),
        (ada.pk, checked.pk),
        (grace.pk, sara.pk),
        (grace.pk, lisa.pk),
        (mia.pk, checked.pk),
        (consented.pk, checked.pk),
    }


def test_in_a_round_of_the_invited_they_agree_too():
    round_ = a_round(open_to_all=False)
    mentees, mentors = cohort()
    ada, grace, mia, child, consented, waiting, taken = mentees
    sara, lisa, checked, closed = mentors
    round_.invited.add(ada, mia, child, taken, sara, checked, closed)

    allowed, by_one = allowed_pairs(round_, mentees, mentors)

    assert allowed == by_one == {(ada.pk, checked.pk), (mia.pk, checked.pk)}


def test_people_reads_the_cohort():
    round_ = a_round()
    (ada, grace, mia, child, consented, waiting, taken), mentors = cohort()

    people = eligibility.people(round_)

    assert people.mentees == {ada.pk, grace.pk, mia.pk, consented.pk}
    assert people.mentors == {m.pk for m in mentors[:3]}
    assert people.minors == {mia.pk, child.pk, consented.pk, waiting.pk}
    assert people.screened == {mentors[2].pk}
    assert eligibility.blocked_pairs(round_) == {
        frozenset((ada.pk, mentors[0].pk)),
        frozenset((mentors[2].pk, grace.pk)),
        frozenset((mia.pk, grace.pk)),
    }


# The round's mentees; the guardian rule: who needs one, then their consents; the mentors;
# the minors among the mentees; the mentors' valid screening.
PEOPLE_QUERIES = 1 + 2 + 1 + 1 + 1


@pytest.mark.parametrize("size", [1, 10])
def test_people_reads_any_cohort_in_the_same_queries(django_assert_num_queries, size):
    round_ = a_round()
    for _ in range(size):
        MenteeFactory()
        teenager()
        GuardianConsentFactory(consented=True)
        MentorFactory()
        screened()

    with django_assert_num_queries(PEOPLE_QUERIES):
        people = eligibility.people(round_)
    with django_assert_num_queries(1):
        eligibility.blocked_pairs(round_)

    assert len(people.mentees) == 3 * size
    assert len(people.mentors) == 2 * size
    assert MentorPresentation.objects.count() == 2 * size
