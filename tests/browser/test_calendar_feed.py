"""Her calendar address and the pair's meeting room in a real browser: she makes the address on
the Calendar page of her account, copies it, and her calendar app (any client, no sign-in)
reads her agreed meeting from it; the mentorship page shows the pair's room. On a desktop and
on a phone, with axe on each page; screenshots to look at."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.factories import (
    PASSWORD,
    MeetingFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def test_she_makes_her_calendar_address_and_sees_the_pairs_room(
    page, phone_page, screenshot, settings
):
    settings.MEETING_ROOM_BASE_URL = "https://meet.jit.si/"
    mentorship = MentorshipFactory(
        mentor=MentorFactory(profile__display_name="Sofia"),
        mentee=MenteeFactory(profile__display_name="Maja"),
    )
    meeting = MeetingFactory(mentorship=mentorship)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    _log_in(page, mentorship.mentee.email)

    page.locator("#user-menu").click()
    page.locator(".dropdown-menu").get_by_role("link", name="Calendar").click()
    expect(page).to_have_url(re.compile(r"/account/calendar/$"))
    page.get_by_role("button", name="Make a calendar address").click()
    webcal = page.get_by_label("Address for calendar apps (webcal)")
    expect(webcal).to_have_value(re.compile(r"^webcal://.+/calendar/[\w-]{43}\.ics$"))
    page.get_by_role("button", name="Copy the https address").click()
    expect(page.locator("#feed-https-status")).to_have_text("Copied.")
    https = page.get_by_label("The same address for the web (https)").input_value()
    assert page.evaluate("navigator.clipboard.readText()") == https
    assert_accessible(page, "calendar, address made")
    screenshot(page, "calendar-address")

    feed = Client().get(urlsplit(https).path)  # her calendar app: no sign-in
    assert feed.status_code == 200
    assert f"UID:{meeting.public_id}@westem.eu" in feed.content.decode()

    page.goto("/account/calendar/")
    expect(page.get_by_text("It was shown only once, when you made it.")).to_be_visible()
    page.get_by_role("link", name="Make a new address").click()
    expect(page.get_by_role("heading", name="Make a new calendar address")).to_be_visible()
    assert_accessible(page, "calendar, new address asked")
    page.goto("/account/calendar/off/")
    assert_accessible(page, "calendar, turn off asked")
    page.get_by_role("button", name="Turn off").click()
    expect(page.get_by_text("Your calendar address is turned off.")).to_be_visible()
    assert Client().get(urlsplit(https).path).status_code == 404

    page.goto(f"/mentorships/{mentorship.public_id}/")
    room = page.locator("#meeting-room")
    expect(room).to_contain_text("Your meeting room")
    expect(room.get_by_role("link", name=re.compile(r"^Join"))).to_have_attribute(
        "href", re.compile(r"^https://meet\.jit\.si/westem-[a-z2-7]{32}$")
    )
    screenshot(page, "mentorship-meeting-room")

    _log_in(phone_page, mentorship.mentee.email)
    phone_page.goto("/account/calendar/")
    phone_page.get_by_role("button", name="Make a calendar address").click()
    expect(phone_page.get_by_role("button", name="Copy the webcal address")).to_be_visible()
    assert_accessible(phone_page, "calendar on a phone, address made")
    screenshot(phone_page, "calendar-address-phone")
    phone_page.goto(f"/mentorships/{mentorship.public_id}/")
    expect(phone_page.locator("#meeting-room")).to_be_visible()
    screenshot(phone_page, "mentorship-meeting-room-phone")
