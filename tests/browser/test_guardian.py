"""A 12-year-old in Sweden (age of digital consent 13) signs up: her account is limited until
her guardian consents. She names her guardian, the guardian opens the emailed link on a phone
without signing in and consents, and she can then send a request."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from profiles import services
from profiles.age import years_ago
from profiles.models import ExpertiseArea, Profile, SpokenLanguage, User
from tests.browser.axe import assert_accessible
from tests.factories import MentorFactory, MentorScreeningFactory

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "maja@example.org"
PASSWORD = "Otter-compass-73q"
GUARDIAN = "karin.lind@example.com"


def field(page, label: str):
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def link_in(address: str, pattern: str) -> str:
    sent = [message for message in mail.outbox if address in message.to]
    assert sent, f"no email was sent to {address}"
    link = re.search(pattern, sent[-1].body)
    assert link, sent[-1].body
    return link.group(0)


def _onboarded(user: User) -> None:
    """Her role, the code of conduct and her profile (the onboarding test walks those)."""
    services.choose_role(user=user, role="mentee")
    services.accept_code_of_conduct(user=user, code=services.current_code_of_conduct())
    services.update_profile(
        user=user,
        data={
            "display_name": "Maja",
            "country": "SE",
            "stage": "school",
            "bio": "I am in year 6 and I love building robots.",
            "style_traditional": False,
            "style_flash": True,
            "hours_per_month": 2,
            "timezone": "Europe/Stockholm",
            "language": "en",
        },
        expertise=ExpertiseArea.objects.filter(slug="computer-science"),
        languages=SpokenLanguage.objects.filter(code="sv"),
    )


def test_a_12_year_old_waits_for_her_guardians_consent_then_sends_a_request(
    page, phone_page, live_server, screenshot
):
    mentor = MentorFactory(profile__display_name="Ingrid", presentation__headline="Robotics")
    MentorScreeningFactory(mentor=mentor)  # Maja is 12: only a screened mentor is hers to ask
    born = years_ago(12, timezone.localdate())

    # She signs up with her date of birth and verifies her address.
    page.goto("/accounts/signup/")
    field(page, "Email").fill(EMAIL)
    field(page, "Password").fill(PASSWORD)
    field(page, "Password (again)").fill(PASSWORD)
    field(page, "Date of birth").fill(born.isoformat())
    page.get_by_role("checkbox", name=re.compile("I have read the privacy notice")).check()
    screenshot(page, "guardian-01-signup")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Confirm your email address")).to_be_visible()
    page.goto(link_in(EMAIL, r"https?://\S+/accounts/confirm-email/\S+"))
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/onboarding/role/$"))
    user = User.objects.get(email=EMAIL)
    assert Profile.objects.get(user=user).birth_date == born
    _onboarded(user)

    # Limited: every page says why, and the way to ask her guardian.
    page.goto("/dashboard/")
    banner = page.get_by_role("status").filter(has_text="below the age of digital consent")
    expect(banner).to_be_visible()
    banner.get_by_role("link", name="Ask your guardian").click()
    expect(page.get_by_role("heading", name="Your guardian's consent", level=1)).to_be_visible()
    field(page, "Your parent's or guardian's name").fill("Karin Lind")
    field(page, "Their email address").fill(GUARDIAN)
    page.get_by_role("button", name="Send the email").click()
    expect(page.get_by_role("alert")).to_contain_text("We have emailed Karin Lind.")
    expect(page.locator("main")).to_contain_text("Your guardian has not confirmed yet.")
    expect(page.get_by_role("button", name="Send the email again")).to_be_visible()
    screenshot(page, "guardian-02-waiting")
    assert_accessible(page, "guardian page")
    phone_page.context.add_cookies(page.context.cookies())
    phone_page.goto("/account/guardian/")
    expect(phone_page.get_by_role("button", name="Send the email again")).to_be_visible()
    screenshot(phone_page, "guardian-02-waiting-phone")
    phone_page.context.clear_cookies()

    # A request is refused with the reason, next to the form.
    mentor_page = f"/mentors/{mentor.presentation.public_id}/"
    page.goto(mentor_page)
    page.get_by_role("radio", name=re.compile(r"^Flash mentoring")).check()
    field(page, "Your message").fill("Could you tell me how you became a robotics engineer?")
    page.get_by_role("button", name="Send request").click()
    expect(page.locator("main")).to_contain_text("Your guardian has not confirmed yet.")

    # The guardian opens the link on her phone, signed in nowhere, and consents.
    # The link's path, on the test's server (the email names the site's address).
    consent_link = re.search(
        r"/privacy/guardian/consent/\S+/", link_in(GUARDIAN, r"\S+/consent/\S+")
    ).group(0)
    page.goto(consent_link)
    expect(page.get_by_role("heading", name="Consent for Maja to join WESTEM")).to_be_visible()
    screenshot(page, "guardian-03-consent")
    assert_accessible(page, "guardian consent")
    phone_page.goto(consent_link)
    expect(phone_page.get_by_role("heading", name="What is shared")).to_be_visible()
    screenshot(phone_page, "guardian-03-consent-phone")
    phone_page.get_by_role("button", name="I consent").click()
    expect(
        phone_page.get_by_role("heading", name="Thank you: your consent is recorded")
    ).to_be_visible()
    screenshot(phone_page, "guardian-04-thanks-phone")
    assert_accessible(phone_page, "guardian thanks")
    assert "/privacy/guardian/withdraw/" in link_in(GUARDIAN, r"https?://\S+/withdraw/\S+/")

    # She can now send a request.
    page.goto(mentor_page)
    expect(page.get_by_text("Your guardian has not confirmed yet.")).to_have_count(0)
    page.get_by_role("radio", name=re.compile(r"^Flash mentoring")).check()
    field(page, "Your message").fill("Could you tell me how you became a robotics engineer?")
    page.get_by_role("button", name="Send request").click()
    expect(page).to_have_url(re.compile(r"/requests/[0-9a-f-]{36}/$"))
    expect(page.get_by_role("alert")).to_contain_text("Your request has been sent to Ingrid.")
