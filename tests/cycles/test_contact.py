"""Contact details (email address, meeting handle) are shown only while a mentorship is active,
and never across a block (cycles.permissions.may_see_contact): on the mentorship page and on
the accepted request's page, for both of the pair."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from matching.models import ConnectionRequest
from profiles.models import User
from tests.factories import (
    PASSWORD,
    ConnectionRequestFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
)

pytestmark = pytest.mark.django_db

NEW_EMAIL = "asa.new-address@example.org"


@pytest.fixture
def pair():
    mentor = MentorFactory(profile__display_name="Grace", profile__meeting_handle="grace-meet")
    mentee = MenteeFactory(profile__display_name="Åsa", profile__meeting_handle="discord:asa_91")
    mentorship = MentorshipFactory(mentor=mentor, mentee=mentee)
    request = ConnectionRequestFactory(
        mentor=mentor,
        mentee=mentee,
        status=ConnectionRequest.Status.ACCEPTED,
        mentorship=mentorship,
        responded_at=timezone.now(),
    )
    return mentor, mentee, mentorship, request


def signed_in(user) -> Client:
    client = Client()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    return client


def pages(client, mentorship, request) -> str:
    mentorship_page = client.get(reverse("cycles:mentorship_detail", args=[mentorship.public_id]))
    request_page = client.get(reverse("matching:request_detail", args=[request.public_id]))
    assert mentorship_page.status_code == request_page.status_code == 200
    return mentorship_page.text + request_page.text


def change_email(user, address: str) -> None:
    """What allauth's email page leaves behind once she confirmed a new address."""
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=address, verified=True, primary=True)
    User.objects.filter(pk=user.pk).update(email=address)


def test_an_active_pair_sees_each_other_s_contact_details(pair):
    mentor, mentee, mentorship, request = pair

    seen_by_mentor = pages(signed_in(mentor), mentorship, request)
    seen_by_mentee = pages(signed_in(mentee), mentorship, request)

    assert mentee.email in seen_by_mentor
    assert "discord:asa_91" in seen_by_mentor
    assert mentor.email in seen_by_mentee
    assert "grace-meet" in seen_by_mentee


def test_after_she_ends_and_blocks_him_he_sees_no_contact_detail_of_hers(pair):
    mentor, mentee, mentorship, request = pair
    mentee_client = signed_in(mentee)
    mentor_client = signed_in(mentor)
    mentee_client.post(
        reverse("cycles:mentorship_end", args=[mentorship.public_id]),
        {"reason": "It does not work for me.", "confirm": "on"},
    )
    mentorship.refresh_from_db()
    assert not mentorship.is_active
    mentee_client.post(reverse("safety:safety_block", args=["mentorship", mentorship.public_id]))
    change_email(mentee, NEW_EMAIL)

    seen = pages(mentor_client, mentorship, request)

    assert NEW_EMAIL not in seen
    assert mentee.email not in seen
    assert "discord:asa_91" not in seen
    # Nor does she see his, across her own block.
    seen_by_her = pages(signed_in(User.objects.get(pk=mentee.pk)), mentorship, request)
    assert mentor.email not in seen_by_her
    assert "grace-meet" not in seen_by_her


def test_an_ended_mentorship_shows_no_contact_details(pair):
    mentor, mentee, mentorship, request = pair
    mentorship.status = mentorship.Status.COMPLETED
    mentorship.ended_at = timezone.now()
    mentorship.save(update_fields=["status", "ended_at"])

    seen = pages(signed_in(mentor), mentorship, request)

    assert mentee.email not in seen
    assert "discord:asa_91" not in seen


def test_a_block_during_an_active_mentorship_hides_contact_details_both_ways(pair):
    mentor, mentee, mentorship, request = pair
    signed_in(mentor).post(
        reverse("safety:safety_block", args=["mentorship", mentorship.public_id])
    )

    assert mentee.email not in pages(signed_in(mentor), mentorship, request)
    seen_by_her = pages(signed_in(mentee), mentorship, request)
    assert mentor.email not in seen_by_her
    assert "grace-meet" not in seen_by_her
