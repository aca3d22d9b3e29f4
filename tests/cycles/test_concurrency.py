"""The agreement, the goal limit and meeting proposals under simultaneous clicks, on
PostgreSQL with real threads and transactions (SQLite ignores row locks)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cycles import services
from cycles.models import Agreement, AgreementVersion, Goal, Meeting, MentorshipEvent
from tests.concurrency import race
from tests.cycles.test_services import agreement_data
from tests.factories import AgreementFactory, GoalFactory, MentorshipFactory, version_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_both_accept_the_agreement_at_the_same_moment():
    mentorship = MentorshipFactory()
    agreement = AgreementFactory(mentorship=mentorship)

    results, errors = race(
        [
            lambda: services.accept_agreement(
                mentorship=mentorship, by=mentorship.mentor, version=version_of(mentorship)
            ),
            lambda: services.accept_agreement(
                mentorship=mentorship, by=mentorship.mentee, version=version_of(mentorship)
            ),
        ]
    )

    assert errors == []
    assert len(results) == 2
    agreement = Agreement.objects.get(pk=agreement.pk)
    assert agreement.mentor_accepted_at is not None
    assert agreement.mentee_accepted_at is not None
    accepted = MentorshipEvent.objects.filter(
        mentorship=mentorship, kind=MentorshipEvent.Kind.AGREEMENT_ACCEPTED
    )
    assert sorted(accepted.values_list("actor_id", flat=True)) == sorted(
        [mentorship.mentor_id, mentorship.mentee_id]
    )
    mentorship.refresh_from_db()
    assert mentorship.end_date == agreement.end_date


def test_each_side_clicking_accept_twice_at_once_is_recorded_once_each():
    mentorship = MentorshipFactory()
    AgreementFactory(mentorship=mentorship)
    people = [mentorship.mentor, mentorship.mentee] * 2

    _results, errors = race(
        [
            (
                lambda by=by: services.accept_agreement(
                    mentorship=mentorship, by=by, version=version_of(mentorship)
                )
            )
            for by in people
        ]
    )

    assert errors == []
    accepted = MentorshipEvent.objects.filter(
        mentorship=mentorship, kind=MentorshipEvent.Kind.AGREEMENT_ACCEPTED
    )
    assert sorted(accepted.values_list("actor_id", flat=True)) == sorted(
        [mentorship.mentor_id, mentorship.mentee_id]
    )


def test_five_simultaneous_goals_when_two_exist_make_one_third_goal():
    mentorship = MentorshipFactory()
    GoalFactory.create_batch(2, mentorship=mentorship)

    results, errors = race(
        [
            (
                lambda n=n: services.add_goal(
                    mentorship=mentorship,
                    by=mentorship.mentee if n % 2 else mentorship.mentor,
                    title=f"Goal number {n}",
                )
            )
            for n in range(5)
        ]
    )

    assert len(results) == 1
    assert len(errors) == 4
    assert all(isinstance(error, ValidationError) for error in errors), errors
    assert {error.messages[0] for error in errors} == {
        "You already have 3 goals. Mark one as dropped before adding another."
    }
    assert Goal.objects.filter(mentorship=mentorship).count() == 3


def _proposal(mentorship):
    """The mentee's proposal of two times, made through the service."""
    start = timezone.now() + timedelta(days=3)
    return services.schedule_meeting(
        mentorship=mentorship,
        by=mentorship.mentee,
        data={
            "times": [start, start + timedelta(days=1)],
            "time_zone": "Europe/Stockholm",
            "duration_minutes": 60,
            "location": "https://meet.example.org/race",
        },
    )


@pytest.mark.parametrize("round_", range(3))
def test_accept_and_withdraw_at_the_same_moment_one_wins(round_):
    """The mentor accepts the second time while the mentee withdraws the proposal: exactly
    one of them happens, and the other is told why in words."""
    mentorship = MentorshipFactory()
    meeting = _proposal(mentorship)

    results, errors = race(
        [
            lambda: services.accept_proposal(meeting=meeting, by=mentorship.mentor, position=2),
            lambda: services.withdraw_proposal(meeting=meeting, by=mentorship.mentee),
        ]
    )

    assert len(results) == 1
    assert len(errors) == 1
    assert isinstance(errors[0], ValidationError), errors
    meeting = Meeting.objects.get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CONFIRMED:  # the acceptance won
        assert errors[0].messages == ["This proposal has already been accepted."]
        assert meeting.cancelled_at is None
        assert meeting.agreed_at is not None
    else:
        assert meeting.status == Meeting.Status.CANCELLED
        assert errors[0].messages == ["This proposal was withdrawn."]
        assert meeting.agreed_at is None
    assert Meeting.objects.filter(mentorship=mentorship).count() == 1


def test_accept_and_other_times_at_the_same_moment_one_wins():
    """Two answers to one proposal (an acceptance, other times) never both count."""
    mentorship = MentorshipFactory()
    meeting = _proposal(mentorship)

    results, errors = race(
        [
            lambda: services.accept_proposal(meeting=meeting, by=mentorship.mentor, position=1),
            lambda: services.decline_proposal(
                meeting=meeting,
                by=mentorship.mentor,
                times=[timezone.now() + timedelta(days=10)],
            ),
        ]
    )

    assert (len(results), len(errors)) == (1, 1)
    assert isinstance(errors[0], ValidationError), errors
    statuses = sorted(
        Meeting.objects.filter(mentorship=mentorship).values_list("status", flat=True)
    )
    assert statuses in (["confirmed"], ["declined", "proposed"])


@pytest.mark.parametrize("attempt", range(4))
def test_an_edit_and_an_acceptance_at_once_never_accept_a_text_she_did_not_see(attempt):
    """Mae accepts version 1, the text she read, while Katherine saves a change. Either her
    acceptance comes first (kept with version 1, then cleared by the change) or the change
    does (her acceptance is refused): never an acceptance of the changed text."""
    mentorship = MentorshipFactory()
    read = AgreementFactory(mentorship=mentorship).expectations
    data = agreement_data(mentorship, expectations=f"Changed while Mae was reading ({attempt}).")

    _results, errors = race(
        [
            lambda: services.save_agreement(
                mentorship=mentorship, by=mentorship.mentor, data=data, goals=["A goal"]
            ),
            lambda: services.accept_agreement(
                mentorship=mentorship, by=mentorship.mentee, version=1
            ),
        ]
    )

    assert all(isinstance(error, ValidationError) for error in errors), errors
    assert [error.messages for error in errors] in (
        [],
        [["The agreement changed since you opened it; read the new version."]],
    )
    agreement = Agreement.objects.get(mentorship=mentorship)
    assert (agreement.version, agreement.mentee_accepted_at) == (2, None)
    assert agreement.expectations == data["expectations"]
    kept = AgreementVersion.objects.get(agreement=agreement)
    assert kept.content["expectations"] == read
    assert (kept.mentee_accepted_at is not None) == (errors == [])
    accepted = MentorshipEvent.objects.filter(
        mentorship=mentorship, kind=MentorshipEvent.Kind.AGREEMENT_ACCEPTED
    )
    assert list(accepted.values_list("to_value", flat=True)) == ([] if errors else ["1"])
