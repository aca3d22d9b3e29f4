"""Staff review a match round in a real browser: from the dashboard to the round, make a
draft, read its figures and stability check, give a mentor another place (what-if), compare
the two drafts, and publish the second after its confirmation page. Every page is checked
with axe and photographed at 1280 and 390 px."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from playwright.sync_api import expect

from matching.rounds.models import MatchRound
from tests.browser.axe import assert_accessible
from tests.factories import (
    PASSWORD,
    MatchRoundFactory,
    MenteeFactory,
    MentorFactory,
    RoundChoiceFactory,
    RoundMentorFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page, user) -> None:
    """Password, then the code of her authenticator app (staff have one)."""
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^\s*Email\s*\*?\s*$")).fill(user.email)
    page.get_by_label(re.compile(r"^\s*Password\s*\*?\s*$")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^Sign In$|^Log in$", re.I)).click()
    expect(page).to_have_url(re.compile(r"/2fa/authenticate/"))
    secret = decrypt(Authenticator.objects.get(user=user, type="totp").data["secret"])
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    page.locator("input[name=code]").fill(code)
    page.locator("input[name=code]").press("Enter")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def _round() -> MatchRound:
    """Ada gives the round one of her two places; Maja and Lisa both want Ada first, Sara
    wants Grace. Ada would rather have Maja."""
    round_ = MatchRoundFactory(name="Spring cohort")
    ada = MentorFactory(profile__display_name="Ada Lovelace", capacity=2)
    grace = MentorFactory(profile__display_name="Grace Hopper", capacity=1)
    maja = MenteeFactory(profile__display_name="Maja")
    lisa = MenteeFactory(profile__display_name="Lisa")
    sara = MenteeFactory(profile__display_name="Sara")
    RoundMentorFactory(round=round_, mentor=ada, capacity=1)
    RoundChoiceFactory(round=round_, mentee=maja, mentor=ada, rank=1, mentor_order=1)
    RoundChoiceFactory(round=round_, mentee=lisa, mentor=ada, rank=1, mentor_order=2)
    RoundChoiceFactory(round=round_, mentee=sara, mentor=grace, rank=1)
    return round_


def _look(page, screenshot, name: str, label: str) -> None:
    """axe on the page, then a picture at 1280 px and one at 390 px."""
    assert_accessible(page, label)
    screenshot(page, f"{name}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page, f"{label} on a phone")
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_staff_review_what_if_compare_and_publish(page, screenshot):
    round_ = _round()
    staff = StaffFactory(email="staff@example.org")

    _log_in(page, staff)
    page.locator("#dashboard-rounds").click()
    expect(page.get_by_role("heading", name="Match rounds", level=1)).to_be_visible()
    _look(page, screenshot, "rounds-staff-list", "the rounds")

    page.get_by_role("link", name="Spring cohort").click()
    expect(page.locator("#round-stage")).to_have_text("Being reviewed by program staff")
    expect(page.locator("#round-participants")).to_contain_text("Mentees who ranked")
    _look(page, screenshot, "rounds-staff-review", "a round under review")

    page.get_by_role("button", name="Make a draft").click()
    expect(page.get_by_role("heading", name="Draft 1", level=1)).to_be_visible()
    figures = page.locator("#draft-figures")
    expect(figures).to_contain_text(re.compile(r"Mentees\s*3"))
    expect(figures).to_contain_text(re.compile(r"Matched\s*2"))
    expect(page.locator("#stability")).to_contain_text("Stable and within the rules.")
    expect(page.locator("#unmatched-list")).to_contain_text("Lisa")
    expect(page.locator("#pairs-table")).to_contain_text("Ada Lovelace")
    _look(page, screenshot, "rounds-staff-draft", "a draft")

    # What if Ada took both her places?
    page.locator("#id_capacity-mentor").select_option(label="Ada Lovelace")
    page.locator("#id_capacity-capacity").fill("2")
    page.get_by_role("button", name="Make a draft with this change").click()
    expect(page.get_by_role("heading", name="Draft 2 compared with draft 1")).to_be_visible()
    expect(page.locator("#compare-table")).to_contain_text(re.compile(r"Matched\s*2\s*3"))
    expect(page.locator("#changes-table")).to_contain_text("Lisa")
    _look(page, screenshot, "rounds-staff-compare", "two drafts compared")

    page.get_by_role("link", name="Open draft 2").click()
    page.locator("#publish-link").click()
    # The three mentees and their two mentors are told.
    expect(page.locator("#publish-effects")).to_contain_text(
        re.compile(r"This starts 3 mentorships\s+and emails 5 people; it cannot be undone.")
    )
    _look(page, screenshot, "rounds-staff-publish", "the publication's confirmation")

    page.get_by_role("button", name="Publish and tell everyone").click()
    expect(page.locator("#round-published")).to_contain_text("(draft 2)")
    expect(page.locator("#make-draft")).to_have_count(0)
    round_.refresh_from_db()
    assert round_.published_draft.number == 2
    _look(page, screenshot, "rounds-staff-published", "a published round")


def test_the_report_shows_the_published_rounds(page, screenshot):
    from datetime import UTC, datetime

    from tests.factories import MentorshipFactory, RoundDraftFactory, RoundOutcomeFactory

    published = datetime(2025, 3, 10, 12, tzinfo=UTC)
    round_ = MatchRoundFactory(name="Spring cohort")
    draft = RoundDraftFactory(round=round_)
    for rank in (1, 1, 1, 2, 3, None):
        mentee = MenteeFactory()
        if rank is None:
            RoundOutcomeFactory(draft=draft, mentee=mentee, mentor=None, mentee_rank=None)
        else:
            outcome = RoundOutcomeFactory(draft=draft, mentee=mentee, mentee_rank=rank)
            MentorshipFactory(mentor=outcome.mentor, mentee=mentee, start_date=published.date())
    MatchRound.objects.filter(pk=round_.pk).update(published_at=published, published_draft=draft)

    _log_in(page, StaffFactory(email="staff@example.org"))
    page.goto("/reports/?since=2025-03&until=2025-03")

    rounds = page.locator("#report-rounds")
    expect(rounds).to_contain_text(re.compile(r"Spring cohort.*6\s*5\s*60 %\s*1.6", re.S))
    rounds.scroll_into_view_if_needed()
    _look(page, screenshot, "rounds-staff-report", "the report with its rounds")
