"""Issue 20, item 2: a mentee under 18 sees, requests and books only mentors whose screening
is valid; a mentor cannot accept her request once his screening has expired. Adults see
everyone."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from matching import selectors, services
from profiles.age import years_ago
from tests.factories import (
    ConnectionRequestFactory,
    FlashSlotFactory,
    MenteeFactory,
    MentorFactory,
    MentorScreeningFactory,
)

from .test_queries import DIRECTORY, MATCH_BASIS, MIDDLEWARE, PAGE_SIZES

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SCREENING_NEEDED = (
    "Mentees under 18 can only be matched with mentors whose screening program staff have "
    "checked, and %(name)s's is not valid right now. Please choose another mentor."
)


def minor(**kwargs):
    return MenteeFactory(
        profile__display_name="Mia", profile__birth_date=years_ago(15, TODAY), **kwargs
    )


def adult():
    return MenteeFactory(profile__display_name="Alva", profile__birth_date=years_ago(30, TODAY))


def screened(name="Sara", **kwargs):
    mentor = MentorFactory(profile__display_name=f"{name} Screened", **kwargs)
    MentorScreeningFactory(mentor=mentor)
    return mentor


def expired(name="Eva"):
    mentor = MentorFactory(profile__display_name=f"{name} Expired")
    MentorScreeningFactory(
        mentor=mentor,
        checked_on=TODAY - timedelta(days=400),
        valid_until=TODAY - timedelta(days=1),
    )
    return mentor


def unscreened(name="Una"):
    return MentorFactory(profile__display_name=f"{name} Unscreened")


def refused(action) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        action()
    return caught.value.messages


def send(mentee, mentor):
    return services.send_request(
        mentee=mentee, mentor=mentor, style="traditional", message="Hello, I love physics."
    )


def cards_of(client) -> str:
    return client.get(reverse("matching:directory")).content.decode()


# --- the directory and the presentation pages ------------------------------------------------


def test_a_minor_sees_only_screened_mentors_in_the_directory(client):
    sara, eva, una = screened(), expired(), unscreened()
    client.force_login(minor())

    page = cards_of(client)

    assert "Sara Screened" in page
    assert "Eva Expired" not in page
    assert "Una Unscreened" not in page
    assert page.count("mentor-card") == 1
    assert "only they can mentor you" in page
    assert {p.mentor for p in selectors.directory(viewer=minor().profile)} == {sara}
    assert {p.mentor for p in selectors.directory(viewer=adult().profile)} == {sara, eva, una}


def test_an_adult_sees_every_mentor_and_no_note(client):
    screened(), expired(), unscreened()
    client.force_login(adult())

    page = cards_of(client)

    assert page.count("mentor-card") == 3
    assert "only they can mentor you" not in page


def test_screening_valid_from_the_day_it_was_checked_to_its_last_day():
    on_its_last_day = MentorFactory()
    MentorScreeningFactory(mentor=on_its_last_day, valid_until=TODAY)
    checked_tomorrow = MentorFactory()  # staff cannot record it so; the rule holds anyway
    MentorScreeningFactory(
        mentor=checked_tomorrow,
        checked_on=TODAY + timedelta(days=1),
        valid_until=TODAY + timedelta(days=300),
    )

    shown = {p.mentor for p in selectors.directory(viewer=minor().profile)}

    assert shown == {on_its_last_day}


def test_a_minor_gets_a_404_on_an_unscreened_mentors_page(client):
    sara, eva = screened(), expired()
    client.force_login(minor())

    assert (
        client.get(
            reverse("matching:mentor_detail", args=[sara.presentation.public_id])
        ).status_code
        == 200
    )
    assert (
        client.get(reverse("matching:mentor_detail", args=[eva.presentation.public_id])).status_code
        == 404
    )
    response = client.post(
        reverse("matching:send_request", args=[eva.presentation.public_id]),
        {"style": "traditional", "message": "Hello"},
    )
    assert response.status_code == 404


def test_an_adult_opens_an_unscreened_mentors_page(client):
    una = unscreened()
    client.force_login(adult())

    response = client.get(reverse("matching:mentor_detail", args=[una.presentation.public_id]))

    assert response.status_code == 200


def test_a_minor_cannot_see_an_unscreened_mentors_photo():
    from matching.permissions import presented_in_directory

    sara, una = screened(), unscreened()
    mia = minor()

    assert presented_in_directory(mia, sara)
    assert not presented_in_directory(mia, una)
    assert presented_in_directory(adult(), una)


# --- requests --------------------------------------------------------------------------------


@pytest.mark.parametrize("make_mentor", [expired, unscreened], ids=["expired", "none"])
def test_a_minor_cannot_request_a_mentor_without_valid_screening(make_mentor):
    mentor = make_mentor()

    messages = refused(lambda: send(minor(), mentor))

    assert messages == [SCREENING_NEEDED % {"name": mentor.get_full_name()}]


def test_a_minor_requests_a_screened_mentor_and_an_adult_any_mentor():
    assert send(minor(), screened()).status == "pending"
    assert send(adult(), unscreened()).status == "pending"


def test_the_mentor_cannot_accept_once_her_screening_expired():
    mentor = screened()
    mia = minor()
    request = send(mia, mentor)
    mentor.screenings.update(valid_until=TODAY - timedelta(days=1))

    messages = refused(lambda: services.accept_request(request=request, by=mentor))

    assert messages == [
        "You cannot accept this request: Mia is under 18, and mentees under 18 can only be "
        "matched with mentors whose screening is valid. Yours is not valid right now; please "
        "ask program staff to renew it."
    ]
    request.refresh_from_db()
    assert request.status == "pending"
    assert request.mentorship is None


def test_the_mentor_accepts_a_minor_while_screened_and_an_adult_without(client):
    mentor = screened()
    assert services.accept_request(request=send(minor(), mentor), by=mentor).mentee.profile.is_minor
    other = unscreened()
    assert services.accept_request(
        request=ConnectionRequestFactory(mentor=other, mentee=adult()), by=other
    )


def test_the_mentor_reads_why_she_cannot_accept_on_the_page(client):
    mentor = screened()
    request = send(minor(), mentor)
    mentor.screenings.all().delete()
    client.force_login(mentor)

    response = client.post(
        reverse("matching:request_accept", args=[request.public_id]), follow=True
    )

    assert "Yours is not valid right now" in response.content.decode()


# --- flash bookings --------------------------------------------------------------------------


def test_a_minor_cannot_book_an_unscreened_mentors_flash_time(client):
    slot = FlashSlotFactory(mentor=unscreened())

    messages = refused(
        lambda: services.book_flash_slot(
            mentee=minor(), slot=slot, starts_at=slot.starts_at, question="How is a PhD?"
        )
    )

    assert messages == [SCREENING_NEEDED % {"name": slot.mentor.get_full_name()}]


@override_settings(MEETING_ROOM_BASE_URL="https://meet.example.org/")  # a minor meets online
def test_a_minor_books_a_screened_mentor_and_an_adult_any_mentor():
    slot = FlashSlotFactory(mentor=screened())
    other = FlashSlotFactory(mentor=unscreened())

    booking = services.book_flash_slot(
        mentee=minor(), slot=slot, starts_at=slot.starts_at, question="How is a PhD?"
    )
    assert booking.mentorship.mentee.profile.is_minor
    assert services.book_flash_slot(
        mentee=adult(), slot=other, starts_at=other.starts_at, question="How is a PhD?"
    )


def test_a_minor_gets_a_404_on_an_unscreened_mentors_booking_page(client):
    slot = FlashSlotFactory(mentor=unscreened())
    client.force_login(minor())
    at = int(slot.starts_at.timestamp())

    response = client.get(
        reverse(
            "matching:flash_book",
            args=[slot.mentor.presentation.public_id, slot.public_id, at],
        )
    )

    assert response.status_code == 404


# --- the mentor's note -----------------------------------------------------------------------


def test_the_mentor_reads_until_when_minors_see_her(client):
    mentor = screened()
    client.force_login(mentor)

    page = client.get(reverse("matching:my_presentation")).content.decode()

    until = mentor.screenings.get().valid_until
    assert "Mentees under 18 see your presentation only while your screening is valid" in page
    assert f"{until.year}" in page
    assert "no valid screening of yours recorded" not in page


def test_an_unscreened_mentor_reads_that_minors_do_not_see_her(client):
    client.force_login(unscreened())

    page = client.get(reverse("matching:my_presentation")).content.decode()

    assert "no valid screening of yours recorded" in page


def test_the_notes_are_in_swedish(client):
    english = (
        "You see the mentors whose screening the program staff have checked: as you are "
        "under 18, only they can mentor you. It keeps you safe; you do not need to do "
        "anything."
    )
    client.force_login(minor(profile__language="sv"))
    screened()

    page = cards_of(client)

    with translation.override("sv"):
        expected = translation.gettext(english)
        message = refused(lambda: send(minor(), unscreened()))[0]
    assert expected != english
    assert expected in page
    assert message.startswith("Adepter under 18")


# --- no query per mentor ---------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 30], ids=["one-mentor", "thirty-mentors"])
def test_a_minors_directory_costs_what_an_adults_costs(client, django_assert_num_queries, rows):
    for number in range(rows):
        screened(name=f"Sara{number}")
        unscreened(name=f"Una{number}")
    client.force_login(minor())
    client.get(reverse("matching:directory"))  # fills the cache of fields and languages

    for page_size in PAGE_SIZES:
        with (
            override_settings(MATCHING_DIRECTORY_PAGE_SIZE=page_size),
            django_assert_num_queries(MIDDLEWARE + MATCH_BASIS + DIRECTORY),
        ):
            response = client.get(reverse("matching:directory"))

        assert response.status_code == 200
        assert response.content.decode().count("mentor-card") == min(rows, page_size)
