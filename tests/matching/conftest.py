"""Helpers for the matching tests: mentors built to order, and the links inside emails."""

import re

import pytest
from django.conf import settings

from tests.factories import ExpertiseAreaFactory, MentorFactory, SpokenLanguageFactory


def email_links(message) -> list[str]:
    """The paths of the absolute links (SITE_URL + path) in an email's text body."""
    site = re.escape(settings.SITE_URL.rstrip("/"))
    return re.findall(site + r"(/\S*)", message.body)


def html_part(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


@pytest.fixture
def make_mentor(db):
    """``make_mentor("Ada", fields=[…], languages=[…], country="DE", flash=False, …)``."""

    def make(
        name: str,
        *,
        fields=None,
        languages=None,
        country: str = "SE",
        traditional: bool = True,
        flash: bool = True,
        capacity: int = 2,
        **extra,
    ):
        fields = fields or [
            ExpertiseAreaFactory(slug="computer-science", name_en="Computer science")
        ]
        languages = languages or [SpokenLanguageFactory()]
        return MentorFactory(
            capacity=capacity,
            profile__display_name=name,
            profile__country=country,
            profile__expertise=fields,
            profile__languages=languages,
            presentation__expertise=fields,
            presentation__languages=languages,
            presentation__offers_traditional=traditional,
            presentation__offers_flash=flash,
            **extra,
        )

    return make
