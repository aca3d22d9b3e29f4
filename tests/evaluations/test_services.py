"""The participants' evaluation services: a private reflection on a session, the final
evaluation of a cycle (SPEC §10)."""

import zoneinfo
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cycles.models import Mentorship, Phase, PhaseTick, Style
from evaluations import selectors, services
from evaluations.models import FinalEvaluation, SessionEvaluation
from profiles.services import ensure_profile
from tests.factories import (
    FinalEvaluationFactory,
    GoalFactory,
    MeetingFactory,
    MenteeFactory,
    MentorshipFactory,
    SessionEvaluationFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

RATINGS = {"useful": 4, "prepared": 3, "understood": 5, "progress": 2}
ANSWERS = {
    "goals_met": "Apply for the summer school.",
    "goals_not_met": "Present at a conference — no call for papers this spring.",
    "strengths": "I plan well; I doubt my ideas too quickly.",
    "application": "I will speak first in my next group meeting.",
    "biases": "Being asked to take notes. I now say no kindly.",
    "stem_impact": "I will apply for a master's in robotics.",
    "quality_rating": 5,
    "effectiveness_rating": 4,
    "sessions": 5,
}


def held(mentorship, **kwargs):
    return MeetingFactory(
        mentorship=mentorship, starts_at=timezone.now() - timedelta(hours=3), **kwargs
    )


# --- reflections ---------------------------------------------------------------------------


def test_a_participant_reflects_on_a_held_meeting_and_can_rewrite_it():
    meeting = held(MentorshipFactory())
    mentee = meeting.mentorship.mentee

    first = services.submit_reflection(
        meeting=meeting, by=mentee, data={**RATINGS, "reflection": "  I asked for help.  "}
    )
    again = services.submit_reflection(
        meeting=meeting, by=mentee, data={**RATINGS, "progress": 4, "reflection": "Better."}
    )

    assert first.pk == again.pk
    saved = SessionEvaluation.objects.get()
    assert (saved.author, saved.progress, saved.reflection) == (mentee, 4, "Better.")


def _start_of_this_month():
    """Midnight on the first of the running month in the program's time zone."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    today = timezone.localdate(timezone.now(), zone)
    return datetime(today.year, today.month, 1, tzinfo=zone)


def test_a_reflection_is_kept_as_written_once_its_month_has_ended():
    mentorship = MentorshipFactory()
    meeting = MeetingFactory(mentorship=mentorship, starts_at=timezone.now() - timedelta(days=40))
    late = MeetingFactory(mentorship=mentorship, starts_at=timezone.now() - timedelta(days=39))
    mentee = mentorship.mentee
    kept = SessionEvaluationFactory(
        meeting=meeting,
        author=mentee,
        useful=2,
        created_at=_start_of_this_month() - timedelta(seconds=1),
    )
    open_ = SessionEvaluationFactory(
        meeting=late, author=mentorship.mentor, useful=2, created_at=_start_of_this_month()
    )

    with pytest.raises(ValidationError) as error:
        services.submit_reflection(meeting=meeting, by=mentee, data={**RATINGS, "useful": 5})
    services.submit_reflection(meeting=late, by=mentorship.mentor, data={**RATINGS, "useful": 5})
    services.submit_reflection(meeting=late, by=mentee, data=RATINGS)  # a first one, late

    assert error.value.messages == [
        "This reflection is kept as you wrote it, so that the program's anonymous figures "
        "stay as they were."
    ]
    kept.refresh_from_db()
    open_.refresh_from_db()
    assert (kept.useful, open_.useful) == (2, 5)
    assert SessionEvaluation.objects.filter(meeting=late).count() == 2


def test_each_participant_has_her_own_reflection():
    meeting = held(MentorshipFactory())

    services.submit_reflection(meeting=meeting, by=meeting.mentorship.mentee, data=RATINGS)
    services.submit_reflection(meeting=meeting, by=meeting.mentorship.mentor, data=RATINGS)

    assert SessionEvaluation.objects.filter(meeting=meeting).count() == 2


@pytest.mark.parametrize("who", ["other_mentee", "staff"])
def test_only_the_pair_reflects_on_their_meeting(who):
    meeting = held(MentorshipFactory())
    outsider = MenteeFactory() if who == "other_mentee" else StaffFactory()

    with pytest.raises(PermissionDenied):
        services.submit_reflection(meeting=meeting, by=outsider, data=RATINGS)

    assert not SessionEvaluation.objects.exists()


def test_a_meeting_is_reflected_on_once_it_has_started():
    meeting = MeetingFactory()  # next week

    with pytest.raises(ValidationError) as error:
        services.submit_reflection(meeting=meeting, by=meeting.mentorship.mentee, data=RATINGS)

    assert error.value.messages == ["You can reflect on this session once it has started."]


def test_a_cancelled_meeting_has_no_reflection():
    meeting = held(MentorshipFactory(), cancelled_at=timezone.now() - timedelta(days=1))

    with pytest.raises(ValidationError) as error:
        services.submit_reflection(meeting=meeting, by=meeting.mentorship.mentee, data=RATINGS)

    assert error.value.messages == [
        "This meeting was cancelled: there is no session to reflect on."
    ]


def test_a_rating_is_from_1_to_5():
    meeting = held(MentorshipFactory())

    with pytest.raises(ValidationError) as error:
        services.submit_reflection(
            meeting=meeting, by=meeting.mentorship.mentee, data={**RATINGS, "useful": 6}
        )

    assert "useful" in error.value.message_dict


def test_a_reflection_may_follow_the_end_of_the_mentorship():
    mentorship = MentorshipFactory(status=Mentorship.Status.ENDED_EARLY)
    meeting = held(mentorship)

    services.submit_reflection(meeting=meeting, by=mentorship.mentor, data=RATINGS)

    assert SessionEvaluation.objects.filter(author=mentorship.mentor).exists()


# --- when the final evaluation opens -------------------------------------------------------


@pytest.mark.parametrize(
    ("style", "phase", "status", "with_session", "expected"),
    [
        (Style.TRADITIONAL, Phase.NEGOTIATION, "active", True, False),
        (Style.TRADITIONAL, Phase.ENABLING, "active", True, False),
        (Style.TRADITIONAL, Phase.CLOSURE, "active", False, True),
        (Style.TRADITIONAL, Phase.PREPARATION, "ended_early", False, True),
        (Style.TRADITIONAL, Phase.CLOSURE, "completed", True, True),
        (Style.FLASH, Phase.PREPARATION, "active", False, False),
        (Style.FLASH, Phase.PREPARATION, "active", True, True),
        (Style.FLASH, Phase.NEGOTIATION, "ended_early", False, True),
    ],
)
def test_the_final_evaluation_opens_at_the_end_of_the_cycle(
    style, phase, status, with_session, expected
):
    mentorship = MentorshipFactory(style=style, phase=phase, status=status)
    MeetingFactory(mentorship=mentorship)  # upcoming: does not count
    held(mentorship, cancelled_at=timezone.now())  # cancelled: does not count
    if with_session:
        held(mentorship)

    assert selectors.final_evaluation_is_open(mentorship) is expected


def test_the_form_starts_from_the_meetings_and_the_agreements_goals():
    mentorship = MentorshipFactory(phase=Phase.CLOSURE)
    held(mentorship)
    held(mentorship)
    held(mentorship, cancelled_at=timezone.now())
    MeetingFactory(mentorship=mentorship)
    GoalFactory(mentorship=mentorship, title="Apply for an internship", status="achieved")
    GoalFactory(mentorship=mentorship, title="Give a talk", status="not_achieved")
    GoalFactory(mentorship=mentorship, title="Learn Rust", status="open")
    GoalFactory(mentorship=mentorship, title="Run a marathon", status="dropped")

    initial = selectors.final_evaluation_initial(mentorship)

    assert initial == {
        "sessions": 2,
        "goals_met": "Apply for an internship",
        "goals_not_met": "Give a talk — \nLearn Rust — ",
    }


# --- sending the final evaluation ----------------------------------------------------------


def test_sending_the_final_evaluation_ticks_the_item_and_tells_the_staff(
    django_capture_on_commit_callbacks,
):
    mentorship = MentorshipFactory(phase=Phase.CLOSURE)
    staff = StaffFactory()

    with django_capture_on_commit_callbacks(execute=True):
        evaluation = services.submit_final_evaluation(
            mentorship=mentorship, by=mentorship.mentee, data=ANSWERS
        )

    evaluation.refresh_from_db()
    assert (evaluation.author, evaluation.strengths, evaluation.sessions) == (
        mentorship.mentee,
        ANSWERS["strengths"],
        5,
    )
    assert PhaseTick.objects.filter(
        mentorship=mentorship, user=mentorship.mentee, item="final_evaluation"
    ).exists()
    [email] = mail.outbox
    assert email.to == [staff.email]
    # In phase 4 the mentorship is still active: staff are not told that it has ended.
    assert email.subject == "[WESTEM] A final evaluation came in"
    mentee_name = mentorship.mentee.get_full_name()
    assert f"{mentee_name} (mentee) has sent the final evaluation of the Traditional" in email.body
    admin_url = reverse("admin:evaluations_finalevaluation_change", args=[evaluation.pk])
    assert f"{settings.SITE_URL}{admin_url}" in email.body


def test_an_evaluation_sent_after_the_closure_was_confirmed_still_ticks_the_item():
    """The page asks for it after both confirmed the closure: the checklist keeps it."""
    mentorship = MentorshipFactory(status=Mentorship.Status.COMPLETED, phase=Phase.CLOSURE)

    services.submit_final_evaluation(mentorship=mentorship, by=mentorship.mentor, data=ANSWERS)

    assert PhaseTick.objects.filter(
        mentorship=mentorship, user=mentorship.mentor, item="final_evaluation"
    ).exists()


def test_an_evaluation_of_a_cycle_ended_before_phase_4_ticks_nothing():
    mentorship = MentorshipFactory(status=Mentorship.Status.ENDED_EARLY, phase=Phase.NEGOTIATION)

    services.submit_final_evaluation(mentorship=mentorship, by=mentorship.mentee, data=ANSWERS)

    assert not PhaseTick.objects.filter(mentorship=mentorship).exists()


def test_the_staff_email_is_in_each_staff_members_language(django_capture_on_commit_callbacks):
    mentorship = MentorshipFactory(status=Mentorship.Status.COMPLETED, phase=Phase.CLOSURE)
    ensure_profile(user=StaffFactory(), language="sv")

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_final_evaluation(mentorship=mentorship, by=mentorship.mentor, data=ANSWERS)

    [email] = mail.outbox
    assert "(mentor)" in email.body
    assert (
        email.subject
        == "[WESTEM] En mentorskapscykel har avslutats: en slututvärdering har kommit in"
    )


def test_an_ended_mentorship_takes_the_evaluation_without_a_tick():
    mentorship = MentorshipFactory(status=Mentorship.Status.ENDED_EARLY, phase=Phase.NEGOTIATION)

    services.submit_final_evaluation(mentorship=mentorship, by=mentorship.mentor, data=ANSWERS)

    assert FinalEvaluation.objects.filter(author=mentorship.mentor).exists()
    assert not PhaseTick.objects.filter(mentorship=mentorship).exists()


def test_the_final_evaluation_waits_for_the_end_of_the_cycle():
    mentorship = MentorshipFactory(phase=Phase.ENABLING)

    with pytest.raises(ValidationError) as error:
        services.submit_final_evaluation(mentorship=mentorship, by=mentorship.mentee, data=ANSWERS)

    assert error.value.messages == [
        "The final evaluation opens in phase 4, Closure (for flash mentoring, once your "
        "session has taken place), or when the mentorship ends."
    ]
    assert not FinalEvaluation.objects.exists()


def test_the_final_evaluation_is_sent_once():
    evaluation = FinalEvaluationFactory()

    with pytest.raises(ValidationError) as error:
        services.submit_final_evaluation(
            mentorship=evaluation.mentorship, by=evaluation.author, data=ANSWERS
        )

    assert error.value.messages == ["You have already sent your final evaluation. Thank you!"]


def test_only_the_pair_evaluates_their_mentorship():
    mentorship = MentorshipFactory(phase=Phase.CLOSURE)

    with pytest.raises(PermissionDenied):
        services.submit_final_evaluation(mentorship=mentorship, by=MenteeFactory(), data=ANSWERS)


def test_required_answers_are_named():
    mentorship = MentorshipFactory(phase=Phase.CLOSURE)

    with pytest.raises(ValidationError) as error:
        services.submit_final_evaluation(
            mentorship=mentorship,
            by=mentorship.mentee,
            data={**ANSWERS, "strengths": "   ", "quality_rating": 0},
        )

    assert {"strengths", "quality_rating"} <= set(error.value.message_dict)
