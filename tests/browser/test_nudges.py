"""The pair is helped first (issue 22), in a real browser: the nudge's "close gracefully" link
opens the end page on a phone, the exit question asks for words with "something else", and
the mentorship ends with her answer kept; axe finds nothing serious on a phone or a desktop."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from cycles import tasks
from cycles.models import ExitAnswer, Mentorship, Style
from tests.browser.axe import assert_accessible
from tests.browser.journey_helpers import field
from tests.factories import (
    PASSWORD,
    AgreementFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    MessageFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    field(page, "Email").fill(email)
    field(page, "Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^Sign In$|^Log in$", re.I)).click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def _nudged_pair(settings) -> Mentorship:
    """A pair that wrote each other once and never met, on the day its first meeting is due:
    the daily task nudges both."""
    start = timezone.localdate() - timedelta(days=settings.HEALTH_FIRST_MEETING_DAYS)
    mentorship = MentorshipFactory(
        style=Style.TRADITIONAL,
        start_date=start,
        mentor=MentorFactory(profile__display_name="Ada Mentor"),
        mentee=MenteeFactory(profile__display_name="Nora Quiet"),
    )
    AgreementFactory(
        mentorship=mentorship,
        mentor_accepted_at=timezone.now(),
        mentee_accepted_at=timezone.now(),
    )
    for author in (mentorship.mentor, mentorship.mentee):
        MessageFactory(mentorship=mentorship, author=author, created_at=timezone.now())
    assert tasks.refresh_health_signals() >= 1
    return mentorship


def _link(message, label: str) -> str:
    """The address under the line that starts with ``label``."""
    match = re.search(re.escape(label) + r"[^\n]*\n(http\S+)", message.body)
    return re.sub(r"^https?://[^/]+", "", match.group(1))


def test_close_gracefully_from_the_nudge_on_a_phone(page, phone_page, screenshot, settings):
    mentorship = _nudged_pair(settings)
    email = [message for message in mail.outbox if message.to == [mentorship.mentee.email]][0]
    assert email.subject == "[WESTEM] How is your mentorship going?"
    close = _link(email, "Close gracefully")

    _log_in(phone_page, mentorship.mentee.email)
    phone_page.goto(close)
    expect(phone_page.get_by_role("heading", level=1)).to_have_text(
        "End your mentorship with Ada Mentor?"
    )
    phone_page.get_by_label("A few words for your partner (optional)").fill(
        "Thank you for your patience, Ada."
    )
    phone_page.get_by_label("Something else").check()
    phone_page.get_by_label("Maybe").check()
    assert_accessible(phone_page, "end page with the exit question on a phone")
    phone_page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(phone_page, "nudge-close-1280")
    phone_page.set_viewport_size({"width": 390, "height": 844})
    phone_page.get_by_role("button", name="End the mentorship").click()

    expect(phone_page.locator("#div_id_other_text")).to_contain_text(
        "Tell us in a few words what it was."
    )
    expect(phone_page.get_by_label("A few words for your partner (optional)")).to_have_value(
        "Thank you for your patience, Ada."
    )
    screenshot(phone_page, "nudge-close-errors-390")
    phone_page.get_by_label("In your own words").fill("I start a new job abroad")
    screenshot(phone_page, "nudge-close-390")
    phone_page.get_by_role("button", name="End the mentorship").click()

    expect(phone_page.locator(".alert-success")).to_contain_text("The mentorship has ended.")
    answer = ExitAnswer.objects.get()
    assert (answer.person, answer.reason, answer.other_text, answer.would_join_again) == (
        mentorship.mentee,
        "other",
        "I start a new job abroad",
        "maybe",
    )
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.ENDED_EARLY

    # Her partner asked after the end: the question page, on a desktop.
    _log_in(page, mentorship.mentor.email)
    page.goto(f"/mentorships/{mentorship.public_id}/exit-question/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Before you go")
    assert_accessible(page, "exit question")
    screenshot(page, "nudge-exit-question-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page, "exit question on a phone")
    screenshot(page, "nudge-exit-question-390")
    page.get_by_label("We met our goals early").check()
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.locator(".alert-success")).to_contain_text("your answer helps the program")
    assert ExitAnswer.objects.count() == 2
