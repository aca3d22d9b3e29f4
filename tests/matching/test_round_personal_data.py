"""A person's match rounds in her data export and her erasure: her choices, her places and
marks as a mentor (never the rank a mentee gave her), her published results; erasure takes
her out of every round and keeps published results for the counts, without their reasons."""

import pytest
from django.utils import timezone

from matching.rounds.models import MatchRound, RoundChoice, RoundMentor, RoundOutcome
from profiles import privacy
from tests.factories import (
    MatchRoundFactory,
    MenteeFactory,
    MentorFactory,
    RoundChoiceFactory,
    RoundDraftFactory,
    RoundMentorFactory,
    RoundOutcomeFactory,
)

pytestmark = pytest.mark.django_db

REASONS = {"fields": [1], "languages": [2], "goals": ["robots"], "same_country": True, "missed": []}


@pytest.fixture
def people():
    mentor = MentorFactory(profile__display_name="Grace")
    mentee = MenteeFactory(profile__display_name="Åsa")
    return mentor, mentee


def publish(draft) -> None:
    MatchRound.objects.filter(pk=draft.round_id).update(
        published_at=timezone.now(), published_draft=draft
    )


def test_the_export_holds_a_mentees_choices_and_result(people):
    mentor, mentee = people
    round_ = MatchRoundFactory(name="Spring cohort")
    RoundChoiceFactory(round=round_, mentee=mentee, mentor=mentor, rank=1, note="Robots!")
    draft = RoundDraftFactory(round=round_)
    RoundOutcomeFactory(draft=draft, mentee=mentee, mentor=mentor, mentee_rank=1, mentor_rank=2)
    publish(draft)

    data = privacy.export_user_data(user=mentee)

    assert [
        (c["round"], c["rank"], c["mentor"], c["note"]) for c in data["match_round_choices"]
    ] == [("Spring cohort", 1, "Grace", "Robots!")]
    assert data["match_round_results"] == [
        {
            "round": "Spring cohort",
            "published_at": data["match_round_results"][0]["published_at"],
            "my_role": "mentee",
            "mentor": "Grace",
            "my_choice": 1,
        }
    ]
    assert data["match_round_marks"] == []


def test_the_export_holds_a_mentors_places_and_marks_never_the_rank(people):
    mentor, mentee = people
    round_ = MatchRoundFactory(name="Spring cohort")
    RoundChoiceFactory(
        round=round_, mentee=mentee, mentor=mentor, rank=4, fit="good", mentor_order=1
    )
    RoundMentorFactory(round=round_, mentor=mentor, capacity=2)

    data = privacy.export_user_data(user=mentor)

    assert data["match_round_places"][0]["mentees_in_round"] == 2
    assert data["match_round_marks"] == [
        {
            "round": "Spring cohort",
            "mentee": "Åsa",
            "mark": "good",
            "my_order": 1,
            "marked_at": None,
        }
    ]
    assert data["match_round_choices"] == []


def test_an_unpublished_draft_is_not_a_result(people):
    mentor, mentee = people
    RoundOutcomeFactory(mentee=mentee, mentor=mentor)

    assert privacy.export_user_data(user=mentee)["match_round_results"] == []


def test_the_delete_page_says_she_leaves_her_rounds(people):
    _mentor, mentee = people
    RoundChoiceFactory(mentee=mentee)

    assert "You leave the match round you take part in." in privacy.erasure_preview(user=mentee)


def test_erasing_a_mentee_takes_her_out_of_rounds_and_keeps_published_counts(people):
    mentor, mentee = people
    open_round = MatchRoundFactory()
    RoundChoiceFactory(round=open_round, mentee=mentee, mentor=mentor, note="Robots!")
    unpublished = RoundOutcomeFactory(draft=RoundDraftFactory(round=open_round), mentee=mentee)
    draft = RoundDraftFactory()
    published = RoundOutcomeFactory(draft=draft, mentee=mentee, mentor=mentor, reasons=REASONS)
    publish(draft)

    privacy.erase_user(user=mentee, by=mentee)

    assert not RoundChoice.objects.filter(mentee=mentee).exists()
    assert not RoundOutcome.objects.filter(pk=unpublished.pk).exists()
    published.refresh_from_db()
    assert (published.mentor_id, published.mentee_rank) == (mentor.pk, 1)
    assert published.reasons == {}


def test_erasing_a_mentor_clears_her_marks_and_places_and_unmatches_drafts(people):
    mentor, mentee = people
    round_ = MatchRoundFactory()
    choice = RoundChoiceFactory(
        round=round_, mentee=mentee, mentor=mentor, fit="not", mentor_order=2
    )
    RoundMentorFactory(round=round_, mentor=mentor)
    drafted = RoundOutcomeFactory(
        draft=RoundDraftFactory(round=round_), mentee=mentee, mentor=mentor
    )
    draft = RoundDraftFactory()
    published = RoundOutcomeFactory(draft=draft, mentor=mentor, reasons=REASONS)
    publish(draft)

    privacy.erase_user(user=mentor, by=mentor)

    choice.refresh_from_db()
    assert (choice.fit, choice.mentor_order, choice.rank) == ("", None, 1)
    assert not RoundMentor.objects.filter(mentor=mentor).exists()
    drafted.refresh_from_db()
    assert (drafted.mentor_id, drafted.mentee_rank) == (None, None)
    published.refresh_from_db()
    # The mentee's published result and its explanation are hers.
    assert (published.mentor_id, published.reasons) == (mentor.pk, REASONS)
