"""A meeting logged afterwards, in real browsers (issue 19): the mentee logs a meeting she had
with her mentor, the mentor is asked on his dashboard to confirm it, looks at the dispute form
and confirms it instead, and the hours on the mentorship page grow. The new pages are checked
with axe at 1280 and 390 px, and saved as screenshots (``MEETLOG_SHOTS``, else
test-artifacts/screenshots)."""

import os
import re
import zoneinfo
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cycles.models import Meeting
from tests.browser.axe import assert_accessible
from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS, _open_page
from tests.browser.test_accessibility import _log_in
from tests.browser.test_cycles import field
from tests.factories import MenteeFactory, MentorFactory, MentorshipFactory

pytestmark = pytest.mark.django_db(transaction=True)

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
NOTE = "We talked on the phone about which summer internships to apply for."
SHOTS = Path(os.environ.get("MEETLOG_SHOTS", SCREENSHOTS))


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def at_phone_width(page, phone_page, name: str) -> None:
    """The page ``page`` shows, in the phone context signed in as the same person: axe, and
    its screenshot."""
    phone_page.context.clear_cookies()
    phone_page.context.add_cookies(page.context.cookies())
    phone_page.goto(page.url.split("#")[0])
    assert phone_page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert_accessible(phone_page, f"{name} (390 px)")
    shot(phone_page, f"{name}-390")


@pytest.fixture
def mentor_page(browser, live_server, request):
    yield from _open_page(browser, live_server, request, "mentor", DESKTOP)


@pytest.fixture
def phone(browser, live_server, request):
    yield from _open_page(browser, live_server, request, "phone", PHONE)


def test_the_mentee_logs_a_meeting_and_the_mentor_confirms_it(
    page, mentor_page, phone, live_server
):
    mentor = MentorFactory(profile__display_name="Ingrid")
    mentee = MenteeFactory(profile__display_name="Amina", profile__timezone="Europe/Stockholm")
    mentorship = MentorshipFactory(
        mentor=mentor, mentee=mentee, start_date=timezone.localdate() - timedelta(days=20)
    )
    # An hour and a half ago, in her time: this month's hours, but for just after midnight
    # on the 1st.
    started = (timezone.now() - timedelta(minutes=90)).astimezone(STOCKHOLM)

    # The mentee logs the meeting from her mentorship page.
    _log_in(page, live_server, mentee)
    page.goto(f"/mentorships/{mentorship.public_id}/")
    hours = page.get_by_role("region", name="Hours this month")
    expect(hours).to_contain_text("0 of 1 hour")
    page.get_by_role("link", name="Log a meeting that happened").click()
    expect(page.get_by_role("heading", name="Log a meeting that happened", level=1)).to_be_visible()
    field(page, "Date").fill(started.date().isoformat())
    field(page, "Start time").fill(f"{started:%H:%M}")
    field(page, "Length (minutes)").fill("60")
    field(page, "What you talked about").fill(NOTE)
    field(page, "Place or link (optional)").fill("On the phone")
    assert_accessible(page, "log a meeting")
    shot(page, "meetlog-form-1280")
    at_phone_width(page, phone, "meetlog-form")
    page.get_by_role("button", name="Log the meeting").click()

    expect(page.get_by_role("heading", name="Meeting with Ingrid", level=1)).to_be_visible()
    expect(page.locator(".messages")).to_contain_text("The meeting is logged.")
    expect(page.locator(".meeting-log-status")).to_contain_text(
        "You logged this meeting. Waiting for Ingrid's confirmation."
    )
    expect(page.get_by_label("Shared notes")).to_have_value(NOTE)
    assert_accessible(page, "meeting logged, as its logger")
    shot(page, "meetlog-meeting-logger-1280")
    meeting = Meeting.objects.get(mentorship=mentorship)
    assert (meeting.status, meeting.duration_minutes) == ("logged", 60)

    # The mentor's dashboard asks him to confirm it.
    _log_in(mentor_page, live_server, mentor)
    mentor_page.goto("/dashboard/")
    step = mentor_page.locator("#next-step")
    expect(step).to_have_text("Next step: Confirm a meeting that took place")
    expect(mentor_page.locator("#next-step-detail")).to_have_text("logged by Amina")
    step.click()
    status = mentor_page.locator(".meeting-log-status")
    expect(status).to_contain_text("Logged by Amina, waiting for your confirmation.")
    expect(mentor_page.get_by_role("link", name="Reflect on this session")).to_have_count(0)
    assert_accessible(mentor_page, "meeting logged, for the partner")
    shot(mentor_page, "meetlog-meeting-partner-1280")
    at_phone_width(mentor_page, phone, "meetlog-meeting-partner")
    meeting_url = mentor_page.url

    # He looks at the dispute form, and goes back.
    status.get_by_role("link", name="Dispute").click()
    expect(mentor_page.get_by_role("heading", name="Dispute the meeting?", level=1)).to_be_visible()
    assert_accessible(mentor_page, "dispute form")
    shot(mentor_page, "meetlog-dispute-1280")
    at_phone_width(mentor_page, phone, "meetlog-dispute")
    mentor_page.get_by_role("link", name="No, go back").click()
    expect(mentor_page).to_have_url(meeting_url)

    # He confirms it: it counts.
    mentor_page.locator(".meeting-log-status").get_by_role("button", name="Confirm").click()
    expect(mentor_page.locator(".messages")).to_contain_text("the meeting is confirmed")
    expect(mentor_page.locator(".meeting-log-status")).to_contain_text(
        "Logged by Amina afterwards; confirmed, it counts toward your hours."
    )
    shot(mentor_page, "meetlog-meeting-confirmed-1280")
    assert Meeting.objects.get(pk=meeting.pk).status == "confirmed"

    page.goto(f"/mentorships/{mentorship.public_id}/")
    expect(page.get_by_role("region", name="Hours this month")).to_contain_text(
        re.compile(r"^\s*Hours this month\s+1 of 1 hour")
    )
    shot(page, "meetlog-mentorship-1280")
    at_phone_width(page, phone, "meetlog-mentorship")
