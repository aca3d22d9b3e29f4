"""Names of countries and languages in the reader's language, from CLDR (through Babel).

django-countries names countries through its own translation catalogues: its Swedish one
leaves dozens of names in English ("Brazil", "Canada", "Swaziland", "Palestina, State of")
and its English one calls Nauru "Naoero". CLDR, the data phones and browsers name places
with, has every name in both of the site's languages and is kept current (Eswatini,
Türkiye). ``name_countries_from_cldr`` makes django-countries read its names here, so the
country field, ``countries.name`` and the lists built from them all say the same.
"""

import functools

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import get_language

# CLDR's short names (alt="short") of the places whose full name carries an administrative
# qualifier ("Hong Kong SAR China", "Palestinian Territories"): a list shows what people call
# them. Babel keeps the full names only.
SHORT_NAMES = {
    "en": {"HK": "Hong Kong", "MO": "Macao", "PS": "Palestine"},
    "sv": {"HK": "Hongkong", "MO": "Macao", "PS": "Palestina"},
}


def reader_language(language: str | None = None) -> str:
    """``language`` or the active one, without its region ("sv" for "sv-SE")."""
    return (language or get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()


@functools.cache
def _locale(language: str) -> Locale | None:
    try:
        return Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return None


def _django_countries_name(code: str) -> str:
    from django_countries.data import COUNTRIES

    name = COUNTRIES.get(code, "")
    return str(name["name"] if isinstance(name, dict) else name)


def country_name(code: str, language: str | None = None) -> str:
    """The name of the country with ISO 3166 code ``code`` in ``language`` (else the active
    language); django-countries' own name for a code CLDR does not know."""
    language, code = reader_language(language), str(code).upper()
    if code in SHORT_NAMES.get(language, {}):
        return SHORT_NAMES[language][code]
    locale = _locale(language)
    return (locale and locale.territories.get(code)) or _django_countries_name(code)


def language_name(code: str, language: str | None = None) -> str:
    """CLDR's name of the language with ISO 639 code ``code``, in ``language`` (else the
    active one), capitalised as an item of a list ("Svenska": Swedish writes the names of
    languages in small letters in a sentence). Empty when CLDR does not know the code."""
    locale = _locale(reader_language(language))
    name = locale and locale.languages.get(str(code).lower().replace("-", "_"))
    return capfirst(name) if name else ""


def name_countries_from_cldr() -> None:
    """Have django-countries name every country through ``country_name``, in the language
    active when the name is read. It reads its options from its ``countries`` object before
    the settings; the field's choices, a profile's ``country.name`` and the admin's lists
    then all use CLDR's names. Called once, when the apps are ready."""
    from django_countries import countries
    from django_countries.data import COUNTRIES

    named = lazy(country_name, str)
    countries.override = {code: named(code) for code in COUNTRIES}
    del countries.countries  # built before, with the old names
    countries.__dict__.pop("_iter_cache", None)
