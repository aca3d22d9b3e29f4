"""What a mentee and a mentor write in a match round (``matching.rounds.services``): ranks
1..n without gaps, the limit, the stage, who may rank whom, and the mentor's marks, order
and capacity."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from matching.rounds import selectors, services
from matching.rounds.models import Fit, RoundChoice, RoundMentor
from tests.factories import (
    BlockFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    OpenMatchRoundFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_():
    return OpenMatchRoundFactory()


def ranks(round_, mentee) -> list[tuple[int, int]]:
    return list(
        RoundChoice.objects.filter(round=round_, mentee=mentee)
        .order_by("rank")
        .values_list("mentor_id", "rank")
    )


def ranked(round_, mentee, *mentors):
    for mentor in mentors:
        services.add_choice(round=round_, mentee=mentee, mentor=mentor)


def test_a_mentee_adds_mentors_in_order(round_):
    mentee, ada, grace = MenteeFactory(), MentorFactory(), MentorFactory()

    services.add_choice(round=round_, mentee=mentee, mentor=ada, note=" Ada's talk. ")
    choice = services.add_choice(round=round_, mentee=mentee, mentor=grace)

    assert choice.rank == 2
    assert ranks(round_, mentee) == [(ada.pk, 1), (grace.pk, 2)]
    assert RoundChoice.objects.get(mentor=ada).note == "Ada's talk."


def test_the_same_mentor_twice_is_refused(round_):
    mentee, ada = MenteeFactory(), MentorFactory()
    ranked(round_, mentee, ada)

    with pytest.raises(ValidationError, match="already on your ranking"):
        services.add_choice(round=round_, mentee=mentee, mentor=ada)


@override_settings(MATCHING_ROUND_MAX_CHOICES=2)
def test_the_ranking_is_full_at_the_limit(round_):
    mentee = MenteeFactory()
    ranked(round_, mentee, MentorFactory(), MentorFactory())

    with pytest.raises(ValidationError) as error:
        services.add_choice(round=round_, mentee=mentee, mentor=MentorFactory())

    assert error.value.messages == [
        "Your ranking is full: you may rank up to 2 mentors. Remove one to add another."
    ]


@pytest.mark.parametrize(
    ("opens", "closes", "published"),
    [(1, 2, False), (-3, -1, False), (-3, 2, True)],
    ids=["upcoming", "closed", "published"],
)
def test_nothing_is_written_outside_the_ranking_stage(opens, closes, published):
    now = timezone.now()
    round_ = OpenMatchRoundFactory(
        opens_at=now + timedelta(days=opens), closes_at=now + timedelta(days=closes)
    )
    mentee, ada = MenteeFactory(), MentorFactory()
    RoundChoice.objects.create(round=round_, mentee=mentee, mentor=ada, rank=1)
    if published:
        from matching.rounds.models import RoundDraft

        draft = RoundDraft.objects.create(round=round_, number=1)
        round_.published_draft, round_.published_at = draft, now
        round_.save()

    for write in (
        lambda: services.add_choice(round=round_, mentee=mentee, mentor=MentorFactory()),
        lambda: services.remove_choice(round=round_, mentee=mentee, mentor=ada),
        lambda: services.set_note(round=round_, mentee=mentee, mentor=ada, note="x"),
        lambda: services.mark(round=round_, mentor=ada, mentee=mentee, fit=Fit.GOOD),
        lambda: services.set_capacity(round=round_, mentor=ada, capacity=1),
    ):
        with pytest.raises(ValidationError, match="Rankings for this round are closed."):
            write()
    assert ranks(round_, mentee) == [(ada.pk, 1)]


def test_a_mentee_may_not_rank_a_mentor_she_blocked(round_):
    mentee, ada = MenteeFactory(), MentorFactory()
    BlockFactory(blocker=mentee, blocked=ada)

    with pytest.raises(ValidationError, match="This mentor is not taking part in this round."):
        services.add_choice(round=round_, mentee=mentee, mentor=ada)


def test_a_mentor_not_taking_requests_cannot_be_ranked(round_):
    mentee, ada = MenteeFactory(), MentorFactory()
    ada.presentation.accepting_requests = False
    ada.presentation.save()

    with pytest.raises(ValidationError, match="This mentor is not taking part in this round."):
        services.add_choice(round=round_, mentee=mentee, mentor=ada)


def test_a_mentee_in_a_mentorship_and_a_mentor_do_not_rank(round_):
    busy = MentorshipFactory().mentee

    with pytest.raises(PermissionDenied):
        services.add_choice(round=round_, mentee=busy, mentor=MentorFactory())
    with pytest.raises(PermissionDenied):
        services.add_choice(round=round_, mentee=MentorFactory(), mentor=MentorFactory())


def test_an_invited_round_is_for_the_invited_only():
    round_ = OpenMatchRoundFactory(open_to_all=False)
    invited, stranger, ada = MenteeFactory(), MenteeFactory(), MentorFactory()
    round_.invited.add(invited, ada)

    services.add_choice(round=round_, mentee=invited, mentor=ada)
    with pytest.raises(PermissionDenied):
        services.add_choice(round=round_, mentee=stranger, mentor=ada)


def test_removing_closes_the_gap(round_):
    mentee, a, b, c = MenteeFactory(), MentorFactory(), MentorFactory(), MentorFactory()
    ranked(round_, mentee, a, b, c)

    services.remove_choice(round=round_, mentee=mentee, mentor=b)

    assert ranks(round_, mentee) == [(a.pk, 1), (c.pk, 2)]


def test_moving_up_and_down(round_):
    mentee, a, b, c = MenteeFactory(), MentorFactory(), MentorFactory(), MentorFactory()
    ranked(round_, mentee, a, b, c)

    assert services.move_choice(round=round_, mentee=mentee, mentor=c, direction="up") == 2
    assert ranks(round_, mentee) == [(a.pk, 1), (c.pk, 2), (b.pk, 3)]
    assert services.move_choice(round=round_, mentee=mentee, mentor=a, direction="up") == 1
    assert services.move_choice(round=round_, mentee=mentee, mentor=a, direction="down") == 2
    assert ranks(round_, mentee) == [(c.pk, 1), (a.pk, 2), (b.pk, 3)]


def test_a_dragged_order_must_name_each_mentor_once(round_):
    mentee, a, b, c = MenteeFactory(), MentorFactory(), MentorFactory(), MentorFactory()
    ranked(round_, mentee, a, b, c)

    services.set_order(round=round_, mentee=mentee, mentor_ids=[c.pk, a.pk, b.pk])
    assert ranks(round_, mentee) == [(c.pk, 1), (a.pk, 2), (b.pk, 3)]

    for stale in ([c.pk, a.pk], [c.pk, a.pk, a.pk], [c.pk, a.pk, MentorFactory().pk]):
        with pytest.raises(ValidationError, match="changed in another window"):
            services.set_order(round=round_, mentee=mentee, mentor_ids=stale)
    assert ranks(round_, mentee) == [(c.pk, 1), (a.pk, 2), (b.pk, 3)]


def test_a_note_is_kept_to_500_characters(round_):
    mentee, ada = MenteeFactory(), MentorFactory()
    ranked(round_, mentee, ada)

    services.set_note(round=round_, mentee=mentee, mentor=ada, note="Her work on compilers.")
    with pytest.raises(ValidationError, match="Keep the note to 500 characters"):
        services.set_note(round=round_, mentee=mentee, mentor=ada, note="x" * 501)

    assert RoundChoice.objects.get(mentor=ada).note == "Her work on compilers."


def test_a_mentee_cannot_touch_a_mentor_not_on_her_ranking(round_):
    mentee, other = MenteeFactory(), MenteeFactory()
    ada = MentorFactory()
    ranked(round_, other, ada)

    with pytest.raises(ValidationError, match="not on your ranking"):
        services.remove_choice(round=round_, mentee=mentee, mentor=ada)
    assert ranks(round_, other) == [(ada.pk, 1)]


# --- the mentor's side -----------------------------------------------------------------------


def mentor_view(round_, mentor) -> list[str]:
    return [person.name for person in selectors.ranked_by(round_, mentor)]


def three_who_ranked(round_, mentor):
    people = [MenteeFactory(profile__display_name=name) for name in ("Ann", "Bea", "Cai")]
    for mentee in people:
        ranked(round_, mentee, mentor)
    return people


def test_a_mentor_marks_and_her_list_follows(round_):
    ada = MentorFactory()
    ann, bea, cai = three_who_ranked(round_, ada)

    services.mark(round=round_, mentor=ada, mentee=cai, fit=Fit.GOOD)
    services.mark(round=round_, mentor=ada, mentee=ann, fit=Fit.NOT)

    assert mentor_view(round_, ada) == ["Cai", "Bea", "Ann"]
    choice = RoundChoice.objects.get(mentee=cai)
    assert choice.fit == Fit.GOOD
    assert choice.marked_at is not None
    services.mark(round=round_, mentor=ada, mentee=cai, fit=Fit.UNMARKED)
    assert RoundChoice.objects.get(mentee=cai).marked_at is None


def test_a_mentor_orders_with_up_and_down(round_):
    ada = MentorFactory()
    ann, bea, cai = three_who_ranked(round_, ada)

    services.move_mentee(round=round_, mentor=ada, mentee=cai, direction="up")

    assert mentor_view(round_, ada) == ["Ann", "Cai", "Bea"]
    orders = dict(RoundChoice.objects.values_list("mentee_id", "mentor_order"))
    assert orders == {ann.pk: 1, cai.pk: 2, bea.pk: 3}


def test_not_a_fit_leaves_her_order_without_a_gap(round_):
    ada = MentorFactory()
    ann, bea, cai = three_who_ranked(round_, ada)
    services.set_mentor_order(round=round_, mentor=ada, mentee_ids=[cai.pk, bea.pk, ann.pk])

    services.mark(round=round_, mentor=ada, mentee=bea, fit=Fit.NOT)

    orders = dict(RoundChoice.objects.values_list("mentee_id", "mentor_order"))
    assert orders == {cai.pk: 1, ann.pk: 2, bea.pk: None}
    with pytest.raises(ValidationError, match="to give her a place"):
        services.move_mentee(round=round_, mentor=ada, mentee=bea, direction="up")
    with pytest.raises(ValidationError, match="The list changed in another window"):
        services.set_mentor_order(round=round_, mentor=ada, mentee_ids=[bea.pk])


def test_a_mentor_cannot_mark_someone_who_did_not_rank_her(round_):
    ada, grace = MentorFactory(), MentorFactory()
    mentee = MenteeFactory()
    ranked(round_, mentee, grace)

    with pytest.raises(PermissionDenied):
        services.mark(round=round_, mentor=ada, mentee=mentee, fit=Fit.GOOD)
    with pytest.raises(PermissionDenied):
        services.mark(round=round_, mentor=mentee, mentee=mentee, fit=Fit.GOOD)
    assert RoundChoice.objects.get().fit == ""


def test_capacity_goes_from_0_to_her_free_places(round_):
    ada = MentorFactory(capacity=3)
    MentorshipFactory(mentor=ada)
    assert selectors.capacity_of(round_, ada).value == 2  # the default: her free places

    services.set_capacity(round=round_, mentor=ada, capacity=0)
    assert selectors.capacity_of(round_, ada).value == 0
    services.set_capacity(round=round_, mentor=ada, capacity=2)
    assert RoundMentor.objects.get().capacity == 2
    with pytest.raises(ValidationError) as error:
        services.set_capacity(round=round_, mentor=ada, capacity=3)

    assert error.value.messages == ["Choose between 0 and 2: you have 2 free places."]


# --- what each side reads ----------------------------------------------------------------------


def test_the_mentor_never_reads_the_rank_and_the_mentee_never_the_mark(round_):
    ada = MentorFactory()
    mentee = MenteeFactory(profile__goals="Learn about compilers")
    ranked(round_, mentee, MentorFactory(), ada)
    services.mark(round=round_, mentor=ada, mentee=mentee, fit=Fit.NOT)

    (person,) = selectors.ranked_by(round_, ada)
    assert not hasattr(person, "rank")
    assert person.goals == "Learn about compilers"
    (first, second) = selectors.ranking_of(round_, mentee)
    assert second.card is not None
    assert second.choice.rank == 2
    assert not hasattr(second.card, "fit")
    assert {"fit", "mentor_order"} <= second.choice.get_deferred_fields()


def test_her_rounds_are_those_open_to_her_and_those_she_ranked_in(round_):
    mentee, ada = MenteeFactory(), MentorFactory()
    invited_only = OpenMatchRoundFactory(open_to_all=False)

    assert [r.round for r in selectors.rounds_for(mentee, mentee.profile)] == [round_]
    ranked(round_, mentee, ada)
    MentorshipFactory(mentee=mentee)  # a mentorship started: she ranks no more, keeps her round

    (her_round,) = selectors.rounds_for(mentee, mentee.profile)
    assert her_round.round == round_
    assert her_round.choices == 1
    (as_mentor,) = selectors.rounds_for(ada, ada.profile)
    assert as_mentor.as_mentor
    assert as_mentor.choices == 1
    assert as_mentor.unmarked == 1
    assert invited_only not in [r.round for r in selectors.rounds_for(ada, ada.profile)]
