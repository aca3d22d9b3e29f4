"""Times that exist and dates within the mentorship, in a real browser: the proposal form asks
which 02:30 of the autumn night she means and the proposal's page then tells the two apart,
with her mentor's local time beside it; the agreement form says which dates the mentorship allows.
Screenshots at 1280 and 390 px: test-artifacts/screenshots/times-*.png."""

import re
from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import screenshot
from tests.browser.test_cycles import _log_in, field
from tests.factories import MenteeFactory, MentorFactory, MentorshipFactory

pytestmark = pytest.mark.django_db(transaction=True)

SECOND = "the second 02:30 (winter time, UTC+1)"


def shot(page, name: str) -> None:
    screenshot(page, f"times-{name}-{page.viewport_size['width']}")


def _propose_on_the_autumn_night(page, path: str) -> None:
    page.goto(path)
    field(page, "Date").fill("2027-10-31")
    field(page, "Time").fill("02:30")
    field(page, "Place or link").fill("https://meet.example.org/amina-ingrid")
    page.get_by_role("button", name="Send the proposal").click()
    question = page.get_by_role("group", name="Which 02:30 do you mean?")
    expect(question).to_be_visible()
    expect(question).to_contain_text("02:30 on 31 October happens twice in Stockholm")


def test_the_autumn_night_and_the_agreement_dates(page, phone_page):
    mentor = MentorFactory(
        email="ingrid@example.org",
        profile__display_name="Ingrid",
        profile__timezone="Europe/London",
    )
    mentee = MenteeFactory(
        email="amina@example.org",
        profile__display_name="Amina",
        profile__timezone="Europe/Stockholm",
    )
    pair = MentorshipFactory(mentor=mentor, mentee=mentee, start_date=date(2027, 9, 1))
    new_meeting = reverse("cycles:meeting_new", args=[pair.public_id])
    agreement = reverse("cycles:agreement_edit", args=[pair.public_id])

    # The meeting form asks which 02:30 she means, on a wide screen and on a phone.
    _log_in(page, mentee.email)
    _propose_on_the_autumn_night(page, new_meeting)
    shot(page, "meeting-which-0230")
    assert_accessible(page, "meeting form, which 02:30")
    _log_in(phone_page, mentee.email)
    _propose_on_the_autumn_night(phone_page, new_meeting)
    shot(phone_page, "meeting-which-0230")

    page.get_by_label(SECOND).check()
    page.get_by_role("button", name="Send the proposal").click()
    expect(
        page.get_by_role("heading", name="Proposed meeting with Ingrid", level=1)
    ).to_be_visible()
    when = page.locator("section[aria-labelledby='times-heading']")
    expect(when).to_contain_text("Sunday 31 October 2027, 02:30 (UTC+1)–03:30")
    expect(when).to_contain_text("Sun 31 Oct 02:30 (UTC+1) (your time) — 01:30 (UTC) for Ingrid")
    shot(page, "meeting-page")

    # The agreement form says which dates the mentorship allows.
    for each in (page, phone_page):
        each.goto(agreement)
        field(each, "Goal 1").fill("Choose a master's programme")
        for label in ("Expectations", "Steps to reach the goals", "Boundaries", "Availability"):
            field(each, label).fill("Written together.")
        field(each, "Start date").fill("2027-08-01")
        field(each, "End date").fill("2028-02-01")
        field(each, "Success criteria for the mentor").fill("Amina knows her next steps.")
        field(each, "Success criteria for the mentee").fill("I have chosen a programme.")
        each.get_by_label("We commit to confidentiality").check()
        each.get_by_label("We know either of us may end the mentoring at any time").check()
        each.get_by_role("button", name=re.compile("Save")).click()
        expect(each.locator("#div_id_start_date")).to_contain_text(
            "Start on or after 1 September 2027, when your mentorship started."
        )
        expect(each.locator("#div_id_end_date")).to_contain_text(
            "A mentoring cycle lasts at most 4 months: end on 1 January 2028 at the latest."
        )
        shot(each, "agreement-date-errors")
    assert_accessible(page, "agreement form with date errors")
