"""Issue 21, items 6–7, in a real browser: after a round is published, the matched mentee reads
her mentor and why, the unmatched one why not and who still has places, and the mentor her
new mentees; each page clean for axe, at 1280 and 390 px."""

import re

import pytest
from playwright.sync_api import expect

from matching.rounds.drafts import make_draft
from matching.rounds.publication import publish
from tests.browser.axe import assert_accessible
from tests.factories import PASSWORD, MenteeFactory, MentorFactory
from tests.matching.rounds.cohort import rank, round_in_review, take

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^\s*Email\s*\*?\s*$")).fill(email)
    page.get_by_label(re.compile(r"^\s*Password\s*\*?\s*$")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^Sign In$|^Log in$", re.I)).click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def test_the_result_pages_of_a_published_round(page, phone_page, screenshot):
    round_ = round_in_review(name="Spring cohort 2027")
    ada = MentorFactory(
        email="ada@example.org", profile__display_name="Dr Ada Lindqvist", capacity=2
    )
    bea = MentorFactory(profile__display_name="Bea Holm", capacity=1)
    for name in ("Cecilia Berg", "Dagny Ek", "Elin Falk", "Frida Lund"):
        MentorFactory(profile__display_name=name, capacity=3)
    mia = MenteeFactory(email="mia@example.org", profile__display_name="Mia Strand")
    moa = MenteeFactory(profile__display_name="Moa Sjö")
    meja = MenteeFactory(email="meja@example.org", profile__display_name="Meja Nord")
    rank(round_, moa, ada)  # the earlier choice: Ada's one place in the round is hers
    rank(round_, mia, ada, bea)
    rank(round_, meja, bea, ada)
    take(round_, ada, 1)
    draft = make_draft(round=round_, by=None)
    publish(round=round_, draft=draft, by=None)
    url = f"/rounds/{round_.public_id}/result/"

    for view, label in ((page, "1280"), (phone_page, "390")):
        _log_in(view, mia.email)
        view.goto(url)
        expect(view.get_by_role("heading", name="Your mentor: Bea Holm")).to_be_visible()
        expect(view.locator("#missed-reasons")).to_contain_text(
            "Dr Ada Lindqvist's place went to a mentee she had marked as a better fit."
        )
        screenshot(view, f"round-result-matched-{label}")
    assert_accessible(page, "a matched mentee's result")

    for view, label in ((page, "1280"), (phone_page, "390")):
        _log_in(view, meja.email)
        view.goto(url)
        expect(view.get_by_role("heading", name="No mentor for you in this round")).to_be_visible()
        expect(view.get_by_role("link", name="Cecilia Berg")).to_be_visible()
        screenshot(view, f"round-result-unmatched-{label}")
    assert_accessible(page, "an unmatched mentee's result")

    for view, label in ((page, "1280"), (phone_page, "390")):
        _log_in(view, ada.email)
        view.goto(url)
        expect(view.get_by_role("heading", name="Moa Sjö")).to_be_visible()
        screenshot(view, f"round-result-mentor-{label}")
    assert_accessible(page, "a mentor's new mentees")
