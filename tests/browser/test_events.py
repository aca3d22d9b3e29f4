"""Events in a real browser: a mentor follows her checklist to the events, signs up for the
preparatory meeting, gets the link and the calendar file, and cancels after confirming; a
full community event says so."""

import re
import time as time_module
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from resources.models import Event, Registration
from tests.factories import (
    PASSWORD,
    EventFactory,
    MenteeFactory,
    MentorFactory,
    RegistrationFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

LINK = "https://meet.example.org/westem-prep-march"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def evening(days: int) -> datetime:
    """18:00 in Stockholm, ``days`` from today."""
    day = timezone.localtime(timezone.now(), STOCKHOLM).date() + timedelta(days=days)
    return datetime.combine(day, time(18, 0), tzinfo=STOCKHOLM)


def field(page, label: str):
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def _log_in(page, email: str, *, authenticator=None) -> None:
    page.goto("/accounts/login/")
    field(page, "Email").fill(email)
    field(page, "Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^Sign In$|^Log in$", re.I)).click()
    if authenticator is not None:  # staff: the authenticator app's current code too
        secret = decrypt(authenticator.data["secret"])
        page.locator("input[name=code]").fill(
            format_hotp_value(hotp_value(secret, int(time_module.time()) // 30))
        )
        page.locator("input[name=code]").press("Enter")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def test_a_mentor_signs_up_for_the_preparatory_meeting_and_cancels(page, phone_page, screenshot):
    now = timezone.now().replace(second=0, microsecond=0)
    mentor = MentorFactory(profile__display_name="Katherine", profile__timezone="Europe/London")
    mentor.profile.manual_read_at = now
    mentor.profile.save(update_fields=["manual_read_at"])
    meeting = EventFactory(
        title="Preparatory meeting for mentors",
        description=(
            "We go through the manual, the four phases and the agreement.\n\nBring your questions."
        ),
        starts_at=evening(9),
        duration_minutes=90,
        online_link=LINK,
        capacity=20,
    )
    RegistrationFactory.create_batch(3, event=meeting)
    full = EventFactory(
        kind=Event.Kind.COMMUNITY,
        title="Career evening: from the lab to industry",
        description="Three women from research, a start-up and industry tell how they chose.",
        audience="both",
        starts_at=evening(16),
        capacity=1,
    )
    RegistrationFactory(event=full, user=MenteeFactory())
    EventFactory(
        kind=Event.Kind.COMMUNITY,
        title="Open evening for everyone",
        description="Meet other mentors and mentees of the program.",
        audience="both",
        duration_minutes=60,
        starts_at=evening(23),
        capacity=None,
    )

    RegistrationFactory(
        event=EventFactory(
            kind=Event.Kind.COMMUNITY,
            title="Networking evening: women in engineering",
            audience="both",
            starts_at=evening(-30),
        ),
        user=mentor,
        attended_at=now - timedelta(days=30),
    )

    # Her checklist sends her to the events.
    _log_in(page, mentor.email)
    page.get_by_role("link", name="Sign up for the preparatory meeting").first.click()
    expect(page.get_by_role("heading", name="Events", level=1)).to_be_visible()
    upcoming = page.locator("section", has=page.get_by_role("heading", name="Upcoming"))
    items = upcoming.locator(".event-item")
    expect(items).to_have_count(3)
    expect(items.nth(0)).to_contain_text("17 places left")
    expect(items.nth(1)).to_contain_text("Full")
    expect(items.nth(2)).to_contain_text("No limit on places")
    expect(page.get_by_text("Times are shown in your time zone (Europe/London)")).to_be_visible()
    past = page.locator("section", has=page.get_by_role("heading", name="Past"))
    expect(past).to_contain_text("Networking evening: women in engineering")
    expect(past).to_contain_text("Attended")
    screenshot(page, "events-list")

    # The full event says so and has no sign-up button.
    page.get_by_role("link", name="Career evening: from the lab to industry").click()
    expect(page.get_by_text("This event is full.")).to_be_visible()
    expect(page.get_by_role("button", name="Sign up")).to_have_count(0)
    screenshot(page, "events-detail-full")

    # The preparatory meeting: no link before she signs up.
    page.goto("/events/")
    page.get_by_role("link", name="Preparatory meeting for mentors").click()
    expect(page.get_by_text("The link is shown here once you have signed up.")).to_be_visible()
    expect(page.get_by_text("In Europe/Stockholm, the event's time zone:")).to_be_visible()
    expect(page.locator(f'a[href="{LINK}"]')).to_have_count(0)
    screenshot(page, "events-detail")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("You are signed up. We have sent you an email")).to_be_visible()
    expect(page.locator(f'a[href="{LINK}"]')).to_be_visible()
    expect(page.get_by_text("3 of 20 places taken")).to_have_count(0)
    expect(page.get_by_text("4 of 20 places taken")).to_be_visible()
    ics = page.get_by_role("link", name="Download calendar file (.ics)")
    expect(ics).to_be_visible()
    screenshot(page, "events-detail-signed-up")
    with page.expect_download() as download:
        ics.click()
    content = Path(download.value.path()).read_text(encoding="utf-8")
    assert "SUMMARY:Preparatory meeting for mentors" in content
    assert f"LOCATION:{LINK}" in content
    assert [message.to for message in mail.outbox] == [[mentor.email]]
    assert LINK in mail.outbox[0].body

    # On her phone too.
    phone_page.context.add_cookies(page.context.cookies())
    phone_page.goto("/events/")
    expect(phone_page.locator(".event-item").first).to_contain_text("You are signed up")
    screenshot(phone_page, "events-list-phone")
    phone_page.goto(page.url)
    expect(phone_page.get_by_role("link", name="Cancel my sign-up")).to_be_visible()
    screenshot(phone_page, "events-detail-signed-up-phone")

    phone_page.get_by_role("link", name="Cancel my sign-up").click()
    expect(phone_page.get_by_role("button", name="Yes, cancel my sign-up")).to_be_visible()
    screenshot(phone_page, "events-cancel-confirm-phone")

    # Cancelling asks first.
    page.get_by_role("link", name="Cancel my sign-up").click()
    expect(page.get_by_role("heading", name="Cancel your sign-up?")).to_be_visible()
    screenshot(page, "events-cancel-confirm")
    assert Registration.objects.get(event=meeting, user=mentor).is_active
    page.get_by_role("button", name="Yes, cancel my sign-up").click()
    expect(page.get_by_text("Your sign-up is cancelled. Your place is free again.")).to_be_visible()
    expect(page.get_by_role("button", name="Sign up")).to_be_visible()
    expect(page.locator(f'a[href="{LINK}"]')).to_have_count(0)
    assert not Registration.objects.get(event=meeting, user=mentor).is_active


def test_staff_see_every_event_and_a_mentee_without_events_is_told_so(page, phone_page, screenshot):
    EventFactory(title="Preparatory meeting for mentors", starts_at=evening(5))
    EventFactory(
        kind=Event.Kind.COMMUNITY,
        title="Summer meetup (draft)",
        audience="both",
        starts_at=evening(40),
        is_published=False,
    )
    mentee = MenteeFactory()

    _log_in(phone_page, mentee.email)
    phone_page.goto("/events/")
    expect(phone_page.get_by_text("No events are planned right now.")).to_be_visible()
    screenshot(phone_page, "events-list-empty-phone")

    staff = StaffFactory()
    _log_in(page, staff.email, authenticator=Authenticator.objects.get(user=staff, type="totp"))
    page.goto("/events/")
    expect(page.locator(".event-item")).to_have_count(2)
    expect(page.get_by_text("Not published")).to_be_visible()
    screenshot(page, "events-list-staff")
    page.get_by_role("link", name="Manage the events and mark attendance").click()
    expect(page.get_by_text("Summer meetup (draft)")).to_be_visible()
    screenshot(page, "events-admin-list")
