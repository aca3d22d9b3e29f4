"""The words people read, in a real browser at desktop and phone width: the login page in the
menu's words and sentence case, the sign-up error summary, the mentor's final evaluation and
a flash cycle's closure, and a mentorship that ended early in phase 3."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import PASSWORD, MenteeFactory, MentorFactory, MentorshipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^\s*Email\s*\*?\s*$")).fill(email)
    page.get_by_label(re.compile(r"^\s*Password\s*\*?\s*$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def test_login_and_sign_up_say_log_in_and_name_the_consent(page, phone_page, screenshot):
    for shown, size in ((page, "desktop"), (phone_page, "phone")):
        shown.goto("/accounts/login/")
        expect(shown.get_by_role("heading", name="Log in", level=1)).to_be_visible()
        expect(shown.get_by_label("Remember me")).to_be_visible()
        expect(shown.get_by_text("Sign In", exact=True)).to_have_count(0)
        _no_sideways_scroll(shown)
        screenshot(shown, f"words-login-{size}")

        shown.goto("/accounts/signup/")
        shown.get_by_label(re.compile(r"^\s*Email\s*\*?\s*$")).fill("hedy@example.org")
        shown.get_by_role("button", name="Sign up", exact=True).click()
        summary = shown.locator("#error-summary")
        expect(summary).to_contain_text(
            "Privacy notice: Please read and accept the privacy notice to join."
        )
        expect(summary).not_to_contain_text(".:")
        _no_sideways_scroll(shown)
        screenshot(shown, f"words-signup-errors-{size}")


def test_the_mentor_reads_the_mentors_final_evaluation(page, phone_page, screenshot):
    mentorship = MentorshipFactory(
        phase=4,
        mentor=MentorFactory(profile__display_name="Katherine"),
        mentee=MenteeFactory(profile__display_name="Mae"),
    )
    for shown, size in ((page, "desktop"), (phone_page, "phone")):
        _log_in(shown, mentorship.mentor.email)
        shown.goto(f"/mentorships/{mentorship.public_id}/evaluation/")
        expect(
            shown.get_by_label(re.compile(r"your mentee's intentions for study or work"))
        ).to_be_visible()
        expect(shown.get_by_text("on your intentions for study or work")).to_have_count(0)
        _no_sideways_scroll(shown)
        screenshot(shown, f"words-final-evaluation-mentor-{size}")


def test_a_flash_closure_is_phase_4_and_an_early_end_is_not_done(page, phone_page, screenshot):
    mentee = MenteeFactory(profile__display_name="Mae")
    flash = MentorshipFactory(
        style="flash", phase=4, mentee=mentee, mentor=MentorFactory(profile__display_name="Ada")
    )
    ended = MentorshipFactory(
        phase=3,
        status="ended_early",
        ended_at=timezone.now(),
        mentee=mentee,
        mentor=MentorFactory(profile__display_name="Grace"),
    )
    for shown, size in ((page, "desktop"), (phone_page, "phone")):
        _log_in(shown, mentee.email)
        shown.goto(f"/mentorships/{flash.public_id}/")
        expect(shown.get_by_role("heading", name="Phase 4: Closure")).to_be_visible()
        expect(shown.get_by_text("Look back on the topic of the session")).to_be_visible()
        steps = shown.get_by_role("list", name="Phases of the cycle").get_by_role("listitem")
        numbers = [
            item.evaluate("e => getComputedStyle(e, '::before').content") for item in steps.all()
        ]
        assert numbers == ['"1. "', '"2. "', '"4. "']
        _no_sideways_scroll(shown)
        screenshot(shown, f"words-flash-closure-{size}")

        shown.goto(f"/mentorships/{ended.public_id}/")
        stepper = shown.get_by_role("list", name="Phases of the cycle")
        expect(stepper.get_by_role("listitem")).to_have_text(
            [
                "Preparation (done)",
                "Negotiation (done)",
                "Enabling (ended in this phase)",
                "Closure",
            ]
        )
        screenshot(shown, f"words-ended-early-{size}")
