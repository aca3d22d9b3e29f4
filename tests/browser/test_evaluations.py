"""The participants' evaluations in a real browser: after a meeting the mentee writes her
private reflection; in phase 4 she sends her final evaluation, which starts from the pair's
meetings and goals; her partner sees neither."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cycles.models import Phase
from evaluations.models import FinalEvaluation, SessionEvaluation
from tests.factories import (
    PASSWORD,
    GoalFactory,
    MeetingFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "I finally said that I want to switch to physics."


def field(page, label: str):
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def _log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    field(page, "Email").fill(email)
    field(page, "Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^Sign In$|^Log in$", re.I)).click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def _rate(page, question: str, value: int) -> None:
    page.get_by_role("group", name=re.compile(re.escape(question))).get_by_label(
        re.compile(rf"^\s*{value} –")
    ).check()


def test_a_mentee_reflects_on_a_session_and_sends_her_final_evaluation(
    page, phone_page, screenshot
):
    mentorship = MentorshipFactory(
        mentor=MentorFactory(profile__display_name="Katherine"),
        mentee=MenteeFactory(profile__display_name="Mae"),
        phase=Phase.CLOSURE,
    )
    meeting = MeetingFactory(
        mentorship=mentorship, starts_at=timezone.now() - timedelta(days=1, hours=2)
    )
    GoalFactory(mentorship=mentorship, title="Apply for a summer internship", status="achieved")
    GoalFactory(mentorship=mentorship, title="Give a talk at the student union")
    _log_in(page, mentorship.mentee.email)

    # The meeting has taken place: its page invites a private reflection.
    page.goto(f"/meetings/{meeting.public_id}/")
    page.get_by_role("link", name="Reflect on this session").click()
    expect(page.get_by_role("heading", name="Your reflection on the session")).to_be_visible()
    expect(page.get_by_text("Only you can read your reflection")).to_be_visible()
    # Sent without ratings: the error summary names them and nothing is lost.
    field(page, "Your reflection").fill(SECRET)
    page.get_by_role("button", name="Save my reflection").click()
    expect(
        page.get_by_role("alert").filter(has_text="Please correct the following")
    ).to_be_visible()
    expect(field(page, "Your reflection")).to_have_value(SECRET)
    screenshot(page, "evaluations-reflection-errors")
    _rate(page, "How useful was this session for you?", 5)
    _rate(page, "How well prepared did you feel?", 3)
    _rate(page, "How well did you understand each other?", 4)
    _rate(page, "How much closer to your goals did it bring you?", 4)
    screenshot(page, "evaluations-reflection-form")
    page.get_by_role("button", name="Save my reflection").click()
    expect(page.get_by_text("Your reflection is saved. Only you can read it.")).to_be_visible()
    assert SessionEvaluation.objects.get().reflection == SECRET

    # Phase 4: the mentorship page leads to the final evaluation.
    page.goto(f"/mentorships/{mentorship.public_id}/")
    card = page.locator("#final-evaluation")
    expect(card).to_be_visible()
    card.get_by_role("link", name="Fill in the final evaluation").click()
    expect(page.get_by_role("heading", name="Final evaluation", level=1)).to_be_visible()
    expect(field(page, "Which goals were met?")).to_have_value("Apply for a summer internship")
    expect(field(page, "Number of sessions")).to_have_value("1")
    field(page, "What have you learned about your strengths and challenges, also in STEM?").fill(
        "I explain well; I doubt myself in groups."
    )
    field(page, "How will you apply what you have learned?").fill("Speak first next time.")
    field(
        page, "What impact did the mentoring have on your intentions for study or work in STEM?"
    ).fill("I will apply for a master's in physics.")
    _rate(page, "How would you rate the quality of the mentoring?", 5)
    _rate(page, "How effective was the mentoring for you?", 4)
    screenshot(page, "evaluations-final-form")
    phone_page.context.add_cookies(page.context.cookies())
    phone_page.goto(page.url)
    expect(phone_page.get_by_role("button", name="Send my final evaluation")).to_be_visible()
    screenshot(phone_page, "evaluations-final-form-phone")
    page.get_by_role("button", name="Send my final evaluation").click()
    expect(
        page.get_by_text("Thank you! Your final evaluation has been sent to the program.")
    ).to_be_visible()
    expect(page.get_by_text("I will apply for a master's in physics.")).to_be_visible()
    screenshot(page, "evaluations-final-sent")
    evaluation = FinalEvaluation.objects.get()
    assert (evaluation.author, evaluation.quality_rating) == (mentorship.mentee, 5)

    # Her mentor reads neither on his pages.
    page.context.clear_cookies()
    _log_in(page, mentorship.mentor.email)
    for path in (f"/meetings/{meeting.public_id}/", f"/mentorships/{mentorship.public_id}/"):
        page.goto(path)
        expect(page.get_by_text(SECRET)).to_have_count(0)
        expect(page.get_by_text("I will apply for a master's in physics.")).to_have_count(0)
