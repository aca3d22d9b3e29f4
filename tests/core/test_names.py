"""Country and language names in the reader's language (CLDR), in her language's order, on
the pages she reads them: the profile and presentation forms, the directory's filters and
cards, the mentor's page, the reports' filter and the admin's (``core.cldr``,
``core.collation``)."""

import html
import re

import pytest
from django.urls import reverse

from core.collation import sort_key
from profiles.models import SpokenLanguage
from profiles.services import ensure_profile
from tests.factories import (
    MenteeFactory,
    MentorFactory,
    ReporterFactory,
    SpokenLanguageFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def options(page: str, name: str) -> list[str]:
    """The labels of the options of the select ``name``, in the order shown (blank left out)."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.DOTALL)
    assert select, f"no select {name!r} on the page"
    found = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))
    return [html.unescape(label) for value, label in found if value]


def checkboxes(page: str, name: str) -> list[str]:
    """The labels of the boxes to tick of the field ``name``, in the order shown."""
    found = re.findall(
        rf'id="id_{name}_\d+"[^>]*>\s*<label[^>]*for="id_{name}_\d+"[^>]*>\s*([^<]+?)\s*</label>',
        page,
    )
    return [html.unescape(label) for label in found]


def signed_in(client, user):
    client.force_login(user)
    return client


def swedish_mentee(**profile):
    return MenteeFactory(profile__language="sv", **{f"profile__{k}": v for k, v in profile.items()})


# the order of a language ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "names", "expected"),
    [
        # Swedish: å, ä, ö are letters after z, in that order; accents and case do not count.
        ("sv", ["Österrike", "Åland", "Zimbabwe", "Ägypten", "Oman"],
         ["Oman", "Zimbabwe", "Åland", "Ägypten", "Österrike"]),
        ("sv", ["ärla", "Ärla", "arla", "Zürich", "Yxa"],
         ["arla", "Yxa", "Zürich", "ärla", "Ärla"]),
        ("sv", ["Danmark", "Dänemark", "Dominica"], ["Danmark", "Dominica", "Dänemark"]),
        # English and the others: accents only break ties.
        ("en", ["Zambia", "Albania", "Åland Islands", "Côte d’Ivoire", "Croatia"],
         ["Åland Islands", "Albania", "Côte d’Ivoire", "Croatia", "Zambia"]),
        ("en", ["Écosse", "east", "Eswatini", "Ethiopia"],
         ["east", "Écosse", "Eswatini", "Ethiopia"]),
    ],
)  # fmt: skip
def test_names_sort_as_a_reader_of_the_language_expects(language, names, expected):
    assert sorted(names, key=lambda name: sort_key(name, language)) == expected


# the profile form -----------------------------------------------------------------------------


def test_the_swedish_country_list_has_cldr_names_with_a_a_o_last(client):
    page = signed_in(client, swedish_mentee()).get(reverse("profiles:profile_edit"))
    names = options(page.content.decode(), "country")

    for name in ("Brasilien", "Kanada", "Egypten", "Indien", "Palestina", "Eswatini", "Sverige"):
        assert name in names
    for english in ("Brazil", "Canada", "Egypt", "India", "Palestina, State of", "Swaziland"):
        assert english not in names
    assert names.index("Zimbabwe") < names.index("Åland") < names.index("Österrike")
    assert names[-1].startswith("Ö")
    assert names == sorted(names, key=lambda name: sort_key(name, "sv"))
    assert len(names) == 249


def test_the_english_country_list_says_nauru(client):
    page = signed_in(client, MenteeFactory()).get(reverse("profiles:profile_edit"))
    names = options(page.content.decode(), "country")

    assert "Nauru" in names
    assert "Naoero" not in names
    assert names.index("Afghanistan") < names.index("Åland Islands") < names.index("Albania")
    assert names[-1] == "Zimbabwe"


def test_the_spoken_languages_are_in_swedish_with_hers_first_and_all_in_sight(client):
    page = signed_in(client, swedish_mentee()).get(reverse("profiles:profile_edit"))
    content = page.content.decode()
    names = checkboxes(content, "languages")

    assert names[:2] == ["Svenska", "Engelska"]  # the site's languages, hers first
    rest = names[2:]
    assert rest == sorted(rest, key=lambda name: sort_key(name, "sv"))
    assert rest.index("Tyska") < rest.index("Ukrainska") < rest.index("Ungerska")
    assert "German" not in names
    assert len(names) == SpokenLanguage.objects.count()
    assert "checkbox-scroll" not in content  # the whole list shows, no box to scroll


def test_the_english_reader_finds_english_first(client):
    page = signed_in(client, MenteeFactory()).get(reverse("profiles:profile_edit"))
    names = checkboxes(page.content.decode(), "languages")

    assert names[:2] == ["English", "Swedish"]
    assert names[2:] == sorted(names[2:], key=lambda name: sort_key(name, "en"))


def test_a_language_staff_named_in_english_only_has_its_cldr_name_in_swedish(client):
    SpokenLanguageFactory(code="eu", name_en="Basque", name_sv="")
    page = signed_in(client, swedish_mentee()).get(reverse("profiles:profile_edit"))
    names = checkboxes(page.content.decode(), "languages")

    assert "Baskiska" in names
    assert "Basque" not in names


def test_her_profile_page_names_her_country_and_languages_in_swedish(client):
    spoken = list(SpokenLanguage.objects.filter(code__in=["de", "sv", "en", "is"]))
    mentee = swedish_mentee(country="AT", languages=spoken)
    page = signed_in(client, mentee).get(reverse("profiles:profile"))
    content = html.unescape(page.content.decode())

    assert "Österrike" in content
    assert "Engelska, Isländska, Svenska, Tyska" in content


# the mentor presentation form -----------------------------------------------------------------


def test_the_presentation_form_offers_the_languages_in_her_order(client):
    mentor = MentorFactory(profile__language="sv")
    page = signed_in(client, mentor).get(reverse("matching:presentation_edit"))
    names = checkboxes(page.content.decode(), "languages")

    assert names[:2] == ["Svenska", "Engelska"]
    assert names[2:] == sorted(names[2:], key=lambda name: sort_key(name, "sv"))


# the directory and the mentor's page ----------------------------------------------------------


def test_the_directory_filters_and_cards_speak_swedish(client):
    spoken = list(SpokenLanguage.objects.filter(code__in=["de", "sv", "en", "is"]))
    mentor = MentorFactory(
        profile__display_name="Bruna",
        profile__country="BR",
        profile__languages=spoken,
        presentation__languages=spoken,
    )
    page = signed_in(client, swedish_mentee()).get(reverse("matching:directory"))
    content = html.unescape(page.content.decode())

    countries = options(page.content.decode(), "country")
    assert countries.index("Zimbabwe") < countries.index("Österrike")
    assert "Brasilien" in countries
    languages = options(page.content.decode(), "language")
    assert languages == sorted(languages, key=lambda name: sort_key(name, "sv"))
    assert languages[-1] == "Ungerska"
    assert "Brasilien" in content  # on Bruna's card
    assert "Engelska, Isländska, Svenska, Tyska" in content

    detail = client.get(reverse("matching:mentor_detail", args=[mentor.presentation.public_id]))
    detail_text = html.unescape(detail.content.decode())
    assert "Brasilien" in detail_text
    assert "Engelska, Isländska, Svenska, Tyska" in detail_text
    assert "Brazil" not in detail_text


# the reports and the admin --------------------------------------------------------------------


def test_the_reports_country_filter_is_in_her_language_and_order(client):
    reporter = ReporterFactory()
    ensure_profile(user=reporter, language="sv")
    page = signed_in(client, reporter).get(reverse("reports:reports_dashboard"))
    names = options(page.content.decode(), "country")

    assert names.index("Zimbabwe") < names.index("Österrike")
    assert "Kanada" in names


def test_the_admin_filters_profiles_by_the_countries_people_live_in(client):
    for code in ("AT", "BR", "ZW", "SE"):
        MenteeFactory(profile__country=code)
    staff = StaffFactory()
    ensure_profile(user=staff, language="sv")
    page = signed_in(client, staff).get(reverse("admin:profiles_profile_changelist"))
    content = html.unescape(page.content.decode())

    shown = re.findall(r"\?country=[A-Z]{2}\"[^>]*>([^<]+)<", content)
    assert shown == ["Brasilien", "Sverige", "Zimbabwe", "Österrike"]


def test_the_admin_offers_the_countries_in_her_order_on_a_profile(client):
    mentee = MenteeFactory(profile__country="AT")
    staff = StaffFactory()
    ensure_profile(user=staff, language="sv")
    page = signed_in(client, staff).get(
        reverse("admin:profiles_profile_change", args=[mentee.profile.pk])
    )
    names = options(page.content.decode(), "country")

    assert names.index("Zimbabwe") < names.index("Åland") < names.index("Österrike")
    assert re.search(r'<option value="AT" selected>Österrike</option>', page.content.decode())
