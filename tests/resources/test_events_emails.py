"""The email she gets when she signs up: sent once the sign-up is saved, in her language, the
time in her time zone, the online link and absolute links to the event's page and its .ics."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse

from resources import services
from tests.factories import EventFactory, MentorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    """Thursday 14 March 2030, 18:00–19:30 in Stockholm."""
    return EventFactory(
        title="Preparatory meeting for mentors",
        starts_at=datetime(2030, 3, 14, 18, 0, tzinfo=ZoneInfo("Europe/Stockholm")),
        duration_minutes=90,
        online_link="https://meet.example.org/westem-prep?pwd=a&b=1",
    )


def sign_up(event, user, capture):
    with capture(execute=True):
        services.sign_up(event=event, by=user)
    assert len(mail.outbox) == 1
    return mail.outbox[0]


def test_the_sign_up_email(event, django_capture_on_commit_callbacks):
    mentor = MentorFactory(profile__display_name="Ada", profile__timezone="Europe/Stockholm")

    email = sign_up(event, mentor, django_capture_on_commit_callbacks)

    site = settings.SITE_URL.rstrip("/")
    assert email.to == [mentor.email]
    assert (
        email.subject
        == "[WESTEM] You are signed up: Preparatory meeting for mentors, 14 March 2030"
    )
    assert email.body.startswith("Hello Ada,")
    assert "When: Thursday 14 March 2030, 18:00–19:30 (Europe/Stockholm)" in email.body
    assert "Length: 90 minutes" in email.body
    assert "Join online: https://meet.example.org/westem-prep?pwd=a&b=1" in email.body
    assert f"{site}{reverse('resources:event_detail', args=[event.public_id])}" in email.body
    assert f"{site}{reverse('resources:event_ics', args=[event.public_id])}" in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert 'href="https://meet.example.org/westem-prep?pwd=a&amp;b=1"' in html


def test_the_time_is_in_her_time_zone(event, django_capture_on_commit_callbacks):
    mentor = MentorFactory(profile__timezone="America/New_York")

    email = sign_up(event, mentor, django_capture_on_commit_callbacks)

    assert "When: Thursday 14 March 2030, 13:00–14:30 (America/New_York)" in email.body


def test_the_email_is_in_her_language(event, django_capture_on_commit_callbacks):
    mentor = MentorFactory(profile__language="sv", profile__timezone="Europe/Stockholm")

    email = sign_up(event, mentor, django_capture_on_commit_callbacks)

    html, _mimetype = email.alternatives[0]
    assert '<html lang="sv">' in html
    assert "torsdag 14 mars 2030, 18:00–19:30" in email.body


def test_no_email_when_the_sign_up_is_rolled_back(event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.sign_up(event=event, by=MentorFactory())
        transaction.set_rollback(True)

    assert mail.outbox == []
