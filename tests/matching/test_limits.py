"""Connection requests a day: a mentee sending and withdrawing in a loop stops, and one mentor
is not flooded with emails by the same mentee."""

import html
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from matching.models import ConnectionRequest
from tests.factories import ConnectionRequestFactory, MenteeFactory, MentorFactory

pytestmark = pytest.mark.django_db

DAILY_LIMIT = (
    "You have sent %d connection requests in the last 24 hours, the most for one day. "
    "Please wait for answers and try again tomorrow."
)
ASKED_AGAIN = (
    "You withdrew a request to Ada less than 24 hours ago. You can ask her again tomorrow."
)


def text(response) -> str:
    return html.unescape(response.content.decode())


def ask(client, mentor):
    return client.post(
        reverse("matching:send_request", args=[mentor.presentation.public_id]),
        {"style": "flash", "message": "Hello, I study physics."},
    )


def withdraw(client, mentee):
    connection = ConnectionRequest.objects.get(mentee=mentee, status="pending")
    return client.post(reverse("matching:request_withdraw", args=[connection.public_id]))


def test_a_send_and_withdraw_loop_to_one_mentor_sends_her_one_email(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    mentee = MenteeFactory()
    ada = MentorFactory(profile__display_name="Ada")
    client.force_login(mentee)

    for _attempt in range(10):
        with django_capture_on_commit_callbacks(execute=True):
            response = ask(client, ada)
        if response.status_code != 302:
            break
        withdraw(client, mentee)

    assert response.status_code == 200
    assert ASKED_AGAIN in text(response)
    assert ConnectionRequest.objects.filter(mentee=mentee).count() == 1
    assert [email.to for email in mailoutbox] == [[ada.email]]


@override_settings(MATCHING_REQUESTS_PER_DAY=4)
def test_a_send_and_withdraw_loop_across_mentors_stops_at_the_daily_limit(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    mentee = MenteeFactory()
    mentors = [MentorFactory() for _ in range(6)]
    client.force_login(mentee)

    statuses = []
    for mentor in mentors:
        with django_capture_on_commit_callbacks(execute=True):
            response = ask(client, mentor)
        statuses.append(response.status_code)
        if response.status_code == 302:
            withdraw(client, mentee)

    assert statuses == [302, 302, 302, 302, 200, 200]
    assert DAILY_LIMIT % 4 in text(response)
    assert ConnectionRequest.objects.filter(mentee=mentee).count() == 4
    assert len(mailoutbox) == 4


@override_settings(MATCHING_REQUESTS_PER_DAY=2)
def test_requests_older_than_a_day_do_not_count(client):
    mentee = MenteeFactory()
    yesterday = timezone.now() - timedelta(hours=25)
    for _ in range(2):
        ConnectionRequestFactory(mentee=mentee, status="withdrawn", created_at=yesterday)
    client.force_login(mentee)

    assert ask(client, MentorFactory()).status_code == 302
