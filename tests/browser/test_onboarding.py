"""A new mentee's first visit, in a real browser: sign up, verify her email, choose her role,
accept the code of conduct, fill in her profile (once with a mistake) and land on her dashboard.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "amina@example.org"
PASSWORD = "Zebra-lantern-42x"
BIO = "Second-year student of engineering physics. I love programming and robots."
GOALS = "Find my way into research and build confidence in presenting my work."


def field(page, label: str):
    """The form control labelled ``label``, exactly, whether or not it is marked required (*)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def _verification_link(live_server) -> str:
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body)
    assert link, message.body
    assert link.group(0).startswith(live_server.url)
    return link.group(0)


def _share_login(page, phone_page) -> None:
    phone_page.context.add_cookies(page.context.cookies())


def _expect_phone_navbar(phone_page, screenshot=None, name="") -> None:
    """At phone width the menu folds behind the toggler, which opens and closes it."""
    navbar = phone_page.get_by_role("navigation", name="Main navigation")
    toggler = navbar.get_by_role("button", name="Toggle navigation")
    menu = navbar.locator("#main-nav")
    expect(toggler).to_be_visible()
    expect(navbar.get_by_role("link", name="Manual")).to_be_hidden()
    toggler.click()
    expect(menu).to_have_class(re.compile(r"\bshow\b"))  # the opening transition has ended
    expect(navbar.get_by_role("link", name="Manual")).to_be_visible()
    if screenshot:
        screenshot(phone_page, name)
    toggler.click()
    expect(navbar.get_by_role("link", name="Manual")).to_be_hidden()


def test_a_new_mentee_signs_up_and_lands_on_her_checklist(
    page, phone_page, live_server, screenshot
):
    # Sign up.
    page.goto("/accounts/signup/")
    field(page, "Email").fill(EMAIL)
    field(page, "Password").fill(PASSWORD)
    field(page, "Password (again)").fill(PASSWORD)
    field(page, "Date of birth").fill("2003-10-05")
    page.get_by_role("checkbox", name=re.compile("I have read the privacy notice")).check()
    screenshot(page, "onboarding-01-signup")
    page.get_by_role("button", name="Sign up").click()

    # She is asked to verify her email address.
    expect(page.get_by_role("heading", name="Confirm your email address")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text(f"Confirmation email sent to {EMAIL}.")
    screenshot(page, "onboarding-02-verification-sent")

    # She follows the link in the email and confirms.
    page.goto(_verification_link(live_server))
    expect(page.get_by_role("heading", name="Confirm your email address")).to_be_visible()
    screenshot(page, "onboarding-03-confirm")
    page.get_by_role("button", name="Confirm").click()

    # Step 1: her role. She is signed in and sent to the first onboarding step.
    expect(page).to_have_url(re.compile(r"/onboarding/role/$"))
    expect(page.get_by_role("heading", name="Welcome to WESTEM!")).to_be_visible()
    expect(page.locator(".stepper [aria-current=step]")).to_have_text("Your role")
    screenshot(page, "onboarding-04-role")
    _share_login(page, phone_page)
    phone_page.goto("/onboarding/role/")
    expect(phone_page.get_by_role("heading", name="Welcome to WESTEM!")).to_be_visible()
    screenshot(phone_page, "onboarding-04-role-phone")
    _expect_phone_navbar(phone_page)
    page.get_by_label("I am a mentee").check()
    page.get_by_role("button", name="Continue").click()

    # Step 2: the code of conduct.
    expect(page).to_have_url(re.compile(r"/onboarding/code-of-conduct/$"))
    expect(page.locator(".stepper [aria-current=step]")).to_have_text("Code of conduct")
    page.get_by_label("I have read the code of conduct and I accept it.").check()
    screenshot(page, "onboarding-05-conduct")
    page.get_by_role("button", name="Accept and continue").click()

    # Step 3: her profile. She forgets her display name.
    expect(page).to_have_url(re.compile(r"/onboarding/profile/$"))
    expect(page.get_by_role("alert")).to_contain_text(
        "Thank you for accepting the code of conduct."
    )
    expect(page.get_by_role("heading", name="Tell us about yourself")).to_be_visible()
    field(page, "Country").select_option(label="Sweden")
    field(page, "Current stage").select_option(label="Bachelor's student")
    field(page, "Short bio").fill(BIO)
    field(page, "Goals and interests").fill(GOALS)
    page.get_by_role("checkbox", name="Computer science", exact=True).check()
    page.get_by_role("checkbox", name="Swedish", exact=True).check()
    page.get_by_label("I would like traditional mentoring").check()
    field(page, "Availability (hours per month)").fill("3")
    screenshot(page, "onboarding-06-profile-form")
    meter = page.get_by_role("heading", name=re.compile(r"Your profile is \d+% complete"))
    saved = meter.inner_text()
    page.get_by_role("button", name="Save and go to my dashboard").click()

    # The error summary names the missing field, and nothing she typed is lost.
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Please correct the following")
    expect(summary.get_by_role("link", name="Display name")).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="Nothing has been saved yet")).to_be_visible()
    expect(field(page, "Country")).to_have_value("SE")
    expect(field(page, "Current stage")).to_have_value("bachelor")
    expect(field(page, "Short bio")).to_have_value(BIO)
    expect(field(page, "Goals and interests")).to_have_value(GOALS)
    expect(page.get_by_role("checkbox", name="Computer science", exact=True)).to_be_checked()
    expect(page.get_by_role("checkbox", name="Swedish", exact=True)).to_be_checked()
    expect(page.get_by_label("I would like traditional mentoring")).to_be_checked()
    expect(field(page, "Availability (hours per month)")).to_have_value("3")
    expect(field(page, "Time zone")).to_have_value("Europe/Stockholm")
    expect(field(page, "Preferred language")).to_have_value("en")
    expect(meter).to_have_text(saved)  # the meter shows what is saved, not what was typed
    screenshot(page, "onboarding-07-profile-errors")
    summary.get_by_role("link", name="Display name").click()
    expect(field(page, "Display name")).to_be_focused()
    field(page, "Display name").fill("Amina")
    page.get_by_role("button", name="Save and go to my dashboard").click()

    # Her dashboard, with her checklist: the first item is ticked.
    # (The #id_display_name of the summary link survives the redirect: browsers keep it.)
    expect(page).to_have_url(re.compile(r"/dashboard/(#id_display_name)?$"))
    expect(page.get_by_role("heading", name="Hello, Amina!")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Welcome to WESTEM! Your profile is ready.")
    checklist = page.get_by_role("region", name="Your checklist")
    expect(checklist.get_by_role("heading", name="Your checklist")).to_be_visible()
    items = checklist.locator("ol.checklist > li")
    expect(items.first).to_have_class(re.compile(r"\bdone\b"))
    expect(items.first).to_contain_text("Join the community and register for the program")
    expect(items.first).to_contain_text("(done)")
    expect(checklist.locator("li[data-key=conduct]")).to_have_class(re.compile(r"\bdone\b"))
    expect(items.nth(1)).not_to_have_class(re.compile(r"\bdone\b"))
    screenshot(page, "onboarding-08-dashboard")

    _share_login(page, phone_page)
    phone_page.goto("/dashboard/")
    expect(phone_page.get_by_role("heading", name="Your checklist")).to_be_visible()
    screenshot(phone_page, "onboarding-08-dashboard-phone")
    _expect_phone_navbar(phone_page, screenshot, "onboarding-08-dashboard-phone-menu")


def test_the_language_switcher_turns_the_landing_page_swedish(page, screenshot):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="EN")).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="SV").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("button", name="SV")).to_have_attribute("aria-pressed", "true")
    expect(page).to_have_url(re.compile(r"/$"))
    screenshot(page, "language-switcher-sv")
