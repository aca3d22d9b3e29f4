"""A match round in a real browser: a mentee ranks three mentors from the directory, reorders
them by keyboard alone and by dragging, and writes a note; a mentor marks and orders the
mentees who ranked her and sets her places. Both pages pass axe, at 1280 and 390 px."""

import re

import pytest
from playwright.sync_api import expect

from matching.rounds import services
from matching.rounds.models import RoundChoice
from tests.browser.axe import assert_accessible
from tests.factories import PASSWORD, MenteeFactory, MentorFactory, OpenMatchRoundFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^\s*Email\s*\*?\s*$")).fill(email)
    page.get_by_label(re.compile(r"^\s*Password\s*\*?\s*$")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^Sign In$|^Log in$", re.I)).click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def _ranking(page) -> list[str]:
    return [name.strip() for name in page.locator("#ranking .ranking-item h2 a").all_inner_texts()]


def _tab_to(page, label: str, limit: int = 80) -> None:
    """Press Tab until the control named ``label`` has the focus, as a keyboard user does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => document.activeElement && (document.activeElement.getAttribute('aria-label')"
            " || document.activeElement.textContent.trim())"
        )
        if focused == label:
            return
    raise AssertionError(f"{label!r} never took the focus")


def _mentors():
    return [
        MentorFactory(
            email=f"{name.lower()}@example.org",
            profile__display_name=name,
            presentation__headline=headline,
        )
        for name, headline in (
            ("Ada", "Compiler engineer, glad to talk about programming languages"),
            ("Grace", "Naval officer and pioneer of computing"),
            ("Hedy", "Inventor working on radio and wireless networks"),
        )
    ]


def test_a_mentee_ranks_three_mentors(page, phone_page, screenshot):
    round_ = OpenMatchRoundFactory(name="Spring cohort")
    _mentors()
    MenteeFactory(email="maryam@example.org", profile__display_name="Maryam")
    _log_in(page, "maryam@example.org")

    expect(page.locator("#match-rounds")).to_contain_text("Spring cohort")
    page.get_by_role("link", name=re.compile(r"Next step: Rank the mentors")).click()
    expect(page.locator("#empty-ranking")).to_contain_text("You have not ranked any mentor yet.")
    page.get_by_role("link", name="Find mentors").click()

    for name in ("Ada", "Grace", "Hedy"):
        page.get_by_role("button", name=f"Add to my ranking {name}").click()
        expect(page.locator(".alert-success").first).to_contain_text(f"{name} is on your ranking")
    expect(page.get_by_text("On your ranking (#3)")).to_be_visible()
    screenshot(page, "round-directory-desktop")

    page.goto(f"/rounds/{round_.public_id}/")
    assert _ranking(page) == ["Ada", "Grace", "Hedy"]

    # By keyboard alone: Hedy up one place.
    page.locator("body").focus()
    _tab_to(page, "Move Hedy up")
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success").first).to_contain_text("Hedy is now your choice #2.")
    assert _ranking(page) == ["Ada", "Hedy", "Grace"]
    # The page comes back at her card: the next Tabs go on from there.
    _tab_to(page, "Move Hedy up", limit=3)
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success").first).to_contain_text("Hedy is now your choice #1.")
    assert _ranking(page) == ["Hedy", "Ada", "Grace"]

    # Dragged: Grace to the top.
    expect(page.locator("#drag-help")).to_be_visible()
    # The whole list in view: a drag that scrolls the page would pick up another card.
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.locator("#ranking .ranking-item").nth(2).drag_to(
        page.locator("#ranking .ranking-item").nth(0),
        source_position={"x": 24, "y": 24},
        target_position={"x": 24, "y": 8},
    )
    expect(page.locator(".alert-success").first).to_contain_text("saved in its new order")
    assert _ranking(page) == ["Grace", "Hedy", "Ada"]
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("Your note for Ada (she reads it)").fill("I loved your talk on parsers.")
    page.locator(".ranking-item", has_text="Ada").get_by_role(
        "button", name="Save the note"
    ).click()
    expect(page.locator(".alert-success").first).to_contain_text("Your note for Ada is saved.")
    expect(page.get_by_label("Your note for Ada (she reads it)")).to_have_value(
        "I loved your talk on parsers."
    )

    page.get_by_role("link", name="Remove Hedy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove Hedy from your ranking?")
    assert_accessible(page, "remove from the ranking")
    screenshot(page, "round-remove-desktop")
    page.get_by_role("link", name="No, keep her").click()

    assert list(
        RoundChoice.objects.order_by("rank").values_list("mentor__profile__display_name", "rank")
    ) == [("Grace", 1), ("Hedy", 2), ("Ada", 3)]
    assert_accessible(page, "round ranking")
    screenshot(page, "round-ranking-desktop")

    _log_in(phone_page, "maryam@example.org")
    phone_page.goto(f"/rounds/{round_.public_id}/")
    assert_accessible(phone_page, "round ranking (phone)")
    screenshot(phone_page, "round-ranking-phone")
    phone_page.goto("/mentors/")
    screenshot(phone_page, "round-directory-phone")
    phone_page.goto("/rounds/")
    assert_accessible(phone_page, "match rounds (phone)")
    screenshot(phone_page, "round-index-phone")


def test_a_mentor_marks_and_orders_who_ranked_her(page, phone_page, screenshot):
    round_ = OpenMatchRoundFactory(name="Spring cohort")
    (ada,) = [MentorFactory(email="ada@example.org", profile__display_name="Ada", capacity=3)]
    for name, goals in (
        ("Maryam", "I want to learn how compilers work and find a summer internship."),
        ("Sofia", "Choosing between a master's in physics and one in computer science."),
        ("Lin", "Starting a research career in programming languages."),
    ):
        mentee = MenteeFactory(profile__display_name=name, profile__goals=goals)
        services.add_choice(round=round_, mentee=mentee, mentor=ada, note=f"Hello from {name}")
    _log_in(page, "ada@example.org")

    page.get_by_role("link", name=re.compile(r"Next step: Mark the mentees")).click()
    expect(page.locator("#ranked-by")).to_contain_text("Choosing between a master's in physics")

    sofia = page.locator(".mentee-item", has_text="Sofia")
    sofia.get_by_role("button", name="A good fit").click()
    expect(page.locator(".alert-success").first).to_contain_text("Sofia is marked a good fit.")
    page.locator(".mentee-item", has_text="Maryam").get_by_role("button", name="Not a fit").click()
    expect(page.locator(".alert-success").first).to_contain_text("Maryam is marked not a fit.")
    names = page.locator("#ranked-by .mentee-item h2").all_inner_texts()
    assert names == ["Sofia", "Lin", "Maryam"]

    page.get_by_role("button", name="Move Lin up").click()
    expect(page.locator(".alert-success").first).to_contain_text("Your order is saved.")
    assert page.locator("#ranked-by .mentee-item h2").all_inner_texts() == [
        "Lin",
        "Sofia",
        "Maryam",
    ]

    page.get_by_label(re.compile("Mentees you take in this round")).fill("2")
    page.locator("#capacity").get_by_role("button", name="Save").click()
    expect(page.locator(".alert-success").first).to_contain_text("Your capacity for this round")
    assert_accessible(page, "round mentor")
    screenshot(page, "round-mentor-desktop")
    page.goto("/dashboard/")
    page.get_by_role("link", name="All my match rounds").click()
    assert_accessible(page, "match rounds")
    screenshot(page, "round-index-desktop")

    _log_in(phone_page, "ada@example.org")
    phone_page.goto(f"/rounds/{round_.public_id}/")
    assert_accessible(phone_page, "round mentor (phone)")
    screenshot(phone_page, "round-mentor-phone")
    phone_page.goto("/dashboard/")
    screenshot(phone_page, "round-dashboard-mentor-phone")
