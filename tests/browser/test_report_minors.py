"""The report's mentees under 18 and the privacy notice's section on them, in a real browser
on a desktop and on a phone (issue 20, item 5): a reporter reads counts, a small cell says it
is withheld, and nobody is named; the notice's section is reached from its contents."""

import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import MeetingFactory, MenteeFactory, MentorshipFactory, ReporterFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _program() -> None:
    """Six girls of 15 and three women; two of the girls met their mentors this morning."""
    girls = [
        MenteeFactory(profile__birth_date=date(2011, 5, 1), profile__display_name=f"Girl {n}")
        for n in range(6)
    ]
    for n in range(3):
        MenteeFactory(profile__birth_date=date(1996, 5, 1), profile__display_name=f"Woman {n}")
    for girl in girls[:2]:
        MeetingFactory(
            mentorship=MentorshipFactory(mentee=girl),
            starts_at=timezone.now() - timedelta(hours=2),
        )


def test_a_reporter_reads_minors_apart_and_the_notice_explains_why(
    page, phone_page, live_server, screenshot
):
    _program()
    reporter = ReporterFactory()

    for viewer, size in ((page, "1280"), (phone_page, "390")):
        _sign_in(viewer, live_server, reporter)
        viewer.goto("/reports/")
        expect(viewer.get_by_role("heading", name="Mentees under 18")).to_be_visible()
        expect(viewer.locator("#minors-withheld")).to_contain_text("one whole calendar year")
        year = timezone.localdate().year
        viewer.get_by_role("link", name=f"Show {year}").click()
        expect(viewer).to_have_url(re.compile(rf"since={year}-01&until={year}-12"))
        table = viewer.locator("#minors-table")
        signed_up = table.get_by_role("row", name=re.compile("Mentees who signed up"))
        expect(signed_up).to_contain_text("6")
        sessions = table.get_by_role("row", name=re.compile("Sessions held"))
        expect(sessions).to_contain_text("fewer than 5")
        expect(sessions).to_contain_text("not shown")
        expect(viewer.get_by_text("Girl 0")).to_have_count(0)
        viewer.locator("#minors-heading").scroll_into_view_if_needed()
        screenshot(viewer, f"minors-report-{size}")

        viewer.goto("/privacy/")
        viewer.get_by_role("link", name="Girls under 18: age, guardians and safeguarding").click()
        expect(viewer).to_have_url(re.compile(r"/privacy/#under-18$"))
        expect(viewer.get_by_role("heading", name="Your guardian's consent")).to_be_visible()
        expect(
            viewer.get_by_role("heading", name="Your guardian's requests for your data")
        ).to_be_visible()
        screenshot(viewer, f"minors-notice-{size}")
