"""The staff's health page in a real browser (issue 22): staff open it from the to-do page,
read why a pair is at risk, log a check-in that snoozes it, and the pair leaves the list;
axe finds nothing serious on the list and on the check-in page, on a desktop and on a phone."""

import re
import time
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.utils import timezone
from playwright.sync_api import expect

from cycles.health import refresh_signals
from cycles.models import CheckIn, Style
from tests.browser.axe import assert_accessible
from tests.factories import PASSWORD, MenteeFactory, MentorFactory, MentorshipFactory, StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page, user, step: int = 0) -> None:
    """Password, then the code of her authenticator app (staff have one); ``step`` takes a
    later code, for a second sign-in (a code is accepted once)."""
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^\s*Email\s*\*?\s*$")).fill(user.email)
    page.get_by_label(re.compile(r"^\s*Password\s*\*?\s*$")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^Sign In$|^Log in$", re.I)).click()
    expect(page).to_have_url(re.compile(r"/2fa/authenticate/"))
    secret = decrypt(Authenticator.objects.get(user=user, type="totp").data["secret"])
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30 + step))
    page.locator("input[name=code]").fill(code)
    page.locator("input[name=code]").press("Enter")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def _pairs_at_risk() -> None:
    """Two pairs that never met, a month after they started; one has no agreement either."""
    start = timezone.localdate() - timedelta(days=30)
    MentorshipFactory(
        start_date=start,
        mentor=MentorFactory(profile__display_name="Ada Mentor"),
        mentee=MenteeFactory(profile__display_name="Nora Quiet"),
    )
    MentorshipFactory(
        style=Style.FLASH,
        start_date=start,
        mentor=MentorFactory(profile__display_name="Grace Mentor"),
        mentee=MenteeFactory(profile__display_name="Lisa Flash"),
    )
    refresh_signals()


def test_staff_log_a_check_in_and_the_pair_leaves_the_list(page, phone_page, screenshot, settings):
    settings.MFA_TOTP_TOLERANCE = 1  # her second sign-in takes the next code of her app
    _pairs_at_risk()
    staff = StaffFactory(email="staff@example.org")

    _log_in(page, staff)
    page.goto("/staff/todo/")
    page.get_by_role("link", name="Program health").click()
    expect(page).to_have_url(re.compile(r"/staff/health/$"))
    expect(page.get_by_role("heading", name="Program health", level=1)).to_be_visible()
    expect(page.locator("#health-count")).to_have_text("2 pairs at risk.")
    nora = page.locator(".health-pair").filter(has_text="Nora Quiet with Ada Mentor")
    expect(nora).to_contain_text("No agreement written 14 days after the start.")
    expect(nora).to_contain_text("4 signals")
    assert_accessible(page, "health page")
    screenshot(page, "health-list-1280")

    nora.get_by_role("link", name=re.compile("^Log a check-in")).click()
    expect(page.get_by_role("heading", name="Log a check-in", level=1)).to_be_visible()
    page.get_by_role("button", name="Log the check-in").click()  # nothing chosen yet
    expect(page.locator(".invalid-feedback, .errorlist").first).to_be_visible()
    page.get_by_label("Channel").select_option(label="Phone")
    page.get_by_label("Outcome").select_option(label="They will re-plan together")
    page.get_by_label("Note").fill("Both had exams; they will meet next week.")
    page.get_by_label("Off the list for 30 days").check()
    assert_accessible(page, "check-in form")
    screenshot(page, "health-check-in-1280")
    page.get_by_role("button", name="Log the check-in").click()

    expect(page).to_have_url(re.compile(r"/staff/health/$"))
    expect(page.get_by_role("alert").or_(page.locator(".alert-success"))).to_contain_text(
        "The pair is off the list until"
    )
    expect(page.locator(".health-pair")).to_have_count(1)
    expect(page.get_by_text("Nora Quiet with Ada Mentor")).to_have_count(0)
    expect(page.locator("#health-count")).to_have_text("1 pair at risk.")
    check_in = CheckIn.objects.get()
    assert check_in.snoozed_until == timezone.localdate() + timedelta(days=30)
    assert check_in.channel == CheckIn.Channel.PHONE

    _log_in(phone_page, staff, step=1)
    phone_page.goto("/staff/health/")
    expect(phone_page.locator(".health-pair")).to_have_count(1)
    assert_accessible(phone_page, "health page on a phone")
    screenshot(phone_page, "health-list-390")
    phone_page.get_by_role("link", name=re.compile("^Log a check-in")).click()
    expect(phone_page.get_by_role("heading", name="Log a check-in", level=1)).to_be_visible()
    assert_accessible(phone_page, "check-in form on a phone")
    screenshot(phone_page, "health-check-in-390")
