"""The participants' evaluation pages: a private reflection on a meeting, the final evaluation
of the cycle, and the cards that lead to them."""

import html
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cycles.models import Mentorship, Phase
from evaluations.models import FinalEvaluation, SessionEvaluation
from tests.factories import (
    FinalEvaluationFactory,
    GoalFactory,
    MeetingFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    SessionEvaluationFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

SECRET = "I was scared to say that I want to leave my programme."
ANSWERS = {
    "goals_met": "Apply for the summer school.",
    "goals_not_met": "",
    "strengths": "I plan well.",
    "application": "=HYPERLINK(speak first)",
    "biases": "",
    "stem_impact": "I will apply for a master's in robotics.",
    "quality_rating": "5",
    "effectiveness_rating": "4",
    "sessions": "3",
}


def text(response) -> str:
    return html.unescape(response.content.decode())


def plain(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split())


@pytest.fixture
def pair():
    return MentorshipFactory(
        mentor=MentorFactory(profile__display_name="Katherine"),
        mentee=MenteeFactory(profile__display_name="Mae"),
    )


@pytest.fixture
def held(pair):
    """Their meeting two hours ago."""
    return MeetingFactory(mentorship=pair, starts_at=timezone.now() - timedelta(hours=2))


def reflection_url(meeting) -> str:
    return reverse("evaluations:meeting_reflection", args=[meeting.public_id])


def evaluation_url(mentorship) -> str:
    return reverse("evaluations:final_evaluation", args=[mentorship.public_id])


# --- the reflection ------------------------------------------------------------------------


def test_the_meeting_page_invites_a_reflection_once_it_has_started(client, pair, held):
    upcoming = MeetingFactory(mentorship=pair)
    client.force_login(pair.mentee)

    after = client.get(reverse("cycles:meeting_detail", args=[held.public_id]))
    before = client.get(reverse("cycles:meeting_detail", args=[upcoming.public_id]))

    assert "Reflect on this session" in text(after)
    assert reflection_url(held) in text(after)
    assert "Reflect on this session" not in text(before)


def test_she_writes_her_reflection_and_finds_it_again(client, pair, held):
    client.force_login(pair.mentee)
    page = client.get(reflection_url(held))
    assert "Only you can read your reflection: Katherine does not see it" in plain(page)

    response = client.post(
        reflection_url(held),
        {"useful": "4", "prepared": "3", "understood": "5", "progress": "2", "reflection": SECRET},
        follow=True,
    )

    assert response.redirect_chain == [
        (reverse("cycles:meeting_detail", args=[held.public_id]), 302)
    ]
    assert "Your reflection is saved. Only you can read it." in text(response)
    assert "Read or change your reflection" in text(response)
    saved = SessionEvaluation.objects.get()
    assert (saved.author, saved.useful, saved.reflection) == (pair.mentee, 4, SECRET)
    assert SECRET in text(client.get(reflection_url(held)))


def test_a_reflection_of_an_ended_month_is_read_only_in_her_language(client, pair):
    meeting = MeetingFactory(mentorship=pair, starts_at=timezone.now() - timedelta(days=70))
    SessionEvaluationFactory(
        meeting=meeting,
        author=pair.mentee,
        useful=2,
        reflection=SECRET,
        created_at=timezone.now() - timedelta(days=65),
    )
    pair.mentee.profile.language = "sv"
    pair.mentee.profile.save(update_fields=["language"])
    client.force_login(pair.mentee)

    page = client.get(reflection_url(meeting))
    detail = client.get(reverse("cycles:meeting_detail", args=[meeting.public_id]))

    assert (
        "Reflektionen sparas som du skrev den, så att programmets anonyma siffror förblir "
        "som de var." in plain(page)
    )
    assert SECRET in text(page)
    assert "<form" not in text(page).split('id="reflection-kept"')[1]
    assert "Läs din reflektion" in text(detail)


def test_missing_ratings_are_named_and_nothing_is_saved(client, pair, held):
    client.force_login(pair.mentee)

    response = client.post(reflection_url(held), {"useful": "4", "reflection": SECRET})

    assert response.status_code == 200
    assert "Please correct the following:" in text(response)
    assert text(response).count("Choose a number from 1 to 5.") >= 3
    assert SECRET in text(response)  # what she wrote is still there
    assert not SessionEvaluation.objects.exists()


def test_her_partner_never_sees_her_reflection(client, pair, held):
    SessionEvaluationFactory(meeting=held, author=pair.mentee, reflection=SECRET, useful=1)
    client.force_login(pair.mentor)

    pages = [
        client.get(reflection_url(held)),
        client.get(reverse("cycles:meeting_detail", args=[held.public_id])),
        client.get(reverse("cycles:mentorship_detail", args=[pair.public_id])),
    ]

    for page in pages:
        assert page.status_code == 200
        assert SECRET not in text(page)
    # His own form is empty: the mentee's answers are not his.
    assert "checked" not in text(pages[0])
    client.force_login(pair.mentee)
    assert re.search(
        r'value="1"\s+id="id_useful_0" required checked', text(client.get(reflection_url(held)))
    )
    assert "Reflect on this session" in text(pages[1])


@pytest.mark.parametrize("who", ["other_mentee", "staff"])
def test_no_one_outside_the_pair_opens_the_reflection_page(client, held, who):
    SessionEvaluationFactory(meeting=held, reflection=SECRET)
    client.force_login(MenteeFactory() if who == "other_mentee" else StaffFactory())

    response = client.get(reflection_url(held))

    assert response.status_code == 404
    assert SECRET not in text(response)


def test_an_upcoming_meeting_cannot_be_reflected_on_yet(client, pair):
    upcoming = MeetingFactory(mentorship=pair)
    client.force_login(pair.mentee)

    page = client.get(reflection_url(upcoming))
    posted = client.post(
        reflection_url(upcoming),
        {"useful": "4", "prepared": "3", "understood": "5", "progress": "2"},
    )

    assert "You can reflect on this session once it has started." in text(page)
    assert "Save my reflection" not in text(page)
    assert "You can reflect on this session once it has started." in text(posted)
    assert not SessionEvaluation.objects.exists()


# --- the final evaluation ------------------------------------------------------------------


def test_the_mentorship_page_offers_the_final_evaluation_in_phase_4(client, pair):
    client.force_login(pair.mentee)
    before = client.get(reverse("cycles:mentorship_detail", args=[pair.public_id]))
    Mentorship.objects.filter(pk=pair.pk).update(phase=Phase.CLOSURE)

    after = client.get(reverse("cycles:mentorship_detail", args=[pair.public_id]))

    assert 'id="final-evaluation"' not in text(before)
    assert 'id="final-evaluation"' in text(after)
    assert evaluation_url(pair) in text(after)


def test_the_form_starts_from_the_meetings_and_goals(client, pair, held):
    Mentorship.objects.filter(pk=pair.pk).update(phase=Phase.CLOSURE)
    GoalFactory(mentorship=pair, title="Apply for an internship", status="achieved")
    GoalFactory(mentorship=pair, title="Give a talk", status="open")
    client.force_login(pair.mentee)

    page = client.get(evaluation_url(pair))

    form = page.context["form"]
    assert form["sessions"].value() == 1
    assert form["goals_met"].value() == "Apply for an internship"
    assert form["goals_not_met"].value() == "Give a talk — "
    assert "Katherine does not see them" in plain(page)


def test_she_sends_her_final_evaluation_and_staff_hear_of_it(
    client, pair, django_capture_on_commit_callbacks
):
    Mentorship.objects.filter(pk=pair.pk).update(phase=Phase.CLOSURE)
    staff = StaffFactory()
    client.force_login(pair.mentee)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(evaluation_url(pair), ANSWERS, follow=True)

    assert response.redirect_chain == [(evaluation_url(pair), 302)]
    assert "Thank you! Your final evaluation has been sent to the program." in text(response)
    assert "=HYPERLINK(speak first)" in text(response)  # her answers, as she wrote them
    evaluation = FinalEvaluation.objects.get()
    assert (evaluation.author, evaluation.quality_rating, evaluation.sessions) == (
        pair.mentee,
        5,
        3,
    )
    assert [email.to for email in mail.outbox] == [[staff.email]]
    card = client.get(reverse("cycles:mentorship_detail", args=[pair.public_id]))
    assert "Read your answers" in text(card)


MENTEE_IMPACT = "What impact did the mentoring have on your intentions for study or work in STEM?"
MENTOR_IMPACT = (
    "What impact did the mentoring have on your mentee's intentions for study or work in STEM, "
    "as far as you can tell?"
)


def test_the_mentor_is_asked_the_mentors_questions(client, pair):
    """Not the mentee's "the impact on your intentions for study or work"."""
    Mentorship.objects.filter(pk=pair.pk).update(phase=Phase.CLOSURE)
    client.force_login(pair.mentor)

    page = text(client.get(evaluation_url(pair)))

    assert MENTOR_IMPACT in page
    assert MENTEE_IMPACT not in page
    assert "Which of your mentee's goals were met?" in page
    assert "What have you learned about your strengths and challenges as a mentor" in page
    assert "How effective was the mentoring for your mentee?" in page
    assert "Your mentee's goals" in page

    client.post(evaluation_url(pair), ANSWERS)
    sent = text(client.get(evaluation_url(pair)))
    assert "You sent your final evaluation on" in sent
    assert MENTOR_IMPACT in sent  # her answers under the questions she was asked
    assert MENTEE_IMPACT not in sent


def test_the_mentee_is_asked_the_mentees_questions(client, pair):
    Mentorship.objects.filter(pk=pair.pk).update(phase=Phase.CLOSURE)
    client.force_login(pair.mentee)

    page = text(client.get(evaluation_url(pair)))

    assert MENTEE_IMPACT in page
    assert MENTOR_IMPACT not in page
    assert "How effective was the mentoring for you?" in page


def test_the_mentors_questions_in_swedish(client, pair):
    Mentorship.objects.filter(pk=pair.pk).update(phase=Phase.CLOSURE)
    pair.mentor.profile.language = "sv"
    pair.mentor.profile.save()
    client.force_login(pair.mentor)

    page = text(client.get(evaluation_url(pair), headers={"accept-language": "sv"}))

    assert "Vilken inverkan hade mentorskapet på din adepts avsikter" in page
    assert "på dina avsikter" not in page


def test_a_second_post_changes_nothing(client, pair):
    evaluation = FinalEvaluationFactory(mentorship=pair, author=pair.mentee)
    client.force_login(pair.mentee)

    response = client.post(evaluation_url(pair), {**ANSWERS, "strengths": "Changed."})

    assert response.status_code == 200
    assert "You sent your final evaluation on" in text(response)
    evaluation.refresh_from_db()
    assert evaluation.strengths != "Changed."


def test_missing_answers_are_named_and_kept(client, pair):
    Mentorship.objects.filter(pk=pair.pk).update(phase=Phase.CLOSURE)
    client.force_login(pair.mentor)

    response = client.post(evaluation_url(pair), {**ANSWERS, "strengths": "", "sessions": "999"})

    assert response.status_code == 200
    assert "Write a few words here." in text(response)
    assert "Ensure this value is less than or equal to 200." in text(response)
    assert "I will apply for a master's in robotics." in text(response)
    assert not FinalEvaluation.objects.exists()


def test_before_the_end_the_page_says_when_it_opens(client, pair):
    client.force_login(pair.mentee)

    page = client.get(evaluation_url(pair))
    posted = client.post(evaluation_url(pair), ANSWERS)

    assert "The final evaluation opens when you reach phase 4, Closure" in text(page)
    assert "Send my final evaluation" not in text(page)
    assert posted.status_code == 200
    assert not FinalEvaluation.objects.exists()


def test_her_partner_does_not_read_her_final_evaluation(client, pair):
    Mentorship.objects.filter(pk=pair.pk).update(phase=Phase.CLOSURE)
    FinalEvaluationFactory(mentorship=pair, author=pair.mentee, strengths=SECRET)
    client.force_login(pair.mentor)

    page = client.get(evaluation_url(pair))

    assert SECRET not in text(page)
    assert "Send my final evaluation" in text(page)


def test_the_final_evaluation_page_of_another_pair_is_not_found(client, pair):
    client.force_login(MenteeFactory())

    assert client.get(evaluation_url(pair)).status_code == 404


@pytest.mark.parametrize("rows", [1, 8])
def test_the_pages_take_a_fixed_number_of_queries(client, pair, rows, django_assert_num_queries):
    """Middleware (4) and the page's own reads, whatever the number of meetings and goals."""
    Mentorship.objects.filter(pk=pair.pk).update(phase=Phase.CLOSURE)
    for number in range(rows):
        MeetingFactory(mentorship=pair, starts_at=timezone.now() - timedelta(days=number + 1))
        GoalFactory(mentorship=pair, title=f"Goal {number}")
    meeting = pair.meetings.first()
    client.force_login(pair.mentee)
    client.get(evaluation_url(pair))  # warm-up: caches filled on a first visit

    # The mentorship, her evaluation (none), the meetings held, the goals.
    with django_assert_num_queries(5 + 4):  # 5: the middleware's and the bell's
        assert client.get(evaluation_url(pair)).status_code == 200
    # The meeting with both people, her reflection (none).
    with django_assert_num_queries(5 + 2):
        assert client.get(reflection_url(meeting)).status_code == 200
