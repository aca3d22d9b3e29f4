"""Two-factor authentication guards participants' data: the program's own people (staff,
superusers, reporters) reach the admin, the reports, the exports and the program's pages on
the site only signed in with an authenticator app; its secret is kept encrypted and never
shown."""

import json
import re
from urllib.parse import urlencode

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.mfa.utils import decrypt
from django.db import connection
from django.test import Client
from django.urls import reverse

from profiles import two_factor
from tests.factories import PASSWORD, MenteeFactory, ReporterFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

SETUP = reverse("mfa_activate_totp")
CODE_AGAIN = reverse("mfa_reauthenticate")
DATA_PAGES = ["/admin/", "/reports/", "/reports/exports/", "/dashboard/", "/events/"]


def code_for(secret: str, step: int = 0) -> str:
    """The code her app shows now (``step`` periods later: a code is accepted once)."""
    counter = list(yield_hotp_counters_from_time())[mfa_settings.TOTP_TOLERANCE] + step
    return format_hotp_value(hotp_value(secret, counter))


def signed_in_with_password(user) -> Client:
    """Signed in through the site's login page, as she does: with her password only (she has
    no authenticator yet, so none is asked)."""
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert not response["Location"].startswith(reverse("mfa_authenticate"))
    return client


def without_authenticator(user):
    Authenticator.objects.filter(user=user).delete()
    return user


PEOPLE = {
    "staff": lambda: without_authenticator(StaffFactory()),
    "superuser without staff status": lambda: without_authenticator(UserFactory(is_superuser=True)),
    "reporter": lambda: without_authenticator(ReporterFactory()),
}


# --- finding: only /admin/ asked for it ----------------------------------------------------


@pytest.mark.parametrize("who", PEOPLE)
def test_without_an_authenticator_the_exports_send_her_to_set_one_up(who):
    client = signed_in_with_password(PEOPLE[who]())

    for path in ("/reports/exports/", "/reports/", reverse("exports:report_export")):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == f"{SETUP}?next={path}"


@pytest.mark.parametrize("who", ["staff", "superuser without staff status"])
def test_program_staff_without_an_authenticator_see_no_page_of_the_program(who):
    client = signed_in_with_password(PEOPLE[who]())

    for path in DATA_PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == f"{SETUP}?next={path}"
    # Setting one up (after her password once more) and changing her password stay open.
    response = client.get(SETUP)
    password_again = reverse("account_reauthenticate")
    assert response["Location"] == f"{password_again}?{urlencode({'next': SETUP})}"
    client.post(response["Location"], {"password": PASSWORD})
    assert client.get(SETUP).status_code == 200
    assert client.get(reverse("account_change_password")).status_code == 200


def test_an_export_cannot_be_started_without_an_authenticator():
    from evaluations.models import ExportJob

    client = signed_in_with_password(PEOPLE["reporter"]())

    response = client.post(reverse("exports:report_export"), {"format": "csv"})

    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)
    assert not ExportJob.objects.exists()


def test_a_reporter_who_sets_one_up_is_asked_for_a_code_and_then_exports(settings):
    settings.MFA_TOTP_TOLERANCE = 1  # her second code is the next one her app shows
    reporter = PEOPLE["reporter"]()
    client = signed_in_with_password(reporter)
    response = client.get("/reports/exports/")
    assert response["Location"] == f"{SETUP}?next=/reports/exports/"

    client.post(f"{reverse('account_reauthenticate')}", {"password": PASSWORD})
    page = client.get(response["Location"]).content.decode()
    secret = re.search(r'(?:alt|value)="([A-Z2-7]{16,})"', page).group(1)
    client.post(SETUP, {"code": code_for(secret)})
    assert Authenticator.objects.filter(user=reporter, type="totp").exists()

    # Her authenticator now exists, but this sign-in was made without it.
    response = client.get("/reports/exports/")
    assert response.status_code == 302
    assert response["Location"] == f"{CODE_AGAIN}?next=/reports/exports/"

    client.post(response["Location"], {"code": code_for(secret, step=1)})
    assert client.get("/reports/exports/").status_code == 200


def test_a_session_signed_in_with_the_password_only_is_asked_for_a_code():
    """Her authenticator came after this sign-in (set up elsewhere, or by another device):
    the session never showed a code, so the program's pages ask for one."""
    staff = PEOPLE["staff"]()
    client = signed_in_with_password(staff)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)

    for path in DATA_PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == f"{CODE_AGAIN}?next={path}"

    client.post(f"{CODE_AGAIN}?next=/admin/", {"code": code_for(secret)})
    assert client.get("/admin/").status_code == 200


def test_staff_sign_in_with_password_and_code_and_see_the_program():
    staff = StaffFactory()
    secret = generate_totp_secret()
    Authenticator.objects.filter(user=staff).delete()
    TOTP.activate(staff, secret)
    client = Client()

    response = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert response["Location"].startswith(reverse("mfa_authenticate"))
    client.post(reverse("mfa_authenticate"), {"code": code_for(secret)})

    for path in DATA_PAGES:
        assert client.get(path).status_code == 200, path


def test_participants_are_never_asked_for_an_authenticator():
    client = signed_in_with_password(MenteeFactory())

    assert client.get("/dashboard/").status_code == 200
    assert client.get("/events/").status_code == 200


def test_a_participant_page_asks_no_more_queries_for_the_rule(django_assert_max_num_queries):
    """The rule reads no group and no authenticator for a participant's page."""
    client = Client()
    client.force_login(MenteeFactory())
    client.get("/events/")
    with django_assert_max_num_queries(50) as captured:
        client.get("/events/")
    tables = " ".join(query["sql"] for query in captured.captured_queries)
    assert "mfa_authenticator" not in tables
    assert "auth_group" not in tables


# --- finding: the secret in clear, shown in the admin ----------------------------------------


def _stored(authenticator: Authenticator) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator WHERE id = %s", [authenticator.pk])
        (data,) = cursor.fetchone()
    return json.loads(data) if isinstance(data, str) else data


def test_the_totp_secret_and_recovery_seed_are_stored_encrypted():
    mentee = MenteeFactory()
    secret = generate_totp_secret()
    totp = TOTP.activate(mentee, secret).instance
    codes = RecoveryCodes.activate(mentee)

    stored = _stored(totp)["secret"]
    assert secret not in stored
    assert stored.startswith(two_factor.PREFIX)
    assert decrypt(stored) == secret
    seed = _stored(codes.instance)["seed"]
    assert seed.startswith(two_factor.PREFIX)
    # Still the codes she was given, and her authenticator still signs her in.
    assert RecoveryCodes(Authenticator.objects.get(pk=codes.instance.pk)).generate_codes() == (
        codes.generate_codes()
    )
    assert TOTP(Authenticator.objects.get(pk=totp.pk)).validate_code(code_for(secret))


def test_a_key_of_its_own_reads_what_it_wrote_and_nothing_else(settings):
    settings.MFA_ENCRYPTION_KEY = "first key"
    token = two_factor.encrypt("JBSWY3DPEHPK3PXP")
    assert two_factor.decrypt(token) == "JBSWY3DPEHPK3PXP"

    settings.MFA_ENCRYPTION_KEY = "another key"
    with pytest.raises(two_factor.SecretUnreadable):
        two_factor.decrypt(token)


def test_the_migration_encrypts_secrets_stored_in_clear():
    mentee = MenteeFactory()
    secret = generate_totp_secret()
    Authenticator.objects.create(user=mentee, type="totp", data={"secret": secret})
    Authenticator.objects.create(
        user=mentee, type="recovery_codes", data={"seed": "ab" * 40, "used_mask": 0}
    )

    from django.apps import apps

    two_factor.encrypt_stored_secrets(apps, None)
    two_factor.encrypt_stored_secrets(apps, None)  # again: nothing encrypted twice

    totp = Authenticator.objects.get(user=mentee, type="totp")
    assert _stored(totp)["secret"].startswith(two_factor.PREFIX)
    assert TOTP(totp).validate_code(code_for(secret))
    codes = Authenticator.objects.get(user=mentee, type="recovery_codes")
    assert decrypt(_stored(codes)["seed"]) == "ab" * 40


def test_the_admin_never_shows_an_authenticators_secret(client):
    staff = UserFactory(email="admin@westem.example", is_staff=True, is_superuser=True)
    client.force_login(staff)
    mentee = MenteeFactory()
    secret = generate_totp_secret()
    totp = TOTP.activate(mentee, secret).instance
    codes = RecoveryCodes.activate(mentee).instance
    stored = [_stored(totp)["secret"], _stored(codes)["seed"]]

    pages = [
        client.get(reverse("admin:mfa_authenticator_changelist")),
        client.get(reverse("admin:mfa_authenticator_change", args=[totp.pk])),
        client.get(reverse("admin:mfa_authenticator_change", args=[codes.pk])),
    ]

    for response in pages:
        assert response.status_code == 200
        page = response.content.decode()
        assert secret not in page
        assert not [value for value in stored if value in page]
        assert "secret" not in page.lower().replace("csrfmiddlewaretoken", "")
    assert mentee.email in pages[1].content.decode()
    # No authenticator is made by hand, and a change cannot write one.
    assert client.get(reverse("admin:mfa_authenticator_add")).status_code == 403
    client.post(
        reverse("admin:mfa_authenticator_change", args=[totp.pk]),
        {"user": mentee.pk, "type": "totp", "data": '{"secret": "AAAA"}'},
    )
    assert _stored(totp)["secret"] == stored[0]


def test_staff_remove_a_lost_authenticator_in_the_admin(client):
    staff = UserFactory(email="admin@westem.example", is_staff=True, is_superuser=True)
    client.force_login(staff)
    totp = TOTP.activate(MenteeFactory(), generate_totp_secret()).instance

    client.post(reverse("admin:mfa_authenticator_delete", args=[totp.pk]), {"post": "yes"})

    assert not Authenticator.objects.filter(pk=totp.pk).exists()
