"""A meeting room per pair: where a room server is set (``MEETING_ROOM_BASE_URL``), each
mentorship has a room under a random name, shown on the mentorship page and offered as the
place of a new meeting; without the setting nothing of it shows. The room is the pair's own:
not in the admin."""

import html
import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cycles import selectors
from cycles.models import Meeting, Mentorship
from matching import services as matching_services
from tests.factories import (
    BlockFactory,
    ConnectionRequestFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

JITSI = "https://meet.jit.si/"


@pytest.fixture
def pair():
    return MentorshipFactory(
        mentor=MentorFactory(profile__display_name="Katherine"),
        mentee=MenteeFactory(profile__display_name="Mae"),
    )


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def location_field(response) -> str:
    match = re.search(r'<input[^>]*name="location"[^>]*>', response.content.decode())
    assert match, "the meeting form has no place field"
    value = re.search(r'value="([^"]*)"', match.group(0))
    return html.unescape(value.group(1)) if value else ""


@override_settings(MEETING_ROOM_BASE_URL=JITSI)
def test_each_pair_has_its_own_unguessable_room(pair):
    other = MentorshipFactory()

    room = selectors.meeting_room_url(pair)

    assert room == f"https://meet.jit.si/westem-{pair.room_token}"
    assert room != selectors.meeting_room_url(other)
    assert len(pair.room_token) == 32  # 160 random bits, base 32
    assert re.fullmatch(r"[a-z2-7]{32}", pair.room_token)
    # Nothing known about the pair is in it (its row id is a number of a few digits, which
    # the random letters and digits 2-7 may contain by chance: not asserted).
    for known in (str(pair.public_id), pair.mentor.email, pair.mentee.email):
        assert known not in room


@override_settings(MEETING_ROOM_BASE_URL="https://video.example.org/rooms")
def test_a_base_without_a_closing_slash_gets_one():
    mentorship = MentorshipFactory()

    assert selectors.meeting_room_url(mentorship) == (
        f"https://video.example.org/rooms/westem-{mentorship.room_token}"
    )


@override_settings(MEETING_ROOM_BASE_URL="")
def test_without_a_room_server_there_is_no_room(client, pair):
    client.force_login(pair.mentee)

    page = client.get(reverse("cycles:mentorship_detail", args=[pair.public_id]))
    form = client.get(reverse("cycles:meeting_new", args=[pair.public_id]))

    assert selectors.meeting_room_url(pair) is None
    assert "Your meeting room" not in text(page)
    assert pair.room_token not in page.content.decode()
    assert location_field(form) == ""


@override_settings(MEETING_ROOM_BASE_URL=JITSI)
def test_a_mentorship_started_from_a_request_has_a_room():
    request = ConnectionRequestFactory(mentor=MentorFactory(), mentee=MenteeFactory())

    mentorship = matching_services.accept_request(request=request, by=request.mentor)

    assert selectors.meeting_room_url(mentorship).startswith("https://meet.jit.si/westem-")


@override_settings(MEETING_ROOM_BASE_URL=JITSI)
def test_the_mentorship_page_shows_the_room_with_a_join_link(client, pair):
    room = selectors.meeting_room_url(pair)
    for person in (pair.mentee, pair.mentor):
        client.force_login(person)

        response = client.get(reverse("cycles:mentorship_detail", args=[pair.public_id]))

        assert f"Your meeting room: Join (opens in a new tab) {room}" in text(response)
        assert response.content.decode().count(f'href="{room}"') == 2


@override_settings(MEETING_ROOM_BASE_URL=JITSI)
def test_an_ended_mentorship_shows_no_room(client, pair):
    Mentorship.objects.filter(pk=pair.pk).update(status=Mentorship.Status.COMPLETED)
    client.force_login(pair.mentee)

    response = client.get(reverse("cycles:mentorship_detail", args=[pair.public_id]))

    assert "Your meeting room" not in text(response)


@override_settings(MEETING_ROOM_BASE_URL=JITSI)
def test_the_room_is_the_default_place_of_a_new_meeting_and_her_own_link_wins(client, pair):
    client.force_login(pair.mentee)
    path = reverse("cycles:meeting_new", args=[pair.public_id])

    form = client.get(path)
    client.post(
        path,
        {
            "date": (timezone.localdate() + timedelta(days=10)).isoformat(),
            "time": "18:00",
            "time_zone": "Europe/Stockholm",
            "duration_minutes": "60",
            "location": "https://discord.gg/our-own-channel",
            "agenda": "My internship applications.",
        },
    )

    assert location_field(form) == selectors.meeting_room_url(pair)
    assert Meeting.objects.get(mentorship=pair).location == "https://discord.gg/our-own-channel"


@override_settings(MEETING_ROOM_BASE_URL=JITSI)
def test_across_a_block_the_meeting_form_offers_no_room(client, pair):
    """A block hides the room on the mentorship page (``may_see_contact``); the new-meeting
    form gave it away all the same, as the place it offers."""
    BlockFactory(blocker=pair.mentee, blocked=pair.mentor)
    for person in (pair.mentor, pair.mentee):
        client.force_login(person)

        form = client.get(reverse("cycles:meeting_new", args=[pair.public_id]))

        assert form.status_code == 200
        assert location_field(form) == ""
        assert pair.room_token not in form.content.decode()


@override_settings(MEETING_ROOM_BASE_URL=JITSI)
def test_the_admin_does_not_show_the_room(client, pair):
    client.force_login(StaffFactory())

    response = client.get(reverse("admin:cycles_mentorship_change", args=[pair.pk]))

    assert response.status_code == 200
    assert pair.room_token not in response.content.decode()
