"""The back office for events: the event list with its places, the read-only sign-ups, the
"Mark as attended" action, which ticks the mentor's checklist on her dashboard, and the start
entered in the event's own time zone."""

import html
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from resources.models import Event, Registration
from tests.factories import (
    EventFactory,
    MenteeFactory,
    MentorFactory,
    RegistrationFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

EVENTS = "admin:resources_event_changelist"
SIGN_UPS = "admin:resources_registration_changelist"


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def started(**kwargs) -> Event:
    return EventFactory(starts_at=timezone.now() - timedelta(hours=1), **kwargs)


# --- smoke: lists, search, filters, add pages ------------------------------------------------


def test_the_event_list_shows_the_places_taken(staff_client):
    event = EventFactory(title="Preparatory meeting", capacity=20)
    RegistrationFactory.create_batch(3, event=event)
    RegistrationFactory(event=event, cancelled_at=timezone.now())
    EventFactory(title="Open evening", capacity=None)

    response = staff_client.get(reverse(EVENTS))

    assert response.status_code == 200
    page = text(response)
    assert re.search(r"Preparatory meeting .*? 3 / 20", page)
    assert re.search(r"Open evening .*? 0 / –", page)


@pytest.mark.parametrize(
    "query",
    [
        {"q": "Preparatory"},
        {"kind__exact": "community"},
        {"audience__exact": "mentor"},
        {"is_published__exact": "0"},
        {"o": "4"},  # by places taken
    ],
)
def test_the_event_list_searches_filters_and_sorts(staff_client, query):
    EventFactory(title="Preparatory meeting")
    EventFactory(kind=Event.Kind.COMMUNITY, title="Evening", audience="both", is_published=False)

    response = staff_client.get(reverse(EVENTS), query)

    assert response.status_code == 200
    assert response.context["cl"].result_count == (2 if "o" in query else 1)


def test_the_event_page_lists_its_sign_ups_read_only(staff_client):
    registration = RegistrationFactory(user=MentorFactory(profile__display_name="Lise"))

    response = staff_client.get(
        reverse("admin:resources_event_change", args=[registration.event.pk])
    )

    assert response.status_code == 200
    page = text(response)
    assert f"Lise <{registration.user.email}>" in page
    assert 'name="registrations-0-attended_at"' not in response.text  # nothing to edit there


def test_the_add_pages(staff_client):
    assert staff_client.get(reverse("admin:resources_event_add")).status_code == 200
    assert staff_client.get(reverse("admin:resources_registration_add")).status_code == 403


@pytest.mark.parametrize(
    "query", [{}, {"q": "mentor"}, {"attended": "yes"}, {"attended": "no"}, {"cancelled": "yes"}]
)
def test_the_sign_up_list_searches_and_filters(staff_client, query):
    RegistrationFactory(event=started(), attended_at=timezone.now())
    RegistrationFactory(cancelled_at=timezone.now())

    response = staff_client.get(reverse(SIGN_UPS), query)

    assert response.status_code == 200
    expected = {"": 2, "q": 2, "attended": 1, "cancelled": 1}[next(iter(query), "")]
    assert response.context["cl"].result_count == expected


def test_the_sign_up_list_filters_by_event(staff_client):
    registration = RegistrationFactory()
    RegistrationFactory()

    response = staff_client.get(reverse(SIGN_UPS), {"event__id__exact": registration.event.pk})

    assert list(response.context["cl"].result_list) == [registration]


def test_a_sign_up_page_is_read_only(staff_client):
    registration = RegistrationFactory()
    url = reverse("admin:resources_registration_change", args=[registration.pk])

    response = staff_client.get(url)

    assert response.status_code == 200
    assert 'name="attended_at"' not in response.text
    staff_client.post(url, {"attended_at": "2030-01-01 10:00"})
    assert Registration.objects.get(pk=registration.pk).attended_at is None


# --- marking attendance ----------------------------------------------------------------------


def mark(client, registrations):
    return client.post(
        reverse(SIGN_UPS),
        {"action": "mark_as_attended", "_selected_action": [r.pk for r in registrations]},
        follow=True,
    )


def test_mark_as_attended_confirms_the_count(staff_client):
    event = started()
    came = RegistrationFactory.create_batch(2, event=event)
    absent = RegistrationFactory(event=event)

    response = mark(staff_client, came)

    assert "2 sign-ups marked as attended." in text(response)
    assert set(Registration.objects.filter(attended_at__isnull=False)) == set(came)
    assert Registration.objects.get(pk=absent.pk).attended_at is None


def test_mark_as_attended_before_the_event_explains_why_not(staff_client):
    registration = RegistrationFactory()

    response = mark(staff_client, [registration])

    assert "Attendance can be marked once the event has started." in text(response)
    assert Registration.objects.get(pk=registration.pk).attended_at is None


def test_marking_the_preparatory_meeting_ticks_her_checklist_on_the_dashboard(client):
    mentor = MentorFactory()
    client.force_login(mentor)
    client.get(reverse("manual"))
    dashboard = client.get(reverse("dashboard"))
    assert "○ Preparatory meeting attended" in dashboard.text
    events = reverse("resources:event_list")
    assert f'href="{events}" class="small">Sign up for the preparatory meeting' in dashboard.text
    # She signs up; the meeting takes place.
    event = EventFactory()
    client.post(reverse("resources:event_sign_up", args=[event.public_id]))
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - timedelta(hours=2))

    client.force_login(StaffFactory())
    response = mark(client, Registration.objects.filter(user=mentor))
    assert "1 sign-up marked as attended." in text(response)

    client.force_login(mentor)
    dashboard = client.get(reverse("dashboard"))
    assert re.search(r'<li class="done" data-key="prepare">', dashboard.text)
    assert "✓ Preparatory meeting attended" in dashboard.text
    assert "Sign up for the preparatory meeting" not in dashboard.text
    page = text(client.get(reverse("resources:event_list")))
    assert "Past The events you attended." in page


def test_participants_cannot_reach_the_action(client):
    registration = RegistrationFactory(event=started())
    client.force_login(MenteeFactory())

    response = client.post(
        reverse(SIGN_UPS), {"action": "mark_as_attended", "_selected_action": [registration.pk]}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert Registration.objects.get(pk=registration.pk).attended_at is None


# --- the start, in the event's time zone -----------------------------------------------------


def event_form(**changes) -> dict:
    return {
        "kind": "community",
        "title": "Meet the mentors",
        "description": "An hour of questions and answers.",
        "starts_at_0": "2030-03-14",
        "starts_at_1": "18:00",
        "time_zone": "Europe/Athens",
        "duration_minutes": "60",
        "online_link": "https://meet.example.org/open-evening",
        "capacity": "",
        "audience": "both",
        "is_published": "on",
        "registrations-TOTAL_FORMS": "0",
        "registrations-INITIAL_FORMS": "0",
        **changes,
    }


def test_staff_enter_the_start_in_the_events_time_zone(staff_client):
    response = staff_client.post(reverse("admin:resources_event_add"), event_form())

    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    assert event.starts_at == datetime(2030, 3, 14, 18, 0, tzinfo=ZoneInfo("Europe/Athens"))
    assert event.capacity is None

    # The form and the list show the event's own wall-clock time, though the staff member's
    # zone is Stockholm, an hour behind Athens.
    page = staff_client.get(reverse("admin:resources_event_change", args=[event.pk]))
    assert 'name="starts_at_1" value="18:00:00"' in page.text
    listed = text(staff_client.get(reverse(EVENTS)))
    assert "Meet the mentors Community event 14/03/2030 18:00 (Europe/Athens) 0 / –" in listed


def test_an_unknown_time_zone_is_refused(staff_client):
    response = staff_client.post(
        reverse("admin:resources_event_add"), event_form(time_zone="Europe/Atlantis")
    )

    assert response.status_code == 200
    assert "time_zone" in response.context["adminform"].form.errors
    assert not Event.objects.exists()
