"""Accounts and onboarding through the pages a visitor uses: sign-up, verification, role, code
of conduct, profile, and the account pages of django-allauth."""

import html
import io
import os
import re

import pytest
from allauth.account import app_settings
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from profiles.adapters import login_lockout_minutes
from profiles.models import (
    CodeOfConduct,
    CodeOfConductAcceptance,
    ExpertiseArea,
    Profile,
    SpokenLanguage,
    User,
)
from tests.factories import (
    PASSWORD,
    CodeOfConductFactory,
    MenteeFactory,
    MentorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "lilac-meadow-quantum-7"
# A browser always sends the CSRF token, so even an "empty" form arrives as a bound form.
EMPTY_FORM = {"csrfmiddlewaretoken": "sent-by-every-browser"}


# helpers --------------------------------------------------------------------------------------


def field_error(response, name: str) -> str:
    """The error text shown right under the field ``name`` of the form on the page."""
    page = response.content.decode()
    match = re.search(rf'id="id_{name}_error"[^>]*>(.*?)</div>', page, re.DOTALL)
    assert match, f"no error is shown next to the field {name!r}"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())


def link_in(message, path_prefix: str) -> str:
    """The path of the first link in an email's body that starts with ``path_prefix``."""
    match = re.search(rf"https?://[^/\s]+({re.escape(path_prefix)}\S+)", message.body)
    assert match, f"no {path_prefix} link in: {message.body}"
    return match.group(1)


def png(size=(8, 8), noise=False) -> bytes:
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (120, 40, 160))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def profile_post(**overrides) -> dict:
    """What a person fills in on the profile form; a value of None leaves the field out."""
    data = {
        "display_name": "Ada",
        "country": "SE",
        "stage": "master",
        "organisation": "KTH",
        "bio": "I study computer science and like compilers.",
        "goals": "Find my way into research.",
        "expertise": [
            ExpertiseArea.objects.get(slug="computer-science").pk,
            ExpertiseArea.objects.get(slug="mathematics").pk,
        ],
        "languages": [
            SpokenLanguage.objects.get(code="sv").pk,
            SpokenLanguage.objects.get(code="en").pk,
        ],
        "style_traditional": "on",
        "hours_per_month": "3",
        "timezone": "Europe/Stockholm",
        "language": "en",
        "meeting_handle": "discord:ada",
        # Asked only of who has none yet (signed up before sign-up asked it).
        "birth_date": "1998-03-14",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def snapshot(user) -> dict:
    """Everything stored about a user's profile, to compare before and after a request."""
    profile = Profile.objects.get(user=user)
    values = {f.attname: getattr(profile, f.attname) for f in Profile._meta.concrete_fields}
    values["photo"] = profile.photo.name
    values["expertise"] = set(profile.expertise.values_list("pk", flat=True))
    values["languages"] = set(profile.languages.values_list("pk", flat=True))
    return values


def redirect_path(response) -> str:
    assert response.status_code == 302, response.status_code
    return response["Location"]


@pytest.fixture
def newcomer(client):
    """A verified user who just logged in for the first time: no role, nothing accepted."""
    user = UserFactory()
    client.force_login(user)
    return user


# the whole sign-up and onboarding -----------------------------------------------------------


@pytest.mark.usefixtures("commit_per_request")
def test_sign_up_verify_and_onboard_to_the_dashboard(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200

    response = client.post(
        reverse("account_signup"),
        {
            "email": "Ada@Example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "birth_date": "1998-03-14",
            "accept_privacy": "on",
        },
    )
    assert redirect_path(response) == reverse("account_email_verification_sent")
    user = User.objects.get(email="ada@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    # Until the address is verified, she is not logged in.
    assert redirect_path(client.get(reverse("dashboard"))).startswith(reverse("account_login"))

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.org"]
    assert message.subject == "[WESTEM] Confirm your email address"
    confirm_url = link_in(message, "/accounts/confirm-email/")

    # Opening the link asks to confirm; only the POST verifies.
    response = client.get(confirm_url)
    assert response.status_code == 200
    assert not EmailAddress.objects.get(user=user).verified
    response = client.post(confirm_url, follow=True)
    assert EmailAddress.objects.get(user=user).verified
    assert response.redirect_chain[-1][0] == reverse("profiles:onboarding_role")
    assert response.wsgi_request.user == user

    response = client.post(reverse("profiles:onboarding_role"), {"role": "mentee"})
    assert redirect_path(response) == reverse("profiles:onboarding_conduct")
    assert Profile.objects.get(user=user).role == "mentee"

    code = CodeOfConduct.objects.current()
    response = client.get(reverse("profiles:onboarding_conduct"))
    assert response.status_code == 200
    assert code.title_en in response.content.decode()
    response = client.post(reverse("profiles:onboarding_conduct"), {"accept": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("profiles:onboarding_profile")
    acceptance = CodeOfConductAcceptance.objects.get(user=user)
    assert acceptance.code == code

    response = client.post(reverse("profiles:onboarding_profile"), profile_post(), follow=True)
    assert response.redirect_chain == [(reverse("dashboard"), 302)]
    page = response.content.decode()
    assert "Welcome to WESTEM! Your profile is ready." in page
    assert "Hello, Ada!" in page
    profile = Profile.objects.get(user=user)
    assert profile.onboarded_at is not None
    assert profile.display_name == "Ada"
    assert {a.slug for a in profile.expertise.all()} == {"computer-science", "mathematics"}
    assert {lang.code for lang in profile.languages.all()} == {"sv", "en"}


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("dashboard"))

    assert redirect_path(response) == f"{reverse('account_login')}?next={reverse('dashboard')}"


def test_onboarding_starts_with_the_role(client, newcomer):
    pages = (
        "dashboard",
        "profiles:profile",
        "profiles:profile_edit",
        "profiles:onboarding_conduct",
        "profiles:onboarding_profile",
    )
    for name in pages:
        assert redirect_path(client.get(reverse(name))) == reverse("profiles:onboarding_role"), name


def test_the_code_of_conduct_comes_before_the_profile(client, newcomer):
    client.post(reverse("profiles:onboarding_role"), {"role": "mentor"})

    for name in (
        "dashboard",
        "profiles:profile",
        "profiles:onboarding_profile",
        "profiles:onboarding_role",
    ):
        assert redirect_path(client.get(reverse(name))) == reverse("profiles:onboarding_conduct"), (
            name
        )


def test_the_profile_comes_before_the_dashboard(client, newcomer):
    client.post(reverse("profiles:onboarding_role"), {"role": "mentor"})
    client.post(reverse("profiles:onboarding_conduct"), {"accept": "on"})

    for name in (
        "dashboard",
        "profiles:profile",
        "profiles:onboarding_role",
        "profiles:onboarding_conduct",
    ):
        assert redirect_path(client.get(reverse(name))) == reverse("profiles:onboarding_profile"), (
            name
        )
    assert client.get(reverse("profiles:onboarding_profile")).status_code == 200


def test_manual_and_code_of_conduct_can_be_read_during_onboarding(client, newcomer):
    assert client.get(reverse("manual")).status_code == 200
    response = client.get(reverse("code_of_conduct"))
    assert response.status_code == 200
    assert CodeOfConduct.objects.current().title_en in response.content.decode()


def test_finished_onboarding_steps_lead_to_the_dashboard(client):
    client.force_login(MenteeFactory())

    assert redirect_path(client.get(reverse("profiles:onboarding_role"))) == reverse("dashboard")
    assert redirect_path(client.get(reverse("profiles:onboarding_conduct"))) == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200


def test_role_must_be_chosen(client, newcomer):
    response = client.post(reverse("profiles:onboarding_role"), EMPTY_FORM)

    assert response.status_code == 200
    assert "Choose whether you join as a mentor or as a mentee." in response.content.decode()
    assert Profile.objects.get(user=newcomer).role == ""


def test_the_code_of_conduct_must_be_ticked(client, newcomer):
    client.post(reverse("profiles:onboarding_role"), {"role": "mentee"})

    response = client.post(reverse("profiles:onboarding_conduct"), EMPTY_FORM)

    assert field_error(response, "accept") == "Tick the box to accept the code of conduct."
    assert not CodeOfConductAcceptance.objects.filter(user=newcomer).exists()


def test_a_new_code_of_conduct_version_is_accepted_again(client):
    mentor = MentorFactory()
    client.force_login(mentor)
    old = CodeOfConduct.objects.current()
    new = CodeOfConductFactory(version=old.version + 1)

    response = client.get(reverse("dashboard"))
    assert redirect_path(response) == reverse("profiles:onboarding_conduct")
    response = client.get(reverse("profiles:onboarding_conduct"))
    page = response.content.decode()
    assert "The code of conduct has been updated." in page
    assert f"Version {new.version}" in page
    assert new.title_en in page

    before = timezone.now()
    response = client.post(reverse("profiles:onboarding_conduct"), {"accept": "on"})
    assert redirect_path(response) == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200
    acceptances = CodeOfConductAcceptance.objects.filter(user=mentor).order_by("code__version")
    assert [a.code.version for a in acceptances] == [old.version, new.version]
    assert before <= acceptances.last().accepted_at <= timezone.now()


def test_a_draft_code_of_conduct_does_not_ask_again(client):
    client.force_login(MenteeFactory())
    CodeOfConductFactory(version=CodeOfConduct.objects.current().version + 1, published_at=None)

    assert client.get(reverse("dashboard")).status_code == 200


# profile form --------------------------------------------------------------------------------


@pytest.fixture
def onboarded(client):
    mentee = MenteeFactory()
    client.force_login(mentee)
    return mentee


def test_profile_edit_saves_and_shows_the_profile(client, onboarded):
    response = client.post(
        reverse("profiles:profile_edit"),
        profile_post(display_name="Grace", hours_per_month="40", style_flash="on"),
    )

    assert redirect_path(response) == reverse("profiles:profile")
    page = client.get(reverse("profiles:profile")).content.decode()
    assert "Your profile has been saved." in page
    assert "Grace" in page
    assert "40 hours a month" in page
    profile = Profile.objects.get(user=onboarded)
    assert profile.hours_per_month == 40
    assert profile.style_flash


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"display_name": ""}, "display_name", "This field is required."),
        ({"country": None}, "country", "This field is required."),
        ({"bio": ""}, "bio", "This field is required."),
        ({"hours_per_month": None}, "hours_per_month", "This field is required."),
        ({"expertise": None}, "expertise", "Choose at least one field."),
        ({"languages": None}, "languages", "Choose at least one language."),
        ({"style_traditional": None}, "style_traditional", "Choose at least one mentoring style."),
        ({"hours_per_month": "0"}, "hours_per_month", "Enter a number from 1 to 40."),
        ({"hours_per_month": "-1"}, "hours_per_month", "Enter a number from 1 to 40."),
        ({"hours_per_month": "41"}, "hours_per_month", "Enter a number from 1 to 40."),
    ],
    ids=[
        "no-name",
        "no-country",
        "no-bio",
        "no-hours",
        "no-expertise",
        "no-language",
        "no-style",
        "hours-0",
        "hours-minus-1",  # one message, not the model's "at least 0" beside it
        "hours-41",
    ],
)
def test_profile_form_errors_are_shown_next_to_the_field_and_nothing_is_saved(
    client, onboarded, overrides, field, message
):
    before = snapshot(onboarded)

    response = client.post(
        reverse("profiles:profile_edit"), profile_post(organisation="Changed Inc.", **overrides)
    )

    assert response.status_code == 200
    assert field_error(response, field) == message
    assert response.context["form"].errors == {field: [message]}
    summary = response.text.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "Please correct the following:" in summary
    assert f"{html.escape(message)}</li>" in summary
    assert snapshot(onboarded) == before


def test_a_non_image_named_photo_jpg_is_refused(client, onboarded):
    before = snapshot(onboarded)
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")

    response = client.post(
        reverse("profiles:profile_edit"), profile_post(display_name="New", photo=fake)
    )

    assert field_error(response, "photo") == (
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    )
    assert snapshot(onboarded) == before


def test_an_image_of_another_format_is_refused(client, onboarded):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "GIF")
    gif = SimpleUploadedFile("photo.gif", buffer.getvalue(), content_type="image/gif")
    before = snapshot(onboarded)

    response = client.post(reverse("profiles:profile_edit"), profile_post(photo=gif))

    assert field_error(response, "photo") == (
        "This file is not an image we can use. Upload a JPEG, PNG or WebP photo."
    )
    assert snapshot(onboarded) == before


def test_an_oversized_photo_is_refused(client, onboarded, settings):
    settings.PROFILE_PHOTO_MAX_BYTES = 500
    data = png(size=(32, 32), noise=True)
    assert len(data) > 500
    before = snapshot(onboarded)

    response = client.post(
        reverse("profiles:profile_edit"),
        profile_post(display_name="New", photo=SimpleUploadedFile("me.png", data, "image/png")),
    )

    expected = f"The photo is {filesizeformat(len(data))}; the largest allowed is 500\xa0bytes."
    assert field_error(response, "photo") == " ".join(expected.split())
    assert response.context["form"].errors["photo"] == [expected]
    assert snapshot(onboarded) == before


def test_a_photo_can_be_uploaded_and_cleared(client, onboarded, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("My Photo.PNG", png(), content_type="image/png")

    response = client.post(reverse("profiles:profile_edit"), profile_post(photo=upload))

    assert redirect_path(response) == reverse("profiles:profile")
    profile = Profile.objects.get(user=onboarded)
    assert re.fullmatch(r"profile-photos/[0-9a-f]{32}\.png", profile.photo.name)
    assert storages["photos"].exists(profile.photo.name)
    page = client.get(reverse("profiles:profile")).content.decode()
    assert f'src="{profile.photo_url}"' in page
    assert "Everything is filled in" in page

    # Saving again without a new file keeps the photo.
    client.post(reverse("profiles:profile_edit"), profile_post(display_name="Ada L."))
    assert Profile.objects.get(user=onboarded).photo.name == profile.photo.name

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("profiles:profile_edit"), profile_post(**{"photo-clear": "on"}))
    assert Profile.objects.get(user=onboarded).photo.name == ""
    assert not storages["photos"].exists(profile.photo.name)


def test_the_completeness_meter_says_what_is_missing(client, newcomer):
    client.post(reverse("profiles:onboarding_role"), {"role": "mentee"})
    client.post(reverse("profiles:onboarding_conduct"), {"accept": "on"})

    page = client.get(reverse("profiles:onboarding_profile")).content.decode()
    assert "Your profile is 8% complete" in page  # only the role
    assert "<li>Display name</li>" in page
    assert "<li>Photo</li>" in page

    client.post(reverse("profiles:onboarding_profile"), profile_post(meeting_handle="", goals=""))
    page = client.get(reverse("profiles:profile")).content.decode()
    assert "Your profile is 75% complete" in page
    missing = re.findall(r"<li>([^<]+)</li>", page.split("Still missing:")[1].split("</ul>")[0])
    assert missing == ["Goals and interests", "Contact for meetings", "Photo"]


# sign-up errors ------------------------------------------------------------------------------


SIGN_UP = {
    "password1": NEW_PASSWORD,
    "password2": NEW_PASSWORD,
    "birth_date": "1998-03-14",
    "accept_privacy": "on",
}


@pytest.mark.usefixtures("commit_per_request")
def test_sign_up_does_not_say_whether_an_email_has_an_account(client):
    """A taken address and a new one get the same answer; the owner of the taken one is told
    by email instead, and nothing is created."""
    taken = MenteeFactory()

    again = client.post(reverse("account_signup"), {"email": taken.email.upper(), **SIGN_UP})
    new = Client().post(reverse("account_signup"), {"email": "someone.new@example.org", **SIGN_UP})

    assert again.status_code == new.status_code == 302
    assert again["Location"] == new["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email__iexact=taken.email).count() == 1
    to_owner = [m for m in mail.outbox if [a.lower() for a in m.to] == [taken.email]]
    assert len(to_owner) == 1
    assert "/accounts/password/reset/" in to_owner[0].body
    assert to_owner[0].subject == "[WESTEM] Account already exists"


@pytest.mark.usefixtures("commit_per_request")
def test_password_reset_does_not_say_whether_an_email_has_an_account(client):
    mentee = MenteeFactory()

    known = client.post(reverse("account_reset_password"), {"email": mentee.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("account_reset_password_done")
    # The address without an account is told so, and gets no link to reset anything.
    (to_nobody,) = [message for message in mail.outbox if message.to == ["nobody@example.org"]]
    assert "/accounts/password/reset/key/" not in to_nobody.body
    assert not User.objects.filter(email="nobody@example.org").exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort123", "This password is too short. It must contain at least 10 characters."),
        ("password123", "This password is too common."),
        ("8302749275301", "This password is entirely numeric."),
    ],
)
def test_sign_up_with_a_weak_password_is_refused_next_to_the_field(client, password, message):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": password,
            "password2": password,
            "birth_date": "1998-03-14",
            "accept_privacy": "on",
        },
    )

    assert response.status_code == 200
    assert message in field_error(response, "password1")
    assert not User.objects.exists()
    assert not EmailAddress.objects.exists()
    assert mail.outbox == []


# login, logout -------------------------------------------------------------------------------


def test_login_and_logout_via_post(client):
    mentee = MenteeFactory()

    response = client.post(reverse("account_login"), {"login": mentee.email, "password": PASSWORD})
    assert redirect_path(response) == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200

    # A GET only asks; the POST logs out.
    assert client.get(reverse("account_logout")).status_code == 200
    assert client.get(reverse("dashboard")).status_code == 200
    response = client.post(reverse("account_logout"))
    assert redirect_path(response) == reverse("home")
    assert redirect_path(client.get(reverse("dashboard"))).startswith(reverse("account_login"))


@pytest.mark.usefixtures("commit_per_request")
def test_login_of_an_unverified_user_is_refused(client):
    user = UserFactory()
    EmailAddress.objects.filter(user=user).update(verified=False)

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert redirect_path(response) == reverse("account_email_verification_sent")
    assert redirect_path(client.get(reverse("dashboard"))).startswith(reverse("account_login"))
    assert [m.subject for m in mail.outbox] == ["[WESTEM] Confirm your email address"]


def test_repeated_failed_logins_are_rate_limited(client):
    mentee = MenteeFactory()
    wrong = {"login": mentee.email, "password": "not-the-password"}

    for _attempt in range(5):
        response = client.post(reverse("account_login"), wrong)
        assert "The email address and/or password you specified are not correct." in response.text

    response = client.post(reverse("account_login"), wrong)
    # "5/5m/key": she is told how long the lock-out lasts, not "Try again later".
    locked = "Too many failed login attempts. Try again in 5 minutes, or reset your password."
    assert locked in response.text
    # Even the right password is refused while the limit holds.
    response = client.post(reverse("account_login"), {"login": mentee.email, "password": PASSWORD})
    assert response.status_code == 200
    assert locked in response.text
    assert "_auth_user_id" not in client.session

    # In Swedish too.
    response = client.post(reverse("account_login"), wrong, headers={"accept-language": "sv"})
    assert (
        "För många misslyckade inloggningsförsök. Försök igen om 5 minuter eller återställ ditt "
        "lösenord." in response.text
    )


@pytest.mark.parametrize(
    ("rates", "minutes"),
    [("10/m/ip,5/5m/key", 5), ("3/90s/key", 2), ("10/m/ip", 1), ("5/1h/key,10/m/ip", 60)],
)
def test_the_lock_out_lasts_the_longest_window_of_the_login_failed_rates(settings, rates, minutes):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": rates}
    assert app_settings.RATE_LIMITS["login_failed"] == rates
    assert login_lockout_minutes() == minutes


# password reset and change, email change -----------------------------------------------------


@pytest.mark.usefixtures("commit_per_request")
def test_password_reset_by_email(client):
    mentee = MenteeFactory()

    response = client.post(reverse("account_reset_password"), {"email": mentee.email})
    assert redirect_path(response) == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [mentee.email]
    assert message.subject == "[WESTEM] Reset your password"
    reset_url = link_in(message, "/accounts/password/reset/key/")

    response = client.get(reset_url, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else reset_url
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert redirect_path(response) == reverse("account_reset_password_from_key_done")

    mentee.refresh_from_db()
    assert mentee.check_password(NEW_PASSWORD)
    response = client.post(
        reverse("account_login"), {"login": mentee.email, "password": NEW_PASSWORD}
    )
    assert redirect_path(response) == reverse("dashboard")


@pytest.mark.usefixtures("commit_per_request")
def test_password_reset_link_works_only_once(client):
    mentee = MenteeFactory()
    client.post(reverse("account_reset_password"), {"email": mentee.email})
    reset_url = link_in(mail.outbox[0], "/accounts/password/reset/key/")
    response = client.get(reset_url, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else reset_url
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    response = client.get(reset_url, follow=True)

    assert "The password reset link was invalid" in response.text


def test_password_change(client, onboarded):
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong-old-password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert field_error(response, "oldpassword") == "Please type your current password."

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    onboarded.refresh_from_db()
    assert onboarded.check_password(NEW_PASSWORD)
    # She stays logged in.
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.usefixtures("commit_per_request")
def test_email_change_is_verified_before_it_takes_effect(client, onboarded):
    old_email = onboarded.email
    assert client.get(reverse("account_email")).status_code == 200
    # Changing the address asks for the password again first.
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "ada.new@example.org"}
    )
    assert redirect_path(response).startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "ada.new@example.org"}
    )

    assert redirect_path(response) == reverse("account_email")
    assert [m.to for m in mail.outbox] == [["ada.new@example.org"]]
    assert mail.outbox[0].subject == "[WESTEM] Confirm your email address"
    new_address = EmailAddress.objects.get(email="ada.new@example.org")
    assert new_address.user == onboarded
    assert not new_address.verified
    onboarded.refresh_from_db()
    assert onboarded.email == old_email

    client.post(link_in(mail.outbox[0], "/accounts/confirm-email/"))

    onboarded.refresh_from_db()
    assert onboarded.email == "ada.new@example.org"
    assert EmailAddress.objects.get(user=onboarded, primary=True).email == "ada.new@example.org"
