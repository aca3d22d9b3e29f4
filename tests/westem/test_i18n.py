"""English and Swedish: from the browser before login, from the profile after."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from profiles.models import Profile, User
from tests.factories import MenteeFactory

pytestmark = pytest.mark.django_db

SWEDISH = {"accept-language": "sv-SE,sv;q=0.9,en;q=0.5"}


def test_the_browser_language_is_used_before_login(client):
    response = client.get(reverse("account_login"), headers=SWEDISH)

    assert response.status_code == 200
    assert '<html lang="sv">' in response.text
    assert "Logga in" in response.text
    assert "Log in" not in response.text


def test_english_is_the_default(client):
    response = client.get(reverse("account_login"))

    assert '<html lang="en">' in response.text
    assert "Log in" in response.text
    assert "Logga in" not in response.text


def test_the_switcher_before_login_sets_the_cookie(client):
    login = reverse("account_login")

    response = client.post(reverse("set_language"), {"language": "sv", "next": login})

    assert response.status_code == 302
    assert response["Location"] == login
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sv"
    page = client.get(login).text
    assert '<html lang="sv">' in page
    assert "Logga in" in page


def test_the_switcher_after_login_stores_the_choice_on_the_profile(client):
    mentee = MenteeFactory()
    client.force_login(mentee)

    client.post(reverse("set_language"), {"language": "sv", "next": reverse("dashboard")})

    assert Profile.objects.get(user=mentee).language == "sv"
    # The profile decides, even without the cookie and with an English browser.
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    response = client.get(reverse("account_change_password"), headers={"accept-language": "en"})
    assert '<html lang="sv">' in response.text
    assert "Ändra lösenord" in response.text
    response = client.get(reverse("dashboard"))
    assert "Din checklista" in response.text


def test_the_profile_language_wins_over_the_browser(client):
    client.force_login(MenteeFactory(profile__language="sv"))

    response = client.get(reverse("dashboard"), headers={"accept-language": "en"})

    assert '<html lang="sv">' in response.text


def test_the_switcher_ignores_a_language_the_site_lacks(client):
    mentee = MenteeFactory(profile__language="sv")
    client.force_login(mentee)

    response = client.post(reverse("set_language"), {"language": "de", "next": "/"})

    assert response.status_code == 302
    assert Profile.objects.get(user=mentee).language == "sv"


@pytest.mark.usefixtures("commit_per_request")
def test_sign_up_in_swedish_sends_a_swedish_email_and_stores_the_language(client):
    password = "lilac-meadow-quantum-7"

    response = client.post(
        reverse("account_signup"),
        {
            "email": "lise@example.org",
            "password1": password,
            "password2": password,
            "birth_date": "1998-03-14",
            "accept_privacy": "on",
        },
        headers=SWEDISH,
    )

    assert response["Location"] == reverse("account_email_verification_sent")
    assert [m.subject for m in mail.outbox] == ["[WESTEM] Bekräfta din e-postadress"]
    user = User.objects.get(email="lise@example.org")
    assert Profile.objects.get(user=user).language == "sv"


@pytest.mark.usefixtures("commit_per_request")
def test_sign_up_in_english_stores_english(client):
    password = "lilac-meadow-quantum-7"

    client.post(
        reverse("account_signup"),
        {
            "email": "grace@example.org",
            "password1": password,
            "password2": password,
            "birth_date": "1998-03-14",
            "accept_privacy": "on",
        },
    )

    assert [m.subject for m in mail.outbox] == ["[WESTEM] Confirm your email address"]
    assert Profile.objects.get(user__email="grace@example.org").language == "en"
