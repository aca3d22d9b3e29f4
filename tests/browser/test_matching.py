"""Matching in a real browser: a mentee filters the mentor directory, asks a mentor, the mentor
accepts, and the mentee sees her new mentor and the first step to take.
"""

import re

import pytest
from playwright.sync_api import expect

from profiles.models import ExpertiseArea, SpokenLanguage
from tests.factories import PASSWORD, MenteeFactory, MentorFactory, MentorshipFactory

pytestmark = pytest.mark.django_db(transaction=True)

MESSAGE = (
    "Hello Ingrid! I am a second-year physics student in Uppsala and I would love advice on "
    "choosing a master's programme and on applying for summer research internships."
)


def field(page, label: str):
    """The form control labelled ``label``, exactly, whether or not it is marked required (*)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def _areas(*slugs):
    return [ExpertiseArea.objects.get(slug=slug) for slug in slugs]


def _languages(*codes):
    return [SpokenLanguage.objects.get(code=code) for code in codes]


def _mentor(name, email, country, fields, languages, headline, capacity=2):
    return MentorFactory(
        email=email,
        capacity=capacity,
        profile__display_name=name,
        profile__country=country,
        profile__expertise=_areas(*fields),
        profile__languages=_languages(*languages),
        presentation__headline=headline,
    )


def _log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    field(page, "Email").fill(email)
    field(page, "Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^Sign In$|^Log in$", re.I)).click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def _log_out(page) -> None:
    navbar = page.get_by_role("navigation", name="Main navigation")
    navbar.locator("#user-menu").click()
    navbar.get_by_role("button", name="Log out").click()
    expect(navbar.get_by_role("link", name="Log in")).to_be_visible()


def _cards(page):
    return page.get_by_role("region", name="Mentors").locator("article.mentor-card")


def test_a_mentee_finds_a_mentor_who_accepts_her_request(page, phone_page, screenshot):
    # Four mentors: one matches every filter, one shares the field but is full, two work in
    # other fields, countries and languages.
    ingrid = _mentor(
        "Ingrid",
        "ingrid@example.org",
        "SE",
        ["physics"],
        ["sv", "en"],
        "Physicist at a synchrotron lab, happy to talk about research careers",
    )
    lucia = _mentor(
        "Lucía",
        "lucia@example.org",
        "ES",
        ["physics", "mathematics"],
        ["es", "en"],
        "Astrophysics researcher and mother of two",
        capacity=1,
    )
    MentorshipFactory(mentor=lucia)  # her only traditional place is taken
    _mentor(
        "Fatima",
        "fatima@example.org",
        "DE",
        ["computer-science"],
        ["de", "ar"],
        "Software architect building medical devices",
    )
    _mentor(
        "Chloé",
        "chloe@example.org",
        "FR",
        ["chemistry"],
        ["fr"],
        "Process chemist in the pharmaceutical industry",
    )
    mentee = MenteeFactory(
        email="amina@example.org",
        profile__display_name="Amina",
        profile__expertise=_areas("physics"),
        profile__languages=_languages("sv", "en"),
    )
    physics = ExpertiseArea.objects.get(slug="physics")

    # The mentee logs in through the login page.
    _log_in(page, mentee.email)
    screenshot(page, "matching-01-mentee-dashboard")

    # She opens the directory from the navbar: every mentor is listed.
    navbar = page.get_by_role("navigation", name="Main navigation")
    navbar.get_by_role("link", name="Find a mentor").click()
    expect(page).to_have_url(re.compile(r"/mentors/$"))
    expect(page.get_by_role("heading", name="Find a mentor", level=1)).to_be_visible()
    expect(_cards(page)).to_have_count(4)
    screenshot(page, "matching-02-directory")

    # She filters: physics, with a free place.
    filters = page.get_by_role("search", name="Filter mentors")
    field(filters, "Field").select_option(label="Physics")
    filters.get_by_label("Has a free place").check()
    filters.get_by_role("button", name="Show mentors").click()
    expect(page).to_have_url(re.compile(rf"[?&]field={physics.pk}(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]free=on(&|$)"))
    expect(page.get_by_text("1 mentor matches your search")).to_be_visible()
    expect(_cards(page)).to_have_count(1)
    card = _cards(page).first
    expect(card.get_by_role("heading", name="Ingrid")).to_be_visible()
    expect(card).to_contain_text("2 free places")
    expect(card).to_contain_text("Sweden")
    # The filters stay set, and the form says how many are active.
    expect(field(filters, "Field")).to_have_value(str(physics.pk))
    expect(filters.get_by_label("Has a free place")).to_be_checked()
    expect(filters.get_by_role("link", name="Clear")).to_be_visible()
    screenshot(page, "matching-03-directory-filtered")
    filtered_url = page.url

    # The same search at phone width: the filters fold behind a button.
    phone_page.context.add_cookies(page.context.cookies())
    phone_page.goto(filtered_url)
    expect(phone_page.get_by_role("button", name="Filters (2)")).to_be_visible()
    expect(_cards(phone_page)).to_have_count(1)
    screenshot(phone_page, "matching-03-directory-filtered-phone")

    # She opens Ingrid's card.
    card.get_by_role("link", name="Ingrid").click()
    expect(page.get_by_role("heading", name="Ingrid", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Ask Ingrid to be your mentor")).to_be_visible()
    screenshot(page, "matching-04-mentor-page")
    phone_page.goto(page.url)
    expect(phone_page.get_by_role("heading", name="Ask Ingrid to be your mentor")).to_be_visible()
    screenshot(phone_page, "matching-04-mentor-page-phone")

    # She chooses traditional mentoring and writes her message.
    page.get_by_role("radio", name=re.compile(r"^Traditional mentoring")).check()
    field(page, "Your message").fill(MESSAGE)
    screenshot(page, "matching-05-request-form")
    page.get_by_role("button", name="Send request").click()

    # The confirmation, on her request's page: pending.
    expect(page).to_have_url(re.compile(r"/requests/[0-9a-f-]{36}/$"))
    request_url = page.url
    expect(page.get_by_role("alert")).to_contain_text("Your request has been sent to Ingrid.")
    expect(page.get_by_role("heading", name="Your request to Ingrid")).to_be_visible()
    expect(page.locator("main .badge", has_text="Pending")).to_be_visible()
    expect(page.get_by_text(MESSAGE)).to_be_visible()
    screenshot(page, "matching-06-request-sent")
    _log_out(page)

    # Ingrid logs in and opens her requests.
    _log_in(page, ingrid.email)
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Requests"
    ).click()
    expect(page.get_by_role("heading", name="Requests from mentees")).to_be_visible()
    row = page.get_by_role("link", name=re.compile(r"^Amina"))
    expect(row).to_contain_text("Pending")
    screenshot(page, "matching-07-mentor-inbox")
    row.click()
    expect(page.get_by_role("heading", name="Request from Amina")).to_be_visible()
    expect(page.get_by_text(MESSAGE)).to_be_visible()
    expect(page.get_by_role("heading", name="About her")).to_be_visible()
    screenshot(page, "matching-08-mentor-request")

    # She accepts: the mentee's contact details appear.
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("alert")).to_contain_text("You are now mentoring Amina.")
    contact = page.get_by_role("region", name="You are Amina's mentor")
    expect(contact).to_be_visible()
    expect(contact.get_by_role("link", name=mentee.email)).to_have_attribute(
        "href", f"mailto:{mentee.email}"
    )
    expect(page.locator("main .badge", has_text="Accepted")).to_be_visible()
    expect(page.get_by_role("button", name="Accept")).to_have_count(0)
    screenshot(page, "matching-09-mentor-accepted")
    _log_out(page)

    # Amina logs in again: Ingrid is her mentor, and she is asked to propose the first meeting.
    _log_in(page, mentee.email)
    screenshot(page, "matching-10-mentee-dashboard-after")
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="My requests"
    ).click()
    row = page.get_by_role("link", name=re.compile(r"^Ingrid"))
    expect(row).to_contain_text("Accepted")
    row.click()
    expect(page).to_have_url(request_url)
    contact = page.get_by_role("region", name="Ingrid is your mentor!")
    expect(contact).to_be_visible()
    expect(contact.get_by_role("link", name=ingrid.email)).to_be_visible()
    expect(contact).to_contain_text("propose the date of your first meeting")
    expect(page.locator("main .badge", has_text="Accepted")).to_be_visible()
    expect(page.get_by_role("link", name="Withdraw request")).to_have_count(0)
    screenshot(page, "matching-11-mentee-has-a-mentor")


def test_a_filter_without_any_mentor_shows_the_empty_state(page, screenshot):
    MentorFactory(profile__display_name="Ingrid", profile__country="SE")
    mentee = MenteeFactory(email="amina@example.org", profile__display_name="Amina")
    _log_in(page, mentee.email)

    page.goto("/mentors/")
    expect(_cards(page)).to_have_count(1)
    filters = page.get_by_role("search", name="Filter mentors")
    field(filters, "Country").select_option(label="Iceland")
    filters.get_by_role("button", name="Show mentors").click()

    expect(page).to_have_url(re.compile(r"[?&]country=IS(&|$)"))
    expect(_cards(page)).to_have_count(0)
    expect(page.get_by_text("No mentor matches all of these filters.")).to_be_visible()
    expect(page.get_by_text("0 mentors match your search")).to_be_visible()
    screenshot(page, "matching-12-directory-empty")

    page.get_by_role("link", name="Show all mentors").click()
    expect(page).to_have_url(re.compile(r"/mentors/$"))
    expect(_cards(page)).to_have_count(1)
