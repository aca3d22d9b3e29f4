"""The event pages as each role sees them: the list (her audience, places, her sign-up, the
past events she attended), an event's page (times in her zone and the event's, the link only
once signed up), signing up and cancelling, and their query counts."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from resources.models import Event, Registration
from tests.factories import (
    EventFactory,
    MenteeFactory,
    MentorFactory,
    RegistrationFactory,
    ReporterFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

# Thursday 14 March 2030, 18:00 in Stockholm.
STOCKHOLM_SIX_PM = datetime(2030, 3, 14, 18, 0, tzinfo=ZoneInfo("Europe/Stockholm"))


def text(response) -> str:
    """The page's text, tags and repeated spaces removed."""
    page = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(page.replace("&#x27;", "'").split())


def titles(response) -> list[str]:
    return re.findall(r'class="stretched-link" href="[^"]+">([^<]+)</a>', response.text)


@pytest.fixture
def events():
    return {
        "prep": EventFactory(title="Preparatory meeting", audience="mentor"),
        "all": EventFactory(
            kind=Event.Kind.COMMUNITY,
            title="Community evening",
            audience="both",
            starts_at=timezone.now() + timedelta(days=3),
        ),
        "mentees": EventFactory(
            kind=Event.Kind.COMMUNITY, title="Mentee meetup", audience="mentee", capacity=None
        ),
        "hidden": EventFactory(title="Draft event", audience="both", is_published=False),
        "past": EventFactory(
            title="Last month's meeting", starts_at=timezone.now() - timedelta(days=30)
        ),
    }


# --- the list --------------------------------------------------------------------------------


def test_a_mentor_sees_the_upcoming_events_for_her(client, events):
    client.force_login(MentorFactory())

    response = client.get(reverse("resources:event_list"))

    assert response.status_code == 200
    assert titles(response) == ["Community evening", "Preparatory meeting"]


def test_a_mentee_sees_the_upcoming_events_for_her(client, events):
    client.force_login(MenteeFactory())

    response = client.get(reverse("resources:event_list"))

    assert titles(response) == ["Community evening", "Mentee meetup"]


def test_staff_see_every_upcoming_event_published_or_not(client, events):
    client.force_login(StaffFactory())

    response = client.get(reverse("resources:event_list"))

    assert titles(response) == [
        "Community evening",
        "Preparatory meeting",
        "Mentee meetup",
        "Draft event",
    ]
    assert "Not published" in response.text
    assert reverse("admin:resources_event_changelist") in response.text


def test_a_reporter_has_no_events(client, events):
    """A reporter reads the report and nothing else of the program's (SPEC §2)."""
    client.force_login(ReporterFactory())

    response = client.get(reverse("resources:event_list"))

    assert response.status_code == 403


def test_the_list_shows_the_places_and_her_sign_up(client):
    mentor = MentorFactory()
    three_left = EventFactory(title="Three left", capacity=5)
    RegistrationFactory.create_batch(2, event=three_left)
    RegistrationFactory(event=three_left, cancelled_at=timezone.now())  # gave her place back
    full = EventFactory(title="Full one", capacity=1)
    RegistrationFactory(event=full)
    mine = EventFactory(title="Mine", capacity=None)
    RegistrationFactory(event=mine, user=mentor)
    client.force_login(mentor)

    page = text(client.get(reverse("resources:event_list")))

    assert "Three left" in page.split("3 places left")[0]
    assert "Full one Thursday" not in page  # each card carries its own badges
    assert re.search(r"Full one .*? Full\b", page)
    assert re.search(r"Mine .*? ✓ You are signed up No limit on places", page)
    assert page.count("You are signed up") == 1


def test_one_place_left_is_singular(client):
    event = EventFactory(capacity=2)
    RegistrationFactory(event=event)
    client.force_login(MentorFactory())

    assert "1 place left" in text(client.get(reverse("resources:event_list")))


def test_times_are_in_her_time_zone(client):
    EventFactory(starts_at=STOCKHOLM_SIX_PM, duration_minutes=90)
    client.force_login(MentorFactory(profile__timezone="Europe/London"))

    page = text(client.get(reverse("resources:event_list")))

    assert "Thursday 14 March 2030, 17:00–18:30" in page
    assert "your time zone (Europe/London)" in page


def test_past_events_she_attended_are_under_past(client, events):
    mentor = MentorFactory()
    RegistrationFactory(event=events["past"], user=mentor, attended_at=timezone.now())
    skipped = EventFactory(title="Skipped", starts_at=timezone.now() - timedelta(days=9))
    RegistrationFactory(event=skipped, user=mentor)  # signed up but did not come
    client.force_login(mentor)

    page = text(client.get(reverse("resources:event_list")))

    upcoming, past = page.split("Past The events you attended.")
    assert "Last month's meeting" in past
    assert "Attended" in past
    assert "Last month's meeting" not in upcoming
    assert "Skipped" not in page


def test_no_past_heading_without_attended_events(client, events):
    client.force_login(MentorFactory())

    assert "Past" not in text(client.get(reverse("resources:event_list")))


def test_the_empty_state(client):
    EventFactory(starts_at=timezone.now() - timedelta(days=1))
    client.force_login(MentorFactory())

    page = text(client.get(reverse("resources:event_list")))

    assert "No events are planned right now." in page


def test_an_event_under_way_is_still_listed_until_it_ends(client):
    EventFactory(
        title="Under way", starts_at=timezone.now() - timedelta(minutes=30), duration_minutes=60
    )
    EventFactory(
        title="Over", starts_at=timezone.now() - timedelta(minutes=90), duration_minutes=60
    )
    client.force_login(MentorFactory())

    response = client.get(reverse("resources:event_list"))

    assert titles(response) == ["Under way"]
    assert "Happening now" in response.text


# Session, user, profile and "accepted the current code?" (middleware); the events with their
# places and her sign-up; the past events she attended.
LIST_QUERIES = 7


@pytest.mark.parametrize("rows", [1, 8], ids=["one", "many"])
def test_the_list_query_count_is_constant(client, django_assert_num_queries, rows):
    mentor = MentorFactory()
    for index in range(rows):
        event = EventFactory(capacity=None if index % 2 else 10)
        RegistrationFactory.create_batch(2, event=event)
        RegistrationFactory(event=event, user=mentor)
        past = EventFactory(starts_at=timezone.now() - timedelta(days=index + 1))
        RegistrationFactory(event=past, user=mentor, attended_at=timezone.now())
    client.force_login(mentor)

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("resources:event_list"))

    assert len(titles(response)) == 2 * rows


# --- an event's page -------------------------------------------------------------------------


def test_the_event_page_before_she_signs_up(client):
    event = EventFactory(
        title="Preparatory meeting",
        description="We go through the manual.\nBring your questions.",
        starts_at=STOCKHOLM_SIX_PM,
        duration_minutes=90,
        capacity=20,
    )
    RegistrationFactory.create_batch(3, event=event)
    client.force_login(MentorFactory(profile__timezone="Europe/Stockholm"))

    response = client.get(reverse("resources:event_detail", args=[event.public_id]))
    page = text(response)

    assert response.status_code == 200
    assert "We go through the manual.\nBring your questions." in response.text
    assert "Thursday 14 March 2030, 18:00–19:30 your time (Europe/Stockholm)" in page
    assert "the event's time zone" not in page  # the same zone as hers
    assert "90 minutes" in page
    assert "17 places left 3 of 20 places taken" in page
    assert event.online_link not in response.text
    assert "The link is shown here once you have signed up." in page
    assert reverse("resources:event_sign_up", args=[event.public_id]) in response.text
    assert reverse("resources:event_ics", args=[event.public_id]) in response.text
    assert reverse("resources:event_cancel", args=[event.public_id]) not in response.text


def test_the_event_page_shows_the_events_zone_too_when_hers_differs(client):
    event = EventFactory(starts_at=STOCKHOLM_SIX_PM, duration_minutes=60)
    client.force_login(MentorFactory(profile__timezone="America/New_York"))

    page = text(client.get(reverse("resources:event_detail", args=[event.public_id])))

    assert "Thursday 14 March 2030, 13:00–14:00 your time (America/New_York)" in page
    assert "In Europe/Stockholm, the event's time zone: Thursday 14 March 2030, 18:00–19:00" in page


def test_once_signed_up_she_sees_the_link_and_can_cancel(client):
    registration = RegistrationFactory()
    event = registration.event
    client.force_login(registration.user)

    response = client.get(reverse("resources:event_detail", args=[event.public_id]))

    assert "You are signed up" in text(response)
    assert f'href="{event.online_link}"' in response.text
    assert reverse("resources:event_cancel", args=[event.public_id]) in response.text
    assert reverse("resources:event_sign_up", args=[event.public_id]) not in response.text


def test_a_full_event_says_so_and_offers_no_sign_up(client):
    event = EventFactory(capacity=2)
    RegistrationFactory.create_batch(2, event=event)
    client.force_login(MentorFactory())

    response = client.get(reverse("resources:event_detail", args=[event.public_id]))

    assert "This event is full." in text(response)
    assert reverse("resources:event_sign_up", args=[event.public_id]) not in response.text


def test_a_full_event_still_shows_her_own_place(client):
    event = EventFactory(capacity=1)
    registration = RegistrationFactory(event=event)
    client.force_login(registration.user)

    page = text(client.get(reverse("resources:event_detail", args=[event.public_id])))

    assert "You are signed up" in page
    assert "This event is full." not in page


def test_another_persons_sign_up_is_never_shown(client):
    other = RegistrationFactory(user=MentorFactory(profile__display_name="Rosalind"))
    client.force_login(MentorFactory())

    response = client.get(reverse("resources:event_detail", args=[other.event.public_id]))

    assert "You are signed up" not in response.text
    assert "Rosalind" not in response.text
    assert other.user.email not in response.text
    assert other.event.online_link not in response.text


def test_after_the_event_she_attended_the_page_says_so(client):
    registration = RegistrationFactory(
        event=EventFactory(starts_at=timezone.now() - timedelta(days=2)),
        attended_at=timezone.now(),
    )
    client.force_login(registration.user)

    response = client.get(reverse("resources:event_detail", args=[registration.event.public_id]))

    assert "You attended this event." in text(response)
    assert (
        reverse("resources:event_cancel", args=[registration.event.public_id]) not in response.text
    )


def test_staff_see_the_link_but_no_sign_up_button(client):
    event = EventFactory()
    client.force_login(StaffFactory())

    response = client.get(reverse("resources:event_detail", args=[event.public_id]))

    assert event.online_link in response.text
    assert reverse("resources:event_sign_up", args=[event.public_id]) not in response.text
    assert "The program's mentors and mentees sign up here." in text(response)


def test_an_unpublished_event_is_a_404_but_for_staff(client):
    event = EventFactory(is_published=False, audience="both")
    url = reverse("resources:event_detail", args=[event.public_id])

    for user in (MentorFactory(), MenteeFactory()):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(ReporterFactory())
    assert client.get(url).status_code == 403  # as for a published one: no event is hers
    client.force_login(StaffFactory())
    response = client.get(url)
    assert response.status_code == 200
    assert "This event is not published" in response.text


def test_an_event_for_the_other_role_is_a_404(client):
    client.force_login(MenteeFactory())

    response = client.get(
        reverse("resources:event_detail", args=[EventFactory(audience="mentor").public_id])
    )

    assert response.status_code == 404


# Middleware (4); the event with its places and her sign-up; her own sign-up.
DETAIL_QUERIES = 7


@pytest.mark.parametrize("rows", [1, 15], ids=["one", "many"])
def test_the_event_page_query_count_is_constant(client, django_assert_num_queries, rows):
    event = EventFactory(capacity=30)
    RegistrationFactory.create_batch(rows, event=event)
    client.force_login(MentorFactory())

    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(reverse("resources:event_detail", args=[event.public_id]))

    assert f"{rows} of 30 places taken" in text(response)


# --- signing up and cancelling ---------------------------------------------------------------


def test_signing_up_from_the_page(client, django_capture_on_commit_callbacks):
    event, mentor = EventFactory(), MentorFactory()
    client.force_login(mentor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("resources:event_sign_up", args=[event.public_id]), follow=True
        )

    assert response.redirect_chain == [
        (reverse("resources:event_detail", args=[event.public_id]), 302)
    ]
    page = text(response)
    assert "You are signed up. We have sent you an email with the link and a calendar file." in page
    assert event.online_link in response.text
    assert Registration.objects.get().user == mentor
    assert len(mail.outbox) == 1


def test_signing_up_for_a_full_event_shows_why(client):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    client.force_login(MentorFactory())

    response = client.post(reverse("resources:event_sign_up", args=[event.public_id]), follow=True)

    assert "This event is full." in text(response)
    assert Registration.objects.filter(event=event).count() == 1


def test_signing_up_is_post_only(client):
    client.force_login(MentorFactory())

    response = client.get(reverse("resources:event_sign_up", args=[EventFactory().public_id]))

    assert response.status_code == 405
    assert not Registration.objects.exists()


def test_a_mentee_cannot_sign_up_for_a_mentors_event_by_its_address(client):
    client.force_login(MenteeFactory())

    response = client.post(reverse("resources:event_sign_up", args=[EventFactory().public_id]))

    assert response.status_code == 404
    assert not Registration.objects.exists()


def test_cancelling_asks_first_then_frees_the_place(client):
    registration = RegistrationFactory()
    event = registration.event
    client.force_login(registration.user)
    url = reverse("resources:event_cancel", args=[event.public_id])

    confirm = client.get(url)
    assert "Cancel your sign-up?" in text(confirm)
    assert "Yes, cancel my sign-up" in text(confirm)
    assert Registration.objects.get().is_active

    response = client.post(url, follow=True)

    assert response.redirect_chain == [
        (reverse("resources:event_detail", args=[event.public_id]), 302)
    ]
    assert "Your sign-up is cancelled. Your place is free again." in text(response)
    assert not Registration.objects.get().is_active
    assert reverse("resources:event_sign_up", args=[event.public_id]) in response.text


def test_cancelling_without_a_sign_up_goes_back_to_the_event(client):
    event = EventFactory()
    client.force_login(MentorFactory())

    response = client.post(reverse("resources:event_cancel", args=[event.public_id]), follow=True)

    assert "You are not signed up for this event." in text(response)


def test_cancelling_after_the_start_is_refused(client):
    registration = RegistrationFactory(
        event=EventFactory(starts_at=timezone.now() - timedelta(minutes=10))
    )
    client.force_login(registration.user)
    url = reverse("resources:event_cancel", args=[registration.event.public_id])

    assert "Yes, cancel my sign-up" not in text(client.get(url))
    response = client.post(url)

    assert response.status_code == 200
    assert "This event has already started." in text(response)
    assert Registration.objects.get().is_active


# --- the navigation --------------------------------------------------------------------------


@pytest.mark.parametrize("factory", [MentorFactory, MenteeFactory, StaffFactory])
def test_the_navbar_links_to_the_events(client, factory):
    client.force_login(factory())

    response = client.get(reverse("dashboard"))

    assert f'href="{reverse("resources:event_list")}">Events</a>' in response.text
