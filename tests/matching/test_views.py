"""The directory, the mentor's presentation pages and the request pages, through the client."""

import html
import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cycles.models import Mentorship
from matching import services
from matching.models import ConnectionRequest, MentorPresentation
from profiles.models import Profile
from tests.factories import (
    ConnectionRequestFactory,
    ExpertiseAreaFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    SpokenLanguageFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

EMPTY_STATE = "No mentor matches all of these filters."
PAUSED = "Paused — not taking new requests"


def text(response) -> str:
    return html.unescape(response.content.decode())


def card_names(response) -> list[str]:
    """The mentors' names on the directory's cards, in the order shown."""
    return re.findall(
        r'<a class="stretched-link text-decoration-none" href="/mentors/[0-9a-f-]+/">([^<]+)</a>',
        response.content.decode(),
    )


def match_lines(response) -> list[str]:
    return [
        html.unescape(line)
        for line in re.findall(
            r'<p class="[^"]*match-line">★ ([^<]+)</p>', response.content.decode()
        )
    ]


def card_of(response, name: str) -> str:
    """The HTML of one mentor's card."""
    for card in response.content.decode().split('<article class="card h-100 mentor-card">')[1:]:
        if f">{name}</a>" in card:
            return html.unescape(card.split("</article>")[0])
    raise AssertionError(f"no card for {name}")


def detail_url(mentor) -> str:
    return reverse("matching:mentor_detail", args=[mentor.presentation.public_id])


# --- the directory -------------------------------------------------------------------------


@pytest.fixture
def catalogue(make_mentor):
    """Four mentors who differ in field, country, language, styles and free places."""
    chemistry = ExpertiseAreaFactory(slug="chemistry", name_en="Chemistry")
    physics = ExpertiseAreaFactory(slug="physics", name_en="Physics")
    german = SpokenLanguageFactory(code="de", name_en="German")
    french = SpokenLanguageFactory(code="fr", name_en="French")
    ada = make_mentor("Ada", country="SE")
    bea = make_mentor(
        "Bea",
        fields=[chemistry],
        languages=[german],
        country="DE",
        traditional=False,
        presentation__headline="Polymer chemist at a start-up",
    )
    cleo = make_mentor(
        "Cleo", fields=[physics], languages=[french], country="FR", flash=False, capacity=1
    )
    MentorshipFactory(mentor=cleo, style="traditional")  # Cleo is full
    dana = make_mentor("Dana", presentation__accepting_requests=False)
    return {
        "chemistry": chemistry,
        "physics": physics,
        "german": german,
        "french": french,
        "mentors": {"Ada": ada, "Bea": bea, "Cleo": cleo, "Dana": dana},
    }


@pytest.fixture
def mentee_client(client):
    mentee = MenteeFactory(profile__goals="Grow as an engineer.")
    client.force_login(mentee)
    client.mentee = mentee
    return client


def directory(client, **params):
    return client.get(reverse("matching:directory"), {"sort": "newest", **params})


def test_directory_lists_every_visible_mentor(mentee_client, catalogue):
    MentorFactory(presentation__approved_at=None, profile__display_name="Unapproved")
    MentorFactory(presentation__is_published=False, profile__display_name="Draft")
    MentorFactory(presentation=None, profile__display_name="Nopresentation")

    response = mentee_client.get(reverse("matching:directory"))

    assert response.status_code == 200
    assert sorted(card_names(response)) == ["Ada", "Bea", "Cleo", "Dana"]
    assert "4 mentors match your search" in text(response)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (lambda c: {"field": c["chemistry"].pk}, ["Bea"]),
        (lambda c: {"field": c["physics"].pk}, ["Cleo"]),
        (lambda c: {"country": "DE"}, ["Bea"]),
        (lambda c: {"country": "SE"}, ["Ada", "Dana"]),
        (lambda c: {"language": c["french"].pk}, ["Cleo"]),
        (lambda c: {"style": "flash"}, ["Ada", "Bea", "Dana"]),
        (lambda c: {"style": "traditional"}, ["Ada", "Cleo", "Dana"]),
        (lambda c: {"free": "on"}, ["Ada", "Bea"]),
        (lambda c: {"q": "polymer"}, ["Bea"]),
        (lambda c: {"q": "cleo"}, ["Cleo"]),
        (lambda c: {"q": "polymer start-up"}, ["Bea"]),
        (lambda c: {"q": "polymer nowhere"}, []),
        (lambda c: {"style": "traditional", "free": "on"}, ["Ada"]),
        (lambda c: {"country": "SE", "free": "on"}, ["Ada"]),
        (lambda c: {"language": c["german"].pk, "free": "on"}, ["Bea"]),
        (lambda c: {"language": c["french"].pk, "free": "on"}, []),  # Cleo is full
    ],
    ids=[
        "field-chemistry",
        "field-physics",
        "country-de",
        "country-se",
        "language-fr",
        "style-flash",
        "style-traditional",
        "free-place",
        "text-headline",
        "text-name",
        "text-all-words",
        "text-every-word-must-match",
        "style-and-free",
        "country-and-free",
        "language-and-free",
        "language-and-free-full",
    ],
)
def test_each_filter_narrows_the_directory(mentee_client, catalogue, params, expected):
    response = directory(mentee_client, **params(catalogue))

    assert response.status_code == 200
    assert sorted(card_names(response)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SPECTROSCOPY", ["Offer"]),
        ("lidar", ["Introduction"]),
        ("cryo-em", ["Details"]),
        ("100%_pure", ["Details"]),
        ("%", ["Details"]),
        ("_", ["Details"]),
        ("careershello", []),  # the end of one text and the start of the next: not a word
        ("careers hello", ["Offer"]),
    ],
    ids=[
        "offer-any-case",
        "introduction",
        "expertise-details",
        "percent-and-underscore-are-letters",
        "percent-alone",
        "underscore-alone",
        "no-word-across-two-texts",
        "two-words-in-two-texts",
    ],
)
def test_search_reads_the_offer_the_introduction_and_the_expertise_details(
    mentee_client, make_mentor, query, expected
):
    make_mentor(
        "Offer",
        presentation__offer="Spectroscopy careers",
        presentation__introduction="Hello from Uppsala.",
        presentation__expertise_details="",
    )
    make_mentor(
        "Introduction",
        presentation__offer="Advice",
        presentation__introduction="I build Lidar rigs.",
        presentation__expertise_details="",
    )
    make_mentor(
        "Details",
        presentation__offer="Advice",
        presentation__introduction="Hi.",
        presentation__expertise_details="Cryo-EM, 100%_pure samples",
    )

    response = directory(mentee_client, q=query)

    assert sorted(card_names(response)) == expected


def test_search_finds_what_the_mentor_has_just_written(client, make_mentor):
    mentor = make_mentor("Ada")
    client.force_login(mentor)
    client.post(
        reverse("matching:presentation_edit"),
        presentation_post(offer="Help with metallurgy theses"),
    )
    client.force_login(MenteeFactory())
    assert card_names(directory(client, q="Metallurgy")) == []  # until staff approve it
    services.approve_presentations(presentations=[mentor.presentation], by=StaffFactory())

    response = directory(client, q="Metallurgy")

    assert card_names(response) == ["Ada"]


def test_filters_live_in_the_url_and_show_in_the_form(mentee_client, catalogue):
    response = directory(mentee_client, q="polymer", country="DE", free="on")

    page = response.content.decode()
    assert 'value="polymer"' in page
    assert re.search(r'<option value="DE" selected>', page)
    assert re.search(r'name="free"[^>]*checked', page)
    assert "Filters (3)" in page
    assert f'href="{reverse("matching:directory")}">Clear</a>' in page


def test_sort_by_newest(mentee_client, make_mentor):
    now = timezone.now()
    for name, days in [("Older", 3), ("Newest", 0), ("Oldest", 9), ("Middle", 1)]:
        make_mentor(name, presentation__published_at=now - timedelta(days=days))

    response = directory(mentee_client)

    assert card_names(response) == ["Newest", "Middle", "Older", "Oldest"]
    assert match_lines(response) != []  # the explanation line stays whatever the order


def test_suggested_match_puts_the_best_overlap_first_and_explains_it(client, make_mentor):
    physics = ExpertiseAreaFactory(slug="physics", name_en="Physics")
    maths = ExpertiseAreaFactory(slug="mathematics", name_en="Mathematics")
    french = SpokenLanguageFactory(code="fr", name_en="French")
    english = SpokenLanguageFactory()
    mentee = MenteeFactory(
        profile__country="FR",
        profile__expertise=[physics, maths],
        profile__languages=[french],
        profile__goals="I would like to understand quantum optics research.",
    )
    now = timezone.now()
    make_mentor("Stranger", languages=[english], country="SE", presentation__published_at=now)
    make_mentor(
        "Neighbour",
        languages=[english],
        country="FR",
        presentation__published_at=now - timedelta(days=1),
    )
    make_mentor(
        "Marie",
        fields=[physics, maths],
        languages=[french, english],
        country="FR",
        presentation__offer="Careers in quantum optics and applying for a PhD.",
        presentation__published_at=now - timedelta(days=30),
    )
    client.force_login(mentee)

    response = client.get(reverse("matching:directory"))

    assert card_names(response) == ["Marie", "Neighbour", "Stranger"]
    assert match_lines(response) == [
        "Suggested because she shares your fields Mathematics, Physics; speaks French; lives in "
        "your country; offers help with what your goals mention.",
        "Suggested because she lives in your country.",
    ]
    assert "Suggested because she" not in card_of(response, "Stranger")
    # the same page sorted by newest keeps the explanations but changes the order
    newest = client.get(reverse("matching:directory"), {"sort": "newest"})
    assert card_names(newest) == ["Stranger", "Neighbour", "Marie"]


def test_match_works_for_a_mentee_with_no_fields_or_languages(client, make_mentor):
    make_mentor("Ada")
    mentee = MenteeFactory(profile__country="", profile__goals="")
    mentee.profile.expertise.clear()
    mentee.profile.languages.clear()
    client.force_login(mentee)

    response = client.get(reverse("matching:directory"))

    assert response.status_code == 200
    assert card_names(response) == ["Ada"]
    assert match_lines(response) == []


@override_settings(MATCHING_DIRECTORY_PAGE_SIZE=2)
def test_pagination_keeps_the_filters(mentee_client, make_mentor):
    now = timezone.now()
    for n in range(5):
        make_mentor(f"Mentor{n}", presentation__published_at=now - timedelta(days=n))
    make_mentor("Elsewhere", country="NO")

    first = directory(mentee_client, country="SE")
    second = directory(mentee_client, country="SE", page=2)
    last = directory(mentee_client, country="SE", page=3)
    just_past = directory(mentee_client, country="SE", page=4)
    beyond = directory(mentee_client, country="SE", page=99)
    below = directory(mentee_client, country="SE", page=0)

    assert card_names(first) == ["Mentor0", "Mentor1"]
    assert card_names(second) == ["Mentor2", "Mentor3"]
    assert card_names(last) == ["Mentor4"]
    # A page past the end or below 1 shows the last page, with the right count.
    for response in (just_past, beyond, below):
        assert card_names(response) == ["Mentor4"]
        assert "5 mentors match your search" in text(response)
    assert "5 mentors match your search" in text(first)
    assert 'href="?sort=newest&amp;country=SE&amp;page=2" rel="next"' in first.content.decode()


def test_empty_state_helps(mentee_client, catalogue):
    response = directory(mentee_client, country="JP")

    assert card_names(response) == []
    page = text(response)
    assert EMPTY_STATE in page
    assert "Try removing a filter or searching for a broader word." in page
    assert f'href="{reverse("matching:directory")}">Show all mentors</a>' in page
    assert "0 mentors match your search" in page


def test_empty_directory_without_filters_offers_no_clear_button(mentee_client):
    response = mentee_client.get(reverse("matching:directory"))

    assert EMPTY_STATE in text(response)
    assert "Show all mentors" not in text(response)


def test_a_mentor_browses_the_directory(client, make_mentor):
    ada = make_mentor("Ada")
    make_mentor("Bea")
    client.force_login(ada)

    response = client.get(reverse("matching:directory"), {"sort": "match"})

    assert response.status_code == 200
    assert sorted(card_names(response)) == ["Ada", "Bea"]
    assert match_lines(response) == []
    detail = client.get(detail_url(ada))
    assert detail.status_code == 200
    assert "Send request" not in text(detail)


def test_cards_name_fields_languages_and_country_in_her_language(client, make_mentor):
    physics = ExpertiseAreaFactory(slug="physics", name_en="Physics", name_sv="Fysik")
    finnish = SpokenLanguageFactory(code="fi", name_en="Finnish", name_sv="Finska")
    klingon = SpokenLanguageFactory(code="tlh", name_en="Klingon", name_sv="")  # no Swedish
    make_mentor("Ada", fields=[physics], languages=[klingon, finnish], country="FI")
    mentee = MenteeFactory(
        profile__language="sv", profile__expertise=[physics], profile__languages=[finnish]
    )
    client.force_login(mentee)

    card = card_of(directory(client), "Ada")

    assert '<span class="badge rounded-pill text-bg-light border me-1 mb-1">Fysik</span>' in card
    assert "Finska, Klingon" in card  # sorted by the name she reads; English as the fallback
    assert "Finland" in card
    assert "Föreslås eftersom hon delar ditt ämnesområde Fysik; talar Finska;" in card


def test_cards_show_free_places_full_and_paused(mentee_client, catalogue):
    response = mentee_client.get(reverse("matching:directory"))

    assert "2 free places" in card_of(response, "Ada")
    assert "Full for traditional mentoring" in card_of(response, "Cleo")
    assert PAUSED in card_of(response, "Dana")
    assert PAUSED not in card_of(response, "Ada")


def test_cards_show_a_field_added_after_the_names_were_cached(mentee_client, catalogue):
    mentee_client.get(reverse("matching:directory"))  # the names of fields and languages are cached
    astrophysics = ExpertiseAreaFactory(slug="astrophysics", name_en="Astrophysics")
    tamil = SpokenLanguageFactory(code="ta", name_en="Tamil")
    ada = catalogue["mentors"]["Ada"].presentation
    ada.expertise.add(astrophysics)
    ada.languages.add(tamil)

    card = card_of(mentee_client.get(reverse("matching:directory")), "Ada")

    assert ">Astrophysics</span>" in card
    assert "Tamil" in card


def test_cards_keep_a_field_staff_no_longer_offer(mentee_client, catalogue):
    catalogue["chemistry"].is_active = False
    catalogue["chemistry"].save()

    response = mentee_client.get(reverse("matching:directory"))

    assert ">Chemistry</span>" in card_of(response, "Bea")  # what she chose stays on her card
    assert ">Chemistry</option>" not in text(response)  # but it is no longer a filter


def test_cards_show_the_photo_or_the_initial(mentee_client, catalogue):
    key = "0123456789abcdef0123456789abcdef.jpg"
    Profile.objects.filter(user=catalogue["mentors"]["Ada"]).update(photo=f"profile-photos/{key}")

    response = mentee_client.get(reverse("matching:directory"))

    # Served by the photo view, which asks who may see her; never from the public media.
    assert f'<img src="/photos/{key}" alt=""' in card_of(response, "Ada")
    assert '<span class="avatar-sm avatar-initial-sm" aria-hidden="true">B</span>' in card_of(
        response, "Bea"
    )


def test_a_deactivated_mentor_leaves_the_directory(mentee_client, catalogue):
    bea = catalogue["mentors"]["Bea"]
    bea.is_active = False
    bea.save()

    response = mentee_client.get(reverse("matching:directory"))

    assert sorted(card_names(response)) == ["Ada", "Cleo", "Dana"]
    assert mentee_client.get(detail_url(bea)).status_code == 404


@pytest.mark.parametrize("page", ["abc", "-1", "", "1" + "0" * 25])
def test_any_page_number_shows_a_page(mentee_client, catalogue, page):
    response = directory(mentee_client, page=page)

    assert response.status_code == 200
    assert len(card_names(response)) == 4


def test_a_page_past_the_end_of_no_match_shows_the_empty_state(mentee_client, catalogue):
    response = directory(mentee_client, country="JP", page=5)

    assert response.status_code == 200
    assert EMPTY_STATE in text(response)


def test_a_search_by_name_follows_a_renamed_mentor_beyond_ascii(mentee_client, make_mentor):
    mentor = make_mentor("Åsa Lind")
    profile = mentor.profile
    profile.display_name = "Åsa Öberg"
    profile.save(update_fields=["display_name"])
    profile.refresh_from_db()

    assert profile.search_name == "asa oberg"  # folded when saved, on every database
    assert card_names(directory(mentee_client, q="öberg")) == ["Åsa Öberg"]
    assert card_names(directory(mentee_client, q="ÅSA")) == ["Åsa Öberg"]
    assert card_names(directory(mentee_client, q="lind")) == []


# --- the mentor's page ---------------------------------------------------------------------


def test_mentor_detail_offers_the_request_form(mentee_client, catalogue):
    bea = catalogue["mentors"]["Bea"]

    response = mentee_client.get(detail_url(bea))

    assert response.status_code == 200
    page = text(response)
    assert "Polymer chemist at a start-up" in page
    assert "Ask Bea to be your mentor" in page
    assert 'value="flash"' in page
    assert 'value="traditional"' not in page  # she offers flash only
    assert reverse("matching:send_request", args=[bea.presentation.public_id]) in page


def test_a_paused_mentors_page_says_so(mentee_client, catalogue):
    response = mentee_client.get(detail_url(catalogue["mentors"]["Dana"]))

    assert "She has paused new requests for now." in text(response)
    assert "Send request" not in text(response)


@pytest.mark.parametrize(
    "hidden",
    [
        {"presentation__approved_at": None},
        {"presentation__is_published": False},
        {"is_active": False},
    ],
    ids=["unapproved", "unpublished", "inactive-account"],
)
def test_a_hidden_mentor_is_not_found(mentee_client, hidden):
    mentor = MentorFactory(**hidden)

    assert mentee_client.get(detail_url(mentor)).status_code == 404
    response = mentee_client.post(
        reverse("matching:send_request", args=[mentor.presentation.public_id]),
        {"style": "flash", "message": "Hi"},
    )
    assert response.status_code == 404
    assert not ConnectionRequest.objects.exists()


def test_an_unknown_mentor_is_not_found(mentee_client):
    assert (
        mentee_client.get(
            reverse("matching:mentor_detail", args=["00000000-0000-4000-8000-000000000000"])
        ).status_code
        == 404
    )


# --- sending a request ---------------------------------------------------------------------


def test_send_a_request(mentee_client, make_mentor, mailoutbox, django_capture_on_commit_callbacks):
    mentor = make_mentor("Ada")

    with django_capture_on_commit_callbacks(execute=True):
        response = mentee_client.post(
            reverse("matching:send_request", args=[mentor.presentation.public_id]),
            {"style": "traditional", "message": "I study physics and would love advice."},
        )

    request = ConnectionRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("matching:request_detail", args=[request.public_id])
    assert (request.mentee, request.mentor, request.style) == (
        mentee_client.mentee,
        mentor,
        "traditional",
    )
    assert [email.to for email in mailoutbox] == [[mentor.email]]
    page = mentee_client.get(response["Location"])
    assert "Your request has been sent to Ada. You will get an email when she answers." in text(
        page
    )
    assert "Withdraw request" in text(page)
    # the mentor's page now points to the request instead of offering a second one
    detail = mentee_client.get(detail_url(mentor))
    assert "Your request is waiting for an answer" in text(detail)
    assert "Send request" not in text(detail)


@override_settings(MATCHING_MAX_PENDING_REQUESTS=1)
def test_a_broken_rule_is_shown_on_the_mentors_page(mentee_client, make_mentor):
    ConnectionRequestFactory(mentee=mentee_client.mentee)
    mentor = make_mentor("Ada")

    response = mentee_client.post(
        reverse("matching:send_request", args=[mentor.presentation.public_id]),
        {"style": "flash", "message": "Hello!"},
    )

    assert response.status_code == 200
    assert (
        "You already have 1 pending requests, the most at a time. Wait for an answer or "
        "withdraw one first." in text(response)
    )
    assert "Ask Ada to be your mentor" in text(response)
    assert ConnectionRequest.objects.filter(mentee=mentee_client.mentee).count() == 1


def test_a_request_to_a_paused_mentor_is_refused_with_the_reason(mentee_client, catalogue):
    dana = catalogue["mentors"]["Dana"]

    response = mentee_client.post(
        reverse("matching:send_request", args=[dana.presentation.public_id]),
        {"style": "flash", "message": "Hello!"},
    )

    # She paused while the mentee was writing: the page says so instead of showing the form.
    assert response.status_code == 200
    assert "She has paused new requests for now." in text(response)
    assert "Send request" not in text(response)
    assert not ConnectionRequest.objects.exists()


def test_form_errors_show_next_to_the_fields(mentee_client, catalogue):
    bea = catalogue["mentors"]["Bea"]

    response = mentee_client.post(
        reverse("matching:send_request", args=[bea.presentation.public_id]),
        {"style": "traditional", "message": ""},
    )

    assert response.status_code == 200
    page = text(response)
    assert "Write a few words about yourself and what you hope to get from the mentoring." in page
    assert "Select a valid choice. traditional is not one of the available choices." in page
    assert not ConnectionRequest.objects.exists()


def test_a_traditional_mentee_asking_for_another_traditional_mentor(mentee_client, make_mentor):
    MentorshipFactory(mentee=mentee_client.mentee, style="traditional")
    mentor = make_mentor("Ada")

    response = mentee_client.post(
        reverse("matching:send_request", args=[mentor.presentation.public_id]),
        {"style": "traditional", "message": "Hello!"},
    )

    assert response.status_code == 200
    assert (
        "You already have a traditional mentorship. You can still ask for flash mentoring."
        in text(response)
    )


def styles_offered(response) -> list[str]:
    """The values of the request form's style choice."""
    return re.findall(r'name="style" value="(\w+)"', response.content.decode())


def test_a_mentee_with_a_traditional_mentorship_is_offered_flash_only(mentee_client, make_mentor):
    MentorshipFactory(mentee=mentee_client.mentee, style="traditional")
    mentor = make_mentor("Ada")

    response = mentee_client.get(detail_url(mentor))

    assert styles_offered(response) == ["flash"]
    assert (
        "You already have a traditional mentorship. You can still ask for flash mentoring."
        in text(response)
    )
    assert "Send request" in text(response)


def test_a_mentee_without_one_is_offered_both_styles(mentee_client, make_mentor):
    MentorshipFactory(mentee=mentee_client.mentee, style="flash")
    mentor = make_mentor("Ada")

    response = mentee_client.get(detail_url(mentor))

    assert styles_offered(response) == ["traditional", "flash"]
    assert "You already have a traditional mentorship" not in text(response)


@pytest.mark.parametrize("language", ["en", "sv"])
def test_a_traditional_only_mentor_offers_no_form_to_a_mentee_who_has_one(
    mentee_client, make_mentor, language
):
    MentorshipFactory(mentee=mentee_client.mentee, style="traditional")
    Profile.objects.filter(user=mentee_client.mentee).update(language=language)
    mentor = make_mentor("Ada", flash=False)

    response = mentee_client.get(detail_url(mentor))

    assert response.status_code == 200
    expected = {
        "en": "You already have a traditional mentorship, and Ada offers traditional mentoring "
        "only.",
        "sv": "Du har redan ett traditionellt mentorskap, och Ada erbjuder bara traditionellt "
        "mentorskap.",
    }[language]
    assert expected in text(response)
    assert styles_offered(response) == []
    assert reverse("matching:send_request", args=[mentor.presentation.public_id]) not in text(
        response
    )


def test_a_full_mentor_is_asked_for_flash_mentoring_only(mentee_client, make_mentor):
    mentor = make_mentor("Ada", capacity=1)
    MentorshipFactory(mentor=mentor, style="traditional")

    response = mentee_client.get(detail_url(mentor))

    assert styles_offered(response) == ["flash"]
    assert "Ada has no free place for traditional mentoring right now." in text(response)


def test_a_full_traditional_only_mentor_offers_no_form(mentee_client, catalogue):
    response = mentee_client.get(detail_url(catalogue["mentors"]["Cleo"]))

    assert "Cleo has no free place for traditional mentoring right now." in text(response)
    assert styles_offered(response) == []
    assert "Send request" not in text(response)


def test_mentors_do_not_send_requests(client, make_mentor):
    client.force_login(make_mentor("Ada"))

    response = client.post(
        reverse("matching:send_request", args=[make_mentor("Bea").presentation.public_id]),
        {"style": "flash", "message": "Hello!"},
    )

    assert response.status_code == 403
    assert not ConnectionRequest.objects.exists()


def test_send_request_is_post_only(mentee_client, make_mentor):
    mentor = make_mentor("Ada")

    assert (
        mentee_client.get(
            reverse("matching:send_request", args=[mentor.presentation.public_id])
        ).status_code
        == 405
    )


# --- answering a request -------------------------------------------------------------------


@pytest.fixture
def pair(make_mentor):
    mentor = make_mentor("Katherine", profile__meeting_handle="discord:katherine_j")
    mentee = MenteeFactory(
        profile__display_name="Mae", profile__meeting_handle="https://meet.example/mae"
    )
    request = ConnectionRequestFactory(
        mentor=mentor, mentee=mentee, message="I love orbital mechanics."
    )
    return mentor, mentee, request


def url(name, request) -> str:
    return reverse(name, args=[request.public_id])


def test_before_acceptance_no_contact_details_are_shown(client, pair):
    mentor, mentee, request = pair
    client.force_login(mentor)

    page = text(client.get(url("matching:request_detail", request)))

    assert "Request from Mae" in page
    assert "I love orbital mechanics." in page
    assert mentee.email not in page
    assert "https://meet.example/mae" not in page
    assert "Accept" in page

    client.force_login(mentee)
    page = text(client.get(url("matching:request_detail", request)))
    assert mentor.email not in page
    assert "discord:katherine_j" not in page


def test_accept_reveals_contact_details_to_both(
    client, pair, mailoutbox, django_capture_on_commit_callbacks
):
    mentor, mentee, request = pair
    client.force_login(mentor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("matching:request_accept", request))

    assert response.status_code == 302
    assert response["Location"] == url("matching:request_detail", request)
    assert Mentorship.objects.filter(mentor=mentor, mentee=mentee, status="active").count() == 1
    assert [email.to for email in mailoutbox] == [[mentee.email]]
    page = text(client.get(response["Location"]))
    assert (
        "You are now mentoring Mae. Her contact details are below; she has been asked to propose "
        "your first meeting." in page
    )
    assert "You are Mae's mentor" in page
    assert mentee.email in page
    assert "https://meet.example/mae" in page

    client.force_login(mentee)
    page = text(client.get(url("matching:request_detail", request)))
    assert "Katherine is your mentor!" in page
    assert mentor.email in page
    assert "discord:katherine_j" in page
    assert "Your next step: propose the date of your first meeting." in page


def test_a_refused_accept_shows_the_reason_not_an_error_page(client, make_mentor):
    mentor = make_mentor("Katherine", capacity=1)
    MentorshipFactory(mentor=mentor, style="traditional")
    request = ConnectionRequestFactory(mentor=mentor)
    client.force_login(mentor)

    response = client.post(url("matching:request_accept", request), follow=True)

    assert response.status_code == 200
    assert (
        "You have no free place: you already mentor 1 mentee in traditional mentoring and your "
        "capacity is 1." in text(response)
    )
    request.refresh_from_db()
    assert request.status == "pending"


def test_accepting_twice_says_it_is_already_accepted(client, pair):
    mentor, _mentee, request = pair
    client.force_login(mentor)
    client.post(url("matching:request_accept", request))

    response = client.post(url("matching:request_accept", request), follow=True)

    assert response.status_code == 200
    assert "This request is already accepted." in text(response)
    assert Mentorship.objects.count() == 1


def test_accept_is_post_only(client, pair):
    mentor, _mentee, request = pair
    client.force_login(mentor)

    assert client.get(url("matching:request_accept", request)).status_code == 405


def test_decline_with_a_reason(client, pair, mailoutbox, django_capture_on_commit_callbacks):
    mentor, mentee, request = pair
    client.force_login(mentor)

    form = client.get(url("matching:request_decline", request))
    assert form.status_code == 200
    assert "Decline Mae's request?" in text(form)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("matching:request_decline", request), {"reason": "My calendar is full this term."}
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("matching:request_list")
    assert "You declined the request. Thank you for answering." in text(
        client.get(response["Location"])
    )
    request.refresh_from_db()
    assert (request.status, request.decline_reason) == (
        "declined",
        "My calendar is full this term.",
    )
    assert [email.to for email in mailoutbox] == [[mentee.email]]

    client.force_login(mentee)
    page = text(client.get(url("matching:request_detail", request)))
    assert "This mentor could not take you on this time." in page
    assert "“My calendar is full this term.”" in page
    assert mentor.email not in page


def test_decline_form_error_keeps_the_request_pending(client, pair):
    mentor, _mentee, request = pair
    client.force_login(mentor)

    response = client.post(url("matching:request_decline", request), {"reason": "x" * 1001})

    assert response.status_code == 200
    assert "Ensure this value has at most 1000 characters" in text(response)
    request.refresh_from_db()
    assert request.status == "pending"


def test_declining_an_answered_request_says_so(client, pair):
    mentor, _mentee, request = pair
    ConnectionRequest.objects.filter(pk=request.pk).update(status="withdrawn")
    client.force_login(mentor)

    response = client.post(url("matching:request_decline", request), {"reason": ""})

    assert response.status_code == 200
    assert "This request is already withdrawn." in text(response)


def test_withdraw_asks_first(client, pair):
    mentor, mentee, request = pair
    client.force_login(mentee)

    question = client.get(url("matching:request_withdraw", request))

    assert question.status_code == 200
    assert "Withdraw your request to Katherine?" in text(question)
    assert "Yes, withdraw it" in text(question)
    request.refresh_from_db()
    assert request.status == "pending"  # asking changes nothing

    response = client.post(url("matching:request_withdraw", request))

    assert response.status_code == 302
    assert response["Location"] == reverse("matching:request_list")
    assert "Your request has been withdrawn." in text(client.get(response["Location"]))
    request.refresh_from_db()
    assert request.status == "withdrawn"


def test_withdrawing_an_answered_request_says_so(client, pair):
    mentor, mentee, request = pair
    ConnectionRequest.objects.filter(pk=request.pk).update(status="accepted")
    client.force_login(mentee)

    response = client.post(url("matching:request_withdraw", request))

    assert response.status_code == 200
    assert "This request is already accepted." in text(response)


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_withdrawn_request_is_not_offered_for_withdrawal_again(client, pair, method):
    """Sent again from the browser's history, or opened from an old tab: the page says the
    request is withdrawn, and offers no button."""
    mentor, mentee, request = pair
    client.force_login(mentee)
    client.post(url("matching:request_withdraw", request))

    response = getattr(client, method)(url("matching:request_withdraw", request))

    assert response.status_code == 200
    page = text(response)
    assert "This request is already withdrawn." in page
    assert "Withdraw your request" not in page
    assert "Yes, withdraw it" not in page
    assert 'type="submit"' not in page.split('id="main"')[1]
    assert "Your request to Katherine" in page
    assert ConnectionRequest.objects.get(pk=request.pk).status == "withdrawn"


def test_an_answered_request_is_not_offered_for_decline(client, pair):
    mentor, _mentee, request = pair
    ConnectionRequest.objects.filter(pk=request.pk).update(status="withdrawn")
    client.force_login(mentor)

    page = text(client.get(url("matching:request_decline", request)))

    assert "This request is already withdrawn." in page
    assert "Request from Mae" in page
    assert 'name="reason"' not in page
    assert "Decline the request" not in page


def test_a_withdrawn_request_in_swedish(client, pair):
    mentor, mentee, request = pair
    Profile.objects.filter(user=mentee).update(language="sv")
    ConnectionRequest.objects.filter(pk=request.pk).update(status="withdrawn")
    client.force_login(mentee)

    page = text(client.get(url("matching:request_withdraw", request)))

    assert "Din förfrågan till Katherine" in page
    assert "Den här förfrågan är redan" in page
    assert "Ja, återkalla den" not in page


@pytest.mark.parametrize(
    ("who", "method", "name"),
    [
        ("mentee", "post", "matching:request_accept"),
        ("mentee", "get", "matching:request_decline"),
        ("mentee", "post", "matching:request_decline"),
        ("mentor", "get", "matching:request_withdraw"),
        ("mentor", "post", "matching:request_withdraw"),
    ],
)
def test_the_wrong_party_is_forbidden(client, pair, who, method, name):
    mentor, mentee, request = pair
    client.force_login(mentor if who == "mentor" else mentee)

    response = getattr(client, method)(url(name, request))

    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == "pending"


@pytest.mark.parametrize("third", [MenteeFactory, MentorFactory], ids=["mentee", "mentor"])
@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "matching:request_detail"),
        ("post", "matching:request_accept"),
        ("get", "matching:request_decline"),
        ("post", "matching:request_decline"),
        ("get", "matching:request_withdraw"),
        ("post", "matching:request_withdraw"),
    ],
)
def test_a_third_user_finds_nothing(client, pair, third, method, name):
    _mentor, _mentee, request = pair
    client.force_login(third())

    response = getattr(client, method)(url(name, request))

    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == "pending"


def test_request_lists(client, pair):
    mentor, mentee, request = pair
    client.force_login(mentor)
    inbox = text(client.get(reverse("matching:request_list")))
    assert "Requests from mentees" in inbox
    assert "Mae" in inbox
    assert url("matching:request_detail", request) in inbox

    client.force_login(mentee)
    mine = text(client.get(reverse("matching:request_list")))
    assert "My requests" in mine
    assert "Katherine" in mine
    assert url("matching:request_detail", request) in mine


# --- the mentor's presentation -------------------------------------------------------------


def presentation_post(**overrides) -> dict:
    data = {
        "headline": "Astrophysicist who loves telescopes",
        "introduction": "I work on exoplanets at a university observatory.",
        "expertise": [ExpertiseAreaFactory(slug="physics", name_en="Physics").pk],
        "expertise_details": "Exoplanets, data analysis.",
        "offer": "Choosing a master's, applying for a PhD.",
        "offers_traditional": "on",
        "offers_flash": "on",
        "languages": [SpokenLanguageFactory().pk],
        "capacity": "2",
        "accepting_requests": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def new_mentor_client(client):
    mentor = MentorFactory(presentation=None, profile__display_name="Vera")
    client.force_login(mentor)
    client.mentor = mentor
    return client


def test_write_preview_and_publish(new_mentor_client, client):
    empty = text(new_mentor_client.get(reverse("matching:my_presentation")))
    assert "Mentees find you through your presentation." in empty
    form = new_mentor_client.get(reverse("matching:presentation_edit"))
    assert form.status_code == 200
    assert "Write my presentation" in text(form)

    response = new_mentor_client.post(reverse("matching:presentation_edit"), presentation_post())

    assert response.status_code == 302
    assert response["Location"] == reverse("matching:my_presentation")
    presentation = MentorPresentation.objects.get(mentor=new_mentor_client.mentor)
    assert presentation.is_published is False
    preview = text(new_mentor_client.get(reverse("matching:my_presentation")))
    assert "Your presentation has been saved." in preview
    assert "Draft — not shown to mentees" in preview
    assert "Astrophysicist who loves telescopes" in preview
    assert "Publish (send for approval)" in preview

    response = new_mentor_client.post(
        reverse("matching:presentation_action", args=["publish"]), follow=True
    )

    page = text(response)
    assert (
        "Thank you! The program staff will review your presentation; you will get an email "
        "once it is published." in page
    )
    assert "Awaiting approval by the program staff" in page
    presentation.refresh_from_db()
    assert presentation.is_published
    assert not presentation.is_approved
    # not in the directory until approved
    client.force_login(MenteeFactory())
    assert (
        client.get(reverse("matching:mentor_detail", args=[presentation.public_id])).status_code
        == 404
    )
    assert "Vera" not in card_names(client.get(reverse("matching:directory")))


@override_settings(MATCHING_PRESENTATION_APPROVAL_REQUIRED=False)
def test_publish_without_approval(new_mentor_client):
    new_mentor_client.post(reverse("matching:presentation_edit"), presentation_post())

    response = new_mentor_client.post(
        reverse("matching:presentation_action", args=["publish"]), follow=True
    )

    assert "Your presentation is published in the directory." in text(response)
    assert "Vera" in card_names(new_mentor_client.get(reverse("matching:directory")))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"offers_traditional": None, "offers_flash": None}, "Offer at least one mentoring style."),
        ({"expertise": None}, "Choose at least one field."),
        ({"languages": None}, "Choose at least one language."),
        ({"capacity": "11"}, "Enter a number from 1 to 10."),
        ({"capacity": "0"}, "Enter a number from 1 to 10."),
        ({"capacity": "-1"}, "Enter a number from 1 to 10."),
    ],
    ids=["no-style", "no-field", "no-language", "capacity-11", "capacity-0", "capacity-minus-1"],
)
def test_presentation_form_errors(new_mentor_client, overrides, message):
    response = new_mentor_client.post(
        reverse("matching:presentation_edit"), presentation_post(**overrides)
    )

    assert response.status_code == 200
    page = text(response)
    assert message in page
    if "capacity" in overrides:  # one message, not the model's "at least 0" beside it
        assert response.context["form"].errors["capacity"] == [message]
    assert "Constraint" not in page
    assert "Please correct the following:" in page
    assert "Nothing has been saved yet." in page
    assert not MentorPresentation.objects.filter(mentor=new_mentor_client.mentor).exists()


def test_edit_an_existing_presentation(client, make_mentor):
    mentor = make_mentor("Ada")
    client.force_login(mentor)
    form = text(client.get(reverse("matching:presentation_edit")))
    assert "Edit my presentation" in form
    assert mentor.presentation.headline in form

    response = client.post(
        reverse("matching:presentation_edit"), presentation_post(headline="A brand new headline")
    )

    assert response.status_code == 302
    mentor.presentation.refresh_from_db()
    assert mentor.presentation.revised()["headline"] == "A brand new headline"
    assert "A brand new headline" in text(client.get(reverse("matching:presentation_edit")))


def test_unpublish(client, make_mentor):
    mentor = make_mentor("Ada")
    client.force_login(mentor)

    response = client.post(reverse("matching:presentation_action", args=["unpublish"]), follow=True)

    page = text(response)
    assert (
        "Your presentation is hidden from the directory. Open requests can still be answered."
        in page
    )
    assert "Draft — not shown to mentees" in page
    mentor.presentation.refresh_from_db()
    assert mentor.presentation.is_published is False
    client.force_login(MenteeFactory())
    assert client.get(detail_url(mentor)).status_code == 404


def test_pause_and_resume_show_on_the_card(client, make_mentor):
    mentor = make_mentor("Ada")
    mentee = MenteeFactory()
    client.force_login(mentor)

    response = client.post(reverse("matching:presentation_action", args=["pause"]), follow=True)
    page = text(response)
    assert (
        "You are paused: mentees see that you are not taking new requests. Open requests stay "
        "answerable." in page
    )
    assert "Published — paused, not taking new requests" in page
    assert "Resume taking requests" in page
    client.force_login(mentee)
    assert PAUSED in card_of(client.get(reverse("matching:directory")), "Ada")

    client.force_login(mentor)
    response = client.post(reverse("matching:presentation_action", args=["resume"]), follow=True)
    assert "Welcome back! Mentees can send you requests again." in text(response)
    client.force_login(mentee)
    assert PAUSED not in card_of(client.get(reverse("matching:directory")), "Ada")


def test_an_unknown_action_is_not_found(client, make_mentor):
    client.force_login(make_mentor("Ada"))

    assert client.post(reverse("matching:presentation_action", args=["delete"])).status_code == 404


def test_an_action_without_a_presentation_is_not_found(new_mentor_client):
    assert (
        new_mentor_client.post(
            reverse("matching:presentation_action", args=["publish"])
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", reverse("matching:my_presentation")),
        ("get", reverse("matching:presentation_edit")),
        ("post", reverse("matching:presentation_edit")),
        ("post", reverse("matching:presentation_action", args=["publish"])),
        ("post", reverse("matching:presentation_action", args=["pause"])),
    ],
)
def test_mentees_have_no_presentation_pages(mentee_client, method, path):
    response = getattr(mentee_client, method)(
        path, presentation_post() if method == "post" else None
    )

    assert response.status_code == 403
    assert not MentorPresentation.objects.exists()


def test_presentation_edit_starts_from_her_profile(new_mentor_client):
    profile = new_mentor_client.mentor.profile

    page = text(new_mentor_client.get(reverse("matching:presentation_edit")))

    assert profile.bio in page
    area = profile.expertise.get()
    assert re.search(
        rf'value="{area.pk}"[^>]*checked',
        new_mentor_client.get(reverse("matching:presentation_edit")).content.decode(),
    )


def test_a_paused_mentor_accepts_an_open_request_through_the_page(client, pair):
    mentor, _mentee, request = pair
    client.force_login(mentor)
    client.post(reverse("matching:presentation_action", args=["pause"]))

    page = text(client.get(url("matching:request_detail", request)))
    assert "Accept" in page
    response = client.post(url("matching:request_accept", request))

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "accepted"
