"""The first steps of a traditional mentoring cycle in a real browser: the mentee proposes the
first meeting (her mentor accepts it) and takes it into her calendar, writes the agreement
and accepts it; phase 3 waits until her mentor, in a browser of his own, accepts it too; then
the pair moves on to Enabling.
"""

import re
import zoneinfo
from datetime import UTC, datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cycles import services as cycle_services
from cycles.models import Meeting
from tests.browser.conftest import DESKTOP, _open_page
from tests.factories import PASSWORD, MenteeFactory, MentorFactory, MentorshipFactory

pytestmark = pytest.mark.django_db(transaction=True)

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
LOCATION = "https://meet.example.org/westem-amina-ingrid"
AGENDA = "Getting to know each other, and my choice of master's programme."
GOAL = "Choose a master's programme by the spring"
PHONE_WIDTH = {"width": 390, "height": 844}


def field(page, label: str):
    """The form control labelled ``label``, exactly, whether or not it is marked required (*)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def _log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    field(page, "Email").fill(email)
    field(page, "Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^Sign In$|^Log in$", re.I)).click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def _open_mentorship(page, name: str, phase: str, screenshot=None, shot: str = "") -> None:
    """From the navbar: My mentorships, then the mentorship with ``name``, now in ``phase``;
    with ``screenshot``, the list is saved as ``shot`` first."""
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="My mentorships"
    ).click()
    expect(page.get_by_role("heading", name="My mentorships", level=1)).to_be_visible()
    row = page.get_by_role("link", name=re.compile(rf"^{re.escape(name)}\b"))
    expect(row).to_contain_text(f"phase: {phase}")
    if screenshot:
        screenshot(page, shot)
    row.click()
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()


def _current_step(page):
    return page.get_by_role("list", name="Phases of the cycle").locator('[aria-current="step"]')


def _alert(page):
    return page.locator(".messages").get_by_role("alert")


def _phone_shot(page, phone_page, screenshot, name: str, *, heading: str, step: str) -> None:
    """The mentorship page ``page`` shows, at phone width, in the phone context logged in as
    the same person."""
    phone_page.context.clear_cookies()
    phone_page.context.add_cookies(page.context.cookies())
    # Without its #anchor: a change of anchor alone would not load the page again.
    phone_page.goto(page.url.split("#")[0])
    expect(phone_page.get_by_role("heading", name=heading, level=1)).to_be_visible()
    expect(_current_step(phone_page)).to_have_text(step)
    screenshot(phone_page, name)


@pytest.fixture
def mentor_page(browser, live_server, request):
    """The mentor's own desktop browser context."""
    yield from _open_page(browser, live_server, request, "mentor", DESKTOP)


def test_a_pair_meets_agrees_and_moves_on_to_enabling(
    page, mentor_page, phone_page, tmp_path, screenshot
):
    assert phone_page.viewport_size == PHONE_WIDTH
    mentor = MentorFactory(email="ingrid@example.org", profile__display_name="Ingrid")
    mentee = MenteeFactory(
        email="amina@example.org",
        profile__display_name="Amina",
        profile__timezone="Europe/Stockholm",
    )
    MentorshipFactory(mentor=mentor, mentee=mentee)
    day = timezone.localdate() + timedelta(days=3)
    starts = datetime.combine(day, time(18, 0), tzinfo=STOCKHOLM)

    # The mentee opens her mentorship: phase 1, and she is asked to propose the first meeting.
    _log_in(page, mentee.email)
    _open_mentorship(page, "Ingrid", "Preparation", screenshot, "cycles-00-mentee-mentorships")
    expect(_current_step(page)).to_have_text("Preparation")
    meetings = page.get_by_role("region", name="Next meeting")
    expect(meetings).to_contain_text("propose the first meeting")
    screenshot(page, "cycles-01-mentee-mentorship")
    _phone_shot(
        page,
        phone_page,
        screenshot,
        "cycles-01-mentee-mentorship-phone",
        heading="Ingrid",
        step="Preparation",
    )
    mentorship_url = page.url

    # She proposes the first meeting, in her own time zone.
    meetings.get_by_role("link", name="Propose a meeting").click()
    expect(page.get_by_role("heading", name="Propose a meeting", level=1)).to_be_visible()
    expect(field(page, "Time zone")).to_have_value("Europe/Stockholm")
    expect(field(page, "Length (minutes)")).to_have_value("60")
    field(page, "Date").fill(day.isoformat())
    field(page, "Time").fill("18:00")
    field(page, "Place or link").fill(LOCATION)
    field(page, "Agenda").fill(AGENDA)
    screenshot(page, "cycles-02-meeting-form")
    page.get_by_role("button", name="Send the proposal").click()

    # The proposal's page; Ingrid accepts the time (tests/browser/test_proposals.py walks
    # her side), and the meeting is agreed.
    expect(page.get_by_role("heading", name="Proposed meeting with Ingrid")).to_be_visible()
    expect(_alert(page)).to_contain_text("Your proposal is sent.")
    when = f"{day:%A} {day.day} {day:%B %Y}, 18:00–19:00"
    expect(page.get_by_role("region", name="The proposed time")).to_contain_text(when)
    cycle_services.accept_proposal(
        meeting=Meeting.objects.get(mentorship__mentee=mentee), by=mentor, position=1
    )
    page.reload()
    expect(page.get_by_role("heading", name="Meeting with Ingrid", level=1)).to_be_visible()
    expect(page.locator(".meeting-facts")).to_contain_text(when)
    expect(page.get_by_role("link", name=LOCATION)).to_have_attribute("href", LOCATION)
    meeting_url = page.url
    screenshot(page, "cycles-03-meeting")

    # On the mentorship page it is the next meeting.
    page.get_by_role("link", name="Back to the mentorship").click()
    expect(page).to_have_url(mentorship_url)
    meetings = page.get_by_role("region", name="Next meeting")
    expect(meetings).to_contain_text(f"{day:%A} {day.day} {day:%B}")
    expect(meetings).to_contain_text("18:00–19:00")
    expect(meetings).to_contain_text(LOCATION)
    screenshot(page, "cycles-04-next-meeting")

    # She opens the meeting and downloads its calendar file.
    meetings.get_by_role("link", name="Agenda and notes").click()
    expect(page).to_have_url(meeting_url)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download calendar file (.ics)").click()
    download = info.value
    assert download.suggested_filename == f"westem-meeting-{day.isoformat()}.ics"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    ics = saved.read_text(encoding="utf-8").replace("\r\n ", "")  # unfold long lines
    assert ics.startswith("BEGIN:VCALENDAR")
    assert f"DTSTART:{starts.astimezone(UTC):%Y%m%dT%H%M%SZ}" in ics
    assert f"LOCATION:{LOCATION}" in ics

    # She writes the agreement: the dates come prefilled from the mentorship.
    page.get_by_role("link", name="Back to the mentorship").click()
    agreement = page.get_by_role("region", name="Mentoring agreement")
    expect(agreement).to_contain_text("Not written yet.")
    agreement.get_by_role("link", name="Write the agreement").click()
    expect(page.get_by_role("heading", name="Write the agreement", level=1)).to_be_visible()
    expect(field(page, "Start date")).to_have_value(timezone.localdate().isoformat())
    expect(field(page, "End date")).not_to_have_value("")
    field(page, "Goal 1").fill(GOAL)
    field(page, "Goal 2").fill("Present my project work with confidence")
    field(page, "Expectations").fill("Honest advice on programmes; I prepare for each meeting.")
    field(page, "Steps to reach the goals").fill("Compare three programmes; practise one talk.")
    field(page, "Boundaries").fill("No help with graded work.")
    field(page, "Meetings a month").fill("2")
    field(page, "Length of a meeting (minutes)").fill("60")
    field(page, "Availability").fill("Weekday evenings after 18:00, Stockholm time.")
    field(page, "Success criteria for the mentor").fill("Amina knows her next steps.")
    field(page, "Success criteria for the mentee").fill("I have chosen and applied.")
    field(page, "We commit to confidentiality").check()
    field(page, "We know either of us may end the mentoring at any time").check()
    screenshot(page, "cycles-05-agreement-form")
    page.get_by_role("button", name="Save the agreement").click()

    # She accepts it.
    expect(page.get_by_role("heading", name="Mentoring agreement", level=1)).to_be_visible()
    expect(_alert(page)).to_contain_text("The agreement is saved.")
    expect(page.get_by_text(GOAL)).to_be_visible()
    screenshot(page, "cycles-06-agreement")
    page.get_by_role("button", name="Accept the agreement").click()
    expect(_alert(page)).to_contain_text(
        "You have accepted the agreement. It is complete once Ingrid accepts it too."
    )
    expect(page.get_by_role("button", name="Accept the agreement")).to_have_count(0)
    screenshot(page, "cycles-07-agreement-accepted-by-mentee")

    # The pair moves on to phase 2.
    page.get_by_role("link", name="With Ingrid").click()
    expect(page.get_by_role("region", name="Mentoring agreement")).to_contain_text(
        "Waiting for Ingrid's acceptance."
    )
    page.get_by_role("button", name=re.compile(r"^Move on to phase 2")).click()
    expect(_alert(page)).to_contain_text("You are now in the Negotiation phase.")
    expect(_current_step(page)).to_have_text("Negotiation")
    expect(page.get_by_text("Phase 3 starts once you have both accepted")).to_be_visible()
    screenshot(page, "cycles-08-phase-2")

    # Phase 3 has to wait for the mentor's acceptance: the page points to the agreement
    # instead of offering a step that would be refused.
    expect(page.get_by_role("button", name=re.compile(r"^Move on to phase 3"))).to_have_count(0)
    expect(page.get_by_role("link", name="Go to the mentoring agreement")).to_be_visible()
    expect(_current_step(page)).to_have_text("Negotiation")
    screenshot(page, "cycles-09-phase-3-waits")
    _phone_shot(
        page,
        phone_page,
        screenshot,
        "cycles-09-mentee-mentorship-phone",
        heading="Ingrid",
        step="Negotiation",
    )

    # The mentor, in a browser of his own, sees the meeting and accepts the agreement.
    _log_in(mentor_page, mentor.email)
    _open_mentorship(mentor_page, "Amina", "Negotiation")
    expect(_current_step(mentor_page)).to_have_text("Negotiation")
    expect(mentor_page.get_by_role("region", name="Next meeting")).to_contain_text("18:00–19:00")
    agreement = mentor_page.get_by_role("region", name="Mentoring agreement")
    expect(agreement).to_contain_text("Amina has accepted it: waiting for your acceptance.")
    screenshot(mentor_page, "cycles-10-mentor-mentorship")
    _phone_shot(
        mentor_page,
        phone_page,
        screenshot,
        "cycles-10-mentor-mentorship-phone",
        heading="Amina",
        step="Negotiation",
    )
    agreement.get_by_role("link", name="Read and accept").click()
    expect(mentor_page.get_by_role("heading", name="Do you agree?")).to_be_visible()
    screenshot(mentor_page, "cycles-11-mentor-agreement")
    mentor_page.get_by_role("button", name="Accept the agreement").click()
    expect(_alert(mentor_page)).to_contain_text("You have both accepted the agreement.")
    expect(mentor_page.get_by_text("You have both accepted this agreement.")).to_be_visible()
    screenshot(mentor_page, "cycles-12-agreement-accepted-by-both")

    # He moves on to phase 3: Enabling is the current step.
    mentor_page.get_by_role("link", name="Go to the mentorship").click()
    mentor_page.get_by_role("button", name=re.compile(r"^Move on to phase 3")).click()
    expect(_alert(mentor_page)).to_contain_text("You are now in the Enabling phase.")
    expect(_current_step(mentor_page)).to_have_text("Enabling")
    expect(mentor_page.get_by_role("heading", name="Phase 3: Enabling")).to_be_visible()
    expect(mentor_page.get_by_role("region", name="Mentoring agreement")).to_contain_text(
        "Accepted by you both"
    )
    screenshot(mentor_page, "cycles-13-phase-3")
