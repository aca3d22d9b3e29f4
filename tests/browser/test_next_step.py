"""A pair moves through a traditional cycle and each one's dashboard says what is next for
her: the mentor answers the request, the mentee proposes the first meeting, both write and
accept the agreement, reflect on a meeting, confirm the closure, send the final evaluation.

The set-up goes through the services (the pages for each action have tests of their own);
what is checked in the browser is the dashboard, each time: its "Next step" button, the line
under it and the "Still open" card."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from cycles import services as cycle_services
from cycles.models import Mentorship
from matching import services as matching_services
from tests.browser.axe import assert_accessible
from tests.factories import (
    AgreementFactory,
    MeetingFactory,
    MenteeFactory,
    MentorFactory,
    SessionEvaluationFactory,
    version_of,
)

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server, user) -> None:
    """Sign ``user`` in in this browser context (a session made by the test client)."""
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


def check(page, step: str, detail: str | None = None, still_open: list[str] = ()) -> None:
    """Her dashboard's next step is ``step`` (with ``detail`` under it), and the "Still open"
    card lists ``still_open`` — or is not there."""
    page.goto("/dashboard/")
    expect(page.locator("#next-step")).to_have_text(f"Next step: {step}")
    if detail is not None:
        expect(page.locator("#next-step-detail")).to_have_text(detail)
    card = page.locator("#still-open")
    if still_open:
        expect(card.get_by_role("heading", name="Still open")).to_be_visible()
        expect(card.locator("li > a")).to_have_text(list(still_open))
    else:
        expect(card).to_have_count(0)


def test_the_next_step_follows_the_pair_through_the_cycle(
    page, phone_page, live_server, screenshot
):
    mentor = MentorFactory(profile__display_name="Ingrid")
    mentee = MenteeFactory(profile__display_name="Amina")
    # The mentee's onboarding is behind her; the mentor's manual is still to read.
    mentee.profile.manual_read_at = timezone.now()
    mentee.profile.save(update_fields=["manual_read_at"])
    log_in(page, live_server, mentor)  # the mentor at her desk
    log_in(phone_page, live_server, mentee)  # the mentee on her phone

    # Before anything happens: the mentor's checklist.
    check(page, "Read the manual")

    # The request: the mentor's next step is to answer it, before her manual.
    request = matching_services.send_request(
        mentee=mentee, mentor=mentor, style="traditional", message="Hello! Could we talk?"
    )
    check(page, "Answer the request", "from Amina · expires in 14 days", ["Read the manual"])
    assert_accessible(page, "dashboard with a request to answer")
    screenshot(page, "next-step-1-answer-request")
    page.locator("#next-step").click()
    expect(page).to_have_url(re.compile(rf"/requests/{request.public_id}/$"))
    page.get_by_role("button", name="Accept").click()
    mentorship = Mentorship.objects.get()

    # Accepted: the program asks the mentee to propose the first meeting; the mentor is back
    # to her checklist.
    check(phone_page, "Propose your first meeting", "with Ingrid")
    assert_accessible(phone_page, "phone dashboard with a meeting to propose")
    screenshot(phone_page, "next-step-2-first-meeting-phone")
    check(page, "Read the manual")
    proposal = cycle_services.schedule_meeting(
        mentorship=mentorship,
        by=mentee,
        data={
            "starts_at": timezone.now() + timedelta(days=3),
            "time_zone": "Europe/Stockholm",
            "duration_minutes": 60,
            "location": "https://meet.example.org/amina-ingrid",
        },
    )
    cycle_services.accept_proposal(meeting=proposal, by=mentorship.mentor, position=1)

    # Phase 2: the agreement is due, for both.
    cycle_services.advance_phase(mentorship=mentorship, by=mentee)
    check(phone_page, "Write the agreement", "with Ingrid", ["Explore the resources"])
    check(page, "Write the agreement", "with Amina", ["Read the manual"])
    # The mentee writes it: both have to accept it, and accepting comes before anything else.
    AgreementFactory(mentorship=mentorship, updated_by=mentee)
    check(page, "Accept the agreement", "with Amina", ["Read the manual"])
    cycle_services.accept_agreement(
        mentorship=mentorship, by=mentee, version=version_of(mentorship)
    )
    check(phone_page, "Explore the resources")

    # A meeting held yesterday: each reflects on it, the request comes first for the mentor.
    MeetingFactory(mentorship=mentorship, starts_at=timezone.now() - timedelta(days=1))
    other_request = matching_services.send_request(
        mentee=MenteeFactory(profile__display_name="Bea"),
        mentor=mentor,
        style="flash",
        message="A question about my thesis.",
    )
    check(
        page,
        "Answer the request",
        "from Bea · expires in 14 days",
        ["Accept the agreement", "Write your reflection", "Read the manual"],
    )
    screenshot(page, "next-step-3-several-open")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "next-step-3-several-open-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    cycle_services.accept_agreement(
        mentorship=mentorship, by=mentor, version=version_of(mentorship)
    )
    check(phone_page, "Write your reflection", still_open=["Explore the resources"])
    phone_page.locator("#next-step").click()
    expect(phone_page.get_by_role("heading", name="Your reflection on the session")).to_be_visible()
    matching_services.decline_request(request=other_request, by=mentor)
    for person in (mentor, mentee):
        SessionEvaluationFactory(
            meeting=mentorship.meetings.order_by("starts_at")[0], author=person
        )

    # Phases 3 and 4: once the mentor confirmed the closure, the mentee's next step is to
    # confirm it too; the final evaluation, open in phase 4, follows.
    cycle_services.advance_phase(mentorship=mentorship, by=mentor)
    cycle_services.advance_phase(mentorship=mentorship, by=mentor)
    cycle_services.confirm_closure(mentorship=mentorship, by=mentor)
    check(
        phone_page,
        "Confirm the closure",
        "Ingrid has confirmed it",
        ["Send the final evaluation", "Explore the resources"],
    )
    screenshot(phone_page, "next-step-4-confirm-closure-phone")
    phone_page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(phone_page, "next-step-4-confirm-closure")
    cycle_services.confirm_closure(mentorship=mentorship, by=mentee)

    # After the end: the final evaluation, for both.
    check(
        phone_page,
        "Send the final evaluation",
        "of your mentorship with Ingrid",
        ["Explore the resources"],
    )
    check(page, "Send the final evaluation", "of your mentorship with Amina", ["Read the manual"])
    assert_accessible(page, "dashboard after the end")
    screenshot(page, "next-step-5-final-evaluation")
    page.locator("#next-step").click()
    expect(page.get_by_role("heading", name="Final evaluation", level=1)).to_be_visible()
