"""The staff's to-do page in a real browser: staff open it from the navigation, follow a
presentation waiting for approval to its admin page, approve it there, and it is gone from
the page; axe finds nothing serious on the page, on a desktop and on a phone."""

import re
import time
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.utils import timezone
from playwright.sync_api import expect

from cycles.models import Mentorship
from tests.browser.axe import assert_accessible
from tests.factories import (
    PASSWORD,
    FinalEvaluationFactory,
    MentorFactory,
    MentorshipFactory,
    ReportFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

HEADLINE = "Materials scientist who loves teaching lab skills"


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


def _waiting():
    """One of each: a presentation to approve, a report, an early ending, an evaluation."""
    MentorFactory(presentation__approved_at=None, presentation__headline=HEADLINE)
    ReportFactory()
    mentorship = MentorshipFactory()
    mentorship.status = Mentorship.Status.ENDED_EARLY
    mentorship.ended_at = timezone.now() - timedelta(days=2)
    mentorship.ended_by = mentorship.mentor
    mentorship.save()
    FinalEvaluationFactory()


def test_staff_approve_a_presentation_from_the_to_do_page(page, phone_page, screenshot, settings):
    settings.MFA_TOTP_TOLERANCE = 1  # her second sign-in takes the next code of her app
    _waiting()
    staff = StaffFactory(email="staff@example.org")

    _log_in(page, staff)
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.locator("#nav-todo")).to_contain_text("4")
    # Staff's long menu folds behind its button below 1400 px.
    nav.get_by_role("button", name="Toggle navigation").click()
    nav.locator("#nav-todo").click()
    expect(page).to_have_url(re.compile(r"/staff/todo/$"))
    expect(page.get_by_role("heading", name="To do", level=1)).to_be_visible()
    presentations = page.locator('[data-section="matching.presentations"]')
    expect(presentations.get_by_role("link", name=HEADLINE)).to_be_visible()
    assert_accessible(page, "staff to-do page")
    screenshot(page, "staff-todo-1280")

    presentations.get_by_role("link", name=HEADLINE).click()
    expect(page).to_have_url(re.compile(r"/admin/matching/mentorpresentation/\d+/change/"))
    screenshot(page, "staff-presentation-review-1280")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".messagelist")).to_contain_text("The presentation is approved")
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)

    page.goto("/staff/todo/")
    expect(presentations.get_by_role("link", name=HEADLINE)).to_have_count(0)
    expect(presentations).to_contain_text("No presentation waits for approval.")
    expect(page.locator("#nav-todo")).to_contain_text("3")
    page.goto("/admin/")
    expect(page.locator("#staff-todo")).to_contain_text("To do: 3 waiting")
    screenshot(page, "staff-admin-index-1280")
    page.goto("/staff/todo/")

    # Marking the evaluation read takes it off too.
    evaluations = page.locator('[data-section="evaluations.final_evaluations"]')
    evaluations.get_by_role("button", name=re.compile("^Done")).click()
    expect(evaluations).to_contain_text("No final evaluation waits to be read.")

    _log_in(phone_page, staff, step=1)
    phone_page.goto("/staff/todo/")
    expect(phone_page.get_by_role("heading", name="To do", level=1)).to_be_visible()
    assert_accessible(phone_page, "staff to-do page on a phone")
    screenshot(phone_page, "staff-todo-390")
