"""A Swedish reader sees countries and languages in Swedish, in Swedish order, and the whole
list of spoken languages with hers on top (``core.cldr``, ``core.collation``)."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from profiles.models import SpokenLanguage
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


def test_a_swedish_mentee_sees_the_languages_whole_and_swedish_first(
    page, phone_page, live_server, screenshot
):
    mentee = MenteeFactory(profile__language="sv", profile__country="AT")
    for current, width in ((page, 1280), (phone_page, 390)):
        _log_in(current, live_server, mentee)
        current.goto("/profile/edit/")
        languages = current.locator("#div_id_languages")
        boxes = languages.get_by_role("checkbox")
        expect(boxes).to_have_count(SpokenLanguage.objects.count())
        expect(boxes.first).to_have_accessible_name("Svenska")
        # No box of its own to scroll: the list is as tall as its content.
        overflow = languages.evaluate(
            "el => [...el.querySelectorAll('*')].filter(e => e.scrollHeight > e.clientHeight + 1"
            " && getComputedStyle(e).overflowY !== 'visible').length"
        )
        assert overflow == 0
        languages.get_by_text("Svenska", exact=True).scroll_into_view_if_needed()
        expect(languages.get_by_text("Svenska", exact=True)).to_be_in_viewport()
        country = current.get_by_label("Land")
        expect(country.locator("option:checked")).to_have_text("Österrike")
        screenshot(current, f"names-profile-sv-{width}")


def test_a_swedish_mentee_reads_the_directory_in_swedish(page, phone_page, live_server, screenshot):
    german = SpokenLanguage.objects.get(code="de")
    MentorFactory(
        profile__display_name="Bruna",
        profile__country="BR",
        profile__languages=[german],
        presentation__languages=[german],
    )
    mentee = MenteeFactory(profile__language="sv")
    for current, width in ((page, 1280), (phone_page, 390)):
        _log_in(current, live_server, mentee)
        current.goto("/mentors/")
        expect(current.locator("article.mentor-card").first).to_contain_text("Brasilien")
        options = current.locator("select[name=country] option").all_inner_texts()
        assert options.index("Zimbabwe") < options.index("Åland") < options.index("Österrike")
        screenshot(current, f"names-directory-sv-{width}")
        current.locator("article.mentor-card a.stretched-link").first.click()
        expect(current.get_by_role("main")).to_contain_text("Brasilien")
        expect(current.get_by_role("main")).to_contain_text("Tyska")
        screenshot(current, f"names-mentor-sv-{width}")
