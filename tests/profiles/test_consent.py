"""Consent to the privacy notice is asked at sign-up and kept as a record."""

import re

import pytest
from django.urls import reverse

from profiles.models import Consent, User

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-and-unusual-password-42"


def _sign_up(client, **extra):
    data = {
        "email": "hedy@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "birth_date": "2001-04-02",
        **extra,
    }
    return client.post(reverse("account_signup"), data)


def test_sign_up_without_accepting_the_privacy_notice_is_refused_next_to_the_box(client):
    response = _sign_up(client)

    assert response.status_code == 200
    assert "Please read and accept the privacy notice to join." in response.content.decode()
    assert not User.objects.filter(email="hedy@example.org").exists()


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("en", "Privacy notice: Please read and accept the privacy notice to join."),
        ("sv", "Integritetsmeddelande: Läs och godkänn integritetsmeddelandet för att gå med."),
    ],
)
def test_the_error_summary_names_the_consent_in_two_words(client, language, line):
    """Not the whole consent sentence followed by ".:"."""
    client.cookies["django_language"] = language
    response = _sign_up(client)

    summary = re.search(r'(?s)<div[^>]*id="error-summary".*?</ul>', response.text).group(0)
    items = [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in summary.split("<li>")[1:]]
    assert [item.replace(" :", ":") for item in items] == [line]
    assert ".:" not in summary


def test_accepting_the_privacy_notice_records_the_consent_with_its_version(client, settings):
    settings.PRIVACY_NOTICE_VERSION = "2026-11-25"

    response = _sign_up(client, accept_privacy="on")

    assert response.status_code == 302
    consent = Consent.objects.get(user__email="hedy@example.org")
    assert (consent.kind, consent.version) == ("privacy_notice", "2026-11-25")


def test_the_sign_up_page_links_to_the_privacy_notice(client):
    page = client.get(reverse("account_signup")).content.decode()

    assert f'href="{reverse("profiles:privacy_notice")}"' in page
