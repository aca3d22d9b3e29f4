"""Bookable flash sessions in a real browser: the mentor publishes a time on her flash slots
page, a mentee in another time zone books it from the mentor's page with her question, and
lands on the flash mentorship with the meeting agreed; the mentor then cancels it with a
note. Each new page is checked with axe and shot at desktop and phone width
(test-artifacts/screenshots/flash-*.png)."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from matching.models import FlashBooking
from tests.browser.axe import assert_accessible
from tests.factories import PASSWORD, MenteeFactory, MentorFactory

pytestmark = pytest.mark.django_db(transaction=True)

QUESTION = "I love physics and programming: how did you choose between a PhD and industry?"


def field(page, label: str):
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def _log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    field(page, "Email").fill(email)
    field(page, "Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^Sign In$|^Log in$", re.I)).click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def _log_out(page) -> None:
    navbar = page.get_by_role("navigation", name="Main navigation")
    navbar.locator("#user-menu").click()
    navbar.get_by_role("button", name="Log out").click()
    expect(navbar.get_by_role("link", name="Log in")).to_be_visible()


def _both(page, phone_page, screenshot, name: str) -> None:
    """The page as it is, at desktop and phone width, checked with axe at both."""
    assert_accessible(page, name)
    screenshot(page, f"{name}-desktop")
    phone_page.context.add_cookies(page.context.cookies())
    phone_page.goto(page.url)
    assert_accessible(phone_page, f"{name} (phone)")
    screenshot(phone_page, f"{name}-phone")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{name} scrolls sideways on a phone ({width}px)"


def test_a_mentor_publishes_a_time_and_a_mentee_books_it(page, phone_page, screenshot):
    mentor = MentorFactory(email="ingrid@example.org", profile__display_name="Ingrid")
    mentee = MenteeFactory(
        email="amina@example.org",
        profile__display_name="Amina",
        profile__timezone="Europe/London",
    )
    day = timezone.localdate() + timedelta(days=3)

    # The mentor opens her flash slots from her presentation: nothing published yet.
    _log_in(page, mentor.email)
    page.goto("/presentation/")
    page.get_by_role("link", name="Flash slots").click()
    expect(page.get_by_role("heading", name="Flash slots", level=1)).to_be_visible()
    expect(page.get_by_text("You have not published any flash times yet.")).to_be_visible()
    _both(page, phone_page, screenshot, "flash-01-slots-empty")

    # She adds a weekly time, Stockholm time (her profile's zone is the default).
    field(page, "Date").fill(day.isoformat())
    field(page, "Time").fill("18:00")
    field(page, "Length (minutes)").fill("45")
    field(page, "Place or link").fill("https://meet.example.org/ingrid")
    page.get_by_label("Repeat every week").check()
    field(page, "Repeat until").fill((day + timedelta(weeks=2)).isoformat())
    page.get_by_role("button", name="Publish the time").click()
    expect(page.get_by_role("alert")).to_contain_text("Your flash time is published")
    slots = page.get_by_role("region", name="Your times")
    expect(slots.locator("li.flash-slot")).to_have_count(1)
    expect(slots).to_contain_text("18:00")
    _both(page, phone_page, screenshot, "flash-02-slots-published")
    _log_out(page)

    # The mentee, in London, finds the time on Ingrid's page, shown in her own zone.
    stockholm = timezone.datetime.combine(
        day, timezone.datetime.min.time().replace(hour=18), tzinfo=ZoneInfo("Europe/Stockholm")
    )
    london = stockholm.astimezone(ZoneInfo("Europe/London"))
    shown = f"{london:%a} {london.day} {london:%b %H:%M}"
    _log_in(page, mentee.email)
    page.goto("/mentors/")
    card = page.locator("article.mentor-card", has_text="Ingrid")
    expect(card).to_contain_text(f"Next free flash slot: {shown}")
    screenshot(page, "flash-03a-directory-card-desktop")
    card.get_by_role("link", name="Ingrid").click()
    times = page.get_by_role("region", name="Free flash slots")
    expect(times.locator("li.flash-free-time")).to_have_count(3)
    expect(times.locator("li.flash-free-time").first).to_contain_text(shown)
    _both(page, phone_page, screenshot, "flash-03-mentor-page-with-times")

    # She books the first time: the form shows it in her zone; the question is required.
    times.get_by_role("link", name=re.compile(r"^Book")).first.click()
    expect(page.get_by_role("heading", name="Book a flash session with Ingrid")).to_be_visible()
    expect(page.locator("dl.flash-time")).to_contain_text("Europe/London")
    page.get_by_role("button", name="Book this time").click()
    expect(
        page.get_by_text("Write the question you would like to talk about.").first
    ).to_be_visible()
    _both(page, phone_page, screenshot, "flash-04-booking-form")
    field(page, "Your question").fill(QUESTION)
    page.get_by_role("button", name="Book this time").click()

    # She lands on the flash mentorship, the meeting agreed at the time she chose.
    expect(page).to_have_url(re.compile(r"/mentorships/[0-9a-f-]{36}/$"))
    expect(page.get_by_role("alert")).to_contain_text(
        "Your flash session with Ingrid is booked and agreed."
    )
    meetings = page.locator("#meetings")
    expect(meetings.get_by_role("heading", name="Next meeting")).to_be_visible()
    expect(meetings).to_contain_text(f"{london:%H:%M}")
    expect(meetings).to_contain_text("https://meet.example.org/ingrid")
    screenshot(page, "flash-05-mentorship-desktop")
    booking = FlashBooking.objects.get()
    assert (booking.mentee, booking.question, booking.meeting.status) == (
        mentee,
        QUESTION,
        "confirmed",
    )
    _log_out(page)

    # The mentor finds the booking on her page, and cancels it with a note after confirming.
    _log_in(page, mentor.email)
    page.goto("/flash-slots/")
    booked = page.get_by_role("region", name="Booked sessions").locator("li.flash-booking")
    expect(booked).to_have_count(1)
    expect(booked).to_contain_text("Amina")
    expect(booked).to_contain_text(QUESTION)
    _both(page, phone_page, screenshot, "flash-06-slots-with-booking")
    booked.get_by_role("link", name="Cancel the booking").click()
    expect(page.get_by_role("heading", name="Cancel Amina's flash session?")).to_be_visible()
    _both(page, phone_page, screenshot, "flash-07-cancel-booking")
    field(page, "Note to the mentee").fill("I am ill, sorry. Please book another week!")
    page.get_by_role("button", name="Cancel the booking").click()
    expect(page.get_by_role("alert")).to_contain_text("The booking is cancelled and Amina")
    expect(booked.locator(".badge")).to_have_text("Cancelled")
    booking.refresh_from_db()
    assert booking.mentorship.status == "ended_early"
