"""The program's own people, decided once in ``profiles.access``: staff (the admin), program
staff (run the program on the site) and reporters. Each rule through its function, its
queryset form, and the pages that use it.

Two cases pin what the places that used to decide it separately disagreed on:
- a superuser without staff status is program staff (the reports and every event, as before;
  and now also the program dashboard without onboarding, where the pages that looked at
  ``is_staff`` alone took her for a participant), but not staff: no admin, no admin link, no
  admin action;
- the admin's actions ask for staff: marking attendance at an event used to let such a
  superuser through too, the preparatory meeting did not.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from evaluations.reports import participant_profiles
from profiles import access, services
from profiles.models import Profile, Report, User
from profiles.selectors import staff_to_notify
from resources import services as resource_services
from tests.factories import (
    EventFactory,
    MenteeFactory,
    MentorFactory,
    RegistrationFactory,
    ReporterFactory,
    ReportFactory,
    StaffFactory,
    UserFactory,
    with_authenticator,
)

pytestmark = pytest.mark.django_db


def _group_member_without_staff_status():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=access.STAFF_GROUP))
    return user


def _reporting_mentor():
    user = MentorFactory()
    user.groups.add(Group.objects.get(name=access.REPORTER_GROUP))
    with_authenticator(user)  # the report asks a reporter for two-factor authentication
    return user


PEOPLE = {
    "anonymous": AnonymousUser,
    "mentee": MenteeFactory,
    "staff": StaffFactory,
    "superuser": lambda: UserFactory(is_staff=True, is_superuser=True),
    "superuser_without_staff_status": lambda: UserFactory(is_superuser=True),
    "staff_group_without_staff_status": _group_member_without_staff_status,
    "reporter": ReporterFactory,
    "reporter_with_a_role": _reporting_mentor,
}

# (staff, program staff, reporter)
ROLES = {
    "anonymous": (False, False, False),
    "mentee": (False, False, False),
    "staff": (True, True, False),
    "superuser": (True, True, False),
    "superuser_without_staff_status": (False, True, False),
    "staff_group_without_staff_status": (False, False, False),
    "reporter": (False, False, True),
    "reporter_with_a_role": (False, False, True),
}


@pytest.mark.parametrize("kind", PEOPLE)
def test_each_role_has_one_function(kind):
    user = PEOPLE[kind]()

    found = (access.is_staff(user), access.is_program_staff(user), access.is_reporter(user))

    assert found == ROLES[kind]


def test_is_reporter_and_is_program_staff():
    reporter, staff, mentee = ReporterFactory(), StaffFactory(), MenteeFactory()

    assert access.is_reporter(reporter)
    assert not access.is_reporter(staff)
    assert not access.is_reporter(mentee)
    assert access.is_program_staff(staff)
    assert not access.is_program_staff(reporter)
    assert not access.is_program_staff(mentee)


def test_the_queryset_forms_agree_with_the_functions():
    people = [make() for kind, make in PEOPLE.items() if kind != "anonymous"]
    users = User.objects.filter(pk__in=[person.pk for person in people])
    profiles = Profile.objects.filter(user__in=people)
    for person in people:
        Profile.objects.get_or_create(user=person)

    for function, queryset_form in [
        (access.is_staff, access.staff_filter),
        (access.is_program_staff, access.program_staff_filter),
        (access.is_reporter, access.reporter_filter),
    ]:
        expected = {person.pk for person in people if function(person)}
        assert expected
        assert set(users.filter(queryset_form()).values_list("pk", flat=True)) == expected
        assert set(profiles.filter(queryset_form("user")).values_list("user", flat=True)) == (
            expected
        )


def _nav(client) -> str:
    """The navigation of a page every signed-in person may open."""
    return client.get(reverse("manual")).text.split("</header>")[0]


# --- staff: the admin --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "admin"),
    [("staff", True), ("superuser_without_staff_status", False), ("reporter", False)],
)
def test_staff_have_the_way_into_the_admin(client, kind, admin):
    client.force_login(PEOPLE[kind]())

    dashboard = client.get(reverse("dashboard"))
    index = client.get(reverse("admin:index"))

    assert ("Open the administration" in dashboard.text) is admin
    assert (f'href="{reverse("admin:index")}"' in _nav(client)) is admin
    assert (index.status_code == 200) is admin


def test_staff_may_asks_for_staff_status_and_the_permission():
    report = ReportFactory()

    assert access.staff_may(StaffFactory(), "profiles.change_report")
    assert not access.staff_may(UserFactory(is_staff=True), "profiles.change_report")
    assert not access.staff_may(UserFactory(is_superuser=True), "profiles.change_report")
    with pytest.raises(PermissionDenied):
        services.review_report(
            report=report, by=UserFactory(is_superuser=True), status=Report.Status.REVIEWED
        )


def test_the_staff_emails_go_to_active_staff():
    staff = StaffFactory()
    StaffFactory(is_active=False)
    UserFactory(is_superuser=True)
    ReporterFactory()

    assert list(staff_to_notify()) == [staff]


def test_admin_actions_ask_for_staff_status():
    """Both actions answer alike now: a superuser without staff status cannot open the admin
    where they are, and the services behind them refuse her too (attendance at a community
    event let her through; at the preparatory meeting the mentors' item refused her)."""
    superuser = UserFactory(is_superuser=True)
    mentor = MentorFactory()
    registration = RegistrationFactory(
        event=EventFactory(kind="community", starts_at=timezone.now() - timedelta(hours=1))
    )

    with pytest.raises(PermissionDenied):
        services.mark_preparatory_meeting_attended(profiles=[mentor.profile], by=superuser)
    with pytest.raises(PermissionDenied):
        resource_services.mark_attended(registrations=[registration], by=superuser)

    assert resource_services.mark_attended(registrations=[registration], by=StaffFactory()) == 1


# --- program staff: the program on the site ---------------------------------------------------


@pytest.mark.parametrize("kind", ["staff", "superuser_without_staff_status"])
def test_program_staff_run_the_program_without_onboarding(client, kind):
    client.force_login(PEOPLE[kind]())

    dashboard = client.get(reverse("dashboard"))
    role_page = client.get(reverse("profiles:onboarding_role"))
    nav = _nav(client)

    assert dashboard.status_code == 200
    assert "Program dashboard" in dashboard.text
    assert role_page.url == reverse("dashboard")
    for page in ("reports:reports_dashboard", "resources:library", "resources:event_list"):
        assert f'href="{reverse(page)}"' in nav
    assert client.get(reverse("reports:reports_dashboard")).status_code == 200


@pytest.mark.parametrize("kind", ["staff", "superuser_without_staff_status"])
def test_program_staff_see_every_event_and_its_link(client, kind):
    event = EventFactory(is_published=False, audience="both")
    client.force_login(PEOPLE[kind]())

    page = client.get(reverse("resources:event_detail", args=[event.public_id]))
    ics = client.get(reverse("resources:event_ics", args=[event.public_id]))

    assert page.status_code == 200
    assert f'href="{event.online_link}"' in page.text
    assert event.online_link in ics.content.decode()


def test_a_participant_is_not_program_staff(client):
    event = EventFactory(audience="both")
    client.force_login(MenteeFactory())

    page = client.get(reverse("resources:event_detail", args=[event.public_id]))

    assert event.online_link not in page.text
    assert f'href="{reverse("reports:reports_dashboard")}"' not in _nav(client)
    assert client.get(reverse("reports:reports_dashboard")).status_code == 403


# --- reporters -----------------------------------------------------------------------------


def test_a_reporter_reads_the_report_without_onboarding(client):
    reporter = ReporterFactory()
    client.force_login(reporter)

    dashboard = client.get(reverse("dashboard"))

    assert "You have reporting access." in dashboard.text
    assert client.get(reverse("profiles:onboarding_role")).url == reverse("dashboard")
    assert f'href="{reverse("reports:reports_dashboard")}"' in _nav(client)
    assert client.get(reverse("reports:reports_dashboard")).status_code == 200
    assert not participant_profiles().filter(user=reporter).exists()


def test_a_reporter_who_took_a_role_is_a_participant_on_the_site(client):
    """She keeps the report (it is hers to read), but the site treats her as the mentor she
    is: her own dashboard, no link to the report in the navigation."""
    mentor = _reporting_mentor()
    client.force_login(mentor)

    dashboard = client.get(reverse("dashboard"))

    assert "Program dashboard" not in dashboard.text
    assert not access.runs_the_program(mentor, mentor.profile)
    assert f'href="{reverse("reports:reports_dashboard")}"' not in _nav(client)
    assert client.get(reverse("reports:reports_dashboard")).status_code == 200
    assert not participant_profiles().filter(user=mentor).exists()


def test_a_reporter_is_a_stranger_to_the_participants_pages(client):
    """The spec gives a reporter the dashboard and the exports, nothing else: the directory, a
    mentor's page, the events, the library, the safety pages and her requests and mentorships
    answer 403, even after she filled in a profile, and the navigation offers none of them."""
    mentor = MentorFactory()
    event = EventFactory(audience="both")
    reporter = ReporterFactory()
    Profile.objects.filter(user=reporter).update(onboarded_at=timezone.now())
    client.force_login(reporter)
    pages = [
        reverse("matching:directory"),
        reverse("matching:mentor_detail", args=[mentor.presentation.public_id]),
        reverse("matching:request_list"),
        reverse("cycles:mentorship_list"),
        reverse("resources:event_list"),
        reverse("resources:event_detail", args=[event.public_id]),
        reverse("resources:library"),
        reverse("safety:safety_blocked"),
        reverse("safety:safety_person", args=["directory", mentor.presentation.public_id]),
    ]

    answers = {page: client.get(page).status_code for page in pages}
    block = client.post(
        reverse("safety:safety_block", args=["directory", mentor.presentation.public_id])
    )
    sign_up = client.post(reverse("resources:event_sign_up", args=[event.public_id]))

    assert set(answers.values()) == {403}, answers
    assert (block.status_code, sign_up.status_code) == (403, 403)
    assert not reporter.blocks_made.exists()
    assert not event.registrations.filter(user=reporter).exists()
    nav = _nav(client)
    assert reverse("resources:library") not in nav
    assert reverse("resources:event_list") not in nav
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get(reverse("reports:reports_dashboard")).status_code == 200
    assert client.get(reverse("exports:export_list")).status_code == 200
    assert client.get(reverse("profiles:account_data")).status_code == 200


def test_a_reporter_who_took_a_role_uses_the_participants_pages(client):
    client.force_login(_reporting_mentor())

    assert client.get(reverse("matching:directory")).status_code == 200
    assert client.get(reverse("resources:library")).status_code == 200


def test_may_open_area():
    reporter, mentee, staff = ReporterFactory(), MenteeFactory(), StaffFactory()
    reporter_profile = services.ensure_profile(user=reporter)
    staff_profile = services.ensure_profile(user=staff)

    assert access.is_reporter_only(reporter, reporter_profile)
    assert not access.may_open_area(reporter, reporter_profile, "matching")
    assert access.may_open_area(reporter, reporter_profile, "reports")
    assert access.may_open_area(reporter, reporter_profile, "")
    assert access.may_open_area(mentee, mentee.profile, "matching")
    assert access.may_open_area(staff, staff_profile, "resources")
