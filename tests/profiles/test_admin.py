"""The back office: every model of the project in the admin, its actions and the groups."""

import html
import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory
from django.urls import reverse

from profiles.models import Profile
from tests import factories
from tests.factories import (
    CodeOfConductAcceptanceFactory,
    MenteeFactory,
    MentorFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# The project's own apps (not the installed packages), and allauth's email addresses.
PROJECT_APPS = {
    app.label
    for app in apps.get_app_configs()
    if Path(app.path).is_relative_to(settings.BASE_DIR) and "site-packages" not in app.path
} | {"account"}
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label in PROJECT_APPS),
    key=lambda model: model._meta.label,
)


def _admin_url(model, view: str) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")


@pytest.fixture
def superuser(client):
    user = UserFactory(email="admin@westem.example", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def people():
    """Rows for the change lists: a mentor, a mentee and a code-of-conduct acceptance."""
    return MentorFactory(), MenteeFactory(), CodeOfConductAcceptanceFactory()


def test_the_project_models_are_registered():
    labels = {model._meta.label for model in REGISTERED}

    assert {
        "profiles.User",
        "profiles.Profile",
        "profiles.ExpertiseArea",
        "profiles.SpokenLanguage",
        "profiles.CodeOfConduct",
        "profiles.CodeOfConductAcceptance",
    } <= labels


def filter_links(page: str) -> list[str]:
    """The first choice of each filter in the change list's sidebar (after "All")."""
    if 'id="changelist-filter"' not in page:
        return []
    sidebar = page.split('id="changelist-filter"', 1)[1].split("</nav>", 1)[0]
    links = []
    for block in sidebar.split("<details")[1:]:
        hrefs = re.findall(r'href="(\?[^"]*)"', block)
        if len(hrefs) > 1:
            links.append(html.unescape(hrefs[1]))
    return links


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_changelist_filters_and_search(client, superuser, people, model):
    model_admin = admin.site._registry[model]
    url = _admin_url(model, "changelist")
    factory = getattr(factories, f"{model.__name__}Factory", None)
    if factory:
        factory()  # at least one row of this model in the list

    response = client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count >= (1 if factory else 0)

    links = filter_links(response.content.decode())
    if model_admin.list_filter and model is Profile:
        assert len(links) == len(model_admin.list_filter)
    for link in links:
        assert client.get(url + link).status_code == 200, link

    if model_admin.search_fields:
        assert client.get(url, {"q": "example"}).status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_add_page(client, superuser, model):
    request = RequestFactory().get("/")
    request.user = superuser
    can_add = admin.site._registry[model].has_add_permission(request)

    response = client.get(_admin_url(model, "add"))

    assert response.status_code == (200 if can_add else 403)


def test_change_page_of_a_profile(client, superuser, people):
    mentor = people[0]

    response = client.get(reverse("admin:profiles_profile_change", args=[mentor.profile.pk]))

    assert response.status_code == 200


def test_search_finds_a_profile_by_email(client, superuser, people):
    mentor, mentee, _acceptance = people

    response = client.get(_admin_url(Profile, "changelist"), {"q": mentor.email})

    assert list(response.context["cl"].result_list) == [mentor.profile]


def test_staff_mark_the_preparatory_meeting_from_the_profile_list(client):
    staff = StaffFactory()
    mentor, mentee = MentorFactory(), MenteeFactory()
    client.force_login(staff)

    response = client.post(
        _admin_url(Profile, "changelist"),
        {
            "action": "mark_preparatory_meeting",
            "_selected_action": [mentor.profile.pk, mentee.profile.pk],
        },
        follow=True,
    )

    assert response.status_code == 200
    assert "1 mentor marked as attended." in response.text
    assert Profile.objects.get(user=mentor).preparatory_meeting_attended_at is not None
    assert Profile.objects.get(user=mentee).preparatory_meeting_attended_at is None


def test_program_staff_open_the_profile_list_but_not_the_groups(client):
    client.force_login(StaffFactory())

    response = client.get(_admin_url(Profile, "changelist"))

    assert response.status_code == 200
    assert client.get(_admin_url(Group, "changelist")).status_code == 403


def test_participants_cannot_open_the_admin(client):
    client.force_login(MentorFactory())

    response = client.get(_admin_url(Profile, "changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_groups_exist_after_migrations():
    staff = Group.objects.get(name="Program staff")
    Group.objects.get(name="Reporters")

    permissions = {p.codename for p in staff.permissions.all()}
    assert {"view_profile", "change_profile", "add_codeofconduct", "view_user"} <= permissions
    assert "delete_user" not in permissions


def test_email_addresses_are_searchable(client, superuser):
    EmailAddress.objects.create(user=UserFactory(), email="grace@example.net", verified=True)

    response = client.get(_admin_url(EmailAddress, "changelist"), {"q": "grace@"})

    assert [a.email for a in response.context["cl"].result_list] == ["grace@example.net"]


def test_renaming_a_field_in_the_admin_renames_it_in_the_directory(
    client, superuser, django_capture_on_commit_callbacks
):
    area = factories.ExpertiseAreaFactory(slug="astro", name_en="Astro", name_sv="Astro")
    MentorFactory(presentation__expertise=[area], profile__display_name="Vera")
    mentee = MenteeFactory()
    reader = Client()
    reader.force_login(mentee)
    assert ">Astro</span>" in reader.get(reverse("matching:directory")).content.decode()  # cached

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:profiles_expertisearea_change", args=[area.pk]),
            {
                "name_en": "Astrophysics",
                "name_sv": "Astrofysik",
                "slug": "astro",
                "position": 0,
                "is_active": "on",
            },
        )

    assert response.status_code == 302
    page = reader.get(reverse("matching:directory")).content.decode()
    assert ">Astrophysics</span>" in page  # the card
    assert ">Astrophysics</option>" in page  # the filter
