"""django-allauth's pages and emails speak the project's Swedish: "e-postadress", "mejl" and
"bekräfta", never allauth's own "epost-adress", "mail" or "Verifiera".

The wording comes from locale_overrides/sv/LC_MESSAGES/django.po (second in LOCALE_PATHS); the
catalogue tests below catch an allauth upgrade that renames a string or words a new one its way.
"""

import html
import re
from collections import Counter
from pathlib import Path

import allauth
import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core import mail
from django.urls import reverse

from profiles.models import User
from tests.factories import MenteeFactory

OVERRIDES_PO = Path(settings.BASE_DIR) / "locale_overrides" / "sv" / "LC_MESSAGES" / "django.po"
ENGLISH_PO = Path(settings.BASE_DIR) / "locale_overrides" / "en" / "LC_MESSAGES" / "django.po"
PROJECT_PO = Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES" / "django.po"
ALLAUTH_PO = Path(allauth.__file__).parent / "locale" / "sv" / "LC_MESSAGES" / "django.po"

SWEDISH = {"accept-language": "sv-SE,sv;q=0.9,en;q=0.5"}
PASSWORD = "lilac-meadow-quantum-7"

# allauth's Swedish words the project does not use: "epost(-adress)", "mail", "verifiera".
# ("mailto:" in a link, "%(email)s" placeholders and links are not words.)
FOREIGN_WORDING = re.compile(r"epost|\bmail(?!to:)|verifier", re.IGNORECASE)
LINK = re.compile(r"https?://\S+")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
HTML_TAG = re.compile(r"<[^>]+>")
# allauth's apps and templates the site uses (INSTALLED_APPS: allauth.account, allauth.mfa;
# templates/allauth/ overrides allauth's layout and elements).
USED_LOCATIONS = ("account/", "mfa/", "templates/account/", "templates/mfa/", "templates/allauth/")


def visible_text(response) -> str:
    page = response.content.decode()
    page = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page)
    return " ".join(html.unescape(HTML_TAG.sub(" ", page)).split())


def assert_project_wording(text: str) -> None:
    assert not FOREIGN_WORDING.search(PLACEHOLDER.sub("", LINK.sub("", text))), text


# allauth's English words the project does not use ("Sign In", "sign out": the menu says "Log
# in", "Log out"), and a title in title case ("Please Confirm Your Email Address").
FOREIGN_ENGLISH = re.compile(r"\bsign[- ]?(in|out)\b", re.IGNORECASE)
ACRONYMS = {"I", "TOTP", "PIN", "ID", "QR", "IP", "WebAuthn", "JavaScript", "WESTEM"}


def title_case(text: str) -> bool:
    """A title or a button (up to 8 words) with a capital letter inside a sentence."""
    text = HTML_TAG.sub("", PLACEHOLDER.sub("", text))
    if len(text.split()) > 8:
        return False
    for sentence in re.split(r"[.?!:]\s+", text):
        words = re.findall(r"[A-Za-z][\w'-]*", sentence)
        if any(word[0].isupper() and word not in ACRONYMS for word in words[1:]):
            return True
    return False


def assert_project_english(text: str) -> None:
    assert not FOREIGN_ENGLISH.search(text), text
    assert not title_case(text), text


def read_catalogue(path: Path):
    with path.open("rb") as handle:
        return read_po(handle, locale="sv")


def strings(message) -> tuple:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def ids(message) -> tuple:
    return message.id if isinstance(message.id, tuple) else (message.id,)


# Through the site, in Swedish ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("commit_per_request")
def test_sign_up_verification_and_confirmation_email_in_the_project_swedish(client):
    page = client.get(reverse("account_signup"), headers=SWEDISH)
    text = visible_text(page)
    assert '<html lang="sv">' in page.text
    assert "Skapa konto" in text
    assert_project_wording(text)

    response = client.post(
        reverse("account_signup"),
        {
            "email": "lise@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "birth_date": "1998-03-14",
            "accept_privacy": "on",
        },
        headers=SWEDISH,
        follow=True,
    )

    assert response.redirect_chain == [(reverse("account_email_verification_sent"), 302)]
    text = visible_text(response)
    assert "Vi har skickat ett mejl till lise@example.org för att bekräfta adressen." in text
    assert "Bekräfta din e-postadress" in text
    assert "Följ länken i mejlet för att slutföra registreringen." in text
    assert_project_wording(text)

    [message] = mail.outbox
    assert message.subject == "[WESTEM] Bekräfta din e-postadress"
    assert "Du får det här mejlet eftersom" in message.body
    assert "har angett din e-postadress för att skapa ett konto" in message.body
    assert "För att bekräfta att detta stämmer, gå till" in message.body
    assert_project_wording(message.subject + " " + message.body)

    # The link in the mejl opens a page that asks to confirm ("Bekräfta", not "Verifiera").
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", message.body).group(1)
    page = client.get(link, headers=SWEDISH)
    text = visible_text(page)
    assert "Bekräfta e-postadress" in text
    assert re.search(r"<button[^>]*>\s*Bekräfta\s*</button>", page.text)
    assert_project_wording(text)


@pytest.mark.django_db
def test_login_page_in_the_project_swedish(client):
    page = client.get(reverse("account_login"), headers=SWEDISH)

    text = visible_text(page)
    assert '<html lang="sv">' in page.text
    # allauth's Swedish said "Har du redan ett konto? Då kan du logga in." on the login page.
    assert "Har du inget konto än? Skapa ett konto först." in text
    assert "Har du redan ett konto?" not in text
    assert_project_wording(text)


@pytest.mark.django_db
def test_a_wrong_password_is_said_in_the_project_swedish(client):
    response = client.post(
        reverse("account_login"),
        {"login": "nobody@example.org", "password": PASSWORD},
        headers=SWEDISH,
    )

    text = visible_text(response)
    assert "E-postadressen och/eller lösenordet är fel." in text
    assert_project_wording(text)


@pytest.mark.django_db
@pytest.mark.usefixtures("commit_per_request")
def test_password_reset_page_done_page_and_email_in_the_project_swedish(client):
    User.objects.create_user(email="lise@example.org", password=PASSWORD)
    # The language the visitor chose in the switcher (the cookie), as the site keeps it.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"

    page = client.get(reverse("account_reset_password"))
    text = visible_text(page)
    assert '<html lang="sv">' in page.text
    assert "Skriv din e-postadress nedan så skickar vi ett mejl" in text
    assert_project_wording(text)

    response = client.post(
        reverse("account_reset_password"), {"email": "lise@example.org"}, follow=True
    )
    text = visible_text(response)
    assert "Vi har skickat ett mejl till dig." in text
    assert_project_wording(text)

    [message] = mail.outbox
    assert "Du får det här mejlet eftersom" in message.body
    assert_project_wording(message.subject + " " + message.body)


# The override catalogue ------------------------------------------------------------------------


@pytest.mark.parametrize("path", [OVERRIDES_PO, ENGLISH_PO], ids=["sv", "en"])
def test_every_override_is_a_string_of_allauth_with_the_same_form(path):
    allauth_catalogue = read_catalogue(ALLAUTH_PO)
    overrides = [message for message in read_catalogue(path) if message.id]

    assert overrides
    unknown = []
    for message in overrides:
        original = allauth_catalogue.get(message.id, context=message.context)
        if original is None:
            unknown.append(message.id)
            continue
        assert original.id == message.id
        assert message.pluralizable == original.pluralizable, message.id
        assert message.flags - {"fuzzy"} == original.flags - {"fuzzy"}, message.id
    assert unknown == [], "allauth no longer has these msgids: reword the new ones"


@pytest.mark.parametrize("path", [OVERRIDES_PO, ENGLISH_PO], ids=["sv", "en"])
def test_every_override_is_translated_with_the_same_placeholders_and_markup(path):
    for message in read_catalogue(path):
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        source = ids(message)[0]
        # The emails name the site, never its domain (the Site's "westem.example").
        expected = Counter(PLACEHOLDER.findall(source))
        del expected["%(site_domain)s"]
        for string in strings(message):
            assert string, message.id
            assert Counter(PLACEHOLDER.findall(string)) == expected, message.id
            assert Counter(HTML_TAG.findall(string)) == Counter(HTML_TAG.findall(source)), (
                message.id
            )
            if path == OVERRIDES_PO:
                assert_project_wording(string)
            else:
                assert_project_english(string)


def test_no_allauth_string_the_site_uses_keeps_allauths_wording():
    """A new allauth version may bring new strings in its own Swedish: give them ours."""
    covered = read_catalogue(OVERRIDES_PO)
    project = read_catalogue(PROJECT_PO)
    left = []
    for message in read_catalogue(ALLAUTH_PO):
        if not message.id or "phone" in ids(message)[0].lower():  # the site has no phone numbers
            continue
        if not any(location.startswith(USED_LOCATIONS) for location, _line in message.locations):
            continue
        if covered.get(message.id, context=message.context) or project.get(
            message.id, context=message.context
        ):
            continue
        if any(FOREIGN_WORDING.search(PLACEHOLDER.sub("", string)) for string in strings(message)):
            left.append(message.id)
    assert left == []


@pytest.mark.django_db
def test_email_page_in_the_project_swedish(client):
    client.force_login(MenteeFactory(profile__language="sv"))

    page = client.get(reverse("account_email"))

    text = visible_text(page)
    assert '<html lang="sv">' in page.text
    assert "Ändra e-postadress" in text
    assert_project_wording(text)


# In English: sentence case and the menu's words ------------------------------------------------


def test_no_allauth_string_the_site_uses_keeps_allauths_english():
    """Every title-case or "sign in" string of allauth's the site may show has the project's
    English in locale_overrides/en (a new allauth version may bring new ones)."""
    covered = read_catalogue(ENGLISH_PO)
    left = []
    for message in read_catalogue(ALLAUTH_PO):
        source = ids(message)[0]
        if not source or "phone" in source.lower():
            continue
        if not any(location.startswith(USED_LOCATIONS) for location, _line in message.locations):
            continue
        if covered.get(message.id, context=message.context):
            continue
        if title_case(source) or FOREIGN_ENGLISH.search(source):
            left.append(source)
    assert left == []


@pytest.mark.django_db
def test_login_page_says_log_in_and_remember_me_as_the_menu(client):
    page = client.get(reverse("account_login"))

    text = visible_text(page)
    assert "Log in · WESTEM" in text
    assert re.search(r"<h1[^>]*>\s*Log in\s*</h1>", page.text)
    assert re.search(r"<button[^>]*>\s*Log in\s*</button>", page.text)
    assert "Remember me" in text
    assert "No account yet? Sign up first." in text
    for allauths in ("Sign In", "Remember Me", "sign in"):
        assert allauths not in text


@pytest.mark.django_db
@pytest.mark.usefixtures("commit_per_request")
def test_sign_up_in_sentence_case_and_the_email_signed_westem(client):
    page = client.get(reverse("account_signup"))
    assert re.search(r"<h1[^>]*>\s*Sign up\s*</h1>", page.text)
    assert "Already have an account? Log in ." in visible_text(page)

    response = client.post(
        reverse("account_signup"),
        {
            "email": "lise@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "birth_date": "1998-03-14",
            "accept_privacy": "on",
        },
        follow=True,
    )

    assert re.search(r"<h1[^>]*>\s*Confirm your email address\s*</h1>", response.text)
    [message] = mail.outbox
    assert message.subject == "[WESTEM] Confirm your email address"
    assert message.body.startswith("Hello from WESTEM!")
    assert "has given your email address to sign up for an account." in message.body
    assert message.body.rstrip().endswith("Thank you for using WESTEM!")
    # The Site's domain (westem.example) is no address of the site: the emails never say it.
    assert "westem.example" not in message.body

    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", message.body).group(1)
    page = client.get(link)
    assert re.search(r"<h1[^>]*>\s*Confirm your email address\s*</h1>", page.text)


@pytest.mark.django_db
@pytest.mark.usefixtures("commit_per_request")
def test_the_swedish_email_is_signed_westem_too(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "lise@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "birth_date": "1998-03-14",
            "accept_privacy": "on",
        },
        headers=SWEDISH,
    )

    [message] = mail.outbox
    assert message.body.startswith("Hej från WESTEM!")
    assert "har angett din e-postadress för att skapa ett konto." in message.body
    assert message.body.rstrip().endswith("Tack för att du använder WESTEM!")
    assert "westem.example" not in message.body
