"""The onboarding checklists tick "choose your mentor" and "fill in the presentation" from what
happened in matching, as the dashboard shows them."""

import html
import re

import pytest
from django.urls import reverse

from matching import services
from tests.factories import (
    ConnectionRequestFactory,
    MenteeFactory,
    MentorFactory,
    MentorPresentationFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def ticked(page: str) -> dict[str, bool]:
    items = re.findall(r'<li class="(done|)" data-key="([a-z_]+)">', page)
    return {key: state == "done" for state, key in items}


def item(page: str, key: str) -> str:
    """The text and links of one checklist item."""
    match = re.search(
        rf'data-key="{key}">(.*?)</li>\s*(?=<li class="(?:done|)" data-key|</ol>)', page, re.S
    )
    assert match, f"no checklist item {key!r}"
    return html.unescape(match.group(1))


# --- mentor: "Fill in the mentor presentation form" ----------------------------------------


def test_a_visible_presentation_ticks_the_mentors_item(client):
    page = dashboard(client, MentorFactory())

    assert ticked(page)["presentation"] is True
    assert "✓ Published" in item(page, "presentation")


def test_a_paused_presentation_still_counts(client):
    page = dashboard(client, MentorFactory(presentation__accepting_requests=False))

    assert ticked(page)["presentation"] is True


def test_no_presentation_yet_links_to_the_form(client):
    page = dashboard(client, MentorFactory(presentation=None))

    assert ticked(page)["presentation"] is False
    assert f'href="{reverse("matching:presentation_edit")}"' in item(page, "presentation")
    assert "Write your presentation" in item(page, "presentation")


def test_a_draft_links_to_publishing(client):
    mentor = MentorFactory(presentation=None)
    MentorPresentationFactory(
        mentor=mentor, is_published=False, published_at=None, approved_at=None
    )

    page = dashboard(client, mentor)

    assert ticked(page)["presentation"] is False
    assert "○ Draft — not shown to mentees" in item(page, "presentation")
    assert f'href="{reverse("matching:my_presentation")}"' in item(page, "presentation")


def test_the_item_ticks_once_staff_approve(client):
    mentor = MentorFactory(presentation=None)
    presentation = MentorPresentationFactory(
        mentor=mentor, is_published=False, published_at=None, approved_at=None
    )
    services.publish_presentation(presentation=presentation, by=mentor)

    waiting = dashboard(client, mentor)
    assert ticked(waiting)["presentation"] is False
    assert "○ Awaiting approval by the program staff" in item(waiting, "presentation")
    assert "href=" not in item(waiting, "presentation")  # nothing left for her to do

    services.approve_presentations(presentations=[presentation], by=StaffFactory())

    assert ticked(dashboard(client, mentor))["presentation"] is True


def test_an_unpublished_presentation_unticks_the_item(client):
    mentor = MentorFactory()
    services.unpublish_presentation(presentation=mentor.presentation, by=mentor)

    assert ticked(dashboard(client, mentor))["presentation"] is False


# --- mentee: "Choose your mentor" -----------------------------------------------------------


def test_a_new_mentee_has_not_chosen_yet(client):
    assert ticked(dashboard(client, MenteeFactory()))["choose_mentor"] is False


@pytest.mark.parametrize("status", ["pending", "declined", "withdrawn", "expired"])
def test_an_unaccepted_request_does_not_tick(client, status):
    request = ConnectionRequestFactory(status=status)

    assert ticked(dashboard(client, request.mentee))["choose_mentor"] is False


def test_an_accepted_request_ticks_choose_your_mentor(client):
    request = ConnectionRequestFactory()
    services.accept_request(request=request, by=request.mentor)

    page = dashboard(client, request.mentee)

    assert ticked(page)["choose_mentor"] is True
    # the other mentee's checklist is untouched
    assert ticked(dashboard(client, MenteeFactory()))["choose_mentor"] is False
