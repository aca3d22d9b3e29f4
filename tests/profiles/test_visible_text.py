"""Names and titles others read: text that shows nothing (zero-width characters only) or that
turns the text around it (bidirectional overrides and isolates) is refused where it is typed."""

import html

import pytest
from django.urls import reverse

from cycles.models import Goal
from matching.models import MentorPresentation
from profiles.models import Profile
from tests.factories import MenteeFactory, MentorFactory, MentorshipFactory
from tests.matching.test_views import presentation_post

from .test_views import profile_post

pytestmark = pytest.mark.django_db

INVISIBLE = "This shows nothing readable. Please use letters others can see."
TURNED = (
    "This contains a character that changes the direction of the text around it. Please remove it."
)

# What shows nothing: zero-width space, joiners, word joiner, byte-order mark, soft hyphen.
NOTHING = ["\u200b\u200b", "\u200c\u200d", " \u2060 ", "\ufeff", "\u00ad\u200b"]
# Right-to-left override hiding "gpj.exe" as "exe.jpg", and the isolates.
TURNING = ["Ada\u202egpj.exe", "Ada\u202a", "\u2066Ada\u2069", "Ada\u2067x", "Ada\u2068x"]


@pytest.fixture
def onboarded_mentee(client):
    mentee = MenteeFactory()
    client.force_login(mentee)
    return mentee


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize(
    ("name", "message"),
    [(value, INVISIBLE) for value in NOTHING] + [(value, TURNED) for value in TURNING],
)
def test_a_display_name_that_shows_nothing_or_turns_the_text_is_refused(
    client, onboarded_mentee, name, message
):
    response = client.post(reverse("profiles:profile_edit"), profile_post(display_name=name))

    assert response.status_code == 200
    assert message in text(response)
    assert Profile.objects.get(user=onboarded_mentee).display_name != name


@pytest.mark.parametrize(
    ("headline", "message"), [(NOTHING[0], INVISIBLE), (TURNING[0], TURNED), (TURNING[2], TURNED)]
)
def test_a_presentation_headline_that_shows_nothing_or_turns_the_text_is_refused(
    client, headline, message
):
    mentor = MentorFactory(presentation__approved_at=None, presentation__is_published=False)
    client.force_login(mentor)

    response = client.post(
        reverse("matching:presentation_edit"), presentation_post(headline=headline)
    )

    assert response.status_code == 200
    assert message in text(response)
    assert MentorPresentation.objects.get(mentor=mentor).headline != headline


@pytest.mark.parametrize(("title", "message"), [(NOTHING[1], INVISIBLE), (TURNING[1], TURNED)])
def test_a_goal_title_that_shows_nothing_or_turns_the_text_is_refused(client, title, message):
    mentorship = MentorshipFactory()
    client.force_login(mentorship.mentee)

    response = client.post(
        reverse("cycles:goal_add", args=[mentorship.public_id]), {"title": title}
    )

    assert response.status_code == 200
    assert message in text(response)
    assert not Goal.objects.filter(mentorship=mentorship).exists()


def test_names_in_other_scripts_and_with_their_own_marks_are_kept(client, onboarded_mentee):
    for name in ("Ada Lovelace", "سارا", "Zoë", "Мария", "ศิริ", "👩‍🔬 Ada"):
        response = client.post(reverse("profiles:profile_edit"), profile_post(display_name=name))
        assert response.status_code == 302, name
        assert Profile.objects.get(user=onboarded_mentee).display_name == name
