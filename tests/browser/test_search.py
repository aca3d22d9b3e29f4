"""The directory's search in a real browser: a mentee types a name without its accents, or a
field and a country in Swedish, and finds the mentor; on a desktop and on a phone."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from profiles.models import ExpertiseArea
from tests.browser.axe import assert_accessible
from tests.factories import MenteeFactory, MentorFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page, live_server, user) -> None:
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


def _mentor(name: str, country: str, field: str, headline: str):
    area = ExpertiseArea.objects.get(slug=field)
    return MentorFactory(
        profile__display_name=name,
        profile__country=country,
        profile__expertise=[area],
        presentation__expertise=[area],
        presentation__headline=headline,
    )


def _search(page, words: str) -> None:
    """Type ``words`` in the search box and show the mentors; on a phone the filters are
    folded away behind their button first."""
    box = page.locator('input[name="q"]')
    if not box.is_visible():
        page.locator('button[aria-controls="filters"]').click()
    box.fill(words)
    page.get_by_role("search").locator('button[type="submit"]').click()


def _cards(page):
    return page.locator("article.mentor-card")


def test_a_mentee_finds_mentors_whatever_she_types(page, phone_page, live_server, screenshot):
    _mentor("Grace Ångström", "SE", "physics", "Optics researcher at a university")
    _mentor("Chloé Martin", "FR", "chemistry", "Polymer chemist")
    _log_in(page, live_server, MenteeFactory())
    _log_in(phone_page, live_server, MenteeFactory(profile__language="sv"))

    page.goto("/mentors/")
    expect(page.get_by_role("searchbox")).to_have_attribute("placeholder", "Name, field, country…")
    screenshot(page, "search-00-desktop-placeholder")
    _search(page, "angstrom")
    expect(_cards(page)).to_have_count(1)
    expect(_cards(page).first).to_contain_text("Grace Ångström")
    expect(page.get_by_role("searchbox")).to_have_value("angstrom")
    screenshot(page, "search-01-desktop-no-accents")
    assert_accessible(page, "directory searched without accents")

    phone_page.goto("/mentors/")
    expect(phone_page.locator('input[name="q"]')).to_have_attribute(
        "placeholder", "Namn, område, land…"
    )
    phone_page.locator('button[aria-controls="filters"]').click()
    expect(phone_page.locator('input[name="q"]')).to_be_visible()
    screenshot(phone_page, "search-02-phone-swedish-placeholder")
    _search(phone_page, "FYSIK sverige")
    expect(_cards(phone_page)).to_have_count(1)
    expect(_cards(phone_page).first).to_contain_text("Grace Ångström")
    screenshot(phone_page, "search-03-phone-swedish-field-and-country")
    assert_accessible(phone_page, "directory searched in Swedish, phone")
