"""Exact query counts of the matching list pages: the same at one row and at many rows, whatever
the page size. Each count is listed query by query so a change shows what it added."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from matching.rounds import services as round_services
from profiles.models import ExpertiseArea, SpokenLanguage, User
from tests.factories import (
    ConnectionRequestFactory,
    FlashBookingFactory,
    FlashSlotFactory,
    MenteeFactory,
    MentorFactory,
    OpenMatchRoundFactory,
)

pytestmark = pytest.mark.django_db

# Every signed-in page: session, user, profile, current code of conduct and its acceptance.
MIDDLEWARE = 4 + 1  # and the bell's unread count
# The directory: the ranking (ids and the count of matches), the cards, their fields and
# languages (one query of both). The filter form's and the cards' names of fields and
# languages come from the cache, filled by the first visit (WARM_UP).
DIRECTORY = 1 + 1 + 1
WARM_UP = 2
# A mentee's directory also reads her fields and languages for the match score, in one query,
# and the match round open for her rankings, if any (one query: ``ROUND_OFFER`` when there is).
MATCH_BASIS = 1 + 1
# With a round open: whether she takes part, her choices, the people she blocked or who
# blocked her, and which of the page's mentors she may rank.
ROUND_OFFER = 4
# The lists of requests: the paginator's count and the page (people and presentations joined).
REQUEST_LIST = 2
PAGE_SIZES = (5, 30)


def mentors(count: int) -> None:
    for _ in range(count):
        MentorFactory()


@pytest.mark.parametrize("rows", [1, 30], ids=["one-mentor", "thirty-mentors"])
def test_directory_for_a_mentee(client, django_assert_num_queries, rows):
    mentors(rows)
    client.force_login(MenteeFactory())
    client.get(reverse("matching:directory"))  # fills the cache of fields and languages

    for page_size in PAGE_SIZES:
        with (
            override_settings(MATCHING_DIRECTORY_PAGE_SIZE=page_size),
            django_assert_num_queries(MIDDLEWARE + MATCH_BASIS + DIRECTORY),  # 10
        ):
            response = client.get(reverse("matching:directory"))

        assert response.status_code == 200
        assert response.content.decode().count("mentor-card") == min(rows, page_size)


@pytest.mark.parametrize("rows", [1, 30], ids=["one-mentor", "thirty-mentors"])
def test_directory_with_a_match_round_open(client, django_assert_num_queries, rows):
    mentors(rows)
    mentee = MenteeFactory()
    round_ = OpenMatchRoundFactory()
    for mentor in User.objects.filter(profile__role="mentor")[:2]:
        round_services.add_choice(round=round_, mentee=mentee, mentor=mentor)
    client.force_login(mentee)
    client.get(reverse("matching:directory"))  # fills the cache of fields and languages

    for page_size in PAGE_SIZES:
        with (
            override_settings(MATCHING_DIRECTORY_PAGE_SIZE=page_size),
            django_assert_num_queries(MIDDLEWARE + MATCH_BASIS + DIRECTORY + ROUND_OFFER),  # 14
        ):
            response = client.get(reverse("matching:directory"))

        assert response.status_code == 200
        offers = response.content.decode().count("ranking-offer")
        assert offers == min(rows, page_size)


@pytest.mark.parametrize("rows", [1, 30], ids=["one-mentor", "thirty-mentors"])
def test_directory_with_every_filter(client, django_assert_num_queries, rows):
    mentors(rows)
    client.force_login(MenteeFactory())
    client.get(reverse("matching:directory"))  # fills the cache of fields and languages
    params = {
        "q": "team",
        "field": ExpertiseArea.objects.get(slug="computer-science").pk,
        "country": "SE",
        "language": SpokenLanguage.objects.get(code="en").pk,
        "style": "flash",
        "free": "on",
        "sort": "match",
    }

    for page_size in PAGE_SIZES:
        with (
            override_settings(MATCHING_DIRECTORY_PAGE_SIZE=page_size),
            django_assert_num_queries(MIDDLEWARE + MATCH_BASIS + DIRECTORY),  # 10
        ):
            response = client.get(reverse("matching:directory"), params)

        assert response.content.decode().count("mentor-card") == min(rows, page_size)


@pytest.mark.parametrize("rows", [1, 30], ids=["one-mentor", "thirty-mentors"])
def test_a_page_past_the_end_costs_one_more_ranking(client, django_assert_num_queries, rows):
    mentors(rows)
    client.force_login(MenteeFactory())
    client.get(reverse("matching:directory"))  # fills the cache of fields and languages

    # The page's ranking finds nothing; a second one reads the ids before where it would
    # start: the count and the last page's ids at once.
    with (
        override_settings(MATCHING_DIRECTORY_PAGE_SIZE=5),
        django_assert_num_queries(MIDDLEWARE + MATCH_BASIS + DIRECTORY + 1),  # 11
    ):
        response = client.get(reverse("matching:directory"), {"page": 99})

    assert response.content.decode().count("mentor-card") == (rows - 1) % 5 + 1


# Mentors with flash times ahead: their slots, then their bookings in the window (for the
# times taken and the weeks full), whatever the number of mentors and times.
FLASH_TIMES = 2


@pytest.mark.parametrize("rows", [1, 30], ids=["one-mentor", "thirty-mentors"])
def test_directory_with_flash_times(client, django_assert_num_queries, rows):
    for number in range(rows):
        mentor = MentorFactory()
        FlashSlotFactory(mentor=mentor, repeat_weekly_until=timezone.localdate() + timedelta(28))
        FlashBookingFactory(slot=FlashSlotFactory(mentor=mentor))
        if number % 2:
            FlashSlotFactory(mentor=mentor, starts_at=timezone.now() + timedelta(days=5))
    client.force_login(MenteeFactory())
    client.get(reverse("matching:directory"))  # fills the cache of fields and languages

    for page_size in PAGE_SIZES:
        with (
            override_settings(MATCHING_DIRECTORY_PAGE_SIZE=page_size),
            django_assert_num_queries(MIDDLEWARE + MATCH_BASIS + DIRECTORY + FLASH_TIMES),  # 12
        ):
            response = client.get(reverse("matching:directory"))

        page = response.content.decode()
        assert page.count("mentor-card") == min(rows, page_size)
        assert page.count("Next free flash slot:") == min(rows, page_size)


@pytest.mark.parametrize("rows", [1, 30], ids=["one-time", "thirty-times"])
def test_a_mentors_page_with_flash_times(client, django_assert_num_queries, rows):
    mentor = MentorFactory()
    FlashSlotFactory(mentor=mentor, repeat_weekly_until=timezone.localdate() + timedelta(50))
    for day in range(rows - 1):
        FlashSlotFactory(mentor=mentor, starts_at=timezone.now() + timedelta(days=day, hours=2))
    FlashBookingFactory(slot=FlashSlotFactory(mentor=mentor))
    client.force_login(MenteeFactory())
    url = reverse("matching:mentor_detail", args=[mentor.presentation.public_id])
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)

    FlashSlotFactory(mentor=mentor, starts_at=timezone.now() + timedelta(days=4))
    with django_assert_num_queries(len(first)):
        response = client.get(url)

    assert response.content.decode().count("flash-free-time") == 8


def test_an_empty_directory_skips_the_cards_queries(client, django_assert_num_queries):
    mentors(3)
    client.force_login(MenteeFactory())

    # A first visit: the form's lists of fields and languages are read (2), then the count.
    with django_assert_num_queries(MIDDLEWARE + MATCH_BASIS + WARM_UP + 1):  # 10
        response = client.get(reverse("matching:directory"), {"country": "JP"})

    assert "No mentor matches all of these filters." in response.content.decode()


@pytest.mark.parametrize("rows", [1, 30], ids=["one-mentor", "thirty-mentors"])
def test_directory_for_a_mentor(client, django_assert_num_queries, rows):
    mentors(rows)
    client.force_login(MentorFactory())
    client.get(reverse("matching:directory"))  # fills the cache of fields and languages

    for page_size in PAGE_SIZES:
        with (
            override_settings(MATCHING_DIRECTORY_PAGE_SIZE=page_size),
            django_assert_num_queries(MIDDLEWARE + DIRECTORY),  # 8: no match score for mentors
        ):
            response = client.get(reverse("matching:directory"))

        assert response.content.decode().count("mentor-card") == min(rows + 1, page_size)


@pytest.mark.parametrize("rows", [1, 30], ids=["one-request", "thirty-requests"])
def test_mentor_inbox(client, django_assert_num_queries, rows):
    mentor = MentorFactory()
    for n in range(rows):
        ConnectionRequestFactory(mentor=mentor, status="pending" if n % 2 else "declined")
    client.force_login(mentor)

    # + 1: the mentees' fields, prefetched
    with django_assert_num_queries(MIDDLEWARE + REQUEST_LIST + 1):  # 8
        response = client.get(reverse("matching:request_list"))

    assert response.status_code == 200
    assert response.content.decode().count('class="list-group-item') == min(rows, 20)


@pytest.mark.parametrize("rows", [1, 30], ids=["one-request", "thirty-requests"])
def test_mentee_request_list(client, django_assert_num_queries, rows):
    mentee = MenteeFactory()
    for n in range(rows):
        ConnectionRequestFactory(mentee=mentee, status="pending" if n % 2 else "withdrawn")
    client.force_login(mentee)

    with django_assert_num_queries(MIDDLEWARE + REQUEST_LIST):  # 7
        response = client.get(reverse("matching:request_list"))

    assert response.status_code == 200
    assert response.content.decode().count('class="list-group-item') == min(rows, 20)


# A round's pages: her rounds (one query, her choices counted in it). A mentee's ranking: her
# choices, her mentors' presentations (their public ids, then those shown), her match basis,
# the cards and their fields and languages. A mentor's list: her places (what she set, her
# presentation, her active mentorships), the choices with the mentees' profiles, their
# fields, their languages.
ROUNDS = 1
RANKING = ROUNDS + 1 + 2 + 1 + 2
MENTOR_LIST = ROUNDS + 3 + 3


@pytest.mark.parametrize("rows", [1, 5], ids=["one-choice", "five-choices"])
def test_a_rounds_pages(client, django_assert_num_queries, rows):
    round_ = OpenMatchRoundFactory()
    mentee, ada = MenteeFactory(), MentorFactory()
    for _ in range(rows):
        round_services.add_choice(round=round_, mentee=mentee, mentor=MentorFactory())
        round_services.add_choice(round=round_, mentee=MenteeFactory(), mentor=ada)
    page = reverse("matching:round", args=[round_.public_id])
    pages = [
        (mentee, reverse("matching:rounds"), ROUNDS, 1),  # 6
        (mentee, page, RANKING, rows),  # 12
        (ada, page, MENTOR_LIST, rows),  # 12
    ]
    for person, url, queries, shown in pages:
        client.force_login(person)
        client.get(url)  # fills the cache of fields and languages
        with django_assert_num_queries(MIDDLEWARE + queries):
            response = client.get(url)

        assert response.status_code == 200
        html = response.content.decode()
        assert html.count('class="card mb-3') == shown
