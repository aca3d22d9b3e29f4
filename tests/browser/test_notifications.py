"""Notifications in a real browser: what her partner does shows in her bell on the next page
she opens, the inbox opens the exact page, and she chooses how she hears of each kind from
her account menu; on a phone the same pages work in Swedish, and axe finds nothing serious."""

import re

import pytest
from playwright.sync_api import expect

from notifications.models import NotificationOptOut
from tests.browser.axe import assert_accessible
from tests.factories import PASSWORD, MenteeFactory, MentorshipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def _bell(page):
    return page.locator("#bell")


def test_her_mentors_message_rings_her_bell_and_opens_the_conversation(
    page, phone_page, screenshot
):
    mentorship = MentorshipFactory(
        mentor__profile__display_name="Ada",
        mentee__profile__display_name="Grace",
    )
    _log_in(phone_page, mentorship.mentee.email)  # the mentee, on her phone
    expect(_bell(phone_page)).to_have_accessible_name(re.compile("Notifications: none unread"))
    _log_in(page, mentorship.mentor.email)

    page.goto(f"/mentorships/{mentorship.public_id}/")
    page.get_by_label(re.compile("^Write to")).fill("Shall we meet on Tuesday?")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Shall we meet on Tuesday?")).to_be_visible()

    phone_page.goto("/dashboard/")  # her next page
    expect(_bell(phone_page)).to_have_accessible_name(re.compile("Notifications: 1 unread"))
    expect(phone_page.locator("#bell-count")).to_have_text("1")
    _bell(phone_page).click()  # beside the menu button: not folded away on a phone
    expect(phone_page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    item = phone_page.get_by_role("link", name=re.compile("Your mentor wrote you a new message"))
    expect(item).to_be_visible()
    screenshot(phone_page, "inbox-phone")
    assert_accessible(phone_page, "inbox (phone)")

    item.click()
    expect(phone_page).to_have_url(
        re.compile(rf"/mentorships/{mentorship.public_id}/#conversation$")
    )
    expect(phone_page.get_by_text("Shall we meet on Tuesday?")).to_be_visible()
    expect(_bell(phone_page)).to_have_accessible_name(re.compile("Notifications: none unread"))


def test_the_inbox_on_a_desktop_and_mark_all_read(page, screenshot):
    mentorship = MentorshipFactory(mentee__profile__display_name="Grace")
    _log_in(page, mentorship.mentor.email)
    from cycles import services

    services.post_message(mentorship=mentorship, by=mentorship.mentee, body="Hi!")
    services.post_message(mentorship=mentorship, by=mentorship.mentee, body="Are you there?")

    page.goto("/dashboard/")
    _bell(page).click()
    expect(page.get_by_text("Your mentee wrote you 2 new messages.")).to_be_visible()
    screenshot(page, "inbox")
    assert_accessible(page, "inbox")

    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_text("Everything in your inbox is marked as read.")).to_be_visible()
    expect(_bell(page)).to_have_accessible_name(re.compile("Notifications: none unread"))


def test_a_mentee_chooses_how_she_hears_of_a_reminder(page, phone_page, screenshot):
    mentee = MenteeFactory(profile__display_name="Grace")
    _log_in(page, mentee.email)

    page.get_by_role("button", name="Grace").click()
    page.get_by_role("link", name="Notification settings").click()
    expect(page).to_have_url(re.compile(r"/account/notifications/$"))
    tomorrow = page.get_by_role("group", name="A meeting tomorrow")
    expect(tomorrow.get_by_label("Email at once")).to_be_checked()
    # What answers her own acts is always sent: not offered.
    expect(page.get_by_role("group", name="Your request was accepted")).to_have_count(0)
    screenshot(page, "notifications-settings")
    assert_accessible(page, "notification settings")

    tomorrow.get_by_label("On the site only").check()
    page.get_by_role("group", name="A new message").get_by_label("In a daily email").check()
    page.get_by_role("button", name=re.compile("Save")).click()
    expect(page.get_by_text("Your notification choices are saved.")).to_be_visible()
    expect(tomorrow.get_by_label("On the site only")).to_be_checked()
    assert dict(NotificationOptOut.objects.filter(user=mentee).values_list("kind", "delivery")) == {
        "meeting_tomorrow": "site",
        "new_message": "digest",
    }

    swedish = MenteeFactory(profile__display_name="Astrid", profile__language="sv")
    _log_in(phone_page, swedish.email)
    phone_page.goto("/account/notifications/")
    expect(
        phone_page.get_by_role("group", name="Ett möte i morgon").get_by_label("Mejl direkt")
    ).to_be_checked()
    screenshot(phone_page, "notifications-settings-phone-sv")
