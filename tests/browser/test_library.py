"""The resource library in a real browser: a mentee opens it from the navigation, filters by
category and phase, searches, and opens a resource; on a phone the filters fold away. The
mentorship page suggests the resources of its phase."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import (
    PASSWORD,
    MenteeFactory,
    MentorshipFactory,
    ResourceFactory,
)
from westem.documents import ensure_library_documents

pytestmark = pytest.mark.django_db(transaction=True)


def field(page, label: str):
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def _log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    field(page, "Email").fill(email)
    field(page, "Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^Sign In$|^Log in$", re.I)).click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def _library() -> None:
    """A small library: a featured pair, articles and videos across categories and phases."""
    ResourceFactory(
        title="Hidden Figures: the women who computed the space race",
        summary="NASA's pages on Katherine Johnson, Dorothy Vaughan and Mary Jackson, whose "
        "calculations sent astronauts into orbit.",
        category="inspiring_women",
        kind="video",
        is_featured=True,
        url="https://www.nasa.gov/",
    )
    ResourceFactory(
        title="Girls Who Code",
        summary="A non-profit working to close the gender gap in technology, with clubs, "
        "summer programmes and free resources.",
        category="networks",
        kind="network",
        is_featured=True,
        url="https://girlswhocode.com/",
    )
    ResourceFactory(
        title="Questions for your first session",
        summary="Twenty questions that help mentor and mentee get to know each other.",
        category="topics",
        kind="article",
        for_negotiation=False,
    )
    ResourceFactory(
        title="Giving feedback that helps",
        summary="How to give specific, kind and useful feedback in a mentoring session.",
        category="mentoring_skills",
        kind="article",
        for_preparation=False,
        for_negotiation=False,
        for_enabling=True,
    )
    ResourceFactory(
        title="Impostor feelings: a short self-test",
        summary="Ten statements to rate, and what your answers may mean for your goals.",
        category="self_tests",
        kind="self_test",
        for_preparation=True,
        for_negotiation=False,
    )
    ResourceFactory(
        title="Negotiating your first salary",
        summary="The gender pay gap at the start of a career, and how to prepare the talk.",
        category="equality",
        kind="article",
        for_preparation=False,
        for_negotiation=False,
        for_enabling=True,
    )
    ResourceFactory(
        title="Mentoring across distances",
        summary="Tips for mentors meeting online: rhythm, tools and keeping in touch.",
        category="mentor_tips",
        kind="article",
        audience="mentor",
    )
    ensure_library_documents()


def test_a_mentee_filters_searches_and_opens_a_resource(page, phone_page, screenshot):
    _library()
    mentee = MenteeFactory(profile__display_name="Mae")
    _log_in(page, mentee.email)

    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Resources"
    ).click()
    expect(page.get_by_role("heading", name="Resources", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Featured")).to_be_visible()
    featured = page.locator(".library-featured")
    expect(featured.get_by_role("link", name="Girls Who Code")).to_be_visible()
    # For mentees by default: the mentors' article is not listed.
    expect(page.get_by_role("link", name="Mentoring across distances")).to_have_count(0)
    screenshot(page, "library-list")

    # Category and phase together.
    field(page, "Category").select_option(label="Gender pay gap and equality")
    field(page, "Phase of the cycle").select_option(label="Phase 3: Enabling")
    page.get_by_role("button", name="Show resources").click()
    expect(page).to_have_url(re.compile(r"category=equality.*phase=3"))
    expect(page.get_by_text("1 resource matches your search")).to_be_visible()
    expect(page.get_by_role("link", name="Negotiating your first salary")).to_be_visible()
    expect(page.get_by_role("link", name="Giving feedback that helps")).to_have_count(0)
    screenshot(page, "library-filtered")

    # A search, with the filters cleared.
    page.get_by_role("link", name="Clear").click()
    field(page, "Search").fill("agreement")
    page.get_by_role("button", name="Show resources").click()
    # The English template; the Swedish one is "Mall för mentorsavtal".
    expect(page.get_by_text("1 resource matches your search")).to_be_visible()
    page.get_by_role("link", name="Mentoring agreement template").first.click()

    expect(page.get_by_role("heading", name="Mentoring agreement template")).to_be_visible()
    download = page.get_by_role("link", name="Download")
    expect(download).to_be_visible()
    expect(page.get_by_text(re.compile(r"Word document · \d+\.\d\s?KB"))).to_be_visible()
    with page.expect_download() as info:
        download.click()
    assert info.value.suggested_filename == "mentoring-agreement-template.docx"
    screenshot(page, "library-resource-file")

    page.get_by_role("link", name="Resources").first.click()
    page.get_by_role("link", name="Girls Who Code").click()
    link = page.get_by_role("link", name=re.compile(r"^Open the resource"))
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    screenshot(page, "library-resource-link")

    # On a phone the filters fold behind a button.
    phone_page.context.add_cookies(page.context.cookies())
    phone_page.goto("/resources/")
    expect(field(phone_page, "Category")).to_be_hidden()
    screenshot(phone_page, "library-list-phone")
    phone_page.get_by_role("button", name="Filters").click()
    field(phone_page, "Category").select_option(label="Networks for women in STEM")
    phone_page.get_by_role("button", name="Show resources").click()
    expect(phone_page.get_by_role("link", name="Girls Who Code")).to_be_visible()
    expect(phone_page.get_by_role("button", name="Filters (1)")).to_be_visible()
    screenshot(phone_page, "library-filtered-phone")
    phone_page.get_by_role("link", name="Girls Who Code").click()
    expect(phone_page.get_by_role("link", name=re.compile(r"^Open the resource"))).to_be_visible()
    screenshot(phone_page, "library-resource-phone")


def test_the_mentorship_page_suggests_the_resources_of_its_phase(page, screenshot):
    _library()
    mentorship = MentorshipFactory(
        mentee=MenteeFactory(profile__display_name="Mae"), phase=3, style="traditional"
    )
    _log_in(page, mentorship.mentee.email)

    page.goto(f"/mentorships/{mentorship.public_id}/")
    card = page.locator("#phase-resources")
    expect(card.get_by_role("heading", name="Resources for this phase")).to_be_visible()
    expect(card.get_by_role("link", name="Giving feedback that helps")).to_be_visible()
    expect(card.get_by_role("link", name="Negotiating your first salary")).to_be_visible()
    screenshot(page, "library-mentorship-suggestions")

    card.get_by_role("link", name="More for this phase").click()
    expect(page).to_have_url(re.compile(r"/resources/\?phase=3$"))
    expect(field(page, "Phase of the cycle")).to_have_value("3")
