"""The dashboard: each role's onboarding checklist, ticked from what the user actually did."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cycles.models import Mentorship
from profiles.models import Profile
from tests.factories import (
    ConnectionRequestFactory,
    ExpertiseAreaFactory,
    MeetingFactory,
    MenteeFactory,
    MentorFactory,
    MentorPresentationFactory,
    MentorshipFactory,
    SpokenLanguageFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def checklist(response) -> dict[str, bool]:
    """The dashboard's checklist as {item key: ticked}, in the order shown."""
    items = re.findall(r'<li class="(done|)" data-key="([a-z_]+)">', response.content.decode())
    return {key: state == "done" for state, key in items}


def next_step(response) -> str | None:
    match = re.search(r'href="([^"]*)" id="next-step"', response.content.decode())
    return match.group(1) if match else None


def onboard(client, role: str) -> None:
    """Take the onboarding steps as a new user does."""
    client.post(reverse("profiles:onboarding_role"), {"role": role})
    client.post(reverse("profiles:onboarding_conduct"), {"accept": "on"})
    response = client.post(
        reverse("profiles:onboarding_profile"),
        {
            "display_name": "Lise",
            "country": "AT",
            "stage": "experienced",
            "bio": "Physicist.",
            "expertise": [ExpertiseAreaFactory(slug="physics").pk],
            "languages": [SpokenLanguageFactory(code="de", name_en="German").pk],
            "style_flash": "on",
            "hours_per_month": "2",
            "timezone": "Europe/Vienna",
            "language": "en",
            "birth_date": "1979-11-07",
        },
    )
    assert response["Location"] == reverse("dashboard")


def test_mentor_checklist_ticks_from_what_she_did(client):
    client.force_login(UserFactory())
    onboard(client, "mentor")

    response = client.get(reverse("dashboard"))
    assert checklist(response) == {
        "register": True,
        "conduct": True,
        "prepare": False,
        "presentation": False,
        "resources": False,
    }
    assert next_step(response) == reverse("manual")
    assert "Next step: Read the manual" in response.text

    client.get(reverse("manual"))
    response = client.get(reverse("dashboard"))
    assert checklist(response)["prepare"] is False  # the meeting is still to come
    assert "✓ Manual read" in response.text
    assert "○ Preparatory meeting attended" in response.text
    # She signs up for the preparatory meeting on the events page; staff mark her attendance.
    assert next_step(response) == reverse("resources:event_list")
    assert "Next step: Sign up for the preparatory meeting" in response.text

    mentor = Profile.objects.get(display_name="Lise").user
    client.force_login(StaffFactory())
    client.post(
        reverse("admin:profiles_profile_changelist"),
        {"action": "mark_preparatory_meeting", "_selected_action": [mentor.profile.pk]},
    )
    client.force_login(mentor)
    response = client.get(reverse("dashboard"))
    assert checklist(response)["prepare"] is True
    assert "✓ Preparatory meeting attended" in response.text
    assert "3 of 5 done" in response.text

    MentorPresentationFactory(mentor=mentor)  # published and approved
    response = client.get(reverse("dashboard"))
    assert checklist(response)["presentation"] is True
    assert "4 of 5 done" in response.text
    assert next_step(response) == reverse("resources:library")
    assert "Next step: Explore the resources" in response.text

    client.get(reverse("resources:library"))
    response = client.get(reverse("dashboard"))
    assert checklist(response)["resources"] is True
    assert "5 of 5 done" in response.text
    assert next_step(response) is None


def test_mentee_checklist_ticks_from_what_she_did(client):
    client.force_login(UserFactory())
    onboard(client, "mentee")

    response = client.get(reverse("dashboard"))
    assert checklist(response) == {
        "register": True,
        "choose_mentor": False,
        "conduct": True,
        "manual": False,
        "first_meeting": False,
    }
    assert next_step(response) == reverse("manual")
    assert "2 of 5 done" in response.text

    client.get(reverse("manual"))
    response = client.get(reverse("dashboard"))
    assert checklist(response)["manual"] is True
    assert "3 of 5 done" in response.text
    # Her mentor is still to be found; exploring the resources she can do now.
    assert next_step(response) == reverse("resources:library")
    assert "○ Resources explored" in response.text

    client.get(reverse("resources:library"))
    response = client.get(reverse("dashboard"))
    assert "✓ Resources explored" in response.text
    assert checklist(response)["first_meeting"] is False  # no first meeting yet
    assert next_step(response) is None

    mentee = Profile.objects.get(display_name="Lise").user
    ConnectionRequestFactory(mentee=mentee, status="pending")
    assert checklist(client.get(reverse("dashboard")))["choose_mentor"] is False
    ConnectionRequestFactory(mentee=mentee, status="accepted")
    response = client.get(reverse("dashboard"))
    assert checklist(response)["choose_mentor"] is True
    assert "4 of 5 done" in response.text


def test_a_meeting_that_took_place_stays_done_after_the_cycle_ended(client):
    mentorship = MentorshipFactory(status=Mentorship.Status.COMPLETED)
    MeetingFactory(mentorship=mentorship)
    client.force_login(mentorship.mentee)

    response = client.get(reverse("dashboard"))

    assert "✓ First meeting scheduled" in response.text


def test_a_cancelled_meeting_is_not_a_first_meeting(client):
    mentorship = MentorshipFactory()
    MeetingFactory(mentorship=mentorship, cancelled_at=timezone.now())
    client.force_login(mentorship.mentee)

    response = client.get(reverse("dashboard"))

    assert "○ First meeting scheduled" in response.text


def test_the_manual_counts_only_for_the_user_who_opened_it(client):
    reader, other = MenteeFactory(), MenteeFactory()
    client.force_login(reader)
    client.get(reverse("manual"))

    client.force_login(other)
    response = client.get(reverse("dashboard"))

    assert checklist(response)["manual"] is False
    assert Profile.objects.get(user=reader).manual_read_at is not None


def test_anonymous_reading_of_the_manual_records_nothing(client):
    mentee = MenteeFactory()

    assert client.get(reverse("manual")).status_code == 200

    assert Profile.objects.get(user=mentee).manual_read_at is None


def test_dashboard_shows_profile_completeness(client):
    client.force_login(MentorFactory(profile__meeting_handle=""))

    response = client.get(reverse("dashboard"))

    assert "Your profile is 83% complete" in response.text
    missing = response.text.split("Still missing:")[1].split("</ul>")[0]
    assert re.findall(r"<li>([^<]+)</li>", missing) == ["Contact for meetings", "Photo"]


def test_staff_see_the_program_dashboard(client):
    client.force_login(StaffFactory())

    response = client.get(reverse("dashboard"))

    assert response.status_code == 200
    assert "Program dashboard" in response.text
    assert reverse("admin:index") in response.text
    assert 'id="next-step"' not in response.text


def test_reporters_see_their_dashboard_without_onboarding(client, reporter_user):
    client.force_login(reporter_user)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 200
    assert "You have reporting access." in response.text
    assert "Open the administration" not in response.text


# Both: session, user, profile and "accepted the current code?" (middleware); her active
# mentorships; the profile's two lists (completeness); the checklist's "accepted the current
# code?"; her unread notifications (the menu). Then the matching step: the mentee's accepted
# request, the mentor's presentation; her first visit to the resource library. The mentee's
# first meeting is sought in all her mentorships, ended ones too: one query. The next steps
# (core.steps): the mentor's pending requests; her active mentorships with their agreements
# and meetings; the meetings to reflect on; the final evaluations waiting; her match rounds
# (one query for the rounds' card and step, none open).
DASHBOARD_QUERIES = {"mentee": 15, "mentor": 15}


@pytest.mark.parametrize("role", ["mentee", "mentor"])
@pytest.mark.parametrize("rows", [1, 6], ids=["one-of-each", "many"])
def test_dashboard_query_count_is_constant(client, django_assert_num_queries, role, rows):
    areas = [ExpertiseAreaFactory(slug=f"area-{n}") for n in range(rows)]
    languages = [SpokenLanguageFactory(code=f"l{n}", name_en=f"Language {n}") for n in range(rows)]
    factory = MenteeFactory if role == "mentee" else MentorFactory
    user = factory(profile__expertise=areas, profile__languages=languages)
    client.force_login(user)
    client.get(reverse("manual"))

    with django_assert_num_queries(DASHBOARD_QUERIES[role]):
        response = client.get(reverse("dashboard"))

    assert response.status_code == 200
    assert len(checklist(response)) == 5


@pytest.mark.parametrize(
    "changes",
    [{}, {"phase": 4}, {"style": "flash"}, {"status": "completed"}],
    ids=["phase-2", "closure", "flash", "completed"],
)
def test_the_queries_do_not_depend_on_where_her_mentorship_stands(
    client, django_assert_num_queries, changes
):
    mentee = MenteeFactory()
    MentorshipFactory(mentee=mentee, **{"phase": 2, **changes})
    client.force_login(mentee)
    client.get(reverse("manual"))

    with django_assert_num_queries(DASHBOARD_QUERIES["mentee"]):
        response = client.get(reverse("dashboard"))

    assert response.status_code == 200
