"""Every string of the platform has its Swedish translation, and the catalogue is in use."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse

PO_FILE = Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def test_swedish_catalogue_is_complete():
    with PO_FILE.open("rb") as handle:
        catalog = read_po(handle, locale="sv")
    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (
            message.fuzzy
            or not (all(message.string) if isinstance(message.string, tuple) else message.string)
        )
    ]
    assert untranslated == []


@pytest.mark.django_db
def test_swedish_pages_use_the_catalogue(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="sv")
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Hitta din mentor" in html
