"""The powers over accounts in the admin: only a superuser holds them.

Program staff run the program in the admin, and reporters have no admin at all. Neither may
give or take staff or superuser status, groups or permissions, set a password (program staff
send the reset email instead, which goes to the person herself), change an account's email
address (a changed address plus a reset email is a stolen account), or change, erase or
export the account of a superuser or of one of the program's own people. These tests play the
attack through the admin as a browser does: every registered model's change form (its fields
must not offer a power, and a crafted POST that adds them changes nothing), every action of
every model (run on the accounts with powers, confirmed), and the user admin's password form.
"""

from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from notifications.models import InboxItem, Notification, NotificationOptOut
from profiles import access, privacy, services
from profiles.models import Consent, Profile, StaffFollowUp, User
from tests import factories
from tests.factories import (
    MenteeFactory,
    MentorFactory,
    ReporterFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# The form fields that hand out power over an account, on any model.
POWER_FIELDS = {"is_staff", "is_superuser", "groups", "user_permissions", "permissions", "password"}
# On the user: her address is where her password reset goes.
ACCOUNT_FIELDS = POWER_FIELDS | {"email", "password1", "password2", "usable_password"}
# What every admin form holds besides its fields.
FORM_MACHINERY = {
    "csrfmiddlewaretoken",
    "TOTAL_FORMS",
    "INITIAL_FORMS",
    "MIN_NUM_FORMS",
    "MAX_NUM_FORMS",
    "_save",
    "_continue",
    "_addanother",
}
ATTACKER_EMAIL = "attacker@evil.example"


class _Form(HTMLParser):
    """The values a browser would send for the admin's main form, as they are on the page."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self.inputs: set[str] = set()
        self.hidden: set[str] = set()  # an inline's own id and its link to the page's object
        self._in_form = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self._in_form = "changelist-search" not in (attrs.get("id") or "")
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            self.inputs.add(name)
            kind = attrs.get("type", "text")
            if kind == "hidden":
                self.hidden.add(name)
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.setdefault(name, []).append(attrs.get("value") or "on")
            elif kind not in ("submit", "button", "file"):
                self.data.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select" and name:
            self.inputs.add(name)
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.setdefault(self._select, []).append(attrs.get("value") or "")
        elif tag == "textarea" and name:
            self.inputs.add(name)
            self._textarea = name
            self.data.setdefault(name, []).append("")

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def _form_of(page: str) -> _Form:
    parser = _Form()
    parser.feed(page)
    return parser


def _admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


class World:
    """The accounts at stake and one row of every model the admin shows."""

    def __init__(self):
        self.superuser = UserFactory(email="root@westem.example", is_staff=True, is_superuser=True)
        self.staff = StaffFactory()  # the one who tries
        # Program staff given every permission there is (a group set up too generously):
        # without superuser status she has no power over accounts either.
        self.empowered = StaffFactory()
        self.empowered.user_permissions.set(Permission.objects.all())
        self.colleague = StaffFactory()  # another member of program staff
        self.reporter = ReporterFactory()
        self.mentor = MentorFactory()
        self.mentee = MenteeFactory()
        self.staff_group = Group.objects.get(name=access.STAFF_GROUP)
        for person in self.people:
            services.ensure_profile(user=person, language="en")
        services.record_consent(user=self.mentee, kind=Consent.Kind.PRIVACY_NOTICE, version="1")
        for model in admin.site._registry:
            factory = getattr(factories, f"{model.__name__}Factory", None)
            if factory is not None and not model._default_manager.exists():
                factory()
        Notification.objects.create(
            user=self.mentee, kind="meeting_tomorrow", occasion="test", template="test"
        )
        NotificationOptOut.objects.create(user=self.mentee, kind="meeting_tomorrow")
        InboxItem.objects.create(
            user=self.mentee, kind="new_message", occasion="test", params={"from": "mentor"}
        )
        StaffFollowUp.objects.create(kind="test", object_id=1, by=self.staff)
        LogEntry.objects.log_actions(
            user_id=self.superuser.pk,
            queryset=[self.mentee],
            action_flag=CHANGE,
            change_message="test",
            single_object=True,
        )

    @property
    def protected(self) -> list[User]:
        """The accounts only a superuser manages."""
        return [self.superuser, self.staff, self.empowered, self.colleague, self.reporter]

    @property
    def people(self) -> list[User]:
        return [*self.protected, self.mentor, self.mentee]

    def actor(self, role: str) -> User:
        return {"staff": self.staff, "empowered": self.empowered, "reporter": self.reporter}[role]


@pytest.fixture
def world():
    return World()


def snapshot() -> dict:
    """Everything that gives power over an account, for every account."""
    return {
        "users": sorted(
            User.objects.values_list(
                "pk", "email", "password", "is_staff", "is_superuser", "is_active"
            )
        ),
        "groups": sorted(User.groups.through.objects.values_list("user_id", "group_id")),
        "user_permissions": sorted(
            User.user_permissions.through.objects.values_list("user_id", "permission_id")
        ),
        "group_permissions": sorted(
            Group.permissions.through.objects.values_list("group_id", "permission_id")
        ),
        "addresses": sorted(EmailAddress.objects.values_list("user_id", "email", "verified")),
        "authenticators": sorted(Authenticator.objects.values_list("user_id", "type")),
        "profiles": sorted(Profile.objects.values_list("user_id", "display_name", "role")),
    }


def _powers(world: World) -> dict[str, list[str]]:
    """A crafted POST's extra fields: every power at once, for the attacker."""
    return {
        "email": [ATTACKER_EMAIL],
        "is_staff": ["on"],
        "is_superuser": ["on"],
        "groups": [str(group.pk) for group in Group.objects.all()],
        "user_permissions": [str(pk) for pk in Permission.objects.values_list("pk", flat=True)],
        "permissions": [str(pk) for pk in Permission.objects.values_list("pk", flat=True)],
        "password": ["md5$x$y"],
        "password1": ["Stolen-Passw0rd!"],
        "password2": ["Stolen-Passw0rd!"],
        "usable_password": ["true"],
        "user": [str(world.staff.pk)],
    }


def _objects(world: World, model) -> list:
    if model is User:
        return world.people
    return list(model._default_manager.order_by("pk")[:1])


ROLES = ["staff", "empowered", "reporter"]


@pytest.mark.parametrize("role", ROLES)
def test_no_change_form_offers_or_takes_a_power(client, world, role):
    """Every registered model's change form: no power field to fill in, and a crafted POST
    with all of them (on top of what the page holds) changes no power of anyone's."""
    client.force_login(world.actor(role))
    walked = []
    for model in admin.site._registry:
        for obj in _objects(world, model):
            url = _admin_url(model, "change", obj.pk)
            page = client.get(url)
            if role == "reporter":
                assert page.status_code == 302, url
                assert page["Location"].startswith(reverse("admin:login")), url
            else:
                assert page.status_code in (200, 403), url
            form = _form_of(page.content.decode()) if page.status_code == 200 else _Form()
            offered = {name.rsplit("-", 1)[-1] for name in form.inputs} - FORM_MACHINERY
            fields = ACCOUNT_FIELDS if model is User else POWER_FIELDS
            assert not offered & fields, (url, offered & fields)
            if model is User and obj in world.protected:
                visible = offered - {name.rsplit("-", 1)[-1] for name in form.hidden}
                assert not visible, (url, "a protected account is not hers to change")
            before = snapshot()

            response = client.post(url, {**form.data, **_powers(world)})

            assert snapshot() == before, url
            if model is User and role != "reporter" and obj not in world.protected:
                # The rest of the form was valid: it was saved, without the powers.
                assert response.status_code == 302, url
            walked.append(model)
    assert set(walked) == set(admin.site._registry)


@pytest.mark.parametrize("role", ROLES)
def test_no_admin_action_touches_an_account_with_powers(client, world, role):
    """Every action of every registered model, run (and confirmed) on the accounts only a
    superuser manages, or on a row of the model: no power changes, no one is erased."""
    client.force_login(world.actor(role))
    request = RequestFactory().get("/")
    request.user = world.superuser  # every action there is
    tried = 0
    for model, model_admin in admin.site._registry.items():
        if model is User:  # each account alone (her own account is refused as such)
            selections = [[user.pk] for user in world.protected]
        else:
            selections = [list(model._default_manager.values_list("pk", flat=True))]
        for name in model_admin.get_actions(request):
            for selected in selections:
                before = snapshot()

                response = client.post(
                    _admin_url(model, "changelist"),
                    {"action": name, "_selected_action": selected, "post": "yes", "index": 0},
                )

                if response.streaming:  # an export: read to the end, its file is closed
                    b"".join(response.streaming_content)
                assert response.status_code in (200, 302, 403), (model, name)
                assert snapshot() == before, (model, name, selected)
                tried += 1
    assert tried >= len(["export_personal_data", "erase_people", "send_password_reset"])


@pytest.mark.parametrize("role", ROLES)
def test_the_password_form_is_refused(client, world, role):
    client.force_login(world.actor(role))
    for person in world.people:
        url = reverse("admin:auth_user_password_change", args=[person.pk])
        before = snapshot()

        page = client.get(url)
        response = client.post(
            url,
            {
                "password1": "Stolen-Passw0rd!",
                "password2": "Stolen-Passw0rd!",
                "usable_password": "true",
            },
        )

        if role != "reporter":
            assert (page.status_code, response.status_code) == (403, 403), person
        else:
            assert page.status_code == response.status_code == 302
            assert response["Location"].startswith(reverse("admin:login"))
        assert snapshot() == before, person


def test_a_superuser_holds_the_powers(client, world):
    """The same crafted requests, from a superuser, do what they say: the tests above would
    see a power handed out."""
    client.force_login(world.superuser)
    url = _admin_url(User, "change", world.mentee.pk)
    form = _form_of(client.get(url).content.decode())
    assert {"is_staff", "is_superuser", "groups", "user_permissions", "email"} <= form.inputs

    response = client.post(
        url, {**form.data, "is_staff": ["on"], "groups": [str(world.staff_group.pk)]}
    )
    password = client.post(
        reverse("admin:auth_user_password_change", args=[world.mentor.pk]),
        {"password1": "New-Passw0rd!", "password2": "New-Passw0rd!", "usable_password": "true"},
    )

    assert (response.status_code, password.status_code) == (302, 302)
    world.mentee.refresh_from_db()
    assert world.mentee.is_staff
    assert list(world.mentee.groups.all()) == [world.staff_group]
    world.mentor.refresh_from_db()
    assert world.mentor.check_password("New-Passw0rd!")


def test_program_staff_still_manage_a_participant(client, world):
    """What program staff may do to a participant's account: deactivate it, edit her profile,
    erase her at her request."""
    client.force_login(world.staff)
    url = _admin_url(User, "change", world.mentee.pk)
    form = _form_of(client.get(url).content.decode())
    assert "is_active" in form.inputs
    form.data.pop("is_active", None)

    response = client.post(url, form.data)

    assert response.status_code == 302
    world.mentee.refresh_from_db()
    assert not world.mentee.is_active


def test_program_staff_cannot_erase_a_superuser(client, world):
    """The finding: program staff erased a superuser with the erase action."""
    client.force_login(world.staff)

    response = client.post(
        _admin_url(User, "changelist"),
        {"action": "erase_people", "_selected_action": [world.superuser.pk], "post": "yes"},
        follow=True,
    )

    assert response.status_code == 200
    assert "only a superuser" in response.text.lower()
    world.superuser.refresh_from_db()
    assert world.superuser.is_active
    assert world.superuser.email == "root@westem.example"


def test_program_staff_send_a_password_reset_email_instead(
    client, world, django_capture_on_commit_callbacks
):
    """The way to help a participant who lost her password: the reset email goes to her own
    address; a superuser's account is not hers to touch."""
    client.force_login(world.staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _admin_url(User, "changelist"),
            {"action": "send_password_reset", "_selected_action": [world.mentee.pk]},
            follow=True,
        )

    assert "1 password reset email sent." in response.text
    assert [message.to for message in mail.outbox] == [[world.mentee.email]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _admin_url(User, "changelist"),
            {"action": "send_password_reset", "_selected_action": [world.superuser.pk]},
            follow=True,
        )

    assert "only a superuser" in response.text.lower()
    assert mail.outbox == []


def test_the_access_rules():
    superuser = UserFactory(is_superuser=True, is_staff=True)
    staff, reporter, mentee = StaffFactory(), ReporterFactory(), MenteeFactory()

    assert access.may_manage_staff(superuser)
    assert not access.may_manage_staff(staff)
    for person in (superuser, staff, reporter):
        assert not access.may_manage_account(staff, person)
    assert access.may_manage_account(staff, mentee)
    assert access.may_manage_account(superuser, staff)
    assert not access.may_manage_account(reporter, mentee)


def test_the_erasure_service_refuses_program_staff_an_account_with_powers(world):
    """Asked again by the service the erase action calls."""
    for person in (world.superuser, world.colleague, world.reporter):
        with pytest.raises(PermissionDenied):
            privacy.erase_user(user=person, by=world.staff)

    privacy.erase_user(user=world.mentee, by=world.staff)
    privacy.erase_user(user=world.colleague, by=world.superuser)

    assert not User.objects.get(pk=world.mentee.pk).is_active
    assert not User.objects.get(pk=world.colleague.pk).is_active
