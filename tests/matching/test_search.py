"""The directory's search as a mentee uses it: what she types, in any case and with or
without accents, finds the mentors whose name, texts, fields or country say it, in English or
Swedish, on SQLite and PostgreSQL alike; and what the mentor, her profile or the staff change
is found at once."""

import importlib
import re

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from matching import services
from matching.models import MentorPresentation
from profiles.models import ExpertiseArea, Profile
from tests.factories import MenteeFactory, StaffFactory
from tests.matching.test_views import presentation_post
from tests.profiles.test_views import profile_post

pytestmark = pytest.mark.django_db


def card_names(response) -> list[str]:
    """The mentors' names on the directory's cards, sorted."""
    return sorted(
        re.findall(
            r'<a class="stretched-link text-decoration-none" href="/mentors/[0-9a-f-]+/">'
            r"([^<]+)</a>",
            response.content.decode(),
        )
    )


def search(client, query: str) -> list[str]:
    response = client.get(reverse("matching:directory"), {"q": query})
    assert response.status_code == 200
    return card_names(response)


def area(slug: str) -> ExpertiseArea:
    """A field of the reference list, named in both languages (Physics / Fysik, …)."""
    return ExpertiseArea.objects.get(slug=slug)


@pytest.fixture
def people(make_mentor):
    """Three mentors whose names have letters beyond ASCII. Grace's field is physics; Chloé
    is a chemist whose introduction mentions physics; none of the texts names a country."""
    make_mentor(
        "Grace Ångström",
        fields=[area("physics")],
        country="SE",
        presentation__headline="Optics researcher at a university",
    )
    make_mentor(
        "Chloé Martin",
        fields=[area("chemistry")],
        country="FR",
        presentation__headline="Polymer chemist",
        presentation__introduction="I moved from physics to chemistry after my master's.",
    )
    make_mentor(
        "Ayşe Yılmaz",
        fields=[area("computer-science")],
        country="DE",
        presentation__headline="Software engineer",
        presentation__offer="Internships and the Straße from school to work.",
    )


@pytest.fixture
def mentee_client(client):
    client.force_login(MenteeFactory())
    return client


GRACE, CHLOE, AYSE = "Grace Ångström", "Chloé Martin", "Ayşe Yılmaz"

TABLE = [
    ("ångström", [GRACE]),
    ("Ångström", [GRACE]),
    ("ÅNGSTRÖM", [GRACE]),
    ("Angstrom", [GRACE]),
    ("chloé", [CHLOE]),
    ("CHLOÉ", [CHLOE]),
    ("CHLOE", [CHLOE]),
    ("ayşe", [AYSE]),
    ("AYŞE", [AYSE]),
    ("Ayse", [AYSE]),
    ("yilmaz", [AYSE]),  # the dotless ı
    ("strasse", [AYSE]),  # ß in her offer
    ("physics", [CHLOE, GRACE]),  # Grace's field, Chloé's introduction
    ("Physics", [CHLOE, GRACE]),
    ("fysik", [GRACE]),  # the field's Swedish name
    ("KEMI", [CHLOE]),
    ("Sweden", [GRACE]),
    ("Sverige", [GRACE]),
    ("sverige", [GRACE]),
    ("frankrike", [CHLOE]),
    ("Germany", [AYSE]),
    ("ångström sverige", [GRACE]),  # two words, each found
    ("physics France", [CHLOE]),
    ("chloé sweden", []),  # every word must match
    ("Sweden France", []),
    ("quasar", []),  # a word matching nothing
]
IDS = [query for query, _expected in TABLE]


@pytest.mark.parametrize(("query", "expected"), TABLE, ids=IDS)
def test_search_folds_case_and_accents(mentee_client, people, query, expected):
    assert search(mentee_client, query) == sorted(expected)


@pytest.mark.postgres
@pytest.mark.parametrize(("query", "expected"), TABLE, ids=IDS)
def test_search_folds_case_and_accents_on_postgresql(mentee_client, people, query, expected):
    assert connection.vendor == "postgresql"
    assert search(mentee_client, query) == sorted(expected)


def test_a_swedish_page_finds_fields_and_countries_by_either_name(client, people):
    client.force_login(MenteeFactory(profile__language="sv"))

    assert search(client, "Physics") == [CHLOE, GRACE]
    assert search(client, "fysik") == [GRACE]
    assert search(client, "Sweden") == search(client, "sverige") == [GRACE]


# --- kept current --------------------------------------------------------------------------


def test_a_mentor_renamed_on_her_profile_is_found_by_her_new_name(client, make_mentor):
    mentor = make_mentor("Åsa Lind")
    client.force_login(mentor)
    response = client.post(
        reverse("profiles:profile_edit"),
        profile_post(display_name="Åsa Öberg", meeting_handle="discord:asa"),
    )
    assert response.status_code == 302
    client.force_login(MenteeFactory())

    assert search(client, "oberg") == ["Åsa Öberg"]
    assert search(client, "ÖBERG") == ["Åsa Öberg"]
    assert search(client, "lind") == []


def test_a_mentor_who_moves_is_found_by_her_new_country(client, make_mentor):
    mentor = make_mentor("Ingrid", country="SE")
    client.force_login(mentor)
    client.post(
        reverse("profiles:profile_edit"),
        profile_post(display_name="Ingrid", country="NO", meeting_handle="discord:ingrid"),
    )
    client.force_login(MenteeFactory())

    assert search(client, "norge") == search(client, "Norway") == ["Ingrid"]
    assert search(client, "sweden") == []


def test_a_mentor_who_changes_her_fields_is_found_by_the_new_ones(client, make_mentor):
    mentor = make_mentor("Vera", fields=[area("physics")])
    client.force_login(mentor)
    response = client.post(
        reverse("matching:presentation_edit"),
        presentation_post(expertise=[area("statistics").pk]),
    )
    assert response.status_code == 302
    client.force_login(MenteeFactory())

    assert search(client, "statistik") == ["Vera"]  # fields apply at once, unreviewed
    assert search(client, "fysik") == []


def test_a_field_renamed_by_staff_is_found_by_its_new_names(client, make_mentor):
    field = ExpertiseArea.objects.create(slug="astro", name_en="Astro", name_sv="Astro")
    make_mentor("Vera", fields=[field])
    client.force_login(StaffFactory())  # the program staff, in the admin
    response = client.post(
        reverse("admin:profiles_expertisearea_change", args=[field.pk]),
        {
            "name_en": "Astrophysics",
            "name_sv": "Astrofysik",
            "slug": "astro",
            "position": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    client.force_login(MenteeFactory())

    assert search(client, "ASTROPHYSICS") == search(client, "astrofysik") == ["Vera"]


def test_the_search_reads_the_approved_text_not_the_changes_waiting(client, make_mentor):
    mentor = make_mentor("Ada", presentation__offer="Help with metallurgy theses.")
    client.force_login(mentor)
    client.post(reverse("matching:presentation_edit"), presentation_post(offer="Café chats."))
    client.force_login(MenteeFactory())
    assert search(client, "cafe") == []  # until the staff approve it
    assert search(client, "metallurgy") == ["Ada"]

    services.approve_presentations(presentations=[mentor.presentation], by=StaffFactory())

    assert search(client, "CAFÉ") == search(client, "cafe") == ["Ada"]
    assert search(client, "metallurgy") == []


def test_the_migrations_fold_what_was_saved_before(mentee_client, people):
    """The texts saved before the search folded them are folded by the data migrations."""
    MentorPresentation.objects.update(search_text="")
    Profile.objects.update(search_name="")
    ExpertiseArea.objects.update(search_names="")
    assert search(mentee_client, "angstrom") == []

    importlib.import_module("profiles.migrations.0018_search_folded").fold_names(apps, None)
    importlib.import_module("matching.migrations.0007_search_text_folded").fold_texts(apps, None)

    assert search(mentee_client, "angstrom") == search(mentee_client, "fysik") == [GRACE]
    assert search(mentee_client, "strasse") == [AYSE]
