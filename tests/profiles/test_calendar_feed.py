"""Her personal calendar feed: the Calendar page of her account (make an address, make a new
one, turn it off), the feed read by her calendar app with the token alone (her agreed meetings
and event sign-ups, gathered through core.calendar_feed), and what her erasure and her data
export do with it."""

import html
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from cycles import services as cycle_services
from cycles.models import Meeting
from profiles import privacy, selectors, services
from profiles.models import CalendarFeed
from resources import services as event_services
from tests.factories import (
    PASSWORD,
    CalendarFeedFactory,
    EventFactory,
    MeetingFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

TOKEN_IN_ADDRESS = re.compile(r"/calendar/([A-Za-z0-9_-]+)\.ics")


@pytest.fixture
def pair():
    mentor = MentorFactory(profile__display_name="Katherine")
    mentee = MenteeFactory(profile__display_name="Mae")
    return MentorshipFactory(mentor=mentor, mentee=mentee)


def feed_path(token: str) -> str:
    return reverse("profiles:calendar_feed", args=[token])


def entries(response) -> dict[str, object]:
    """The feed's events, by UID."""
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def page_text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def make_address(client, user) -> str:
    """She makes her address on the Calendar page; the token as the page shows it."""
    client.force_login(user)
    response = client.post(reverse("profiles:calendar"))
    assert response.status_code == 200
    [token] = set(TOKEN_IN_ADDRESS.findall(response.content.decode()))
    client.logout()
    return token


# --- the feed's contents -------------------------------------------------------------------


def test_the_feed_holds_her_agreed_meetings_and_sign_ups_not_anyone_elses(client, pair):
    agreed = MeetingFactory(mentorship=pair, location="https://meet.example.org/katherine-mae")
    proposed = MeetingFactory(mentorship=pair, status=Meeting.Status.PROPOSED)
    declined = MeetingFactory(mentorship=pair, status=Meeting.Status.DECLINED)
    other_pair = MeetingFactory()
    event = EventFactory(audience="both", title="Women in STEM meetup")
    RegistrationFactory(event=event, user=pair.mentee)
    not_hers = EventFactory(audience="both", title="An event she skipped")
    RegistrationFactory(event=not_hers, user=MenteeFactory())
    token = make_address(client, pair.mentee)

    found = entries(Client().get(feed_path(token)))

    assert set(found) == {f"{agreed.public_id}@westem.eu", f"event-{event.public_id}@westem.eu"}
    meeting = found[f"{agreed.public_id}@westem.eu"]
    assert str(meeting["summary"]) == "WESTEM mentoring: Katherine and Mae"
    assert str(meeting["location"]) == "https://meet.example.org/katherine-mae"
    assert str(meeting["status"]) == "CONFIRMED"
    assert meeting.decoded("dtstart") == agreed.starts_at
    assert meeting.decoded("dtend") == agreed.ends_at
    sign_up = found[f"event-{event.public_id}@westem.eu"]
    assert str(sign_up["summary"]) == "Women in STEM meetup"
    assert str(sign_up["location"]) == event.online_link  # she signed up: she has the link
    for missing in (proposed, declined, other_pair):
        assert str(missing.public_id) not in found


def test_the_uids_and_sequence_are_those_of_the_meeting_and_event_files(client, pair):
    """A calendar holding a meeting's own .ics and the feed keeps one copy, the newest."""
    meeting = MeetingFactory(mentorship=pair, sequence=3)
    event = EventFactory(audience="both")
    RegistrationFactory(event=event, user=pair.mentee)
    token = make_address(client, pair.mentee)
    client.force_login(pair.mentee)
    [single_meeting] = Calendar.from_ical(
        client.get(reverse("cycles:meeting_ics", args=[meeting.public_id])).content
    ).walk("VEVENT")
    [single_event] = Calendar.from_ical(
        client.get(reverse("resources:event_ics", args=[event.public_id])).content
    ).walk("VEVENT")

    found = entries(Client().get(feed_path(token)))

    assert set(found) == {str(single_meeting["uid"]), str(single_event["uid"])}
    assert found[str(single_meeting["uid"])].decoded("sequence") == 3


def test_a_cancelled_meeting_stays_a_while_as_cancelled_with_a_higher_sequence(client, pair):
    meeting = MeetingFactory(mentorship=pair)
    long_ago = MeetingFactory(
        mentorship=pair,
        starts_at=timezone.now() - timedelta(days=60),
        cancelled_at=timezone.now() - timedelta(days=61),
    )
    token = make_address(client, pair.mentee)
    cycle_services.cancel_meeting(meeting=meeting, by=pair.mentor, note="I am ill, sorry.")

    found = entries(Client().get(feed_path(token)))

    entry = found[f"{meeting.public_id}@westem.eu"]
    assert str(entry["status"]) == "CANCELLED"
    assert entry.decoded("sequence") == 1
    assert f"{long_ago.public_id}@westem.eu" not in found


def test_a_proposal_is_in_the_feed_once_accepted_with_the_sequence_of_its_file(client, pair):
    """Offered times are not agreed: the feed holds the meeting once a time is accepted, with
    the UID and SEQUENCE of its own .ics; a withdrawn proposal never shows."""
    start = timezone.now() + timedelta(days=5)
    data = {
        "times": [start, start + timedelta(days=1)],
        "time_zone": "Europe/Stockholm",
        "duration_minutes": 60,
        "location": "https://meet.example.org/katherine-mae",
    }
    proposal = cycle_services.schedule_meeting(mentorship=pair, by=pair.mentee, data=data)
    withdrawn = cycle_services.schedule_meeting(
        mentorship=pair, by=pair.mentee, data={**data, "times": [start + timedelta(days=2)]}
    )
    cycle_services.withdraw_proposal(meeting=withdrawn, by=pair.mentee)
    token = make_address(client, pair.mentee)

    assert entries(Client().get(feed_path(token))) == {}

    cycle_services.accept_proposal(meeting=proposal, by=pair.mentor, position=2)
    client.force_login(pair.mentee)
    [single] = Calendar.from_ical(
        client.get(reverse("cycles:meeting_ics", args=[proposal.public_id])).content
    ).walk("VEVENT")

    found = entries(Client().get(feed_path(token)))

    assert list(found) == [str(single["uid"])]
    [entry] = found.values()
    assert entry.decoded("sequence") == single.decoded("sequence") == 1
    assert entry.decoded("dtstart") == single.decoded("dtstart")


def test_a_meeting_after_the_mentorship_ended_shows_as_cancelled(client, pair):
    """Ending a mentorship (or erasing an account, which ends hers) cancels its meetings ahead:
    the feed shows them cancelled, one sequence higher, without their place or room link."""
    held = MeetingFactory(mentorship=pair, starts_at=timezone.now() - timedelta(days=2))
    coming = MeetingFactory(
        mentorship=pair,
        starts_at=timezone.now() + timedelta(days=5),
        location="https://meet.example.org/katherine-mae",
        sequence=2,
    )
    token = make_address(client, pair.mentor)
    cycle_services.end_mentorship(mentorship=pair, by=pair.mentee, reason="")

    found = entries(Client().get(feed_path(token)))

    assert str(found[f"{held.public_id}@westem.eu"]["status"]) == "CONFIRMED"
    entry = found[f"{coming.public_id}@westem.eu"]
    assert str(entry["status"]) == "CANCELLED"
    assert entry.decoded("sequence") == 3  # above the meeting's own .ics, which it replaces
    assert "location" not in entry


def test_a_cancelled_sign_up_shows_as_cancelled_without_the_link(client, pair):
    event = EventFactory(audience="both")
    event_services.sign_up(event=event, by=pair.mentee)
    token = make_address(client, pair.mentee)
    event_services.cancel_sign_up(event=event, by=pair.mentee)

    [entry] = entries(Client().get(feed_path(token))).values()

    assert str(entry["status"]) == "CANCELLED"
    assert event.online_link not in str(entry.get("location", ""))
    assert event.online_link not in str(entry["description"])


def test_the_partner_reads_the_same_meeting_in_her_own_feed(client, pair):
    meeting = MeetingFactory(mentorship=pair)
    mentee_token = make_address(client, pair.mentee)
    mentor_token = make_address(client, pair.mentor)

    assert set(entries(Client().get(feed_path(mentee_token)))) == {f"{meeting.public_id}@westem.eu"}
    assert set(entries(Client().get(feed_path(mentor_token)))) == {f"{meeting.public_id}@westem.eu"}


def test_the_feed_is_in_her_language_and_private_to_caches(client, pair):
    pair.mentee.profile.language = "sv"
    pair.mentee.profile.save()
    MeetingFactory(mentorship=pair)
    token = make_address(client, pair.mentee)

    response = Client().get(feed_path(token))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]) == "WESTEM-mentorskap"
    [entry] = calendar.walk("VEVENT")
    assert str(entry["summary"]).startswith("WESTEM-mentorskap")


def test_the_feed_takes_the_same_queries_for_few_and_many_entries(
    client, pair, django_assert_num_queries
):
    token = make_address(client, pair.mentee)
    MeetingFactory(mentorship=pair)
    RegistrationFactory(event=EventFactory(audience="both"), user=pair.mentee)
    anonymous = Client()
    # Her address (with her account and profile), her meetings, her sign-ups.
    with django_assert_num_queries(3):
        few = entries(anonymous.get(feed_path(token)))
    MeetingFactory.create_batch(3, mentorship=pair)
    MeetingFactory(mentorship=MentorshipFactory(mentee=pair.mentee, mentor=MentorFactory()))
    for event in EventFactory.create_batch(2, audience="both"):
        RegistrationFactory(event=event, user=pair.mentee)
    with django_assert_num_queries(3):
        many = entries(anonymous.get(feed_path(token)))

    assert (len(few), len(many)) == (2, 8)


# --- who may read it -----------------------------------------------------------------------


def test_the_feed_needs_no_sign_in_and_an_unknown_token_is_404(client, pair):
    token = make_address(client, pair.mentee)

    one_letter_off = token[:-1] + ("A" if token[-1] != "A" else "B")

    assert Client().get(feed_path(token)).status_code == 200
    assert Client().get(feed_path("x" * 43)).status_code == 404
    assert Client().get(feed_path(one_letter_off)).status_code == 404
    assert Client().get(feed_path("x" * 500)).status_code == 404
    assert Client().post(feed_path(token)).status_code == 405


def test_a_new_address_revokes_the_old_one(client, pair):
    old = make_address(client, pair.mentee)
    client.force_login(pair.mentee)

    confirm = client.get(reverse("profiles:calendar_new"))
    response = client.post(reverse("profiles:calendar_new"))

    assert "stops working at once" in page_text(confirm)
    [new] = set(TOKEN_IN_ADDRESS.findall(response.content.decode()))
    assert new != old
    assert Client().get(feed_path(old)).status_code == 404
    assert Client().get(feed_path(new)).status_code == 200
    assert CalendarFeed.objects.filter(user=pair.mentee).count() == 2
    assert CalendarFeed.objects.active().filter(user=pair.mentee).count() == 1


def test_making_an_address_again_on_the_page_asks_first(client, pair):
    """Sent again from an old tab: the address she has stays until she confirms."""
    token = make_address(client, pair.mentee)
    client.force_login(pair.mentee)

    response = client.post(reverse("profiles:calendar"))

    assert response["Location"] == reverse("profiles:calendar_new")
    assert Client().get(feed_path(token)).status_code == 200


def test_turned_off_the_feed_is_404(client, pair):
    token = make_address(client, pair.mentee)
    client.force_login(pair.mentee)

    confirm = client.get(reverse("profiles:calendar_off"))
    response = client.post(reverse("profiles:calendar_off"), follow=True)

    assert "The address stops working at once" in page_text(confirm)
    assert "Your calendar address is turned off." in page_text(response)
    assert "Make a calendar address" in page_text(response)
    assert Client().get(feed_path(token)).status_code == 404
    assert selectors.calendar_feed_of(pair.mentee) is None


def test_a_deactivated_account_has_no_feed(client, pair):
    token = make_address(client, pair.mentee)
    pair.mentee.is_active = False
    pair.mentee.save(update_fields=["is_active"])

    assert Client().get(feed_path(token)).status_code == 404


def test_the_feed_is_rate_limited_per_token(client, pair, settings):
    settings.CALENDAR_FEED_RATE_LIMITS = "100/m/ip,2/m/key"
    cache.clear()
    token = make_address(client, pair.mentee)
    anonymous = Client()

    statuses = [anonymous.get(feed_path(token)).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_a_refused_feed_never_writes_a_working_token_to_the_log(client, pair, settings, caplog):
    """Django logs every 4xx answer with its path: a token that works, refused for a moment
    (too many reads) or while her account is deactivated, would be in the server's log."""
    settings.CALENDAR_FEED_RATE_LIMITS = "100/m/ip,1/m/key"
    cache.clear()
    token = make_address(client, pair.mentee)
    anonymous = Client()
    caplog.set_level("WARNING")

    assert [anonymous.get(feed_path(token)).status_code for _ in range(2)] == [200, 429]
    cache.clear()
    pair.mentee.is_active = False
    pair.mentee.save(update_fields=["is_active"])
    assert anonymous.get(feed_path(token)).status_code == 404

    logged = [record.getMessage() for record in caplog.records]
    assert logged == [
        "Too Many Requests: /calendar/….ics",
        "Not Found: /calendar/….ics",
    ]
    assert token not in caplog.text


# --- the token ------------------------------------------------------------------------------


def test_the_token_is_kept_only_as_its_hash(client, pair):
    token = make_address(client, pair.mentee)

    feed = CalendarFeed.objects.get(user=pair.mentee)
    stored = [str(value) for value in CalendarFeed.objects.values_list().get(pk=feed.pk)]
    assert token not in " ".join(stored)
    assert feed.token_hash == selectors.feed_token_hash(token)
    assert len(token) >= 43  # 256 random bits


def test_the_page_that_shows_the_token_is_kept_by_no_cache(client, pair):
    """The address is shown once, on the answer to her POST: the browser's cache (the back
    button, a shared computer's disk) or a proxy must not keep that answer."""
    client.force_login(pair.mentee)

    made = client.post(reverse("profiles:calendar"))
    remade = client.post(reverse("profiles:calendar_new"))

    for response in (made, remade):
        assert TOKEN_IN_ADDRESS.search(response.content.decode())
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= directives


def test_the_address_is_shown_once(client, pair):
    token = make_address(client, pair.mentee)
    client.force_login(pair.mentee)

    response = client.get(reverse("profiles:calendar"))

    assert token not in response.content.decode()
    assert "It was shown only once, when you made it." in page_text(response)


def test_the_page_shows_the_webcal_and_https_addresses_with_instructions(client, pair, settings):
    settings.SITE_URL = "https://mentoring.westem.eu"
    client.force_login(pair.mentee)

    response = client.post(reverse("profiles:calendar"))

    page = response.content.decode()
    [token] = set(TOKEN_IN_ADDRESS.findall(page))
    assert f'value="webcal://mentoring.westem.eu/calendar/{token}.ics"' in page
    assert f'value="https://mentoring.westem.eu/calendar/{token}.ics"' in page
    assert f'href="webcal://mentoring.westem.eu/calendar/{token}.ics"' in page
    text = page_text(response)
    assert "Copy it now: for your safety it is shown only this once." in text
    for app in ("Google Calendar", "Apple Calendar", "Outlook"):
        assert app in text
    assert "Open in my calendar app" in text


def test_the_user_menu_links_to_the_calendar_page(client, pair):
    client.force_login(pair.mentee)

    response = client.get(reverse("dashboard"))

    assert f'href="{reverse("profiles:calendar")}"' in response.content.decode()


def test_the_calendar_pages_need_a_login(client):
    for name in ("profiles:calendar", "profiles:calendar_new", "profiles:calendar_off"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_one_working_address_per_person_in_the_database(pair):
    CalendarFeedFactory(user=pair.mentee)

    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarFeedFactory(user=pair.mentee)


def test_a_new_address_from_the_service_turns_off_the_one_before(pair):
    first, _token = services.make_calendar_feed(user=pair.mentee)
    second, _token = services.make_calendar_feed(user=pair.mentee)

    first.refresh_from_db()
    assert first.revoked_at is not None
    assert selectors.calendar_feed_of(pair.mentee) == second
    assert services.turn_off_calendar_feed(user=pair.mentee) == 1
    assert services.turn_off_calendar_feed(user=pair.mentee) == 0
    assert selectors.calendar_feed_of(pair.mentee) is None


# --- her data ------------------------------------------------------------------------------


def test_the_export_says_whether_she_has_an_address_not_the_token(pair):
    assert privacy.export_user_data(user=pair.mentee)["account"]["calendar_address"] == {
        "has_one": False,
        "made_at": None,
    }
    feed, token = services.make_calendar_feed(user=pair.mentee)

    data = privacy.export_user_data(user=pair.mentee)

    assert data["account"]["calendar_address"] == {
        "has_one": True,
        "made_at": feed.created_at.isoformat(),
    }
    assert token not in str(data)
    assert feed.token_hash not in str(data)


def test_erasure_deletes_her_addresses(client, pair):
    _old_feed, old = services.make_calendar_feed(user=pair.mentee)
    _feed, token = services.make_calendar_feed(user=pair.mentee)
    client.force_login(pair.mentee)

    client.post(
        reverse("profiles:account_delete"), {"password": PASSWORD, "understand": "on"}, follow=True
    )

    assert not CalendarFeed.objects.filter(user=pair.mentee).exists()
    assert Client().get(feed_path(token)).status_code == 404
    assert Client().get(feed_path(old)).status_code == 404
