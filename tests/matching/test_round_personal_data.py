"""A round in her data export and her erasure: her rankings and notes as a mentee, her marks
and places as a mentor (not the rank a mentee gave her); an erased mentee leaves the rounds
not yet published, and her notes are cleared."""

import pytest

from matching.rounds import services
from matching.rounds.models import Fit, RoundChoice
from profiles.privacy import erase_user, erasure_preview, export_user_data
from tests.factories import MatchRoundFactory, MenteeFactory, MentorFactory

pytestmark = pytest.mark.django_db


def test_her_rankings_and_his_marks_are_in_the_export():
    round_ = MatchRoundFactory(name="Spring cohort")
    mentee = MenteeFactory(profile__display_name="Maryam")
    ada = MentorFactory(profile__display_name="Ada")
    services.add_choice(round=round_, mentee=mentee, mentor=MentorFactory())
    services.add_choice(round=round_, mentee=mentee, mentor=ada, note="Your compilers talk.")
    services.mark(round=round_, mentor=ada, mentee=mentee, fit=Fit.GOOD)
    services.set_capacity(round=round_, mentor=ada, capacity=1)

    hers = export_user_data(user=mentee)
    (_first, second) = hers["match_round_rankings"]
    assert second["rank"] == 2
    assert second["mentor"] == "Ada"
    assert second["note"] == "Your compilers talk."
    assert "my_mark" not in str(hers["match_round_rankings"])

    his = export_user_data(user=ada)
    (marked,) = his["match_round_mentees_who_ranked_me"]
    assert marked == {
        "round": "Spring cohort",
        "mentee": "Maryam",
        "my_mark": "good",
        "my_order": None,
        "marked_at": marked["marked_at"],
    }
    assert his["match_round_places"] == [{"round": "Spring cohort", "mentees": 1}]


def test_an_erased_mentee_leaves_the_open_round():
    round_ = MatchRoundFactory()
    mentee = MenteeFactory()
    services.add_choice(round=round_, mentee=mentee, mentor=MentorFactory(), note="Why you")

    assert "Your ranking in a match round not yet published is removed." in erasure_preview(
        user=mentee
    )
    erase_user(user=mentee, by=mentee)

    assert not RoundChoice.objects.exists()


def test_a_published_rounds_ranking_stays_without_her_note():
    from datetime import timedelta

    from django.utils import timezone

    from matching.rounds.models import RoundDraft

    now = timezone.now()
    round_ = MatchRoundFactory(opens_at=now - timedelta(days=9), closes_at=now - timedelta(1))
    mentee = MenteeFactory()
    RoundChoice.objects.create(
        round=round_, mentee=mentee, mentor=MentorFactory(), rank=1, note="Why you"
    )
    round_.published_draft = RoundDraft.objects.create(round=round_, number=1)
    round_.published_at = now
    round_.save()

    erase_user(user=mentee, by=mentee)

    assert RoundChoice.objects.get().note == ""
