"""Attacks on the inbox, its links and the daily digest, and what they found: each test
performs what an attacker (or a careless path) would do and asserts what she sees."""

import pytest
from django.urls import reverse

from notifications.digest import queue_digests
from notifications.models import InboxItem, NotificationOptOut
from tests.factories import MenteeFactory, MentorshipFactory

from .test_inbox import at, write

pytestmark = pytest.mark.django_db


def test_the_digest_says_each_item_in_her_language(mailoutbox, django_capture_on_commit_callbacks):
    """The worker builds the digest's context outside her language: the items' texts must
    still be hers, like the rest of the email."""
    mentorship = MentorshipFactory()
    mentee = mentorship.mentee
    mentee.profile.language = "sv"
    mentee.profile.save(update_fields=["language"])
    NotificationOptOut.objects.create(user=mentee, kind="new_message", delivery="digest")
    write(mentorship, mentorship.mentor)
    InboxItem.objects.filter(user=mentee).update(created_at=at(5))

    with django_capture_on_commit_callbacks(execute=True):
        assert queue_digests(now=at(8)) == 1

    (digest,) = mailoutbox
    assert "Din mentor har skrivit ett nytt meddelande till dig." in digest.body
    assert "Your mentor" not in digest.body
    assert "Your mentor" not in digest.alternatives[0][0]


@pytest.mark.parametrize("number", [str(10**20), "9" * 5000, "-1", "abc", "1e9", "²", "0"])
def test_any_page_number_shows_a_page(client, number):
    """Not a problem: the paginator answers a page number too big, negative or not a number
    with the last or first page."""
    mentorship = MentorshipFactory()
    write(mentorship, mentorship.mentor)
    client.force_login(mentorship.mentee)

    response = client.get(reverse("notifications:inbox"), {"page": number})

    assert response.status_code == 200
    assert "Your mentor wrote you a new message." in response.content.decode()


@pytest.mark.parametrize("pk", [str(10**20), "9" * 5000])
def test_an_item_id_beyond_any_is_a_404(client, pk):
    client.force_login(MenteeFactory())
    assert client.get(f"/notifications/{pk}/").status_code == 404
