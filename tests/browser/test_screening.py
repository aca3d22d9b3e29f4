"""Issue 20, item 2, in a real browser: a mentee under 18 finds only the screened mentor in
the directory, and reads why; the mentor reads until when minors see her presentation."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from profiles.age import years_ago
from tests.browser.axe import assert_accessible
from tests.factories import PASSWORD, MenteeFactory, MentorFactory, MentorScreeningFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^\s*Email\s*\*?\s*$")).fill(email)
    page.get_by_label(re.compile(r"^\s*Password\s*\*?\s*$")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^Sign In$|^Log in$", re.I)).click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def test_a_minor_sees_only_the_screened_mentor_and_the_mentor_her_note(
    page, phone_page, screenshot
):
    today = timezone.localdate()
    sara = MentorFactory(email="sara@example.org", profile__display_name="Sara Screened")
    MentorScreeningFactory(mentor=sara, valid_until=today + timedelta(days=200))
    MentorFactory(profile__display_name="Una Unscreened")
    mia = MenteeFactory(email="mia@example.org", profile__birth_date=years_ago(15, today))

    for view, label in ((page, "1280"), (phone_page, "390")):
        _log_in(view, mia.email)
        view.goto("/mentors/")
        expect(view.locator("#screened-only")).to_contain_text("as you are under 18")
        expect(view.get_by_text("Sara Screened").first).to_be_visible()
        expect(view.get_by_text("Una Unscreened")).to_have_count(0)
        screenshot(view, f"screening-directory-minor-{label}")
    assert_accessible(page, "directory of a minor")

    for view, label in ((page, "1280"), (phone_page, "390")):
        view.context.clear_cookies()
        _log_in(view, sara.email)
        view.goto("/presentation/")
        expect(view.locator("#screening-note")).to_contain_text(
            "Mentees under 18 see your presentation only while your screening is valid (valid until"
        )
        screenshot(view, f"screening-mentor-note-{label}")
    assert_accessible(page, "the mentor's presentation")
