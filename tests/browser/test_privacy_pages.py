"""Her data rights in a real browser: the privacy notice from the footer, and the "Delete my
account" page, which says in her words what each part of the platform will do (each app
contributes its sentence), on a desktop and on a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, ConnectionRequestFactory, MentorshipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def test_the_delete_page_says_what_ends_and_the_notice_is_a_click_away(
    page, phone_page, screenshot
):
    mentorship = MentorshipFactory(
        mentee__profile__display_name="Maja", mentor__profile__display_name="Sofia"
    )
    ConnectionRequestFactory(mentee=mentorship.mentee)
    _log_in(page, mentorship.mentee.email)

    page.goto("/account/delete/")
    expect(page.get_by_role("heading", name="Delete my account")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Your active mentorship with Sofia ends"))).to_be_visible()
    expect(page.get_by_text("Your pending connection request is closed.")).to_be_visible()
    screenshot(page, "privacy-delete-account")

    page.get_by_role("link", name="Privacy").click()
    expect(page).to_have_url(re.compile(r"/privacy/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    screenshot(page, "privacy-notice")

    _log_in(phone_page, mentorship.mentee.email)
    phone_page.goto("/account/delete/")
    expect(phone_page.get_by_role("button", name="Delete my account")).to_be_visible()
    screenshot(phone_page, "privacy-delete-account-phone")
