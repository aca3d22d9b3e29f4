"""The words people read: one Swedish word for one thing, across the project's catalogue,
allauth's strings as the site shows them and the Swedish pages written as templates."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import MenteeFactory
from tests.westem.test_allauth_wording import (
    ALLAUTH_PO,
    OVERRIDES_PO,
    PROJECT_PO,
    read_catalogue,
    strings,
    visible_text,
)

BASE = Path(settings.BASE_DIR)
# "Two-factor authentication" is "tvåfaktorsautentisering" in the menu, in allauth's pages and
# in most of the catalogue; "tvåstegsinloggning" and "tvåstegsverifiering" named it too.
OTHER_TWO_FACTOR_WORDS = re.compile(r"tvåsteg", re.IGNORECASE)


def test_two_factor_authentication_has_one_swedish_word_in_every_catalogue():
    found = []
    for path in (PROJECT_PO, OVERRIDES_PO, ALLAUTH_PO):
        for message in read_catalogue(path):
            if any(OTHER_TWO_FACTOR_WORDS.search(string or "") for string in strings(message)):
                found.append((path.name, message.id))
    assert found == []


def test_two_factor_authentication_has_one_swedish_word_in_swedish_templates():
    templates = [
        path
        for path in BASE.glob("**/templates/**/*_sv.html")
        if ".venv" not in path.parts and "node_modules" not in path.parts
    ]
    assert templates
    assert [p for p in templates if OTHER_TWO_FACTOR_WORDS.search(p.read_text())] == []


@pytest.mark.django_db
def test_account_data_page_says_tvafaktorsautentisering(client):
    client.force_login(MenteeFactory(profile__language="sv"))

    text = visible_text(client.get(reverse("profiles:account_data")))

    assert "om tvåfaktorsautentisering är påslagen" in text
    assert not OTHER_TWO_FACTOR_WORDS.search(text)
