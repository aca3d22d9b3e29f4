"""The reasons of an outcome in words, in the reader's language, naming no other mentee and
never saying "not a fit"."""

import pytest
from django.utils import translation

from matching.rounds.drafts import make_draft
from matching.rounds.explain import matched_reasons, missed_reasons
from matching.rounds.models import Fit
from profiles.models import Block
from tests.factories import (
    ExpertiseAreaFactory,
    MenteeFactory,
    MentorFactory,
    SpokenLanguageFactory,
)
from tests.matching.rounds.cohort import mark, rank, round_in_review, take

pytestmark = pytest.mark.django_db


@pytest.fixture
def outcomes():
    """Mia ranks Dr Ada (two places, both to mentees she marked a better fit), Dr Cleo (who
    did not list her), Dr Dora (no mentee this round), Dr Eva (blocked her), then Bea, who
    takes her."""
    round_ = round_in_review()
    physics = ExpertiseAreaFactory(name_en="Physics", name_sv="Fysik")
    swedish = SpokenLanguageFactory(code="sv", name_en="Swedish", name_sv="Svenska")
    ada, cleo, dora, eva = (
        MentorFactory(profile__display_name=f"Dr {name}") for name in ("Ada", "Cleo", "Dora", "Eva")
    )
    bea = MentorFactory(
        profile__display_name="Bea",
        profile__expertise=[physics],
        profile__languages=[swedish],
        presentation__offer="Research careers and confidence.",
    )
    mia = MenteeFactory(
        profile__display_name="Mia",
        profile__expertise=[physics],
        profile__languages=[swedish],
        profile__goals="A research career.",
    )
    others = [MenteeFactory(profile__display_name=f"Other {n}") for n in range(2)]
    for other in others:
        rank(round_, other, ada)
        mark(round_, ada, other, fit=Fit.GOOD)
    rank(round_, mia, ada, cleo, dora, eva, bea)
    take(round_, ada, 2)
    mark(round_, cleo, mia, fit=Fit.NOT)
    take(round_, dora, 0)
    Block.objects.create(blocker=eva, blocked=mia)
    draft = make_draft(round=round_, by=None)
    return draft.outcomes.get(mentee=mia), draft.outcomes.get(mentee=others[0])


def test_matched_reasons_for_the_mentee_in_english(outcomes):
    mia, _other = outcomes

    assert matched_reasons(mia, reader="mentee") == [
        "You share the field Physics.",
        "You both speak Swedish.",
        "You live in the same country.",
        "Her presentation mentions words from your goals: research, career.",
        "She was number 5 on your ranking.",
    ]


def test_the_mentor_reads_her_own_place_and_staff_both(outcomes):
    mia, _other = outcomes

    assert matched_reasons(mia, reader="mentor")[-1] == (
        "She was number 1 on your list of the mentees who ranked you."
    )
    assert matched_reasons(mia, reader="staff")[-1] == (
        "The mentee's choice 5; the mentor's place 1 for her."
    )
    assert "number" not in " ".join(matched_reasons(mia))


def test_missed_reasons_in_english_name_no_other_mentee(outcomes):
    mia, _other = outcomes

    sentences = missed_reasons(mia)

    assert sentences == [
        "Dr Ada's 2 places went to mentees she had marked as a better fit.",
        "Dr Cleo could not take you in this round.",
        "Dr Dora took no new mentee in this round.",
        "Dr Eva could not be matched with you when rankings closed.",
    ]
    assert "Other" not in " ".join(sentences)
    assert "fit" not in sentences[1]


def test_reasons_in_swedish(outcomes):
    mia, _other = outcomes

    with translation.override("sv"):
        assert matched_reasons(mia, reader="mentee") == [
            "Ni delar området Fysik.",
            "Ni talar båda Svenska.",
            "Ni bor i samma land.",
            "Hennes presentation nämner ord ur dina mål: research, career.",
            "Hon var nummer 5 i din rangordning.",
        ]
        assert missed_reasons(mia) == [
            "De 2 platserna hos Dr Ada gick till adepter som hon hade markerat som bättre "
            "passande.",
            "Dr Cleo kunde inte ta emot dig i den här omgången.",
            "Dr Dora tog inte emot någon ny adept i den här omgången.",
            "Dr Eva kunde inte matchas med dig när rangordningen stängde.",
        ]


def test_one_place_and_an_exclusion_in_both_languages():
    round_ = round_in_review()
    ada, bea = MentorFactory(profile__display_name="Dr Ada"), MentorFactory()
    first, mia = MenteeFactory(), MenteeFactory()
    rank(round_, first, ada)
    rank(round_, mia, ada, bea)
    take(round_, ada, 1)
    draft = make_draft(round=round_, by=None, excluded_pairs=[[mia.pk, bea.pk]])
    outcome = draft.outcomes.get(mentee=mia)

    assert missed_reasons(outcome) == [
        "Dr Ada's place went to a mentee she had marked as a better fit.",
        f"The program staff did not pair you with {bea.get_full_name()} in this round.",
    ]
    assert matched_reasons(outcome) == []
    with translation.override("sv"):
        assert missed_reasons(outcome) == [
            "Platsen hos Dr Ada gick till en adept som hon hade markerat som bättre passande.",
            f"Programpersonalen parade inte ihop dig med {bea.get_full_name()} i den här omgången.",
        ]


def test_staff_read_the_mentors_mark_the_mentee_never_does(outcomes):
    mia, _other = outcomes

    assert missed_reasons(mia, reader="staff") == [
        "Dr Ada's 2 places went to mentees she placed higher.",
        "Dr Cleo marked her not a fit.",
        "Dr Dora took no new mentee in this round.",
        "The rules did not allow her to be matched with Dr Eva (a block, screening or a "
        "guardian's consent).",
    ]
    assert "not a fit" not in " ".join(missed_reasons(mia))
