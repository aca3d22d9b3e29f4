"""Hardening a person can observe from the outside: headers, the admin's login, re-asking for
the password before sensitive changes."""

import re
from pathlib import Path

import pytest
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


def test_staff_reach_the_admin_after_the_sites_login(client):
    staff = StaffFactory()
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})

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
