""" "I feel unsafe", in real browsers (issue 20): a 15-year-old mentee sees on her mentorship
page that the safeguarding lead may read the conversation, presses "I feel unsafe", writes a
few words and sends them; the lead has it at once (email and inbox), and she reads what
happens next. The lead then reads the pair's conversation on her read-only page. Each new page
is checked with axe at 1280 and 390 px and saved as screenshots (``SAFEGUARDING_SHOTS``, else
test-artifacts/screenshots)."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from cycles.models import SafeguardingAlert, SafeguardingReading
from cycles.permissions import SAFEGUARDING_LEADS
from notifications.models import InboxItem
from profiles.age import years_ago
from tests.browser.axe import assert_accessible
from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS, _open_page
from tests.browser.test_accessibility import _log_in
from tests.factories import (
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    MessageFactory,
    ProfileFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(os.environ.get("SAFEGUARDING_SHOTS", SCREENSHOTS))
WORDS = "He keeps asking me to talk on Snapchat instead."


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def check(page, phone, name: str) -> None:
    """axe and a screenshot of the page at 1280 px, then the same page at 390 px."""
    assert_accessible(page, f"{name} (1280 px)")
    shot(page, f"{name}-1280")
    phone.context.clear_cookies()
    phone.context.add_cookies(page.context.cookies())
    phone.goto(page.url.split("#")[0])
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert_accessible(phone, f"{name} (390 px)")
    shot(phone, f"{name}-390")


@pytest.fixture
def phone(browser, live_server, request):
    yield from _open_page(browser, live_server, request, "phone", PHONE)


@pytest.fixture
def lead_page(browser, live_server, request):
    yield from _open_page(browser, live_server, request, "lead", DESKTOP)


def test_a_minor_feels_unsafe_and_the_lead_is_told_at_once(
    page, phone, lead_page, live_server, settings
):
    settings.MEETING_ROOM_BASE_URL = ""
    settings.PROGRAM_MEETING_CHANNEL_URL = "https://program.example.org/meet"
    lead = StaffFactory()
    ProfileFactory(user=lead, display_name="Karin Lind")
    lead.groups.add(Group.objects.get(name=SAFEGUARDING_LEADS))
    mentee = MenteeFactory(
        profile__display_name="Elin",
        profile__birth_date=years_ago(15, timezone.localdate()) - timedelta(days=40),
    )
    mentorship = MentorshipFactory(
        mentor=MentorFactory(profile__display_name="Ingrid"), mentee=mentee
    )
    MessageFactory(mentorship=mentorship, author=mentorship.mentor, body="Add me on Snapchat?")

    _log_in(page, live_server, mentee)
    page.goto(f"/mentorships/{mentorship.public_id}/")
    expect(page.locator("#oversight-notice")).to_have_text(
        "Because Elin is under 18, the program's safeguarding lead, Karin Lind, may read this "
        "conversation."
    )
    expect(page.get_by_role("link", name="I feel unsafe")).to_be_in_viewport()
    check(page, phone, "safeguarding-mentorship")
    expect(phone.get_by_role("link", name="I feel unsafe")).to_be_in_viewport()

    # Her meeting form offers the program's channel and reminds her of the rules.
    page.get_by_role("link", name="Propose a meeting").click()
    expect(page.locator("#minor-rules")).to_contain_text("The rules when the mentee is under 18")
    expect(page.get_by_label("Place or link")).to_have_value("https://program.example.org/meet")
    check(page, phone, "safeguarding-meeting-form")

    page.get_by_role("link", name="I feel unsafe").click()
    expect(page.get_by_role("heading", name="I feel unsafe", level=1)).to_be_visible()
    check(page, phone, "safeguarding-unsafe-form")
    page.get_by_label("What is happening? (optional)").fill(WORDS)
    page.get_by_role("button", name="Send to the safeguarding lead").click()

    expect(page.get_by_role("heading", name="What happens next", level=1)).to_be_visible()
    expect(page.get_by_text("Your message has reached the safeguarding lead.")).to_be_visible()
    expect(page.get_by_text("In an emergency, call 112.")).to_be_visible()
    expect(page.get_by_text("116 111", exact=False)).to_be_visible()
    check(page, phone, "safeguarding-what-happens-next")

    alert = SafeguardingAlert.objects.get()
    assert (alert.raised_by, alert.text) == (mentee, WORDS)
    assert [message.to for message in mail.outbox] == [[lead.email]]
    assert InboxItem.objects.filter(user=lead, kind="safeguarding_alert").count() == 1

    # The lead reads the pair's conversation; her reading is recorded.
    _log_in(lead_page, live_server, lead)
    lead_page.goto("/safeguarding/")
    lead_page.get_by_role("link", name="Elin").click()
    expect(lead_page.get_by_text("Add me on Snapchat?")).to_be_visible()
    assert SafeguardingReading.objects.filter(reader=lead, mentorship=mentorship).exists()
    assert_accessible(lead_page, "safeguarding oversight (1280 px)")
    shot(lead_page, "safeguarding-oversight-1280")
