"""Meeting proposals in a real browser (issue 19): the mentee proposes three times on her
desktop, her mentor answers on her phone and accepts the second, and both see the meeting
agreed. The proposal page and the mentorship page pass axe at 1280 and 390 px."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from cycles.models import Meeting
from tests.browser.axe import assert_accessible
from tests.factories import MenteeFactory, MentorFactory, MentorshipFactory

pytestmark = pytest.mark.django_db(transaction=True)

LOCATION = "https://meet.example.org/amina-ingrid"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def log_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def field(page, label: str):
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def test_the_mentee_proposes_three_times_and_her_mentor_accepts_the_second(
    page, phone_page, live_server, screenshot
):
    mentor = MentorFactory(profile__display_name="Ingrid", profile__timezone="Europe/London")
    mentee = MenteeFactory(profile__display_name="Amina", profile__timezone="Europe/Stockholm")
    mentorship = MentorshipFactory(mentor=mentor, mentee=mentee)
    days = [timezone.localdate() + timedelta(days=n) for n in (3, 4, 5)]
    log_in(page, live_server, mentee)
    log_in(phone_page, live_server, mentor)

    # Amina proposes three times from her mentorship page.
    page.goto(f"/mentorships/{mentorship.public_id}/")
    page.get_by_role("region", name="Next meeting").get_by_role(
        "link", name="Propose a meeting"
    ).click()
    field(page, "Date").fill(days[0].isoformat())
    field(page, "Time").fill("18:00")
    field(page, "Second date").fill(days[1].isoformat())
    field(page, "Second time").fill("17:30")
    field(page, "Third date").fill(days[2].isoformat())
    field(page, "Third time").fill("08:15")
    field(page, "Place or link").fill(LOCATION)
    field(page, "Agenda").fill("My choice of master's programme.")
    assert_accessible(page, "proposal form")
    page.get_by_role("button", name="Send the proposal").click()
    expect(page.get_by_role("heading", name="Proposed meeting with Ingrid")).to_be_visible()
    expect(page.get_by_text("Waiting for Ingrid to accept a time.")).to_be_visible()
    expect(page.get_by_role("link", name="Withdraw the proposal")).to_be_visible()
    meeting = Meeting.objects.get()
    assert meeting.status == "proposed"

    # Ingrid, on her phone, sees it waiting for her answer, in her time zone and Amina's.
    phone_page.goto(f"/mentorships/{mentorship.public_id}/")
    waiting = phone_page.locator(".proposals-to-answer")
    expect(waiting).to_contain_text("Waiting for your answer")
    assert_accessible(phone_page, "phone mentorship page with a proposal to answer")
    screenshot(phone_page, "proposals-mentorship-mentor-390")
    waiting.get_by_role("link", name="Choose a time").click()
    expect(phone_page.get_by_role("heading", name="Proposed meeting with Amina")).to_be_visible()
    second = phone_page.get_by_label(re.compile(rf"{days[1].day} {days[1]:%B %Y}, 16:30–17:30"))
    expect(second).to_be_visible()
    expect(phone_page.locator("label[for=option-2]")).to_contain_text(
        "16:30 (your time) — 17:30 for Amina in Stockholm"
    )
    assert_accessible(phone_page, "phone proposal page")
    screenshot(phone_page, "proposals-proposal-mentor-390")
    page.reload()
    screenshot(page, "proposals-proposal-mentee-1280")
    phone_page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(phone_page, "proposals-proposal-mentor-1280")
    phone_page.set_viewport_size({"width": 390, "height": 844})
    second.check()
    phone_page.get_by_role("button", name="Accept this time").click()

    # Agreed: both see it as their next meeting, at the second time.
    expect(phone_page.locator(".messages")).to_contain_text("The meeting is agreed.")
    expect(phone_page.get_by_role("heading", name="Meeting with Amina", level=1)).to_be_visible()
    expect(phone_page.locator(".meeting-facts")).to_contain_text("16:30–17:30")
    meeting.refresh_from_db()
    starts = datetime.combine(days[1], time(17, 30), tzinfo=STOCKHOLM)
    assert (meeting.status, meeting.starts_at) == ("confirmed", starts)
    phone_page.goto(f"/mentorships/{mentorship.public_id}/")
    next_meeting = phone_page.get_by_role("region", name="Next meeting")
    expect(next_meeting).to_contain_text("Agreed")
    expect(next_meeting).to_contain_text("16:30–17:30")
    screenshot(phone_page, "proposals-mentorship-mentor-agreed-390")
    page.goto(f"/mentorships/{mentorship.public_id}/")
    next_meeting = page.get_by_role("region", name="Next meeting")
    expect(next_meeting).to_contain_text("Agreed")
    expect(next_meeting).to_contain_text("17:30–18:30")
    expect(next_meeting).not_to_contain_text("Your proposals")
    assert_accessible(page, "mentorship page with the agreed meeting")
    screenshot(page, "proposals-mentorship-mentee-agreed-1280")
