"""Her email choices in a real browser: a mentee opens them from her account menu, turns one
reminder off, and finds it off again; on a phone the same page works in Swedish."""

import re

import pytest
from playwright.sync_api import expect

from notifications.models import NotificationOptOut
from tests.factories import PASSWORD, MenteeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def test_a_mentee_turns_a_reminder_off_from_her_account_menu(page, phone_page, screenshot):
    mentee = MenteeFactory(profile__display_name="Grace")
    _log_in(page, mentee.email)

    page.get_by_role("button", name="Grace").click()
    page.get_by_role("link", name="Notifications").click()
    expect(page).to_have_url(re.compile(r"/account/notifications/$"))
    reminder = page.get_by_label("A meeting tomorrow")
    expect(reminder).to_be_checked()
    # Only reminders are offered: what answers her own acts is always sent.
    expect(page.get_by_label("A new message")).to_have_count(0)
    screenshot(page, "notifications-settings")

    reminder.uncheck()
    page.get_by_role("button", name=re.compile("Save")).click()
    expect(page.get_by_text("Your email choices are saved.")).to_be_visible()
    expect(page.get_by_label("A meeting tomorrow")).not_to_be_checked()
    assert set(NotificationOptOut.objects.filter(user=mentee).values_list("kind", flat=True)) == {
        "meeting_tomorrow"
    }

    swedish = MenteeFactory(profile__display_name="Astrid", profile__language="sv")
    _log_in(phone_page, swedish.email)
    phone_page.goto("/account/notifications/")
    expect(phone_page.get_by_label("Ett möte i morgon")).to_be_checked()
    screenshot(phone_page, "notifications-settings-phone-sv")
