"""The pages of bookable flash sessions: the mentor's flash slots page, her times on her
presentation page and card, the mentee's booking form, the cancellation with a note."""

from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from matching import services
from matching.models import FlashBooking, FlashSlot
from tests.factories import MenteeFactory, MentorFactory, MentorshipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentor():
    return MentorFactory(profile__display_name="Ada")


@pytest.fixture
def mentee():
    return MenteeFactory(profile__display_name="Mae", profile__timezone="America/New_York")


def add_slot(mentor, days=3):
    return services.add_flash_slot(
        mentor=mentor,
        day=timezone.localdate() + timedelta(days=days),
        at=time(18, 0),
        time_zone="Europe/Stockholm",
        duration_minutes=45,
        location="https://meet.example.org/ada",
    )


def book_url(mentor, slot) -> str:
    return reverse(
        "matching:flash_book",
        args=[mentor.presentation.public_id, slot.public_id, int(slot.starts_at.timestamp())],
    )


def test_the_slots_page_starts_empty(client, mentor):
    client.force_login(mentor)

    page = client.get(reverse("matching:flash_slots")).content.decode()

    assert "You have not published any flash times yet." in page
    assert "No session is booked yet." in page


def test_the_mentor_adds_a_weekly_time_from_the_page(client, mentor):
    client.force_login(mentor)
    day = timezone.localdate() + timedelta(days=2)

    response = client.post(
        reverse("matching:flash_slots"),
        {
            "day": day.isoformat(),
            "time": "18:00",
            "time_zone": "Europe/Stockholm",
            "duration_minutes": 45,
            "location": "https://meet.example.org/ada",
            "weekly": "on",
            "weekly_until": (day + timedelta(weeks=2)).isoformat(),
        },
        follow=True,
    )

    page = response.content.decode()
    assert "Your flash time is published on your page." in page
    assert "until" in page
    slot = FlashSlot.objects.get(mentor=mentor)
    assert slot.repeat_weekly_until == day + timedelta(weeks=2)


def test_the_form_shows_the_services_message(client, mentor):
    client.force_login(mentor)

    response = client.post(
        reverse("matching:flash_slots"),
        {
            "day": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "time": "18:00",
            "time_zone": "Europe/Stockholm",
            "duration_minutes": 45,
            "location": "https://meet.example.org/ada",
        },
    )

    assert "Choose a time in the future." in response.content.decode()
    assert not FlashSlot.objects.exists()


def test_a_weekly_time_needs_its_last_date(client, mentor):
    client.force_login(mentor)

    response = client.post(
        reverse("matching:flash_slots"),
        {
            "day": (timezone.localdate() + timedelta(days=2)).isoformat(),
            "time": "18:00",
            "time_zone": "Europe/Stockholm",
            "duration_minutes": 45,
            "location": "https://meet.example.org/ada",
            "weekly": "on",
        },
    )

    assert "Choose the last date of the weekly time." in response.content.decode()


def test_the_mentor_removes_a_time(client, mentor):
    slot = add_slot(mentor)
    client.force_login(mentor)

    response = client.post(
        reverse("matching:flash_slot_remove", args=[slot.public_id]), follow=True
    )

    assert "The time is removed" in response.content.decode()
    slot.refresh_from_db()
    assert slot.removed_at is not None


def test_the_weekly_limit_is_saved(client, mentor):
    client.force_login(mentor)

    client.post(reverse("matching:flash_per_week"), {"per_week": 5})
    bad = client.post(reverse("matching:flash_per_week"), {"per_week": 50})

    mentor.presentation.refresh_from_db()
    assert mentor.presentation.flash_per_week == 5
    assert "Enter a number from 1 to 20." in bad.content.decode()


def test_a_mentor_without_flash_is_told_to_offer_it(client):
    mentor = MentorFactory(presentation__offers_flash=False)
    client.force_login(mentor)

    page = client.get(reverse("matching:flash_slots")).content.decode()

    assert "You do not offer flash mentoring on your presentation." in page


def test_the_card_and_the_page_show_the_next_time_in_the_mentees_zone(client, mentor, mentee):
    slot = add_slot(mentor)
    client.force_login(mentee)
    new_york = slot.starts_at.astimezone(ZoneInfo("America/New_York"))
    shown = f"{new_york:%a} {new_york.day} {new_york:%b %H:%M}"

    directory = client.get(reverse("matching:directory")).content.decode()
    page = client.get(
        reverse("matching:mentor_detail", args=[mentor.presentation.public_id])
    ).content.decode()

    assert "Next free flash slot:" in directory
    assert shown in directory
    assert "Free flash slots" in page
    assert shown in page
    assert book_url(mentor, slot) in page


def test_the_mentee_books_and_lands_on_the_mentorship(client, mentor, mentee):
    slot = add_slot(mentor)
    client.force_login(mentee)

    form = client.get(book_url(mentor, slot)).content.decode()
    response = client.post(book_url(mentor, slot), {"question": "PhD or industry?"})

    assert "Your question" in form
    assert "America/New_York" in form
    booking = FlashBooking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "cycles:mentorship_detail", args=[booking.mentorship.public_id]
    )
    page = client.get(response["Location"]).content.decode()
    assert "Your flash session with Ada is booked and agreed." in page


def test_the_booking_form_needs_a_question(client, mentor, mentee):
    slot = add_slot(mentor)
    client.force_login(mentee)

    response = client.post(book_url(mentor, slot), {"question": ""})

    assert "Write the question you would like to talk about." in response.content.decode()
    assert not FlashBooking.objects.exists()


def test_a_question_too_long_is_refused(client, mentor, mentee):
    slot = add_slot(mentor)
    client.force_login(mentee)

    response = client.post(book_url(mentor, slot), {"question": "x" * 1001})

    assert "Ensure this value has at most 1000 characters" in response.content.decode()
    assert not FlashBooking.objects.exists()


def test_a_taken_time_says_so(client, mentor, mentee):
    slot = add_slot(mentor)
    services.book_flash_slot(
        mentee=MenteeFactory(), slot=slot, starts_at=slot.starts_at, question="Q"
    )
    client.force_login(mentee)

    page = client.post(book_url(mentor, slot), {"question": "Me too"}).content.decode()

    assert "Someone has just booked this time. Please choose another one." in page
    assert "This time is no longer free." in page


def test_a_mentee_in_a_mentorship_with_her_sees_no_book_button(client, mentor, mentee):
    slot = add_slot(mentor)
    MentorshipFactory(mentor=mentor, mentee=mentee)
    client.force_login(mentee)

    page = client.get(
        reverse("matching:mentor_detail", args=[mentor.presentation.public_id])
    ).content.decode()

    assert "Free flash slots" in page
    assert book_url(mentor, slot) not in page


def test_the_mentor_cancels_with_a_note_after_confirming(client, mentor, mentee):
    slot = add_slot(mentor)
    booking = services.book_flash_slot(
        mentee=mentee, slot=slot, starts_at=slot.starts_at, question="PhD or industry?"
    )
    client.force_login(mentor)
    url = reverse("matching:flash_booking_cancel", args=[booking.public_id])

    confirm = client.get(url).content.decode()
    empty = client.post(url, {"note": ""}).content.decode()
    done = client.post(url, {"note": "I am ill, sorry."}, follow=True).content.decode()

    assert "Cancel Mae's flash session?" in confirm
    assert "Write a few words to the mentee about why you cancel." in empty
    assert "The booking is cancelled and Mae has been told." in done
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert "This booking is already cancelled." in client.get(url).content.decode()


def test_the_pages_speak_swedish(client, mentor):
    swedish = MenteeFactory(profile__language="sv")
    slot = add_slot(mentor)
    client.force_login(swedish)

    directory = client.get(reverse("matching:directory")).content.decode()
    form = client.get(book_url(mentor, slot)).content.decode()
    client.force_login(MentorFactory(profile__language="sv"))
    slots = client.get(reverse("matching:flash_slots")).content.decode()

    assert "Nästa lediga flashtid:" in directory
    assert "Boka ett flashsamtal med Ada" in form
    assert "Din fråga" in form
    assert "Flashtider" in slots
    assert "Du har inte publicerat några flashtider än." in slots
