"""The program report in a real browser: a reporter opens it from the navigation, sees the
funnel, the sessions per month and the ratings as charts on a desktop and on a phone, narrows
it to last month, where enough people reflected, then to a country, and the reflections are
withheld with the reason in words.
"""

import re
import time
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.utils import timezone
from playwright.sync_api import expect

from cycles.models import Mentorship, Style
from matching.models import ConnectionRequest
from profiles.models import ExpertiseArea
from tests.browser.axe import assert_accessible
from tests.factories import (
    PASSWORD,
    ConnectionRequestFactory,
    FinalEvaluationFactory,
    MeetingFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    ReporterFactory,
    SessionEvaluationFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

COUNTRIES = ["SE", "SE", "ES", "DE", "SE", "IT", "ES", "SE", "FI", "SE"]


def _program():
    """A program some months old: sign-ups, requests, mentorships in each status and style,
    meetings over the last months, final evaluations and session reflections."""
    now = timezone.now()
    physics = ExpertiseArea.objects.get(slug="physics")
    mentors = [
        MentorFactory(profile__country=country, profile__expertise=[physics])
        for country in ("SE", "ES", "DE", "SE")
    ]
    mentees = [MenteeFactory(profile__country=country) for country in COUNTRIES]
    for index, mentee in enumerate(mentees[:8]):
        mentor = mentors[index % len(mentors)]
        accepted = index < 6
        ConnectionRequestFactory(
            mentee=mentee,
            mentor=mentor,
            style=Style.FLASH if index % 3 == 0 else Style.TRADITIONAL,
            status=(
                ConnectionRequest.Status.ACCEPTED if accepted else ConnectionRequest.Status.PENDING
            ),
            responded_at=now - timedelta(days=100 - index) if accepted else None,
        )
        if not accepted:
            continue
        status = [
            Mentorship.Status.COMPLETED,
            Mentorship.Status.ACTIVE,
            Mentorship.Status.COMPLETED,
            Mentorship.Status.ACTIVE,
            Mentorship.Status.ENDED_EARLY,
            Mentorship.Status.ACTIVE,
        ][index]
        mentorship = MentorshipFactory(
            mentor=mentor,
            mentee=mentee,
            style=Style.FLASH if index % 3 == 0 else Style.TRADITIONAL,
            status=status,
            start_date=(now - timedelta(days=160 - 10 * index)).date(),
            ended_at=None if status == Mentorship.Status.ACTIVE else now - timedelta(days=5),
        )
        for week in range(2 + index % 4):
            meeting = MeetingFactory(
                mentorship=mentorship,
                starts_at=now - timedelta(days=150 - 10 * index - 21 * week),
                duration_minutes=[45, 60, 90][week % 3],
            )
            if mentee.profile.country == "SE" or week < 2:
                SessionEvaluationFactory(
                    meeting=meeting,
                    author=mentee,
                    useful=4 + week % 2,
                    prepared=3 + index % 3,
                    understood=5 - week % 2,
                    progress=3 + week % 3,
                    reflection="Private: I was nervous before my first conference talk.",
                    created_at=meeting.starts_at,  # written the day of the session
                )
        # And a session on the 10th of last month, so that 6 people reflected in it.
        meeting = MeetingFactory(mentorship=mentorship, starts_at=_last_month(now))
        SessionEvaluationFactory(
            meeting=meeting, author=mentee, useful=4, prepared=4, created_at=meeting.starts_at
        )
        if status != Mentorship.Status.ACTIVE:
            FinalEvaluationFactory(
                mentorship=mentorship, quality_rating=4 + index % 2, effectiveness_rating=4
            )
            FinalEvaluationFactory(
                mentorship=mentorship,
                author=mentor,
                quality_rating=5,
                effectiveness_rating=3 + index % 2,
                sessions=4,
            )


def _last_month(now):
    """Noon on the 10th of last month."""
    return (now.replace(day=1) - timedelta(days=1)).replace(day=10, hour=12)


def _log_in(page, user, step: int = 0) -> None:
    """Password, then the code of her authenticator app (a reporter has one); ``step`` takes a
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


def test_a_reporter_reads_the_program_report(page, phone_page, screenshot, settings):
    settings.MFA_TOTP_TOLERANCE = 1  # her second sign-in takes the next code of her app
    _program()
    reporter = ReporterFactory(email="reporter@example.org")

    _log_in(page, reporter)
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Reports"
    ).click()

    expect(page.get_by_role("heading", name="Program report", level=1)).to_be_visible()
    funnel = page.get_by_role("img", name="The program's funnel")
    expect(funnel).to_be_visible()
    expect(funnel.locator("rect")).to_have_count(6)
    months = page.get_by_role("img", name="Sessions and hours per month")
    expect(months).to_be_visible()
    assert months.bounding_box()["height"] > 150
    expect(page.get_by_role("img", name="Average ratings of the final evaluations")).to_be_visible()
    # Over all time, reflections are withheld, and the page says why.
    expect(page.get_by_text("choose one calendar month, or a whole calendar year")).to_be_visible()
    expect(page.get_by_text("The period is whole calendar months").first).to_be_visible()

    # Last month, six people reflected: their averages are shown.
    month = _last_month(timezone.now()).strftime("%Y-%m")
    filters = page.get_by_role("search", name="Filter the report")
    filters.get_by_label("From").fill(month)
    filters.get_by_label("Until").fill(month)
    filters.get_by_role("button", name="Show figures").click()
    expect(
        page.get_by_role("img", name="Average answers to the session reflections")
    ).to_be_visible()
    assert "nervous" not in page.content()
    screenshot(page, "reports-dashboard-desktop")

    # Narrowed to Spain, the reflections are withheld: too small a group.
    filters.get_by_label("Country").select_option("ES")
    filters.get_by_role("button", name="Show figures").click()
    expect(page.get_by_text("Spain", exact=False).first).to_be_visible()
    expect(page.get_by_text("not broken down by country, field or style").first).to_be_visible()
    expect(
        page.get_by_role("img", name="Average answers to the session reflections")
    ).to_have_count(0)
    screenshot(page, "reports-dashboard-withheld-desktop")

    _log_in(phone_page, reporter, step=1)
    phone_page.goto("/reports/")
    funnel = phone_page.get_by_role("img", name="The program's funnel")
    expect(funnel).to_be_visible()
    box = funnel.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    # The filters fold away behind a button on a phone.
    country = phone_page.locator("#id_country")
    expect(country).to_be_hidden()
    phone_page.get_by_role("button", name="Filters").click()
    expect(country).to_be_visible()
    screenshot(phone_page, "reports-dashboard-phone")


def test_a_reporter_reads_how_mentorships_close(page, phone_page, screenshot, settings):
    """Of the program's mentorships, two completed (one flash, one traditional) and one
    traditional ended early, five days ago; with a threshold of 1 none is withheld."""
    settings.MFA_TOTP_TOLERANCE = 1
    settings.REPORTS_MIN_ANSWERS = 1
    _program()
    reporter = ReporterFactory(email="reporter@example.org")

    _log_in(page, reporter)
    page.goto("/reports/")
    closures = page.get_by_role("region", name="How mentorships close")
    expect(closures).to_be_visible()
    table = closures.get_by_role("table", name="Mentorships completed and ended early")
    expect(table.get_by_role("row", name="All 2 1 33%", exact=True)).to_be_visible()
    styles = table.locator('[data-breakdown="style"]')
    expect(styles.get_by_role("row", name="Flash 1 0 0%", exact=True)).to_be_visible()
    expect(styles.get_by_role("row", name="Traditional 1 1 50%", exact=True)).to_be_visible()
    expect(closures.locator('[data-figure="median-first-meeting"]')).to_contain_text(
        "mentorships started in the period"
    )
    expect(closures.locator('[data-figure="minimum-share"]')).to_contain_text("pair-months")
    closures.scroll_into_view_if_needed()
    assert_accessible(page, "report with closures")
    screenshot(page, "reports-closures-1280")

    _log_in(phone_page, reporter, step=1)
    phone_page.goto("/reports/#closures")
    closures = phone_page.get_by_role("region", name="How mentorships close")
    expect(closures).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(phone_page, "report with closures on a phone")
    screenshot(phone_page, "reports-closures-390")
