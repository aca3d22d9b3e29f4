"""``cycles.starting.start_mentorships``, the one start of every mentorship (a request
accepted, a flash booking, a match round published), and ``services.start_mentorship`` that
wraps it for one pair: each rule refuses with its code and the wrapper's message; capacity
counts the pairs started earlier in the same batch; the history is written; the number of
queries does not grow with the pairs; and on PostgreSQL a request accepted and a round's
start racing for one free place start one mentorship."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cycles import services
from cycles.models import Mentorship, MentorshipEvent
from cycles.starting import Refusal, start_mentorships
from matching import services as matching_services
from profiles.age import years_ago
from tests.concurrency import race
from tests.factories import (
    BlockFactory,
    ConnectionRequestFactory,
    GuardianConsentFactory,
    MenteeFactory,
    MentorFactory,
    MentorScreeningFactory,
    MentorshipFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
MESSAGES = {
    Refusal.BLOCKED: "One of you has blocked the other.",
    Refusal.NOT_TAKING_PART: (
        "The mentee cannot start mentoring yet: her guardian's consent is needed first."
    ),
    Refusal.NOT_SCREENED: (
        "Mentees under 18 can only be matched with mentors whose screening is valid."
    ),
    Refusal.HAS_TRADITIONAL: "The mentee already has a traditional mentorship with another mentor.",
    Refusal.NO_PLACE: "The mentor has no free place.",
}


def teenager():
    """15 in Sweden: old enough to consent herself, under 18 for safeguarding."""
    return MenteeFactory(profile__birth_date=years_ago(15, TODAY))


def child():
    """12 in Sweden: her guardian consents for her (none asked yet)."""
    return MenteeFactory(profile__birth_date=years_ago(12, TODAY))


def screened():
    return MentorScreeningFactory().mentor


def start(pairs, style="traditional", capacities=None, by=None):
    return start_mentorships(
        pairs=[(mentor.pk, mentee.pk) for mentor, mentee in pairs],
        style=style,
        capacities=capacities,
        by=by,
    )


def refused(mentor, mentee, style="traditional", capacity=None) -> tuple[str, str]:
    """What the one-pair wrapper says: the code and the message, and that nothing started."""
    with pytest.raises(ValidationError) as error:
        services.start_mentorship(mentor=mentor, mentee=mentee, style=style, capacity=capacity)
    assert not Mentorship.objects.filter(mentor=mentor, mentee=mentee).exists()
    return error.value.code, error.value.messages[0]


def expect_refusal(mentor, mentee, code, style="traditional", capacity=None):
    started = start([(mentor, mentee)], style, None if capacity is None else {mentor.pk: capacity})
    assert started.refused == {(mentor.pk, mentee.pk): code}
    assert started.mentorships == {}
    assert refused(mentor, mentee, style, capacity) == (code, MESSAGES[code])


# --- what starts ---------------------------------------------------------------------------


def test_the_pairs_that_pass_start_with_their_history():
    staff = StaffFactory()
    mentor, ada, grace = MentorFactory(), MenteeFactory(), MenteeFactory()

    started = start([(mentor, ada), (mentor, grace)], capacities={mentor.pk: 2}, by=staff)

    assert set(started.mentorships) == {(mentor.pk, ada.pk), (mentor.pk, grace.pk)}
    assert started.refused == {}
    for mentorship in Mentorship.objects.filter(mentor=mentor):
        assert (mentorship.style, mentorship.status, mentorship.phase) == (
            "traditional",
            "active",
            1,
        )
        assert mentorship.start_date == TODAY
        assert list(
            MentorshipEvent.objects.filter(mentorship=mentorship).values_list(
                "kind", "actor", "to_value"
            )
        ) == [(MentorshipEvent.Kind.STARTED, staff.pk, "traditional")]
    assert {m.pk for m in started.mentorships.values()} == set(
        Mentorship.objects.values_list("pk", flat=True)
    )


def test_an_unknown_style_starts_nothing():
    with pytest.raises(ValidationError) as error:
        start([(MentorFactory(), MenteeFactory())], style="group")

    assert error.value.messages == ["Choose traditional or flash mentoring."]
    assert not Mentorship.objects.exists()


# --- each refusal --------------------------------------------------------------------------


@pytest.mark.parametrize("who_blocks", ["mentee", "mentor"])
def test_a_block_either_way_refuses(who_blocks):
    mentor, mentee = MentorFactory(), MenteeFactory()
    if who_blocks == "mentee":
        BlockFactory(blocker=mentee, blocked=mentor)
    else:
        BlockFactory(blocker=mentor, blocked=mentee)

    expect_refusal(mentor, mentee, Refusal.BLOCKED)
    expect_refusal(mentor, mentee, Refusal.BLOCKED, style="flash")


def test_a_block_between_others_changes_nothing():
    mentor, mentee = MentorFactory(), MenteeFactory()
    BlockFactory(blocker=mentee, blocked=MentorFactory())
    BlockFactory(blocker=mentor, blocked=MenteeFactory())

    assert services.start_mentorship(mentor=mentor, mentee=mentee, style="traditional")


def test_a_child_whose_guardian_was_never_asked_is_refused():
    expect_refusal(screened(), child(), Refusal.NOT_TAKING_PART)


def test_a_child_waiting_for_her_guardian_is_refused():
    expect_refusal(screened(), GuardianConsentFactory().user, Refusal.NOT_TAKING_PART)


def test_a_child_whose_guardian_withdrew_is_refused():
    consent = GuardianConsentFactory(consented=True, withdrawn_at=timezone.now())

    expect_refusal(screened(), consent.user, Refusal.NOT_TAKING_PART, style="flash")


def test_a_child_with_her_guardians_consent_starts_with_a_screened_mentor():
    mia = GuardianConsentFactory(consented=True).user

    expect_refusal(MentorFactory(), mia, Refusal.NOT_SCREENED)
    assert services.start_mentorship(mentor=screened(), mentee=mia, style="traditional")


def test_a_minor_starts_only_with_a_mentor_whose_screening_is_valid():
    mia = teenager()
    lapsed = MentorScreeningFactory(valid_until=TODAY - timedelta(days=1)).mentor

    expect_refusal(MentorFactory(), mia, Refusal.NOT_SCREENED)
    expect_refusal(lapsed, mia, Refusal.NOT_SCREENED, style="flash")
    mentorship = services.start_mentorship(mentor=screened(), mentee=mia, style="traditional")
    assert mentorship.mentee == mia


def test_an_adult_starts_with_a_mentor_without_screening():
    assert services.start_mentorship(mentor=MentorFactory(), mentee=MenteeFactory(), style="flash")


def test_a_mentee_with_an_active_traditional_mentorship_is_refused_another():
    current = MentorshipFactory()

    expect_refusal(MentorFactory(), current.mentee, Refusal.HAS_TRADITIONAL)


def test_an_ended_traditional_mentorship_or_a_flash_one_does_not_count():
    mentee = MenteeFactory()
    MentorshipFactory(mentee=mentee, status=Mentorship.Status.COMPLETED)
    MentorshipFactory(mentee=mentee, style="flash")

    assert services.start_mentorship(mentor=MentorFactory(), mentee=mentee, style="traditional")


def test_flash_has_no_one_traditional_rule():
    current = MentorshipFactory()

    flash = services.start_mentorship(mentor=MentorFactory(), mentee=current.mentee, style="flash")

    assert flash.style == "flash"


def test_a_mentee_twice_in_one_batch_gets_one_traditional_mentorship():
    first, second, mentee = MentorFactory(), MentorFactory(), MenteeFactory()

    started = start([(first, mentee), (second, mentee)])

    assert list(started.mentorships) == [(first.pk, mentee.pk)]
    assert started.refused == {(second.pk, mentee.pk): Refusal.HAS_TRADITIONAL}


def test_a_mentee_twice_in_one_flash_batch_gets_both():
    first, second, mentee = MentorFactory(), MentorFactory(), MenteeFactory()

    started = start([(first, mentee), (second, mentee)], style="flash")

    assert set(started.mentorships) == {(first.pk, mentee.pk), (second.pk, mentee.pk)}
    assert started.refused == {}


# --- capacity ------------------------------------------------------------------------------


def test_capacity_counts_the_mentors_active_traditional_mentorships():
    mentor = MentorFactory()
    MentorshipFactory(mentor=mentor)
    MentorshipFactory(mentor=mentor, style="flash")
    MentorshipFactory(mentor=mentor, status=Mentorship.Status.ENDED_EARLY)

    expect_refusal(mentor, MenteeFactory(), Refusal.NO_PLACE, capacity=1)
    assert services.start_mentorship(
        mentor=mentor, mentee=MenteeFactory(), style="traditional", capacity=2
    )


def test_capacity_counts_the_earlier_pairs_of_the_same_batch():
    mentor, other = MentorFactory(), MentorFactory()
    MentorshipFactory(mentor=mentor)
    ada, grace, hedy, mary = (MenteeFactory() for _ in range(4))

    started = start(
        [(mentor, ada), (other, grace), (mentor, hedy), (mentor, mary)],
        capacities={mentor.pk: 2, other.pk: 1},
    )

    assert list(started.mentorships) == [(mentor.pk, ada.pk), (other.pk, grace.pk)]
    assert started.refused == {
        (mentor.pk, hedy.pk): Refusal.NO_PLACE,
        (mentor.pk, mary.pk): Refusal.NO_PLACE,
    }


def test_a_mentor_missing_from_the_capacities_has_no_place():
    mentor, mentee = MentorFactory(), MenteeFactory()

    started = start([(mentor, mentee)], capacities={MentorFactory().pk: 3})

    assert started.refused == {(mentor.pk, mentee.pk): Refusal.NO_PLACE}
    assert refused(mentor, mentee, capacity=0) == (
        Refusal.NO_PLACE,
        MESSAGES[Refusal.NO_PLACE],
    )


def test_capacities_none_sets_no_limit():
    mentor = MentorFactory(capacity=1)
    MentorshipFactory(mentor=mentor)
    mentees = [MenteeFactory() for _ in range(3)]

    started = start([(mentor, mentee) for mentee in mentees])

    assert len(started.mentorships) == 3
    assert services.start_mentorship(mentor=mentor, mentee=MenteeFactory(), style="traditional")


def test_flash_has_no_capacity():
    mentor = MentorFactory()
    MentorshipFactory(mentor=mentor)
    mentees = [MenteeFactory() for _ in range(3)]

    started = start([(mentor, m) for m in mentees], style="flash", capacities={mentor.pk: 0})

    assert len(started.mentorships) == 3
    assert services.start_mentorship(
        mentor=mentor, mentee=MenteeFactory(), style="flash", capacity=0
    )


# --- queries -------------------------------------------------------------------------------

# The transaction's savepoint and its release; the profiles of the mentors, then of the
# mentees, locked; the blocks among them; the mentees whose guardian consents and their
# consents; the mentors' valid screening (there is a minor); the mentors' active traditional
# mentorships and the mentees'; the mentorships and their history written.
START_QUERIES = 2 + 2 + 1 + 2 + 1 + 2 + 2


@pytest.mark.parametrize("count", [2, 20])
def test_the_queries_do_not_grow_with_the_pairs(django_assert_num_queries, count):
    mentors = [screened() for _ in range(count // 2)]
    mentees = [GuardianConsentFactory(consented=True).user] + [
        teenager() if n % 3 else MenteeFactory() for n in range(count - 1)
    ]
    pairs = [(mentors[n % len(mentors)], mentee) for n, mentee in enumerate(mentees)]
    BlockFactory(blocker=pairs[-1][1], blocked=pairs[-1][0])

    with django_assert_num_queries(START_QUERIES):
        started = start(pairs, capacities={mentor.pk: 3 for mentor in mentors})

    assert len(started.mentorships) == count - 1
    assert MentorshipEvent.objects.count() == count - 1


# --- concurrency ---------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_request_accepted_and_a_batch_racing_for_the_last_place_start_one():
    mentor = MentorFactory(capacity=1)
    request = ConnectionRequestFactory(mentor=mentor, mentee=MenteeFactory())
    from_round = MenteeFactory()

    results, errors = race(
        [
            lambda: matching_services.accept_request(request=request, by=mentor),
            lambda: start([(mentor, from_round)], capacities={mentor.pk: 1}),
        ]
    )

    assert Mentorship.objects.filter(mentor=mentor).count() == 1
    assert len(results) + len(errors) == 2
    started = [r for r in results if isinstance(r, Mentorship) or r.mentorships]
    assert len(started) == 1
    refusals = [r.refused for r in results if not isinstance(r, Mentorship)]
    if errors:  # the batch went first: the request is refused in the mentor's words
        assert [error.messages for error in errors] == [
            [
                "You have no free place: you already mentor 1 mentee in traditional mentoring "
                "and your capacity is 1. Raise your capacity on your presentation, or decline "
                "the request."
            ]
        ]
        assert refusals == [{}]
    else:
        assert refusals == [{(mentor.pk, from_round.pk): Refusal.NO_PLACE}]
