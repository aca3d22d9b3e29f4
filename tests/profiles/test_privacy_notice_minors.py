"""The privacy notice explains, in English and in Swedish, what the platform does for girls
under 18 (issue 20): her date of birth and why, her guardian's consent and how to withdraw it,
mentor screening records, the safeguarding lead's reading and "I feel unsafe", and how a
guardian asks for her data or its erasure."""

import html
import re

import pytest
from django.urls import reverse

from profiles.models import Consent
from tests.factories import MenteeFactory

pytestmark = pytest.mark.django_db

SECTIONS = ["under-18", "birth-date", "guardian-consent", "screening", "safeguarding-lead"]
SECTIONS += ["guardian-requests", "minors-figures"]


def _notice(client, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(reverse("profiles:privacy_notice"))
    assert response.status_code == 200
    return re.sub(r"\s+", " ", html.unescape(response.text))


def test_the_notice_in_english_explains_the_rules_for_girls_under_18(client):
    page = _notice(client, "en")

    for section in SECTIONS:
        assert f'id="{section}"' in page
    assert '<a href="#under-18">Girls under 18: age, guardians and safeguarding</a>' in page
    assert "Your date of birth, and why we ask for it" in page
    assert "That age is 13 in Sweden and 16 in several other member states" in page
    assert "withdraw their consent at any time with the link in the email that confirmed it" in page
    assert "record the date it was checked, the date it" in page
    assert "We do not keep a copy of the extract itself." in page
    assert "the safeguarding lead, may read the pair's conversation, to keep you safe" in page
    assert '<strong>"I feel unsafe"</strong> button' in page
    assert "Your guardian may also ask for a copy of your data or for" in page
    assert 'href="mailto:privacy@westem.example"' in page
    assert "fewer than five girls under 18 is never shown" in page


def test_the_notice_in_swedish_explains_the_same(client):
    page = _notice(client, "sv")

    for section in SECTIONS:
        assert f'id="{section}"' in page
    assert "Flickor under 18: ålder, vårdnadshavare och trygghet" in page
    assert "Ditt födelsedatum, och varför vi frågar efter det" in page
    assert "Den åldern är 13 år i Sverige och 16 år i flera" in page
    assert "kan när som helst återkalla sitt" in page
    assert "Vi sparar ingen kopia av själva utdraget." in page
    assert "trygghetsansvarig, läsa parets konversation" in page
    assert '<strong>"Jag känner mig otrygg"</strong>' in page
    assert "Din vårdnadshavare kan också begära en kopia av dina" in page
    assert "färre än fem flickor under 18 visas aldrig" in page
    assert "Girls under 18" not in page


def test_a_new_sign_up_accepts_the_version_with_the_section_and_no_one_else_is_asked_again(
    client, settings
):
    earlier = MenteeFactory()
    Consent.objects.create(user=earlier, kind="privacy_notice", version="2026-11-25")
    client.force_login(earlier)

    response = client.get(reverse("dashboard"))

    assert settings.PRIVACY_NOTICE_VERSION == "2026-12-07"
    assert response.status_code == 200  # no page that asks her to accept the notice again
