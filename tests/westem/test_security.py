"""Hardening a person can observe from the outside: headers, the admin's login, re-asking for
the password before sensitive changes."""

import re
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD, MenteeFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_content_security_policy_allows_only_the_sites_own_scripts(client):
    policy = client.get(reverse("home"))["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_no_template_of_the_project_has_an_inline_script():
    inline = []
    for path in Path(settings.BASE_DIR).glob("**/templates/**/*.html"):
        if ".venv" in path.parts:
            continue
        for tag in re.findall(r"<script\b[^>]*>", path.read_text(encoding="utf-8")):
            if "src=" not in tag:
                inline.append(f"{path}: {tag}")
    assert inline == []


def test_private_pages_are_not_cached(client):
    client.force_login(MenteeFactory())

    response = client.get(reverse("dashboard"))

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_admin_login_goes_through_the_sites_login(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_reach_the_admin_after_the_sites_login_and_a_code(client):
    staff = StaffFactory()
    secret = generate_totp_secret()
    Authenticator.objects.filter(user=staff).delete()
    TOTP.activate(staff, secret)

    response = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert response["Location"].startswith(reverse("mfa_authenticate"))
    assert client.get("/admin/").status_code == 302  # not signed in yet

    counter = next(iter(yield_hotp_counters_from_time()))
    code = format_hotp_value(hotp_value(secret, counter))
    client.post(reverse("mfa_authenticate"), {"code": code})

    assert client.get("/admin/").status_code == 200


def test_changing_the_email_asks_for_the_password_again(client, settings):
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    user = MenteeFactory()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "new.address@example.org"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not user.emailaddress_set.filter(email="new.address@example.org").exists()


def test_staff_without_two_factor_are_sent_to_set_it_up(client):
    staff = StaffFactory()
    Authenticator.objects.filter(user=staff).delete()
    client.force_login(staff)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('mfa_activate_totp')}?next=/admin/"


def test_staff_with_two_factor_open_the_admin(client):
    staff = StaffFactory()
    assert Authenticator.objects.filter(user=staff, type="totp").exists()
    client.force_login(staff)

    assert client.get("/admin/").status_code == 200


def test_staff_read_who_changed_what_in_the_admin(client):
    from profiles.models import ExpertiseArea

    staff = StaffFactory()
    client.force_login(staff)
    area = ExpertiseArea.objects.get(slug="physics")
    client.post(
        reverse("admin:profiles_expertisearea_change", args=[area.pk]),
        {
            "slug": "physics",
            "name_en": "Physics and astronomy",
            "name_sv": "Fysik",
            "position": 3,
            "is_active": "on",
        },
    )

    response = client.get(reverse("admin:admin_logentry_changelist"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Physics and astronomy" in page
    assert staff.email in page
    assert client.get(reverse("admin:admin_logentry_add")).status_code == 403
