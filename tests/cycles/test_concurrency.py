"""The agreement and the goal limit under simultaneous clicks, on PostgreSQL with real threads
and transactions (SQLite ignores row locks)."""

import pytest
from django.core.exceptions import ValidationError

from cycles import services
from cycles.models import Agreement, AgreementVersion, Goal, MentorshipEvent
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
