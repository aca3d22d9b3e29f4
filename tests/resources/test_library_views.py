"""The library's pages as participants see them: the list with its filters, search, default
audience, featured row and pages; a resource's page; the download; the first visit that ticks
the checklist; the mentorship page's resources for its phase; and their query counts."""

import html
import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from resources.models import Resource, ResourceVisit
from tests.factories import (
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    ReporterFactory,
    ResourceFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

LIBRARY = "/resources/"
CARD_TITLE = re.compile(r'class="stretched-link text-decoration-none" href="[^"]+">([^<]+)</a>')


def titles(page: str) -> list[str]:
    return [html.unescape(title) for title in CARD_TITLE.findall(page)]


def listed(response) -> list[str]:
    """The titles in the main list (the featured row left out)."""
    return titles(response.text.split('id="library-list"', 1)[1])


def featured_row(response) -> list[str]:
    page = response.text
    if 'id="featured-heading"' not in page:
        return []
    return titles(page.split('id="featured-heading"', 1)[1].split('id="library-list"', 1)[0])


def resource(title: str, **fields) -> Resource:
    return ResourceFactory(title=title, **fields)


@pytest.fixture
def library():
    """Eight published resources that differ in one way each, and one unpublished."""
    return {
        "base": resource("Speaking up in the lab"),
        "video": resource("Hidden figures of computing", kind="video", category="inspiring_women"),
        "mentor": resource(
            "Giving feedback that helps",
            audience="mentor",
            category="mentor_tips",
            for_preparation=False,
            for_negotiation=False,
            for_enabling=True,
        ),
        "mentee": resource("Preparing your first meeting", audience="mentee", category="topics"),
        "swedish": resource(
            "Lönesamtalet: så förbereder du dig", language="sv", category="equality"
        ),
        "closure": resource(
            "Looking back together",
            category="templates",
            kind="template",
            for_preparation=False,
            for_negotiation=False,
            for_closure=True,
        ),
        "network": resource(
            "Women in engineering network",
            kind="network",
            category="networks",
            summary="A community of engineers who meet every month across Europe.",
        ),
        "self_test": resource("Which mentor are you?", kind="self_test", category="self_tests"),
        "hidden": resource("A draft not yet published", is_published=False),
    }


def get(client, user, **params):
    client.force_login(user)
    return client.get(LIBRARY, params)


# --- filters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"category": "inspiring_women"}, ["video"]),
        ({"category": "networks"}, ["network"]),
        ({"kind": "video"}, ["video"]),
        ({"kind": "template"}, ["closure"]),
        ({"language": "sv"}, ["swedish"]),
        ({"phase": "3"}, ["mentor"]),
        ({"phase": "4"}, ["closure"]),
        (
            {"audience": "mentor"},
            ["base", "video", "mentor", "swedish", "closure", "network", "self_test"],
        ),
        (
            {"audience": "mentee"},
            ["base", "video", "mentee", "swedish", "closure", "network", "self_test"],
        ),
        ({"category": "networks", "phase": "1"}, ["network"]),
        ({"category": "networks", "phase": "4"}, []),
    ],
)
def test_each_filter_narrows_the_list(client, library, params, expected):
    response = get(client, StaffFactory(), **params)

    assert response.status_code == 200
    assert sorted(listed(response)) == sorted(library[key].title for key in expected)
    assert library["hidden"].title not in response.text


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("feedback", ["mentor"]),  # in the title
        ("EUROPE", ["network"]),  # in the summary, whatever the case
        ("first meeting", ["mentee"]),  # every word must match
        ("engineering community", ["network"]),  # a word in the title, one in the summary
        ("nothing-like-this", []),
    ],
)
def test_search_looks_in_the_title_and_the_summary(client, library, q, expected):
    response = get(client, StaffFactory(), q=q)

    assert sorted(listed(response)) == sorted(library[key].title for key in expected)


def test_a_mentee_sees_what_is_for_mentees_and_for_everyone_by_default(client, library):
    response = get(client, MenteeFactory())

    shown = listed(response)
    assert library["mentee"].title in shown
    assert library["base"].title in shown
    assert library["mentor"].title not in shown
    assert '<option value="mentee" selected>For mentees</option>' in response.text


def test_a_mentor_sees_what_is_for_mentors_and_for_everyone_by_default(client, library):
    response = get(client, MentorFactory())

    shown = listed(response)
    assert library["mentor"].title in shown
    assert library["mentee"].title not in shown
    assert '<option value="mentor" selected>For mentors</option>' in response.text


def test_staff_see_everything_by_default(client, library):
    response = get(client, StaffFactory())

    assert len(listed(response)) == 8
    assert '<option value="any" selected>For everyone</option>' in response.text


def test_a_reporter_has_no_library(client, library):
    """A reporter reads the report and nothing else of the program's (SPEC §2)."""
    response = get(client, ReporterFactory())

    assert response.status_code == 403


def test_a_mentee_can_choose_to_see_everything(client, library):
    response = get(client, MenteeFactory(), audience="any")

    assert library["mentor"].title in listed(response)


def test_the_language_filter_offers_the_languages_of_the_library(client, library):
    response = get(client, MenteeFactory())

    assert '<option value="en">English</option>' in response.text
    assert '<option value="sv">Swedish</option>' in response.text
    assert '<option value="de">' not in response.text


def test_unknown_filter_values_are_ignored(client, library):
    response = get(client, StaffFactory(), category="malware", phase="9", kind="<script>")

    assert response.status_code == 200
    assert len(listed(response)) == 8
    assert "<script>" not in response.text


# --- featured, pages, empty ------------------------------------------------------------------


def test_featured_resources_have_their_own_row_when_no_filter_is_set(client, library):
    Resource.objects.filter(pk=library["network"].pk).update(is_featured=True)

    response = get(client, MenteeFactory())

    assert featured_row(response) == [library["network"].title]
    assert library["network"].title not in listed(response)
    assert "More resources" in response.text


def test_with_a_filter_the_featured_ones_come_first_in_the_list(client, library):
    Resource.objects.filter(pk=library["closure"].pk).update(is_featured=True)

    response = get(client, MenteeFactory(), language="en")

    assert featured_row(response) == []
    assert listed(response)[0] == library["closure"].title


def test_a_featured_resource_for_mentors_is_not_in_a_mentees_row(client, library):
    Resource.objects.filter(pk=library["mentor"].pk).update(is_featured=True)

    response = get(client, MenteeFactory())

    assert featured_row(response) == []


def test_pages_of_twelve_keep_the_filters(client):
    for number in range(14):
        resource(f"Article {number:02}", category="barriers")
    resource("In another category", category="confidence")
    user = MenteeFactory()

    first = get(client, user, category="barriers")
    second = get(client, user, category="barriers", page="2")

    assert len(listed(first)) == 12
    assert "14 resources match your search" in first.text
    assert 'href="?category=barriers&amp;page=2"' in first.text
    assert len(listed(second)) == 2
    assert set(listed(first)).isdisjoint(listed(second))
    assert "In another category" not in first.text + second.text


def test_the_featured_row_is_on_the_first_page_only(client):
    for number in range(13):
        resource(f"Article {number:02}")
    star = resource("The featured one", is_featured=True)
    user = MenteeFactory()

    first = get(client, user)
    second = get(client, user, page="2")

    assert featured_row(first) == [star.title]
    assert len(listed(first)) == 12
    assert featured_row(second) == []
    assert len(listed(second)) == 1
    assert star.title not in listed(second)


def test_an_empty_result_says_so_and_offers_to_clear_the_filters(client, library):
    response = get(client, MenteeFactory(), q="quantum knitting")

    assert listed(response) == []
    assert "No resource matches all of these filters." in response.text
    assert f'href="{LIBRARY}">Show all resources' in response.text


def test_an_empty_library_says_so(client):
    response = get(client, MenteeFactory())

    assert "The library is empty for now." in response.text


# --- a resource's page and its download ------------------------------------------------------


def test_a_link_opens_in_a_new_tab(client, library):
    client.force_login(MenteeFactory())
    network = library["network"]

    response = client.get(reverse("resources:resource_detail", args=[network.public_id]))

    assert response.status_code == 200
    page = response.text
    assert network.summary in page
    assert "Networks for women in STEM" in page
    assert f'href="{network.url}" target="_blank" rel="noopener noreferrer"' in page
    assert "On library.example.org, a site outside the program." in page
    assert "Phase 1: Preparation" in page
    assert "Phase 2: Negotiation" in page


def test_a_file_has_a_download_button_with_its_type_and_size(client):
    worksheet = ResourceFactory(
        title="Salary worksheet",
        url="",
        file=ContentFile(b"%PDF-1.4 worksheet", name="worksheet.pdf"),
        file_type="application/pdf",
        file_size=125_000,
    )
    client.force_login(MenteeFactory())

    response = client.get(reverse("resources:resource_detail", args=[worksheet.public_id]))

    assert (
        f'href="{reverse("resources:resource_download", args=[worksheet.public_id])}"'
        in response.text
    )
    assert "PDF · 122.1\xa0KB" in response.text


def test_the_page_suggests_more_in_the_same_category(client, library):
    same = resource("Another confidence article")
    mentor_only = resource("Confidence for mentors", audience="mentor")
    client.force_login(MenteeFactory())

    response = client.get(reverse("resources:resource_detail", args=[library["base"].public_id]))

    more = response.text.split('id="more-heading"', 1)[1]
    assert same.title in more
    assert library["mentee"].title not in more  # another category
    assert mentor_only.title not in more
    assert library["hidden"].title not in more


def test_an_unpublished_resource_has_no_page(client, library):
    client.force_login(StaffFactory())

    response = client.get(reverse("resources:resource_detail", args=[library["hidden"].public_id]))

    assert response.status_code == 404


def file_resource(**fields) -> Resource:
    values = {
        "title": "Agreement template",
        "url": "",
        "file": ContentFile(b"PK\x03\x04 a word file", name="template.docx"),
        "file_type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "file_size": 20,
        **fields,
    }
    return ResourceFactory(**values)


def test_the_download_is_an_attachment_of_the_stored_type(client):
    template = file_resource()
    client.force_login(MentorFactory())

    response = client.get(reverse("resources:resource_download", args=[template.public_id]))

    assert response.status_code == 200
    assert response["Content-Type"] == template.file_type
    assert response["Content-Disposition"] == 'attachment; filename="agreement-template.docx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"PK\x03\x04 a word file"


def test_a_type_outside_the_allowlist_downloads_as_plain_bytes(client):
    forged = file_resource(file_type="text/html")
    client.force_login(MenteeFactory())

    response = client.get(reverse("resources:resource_download", args=[forged.public_id]))

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("case", ["unpublished", "link", "missing"])
def test_no_download_without_a_published_file(client, case):
    if case == "unpublished":
        target = file_resource(is_published=False)
    elif case == "link":
        target = ResourceFactory()
    else:
        target = file_resource()
        target.file.storage.delete(target.file.name)
    client.force_login(MenteeFactory())

    response = client.get(reverse("resources:resource_download", args=[target.public_id]))

    assert response.status_code == 404


def test_the_library_pages_take_no_post(client, library):
    client.force_login(MenteeFactory())

    assert client.post(LIBRARY).status_code == 405


# --- the first visit ticks the checklist -----------------------------------------------------


def checklist(page: str) -> dict[str, bool]:
    items = re.findall(r'<li class="(done|)" data-key="([a-z_]+)">', page)
    return {key: state == "done" for state, key in items}


def test_the_first_visit_ticks_the_mentors_checklist(client):
    mentor = MentorFactory()
    client.force_login(mentor)
    assert checklist(client.get(reverse("dashboard")).text)["resources"] is False

    client.get(LIBRARY)

    assert ResourceVisit.objects.filter(user=mentor).count() == 1
    assert checklist(client.get(reverse("dashboard")).text)["resources"] is True


def test_the_first_visit_ticks_the_mentees_part_of_her_last_item(client):
    mentee = MenteeFactory()
    client.force_login(mentee)
    before = client.get(reverse("dashboard")).text
    assert "○ Resources explored" in before

    client.get(LIBRARY)

    assert "✓ Resources explored" in client.get(reverse("dashboard")).text


def test_later_visits_write_nothing(client):
    mentee = MenteeFactory()
    client.force_login(mentee)
    client.get(LIBRARY)
    first = ResourceVisit.objects.get(user=mentee).first_visited_at
    ResourceVisit.objects.filter(user=mentee).update(first_visited_at=first - timedelta(days=3))

    client.get(LIBRARY, {"q": "again"})

    assert ResourceVisit.objects.get(user=mentee).first_visited_at == first - timedelta(days=3)


def test_staff_visits_are_not_recorded(client):
    client.force_login(StaffFactory())

    client.get(LIBRARY)

    assert not ResourceVisit.objects.exists()


# --- query counts ----------------------------------------------------------------------------

# Every signed-in page: session, user, profile, the current code of conduct's acceptance.
MIDDLEWARE = 4 + 1  # and the bell's unread count
# The list: her visit (read), the featured row, the count and the page. The languages offered
# are cached.
LIBRARY_QUERIES = MIDDLEWARE + 1 + 1 + 2


def fill(rows: int) -> None:
    """``rows`` resources, and a featured one for every five (at least one)."""
    for number in range(rows):
        resource(f"Resource {number}", category="toolkits")
    for number in range(max(1, rows // 5)):
        resource(f"Featured {number}", is_featured=True, category="toolkits")


@pytest.mark.parametrize("rows", [1, 30], ids=["one", "many"])
def test_the_library_query_count_is_constant(client, django_assert_num_queries, rows):
    fill(rows)
    client.force_login(MenteeFactory())
    client.get(LIBRARY)  # the first visit is recorded; the languages cached

    with django_assert_num_queries(LIBRARY_QUERIES):
        response = client.get(LIBRARY)
    with django_assert_num_queries(LIBRARY_QUERIES - 1):  # a filter: no featured row
        filtered = client.get(LIBRARY, {"category": "toolkits", "page": "2"})

    assert response.status_code == filtered.status_code == 200


@pytest.mark.parametrize("rows", [1, 10], ids=["one", "many"])
def test_the_resource_page_query_count_is_constant(client, django_assert_num_queries, rows):
    fill(rows)
    target = Resource.objects.first()
    client.force_login(MenteeFactory())

    with django_assert_num_queries(MIDDLEWARE + 2):  # the resource, more in its category
        response = client.get(reverse("resources:resource_detail", args=[target.public_id]))

    assert response.status_code == 200


# --- the mentorship page's resources for its phase -------------------------------------------


def suggestions(response) -> list[str]:
    page = response.text
    if 'id="phase-resources"' not in page:
        return []
    block = page.split('id="phase-resources"', 1)[1].split("</section>", 1)[0]
    return [html.unescape(t) for t in re.findall(r'<a href="/resources/[^"]+/">([^<]+)</a>', block)]


@pytest.fixture
def phase_library():
    return {
        "prep": resource("Before your first meeting", for_negotiation=False),
        "prep_flash_only": resource(
            "A flash session in 30 minutes", for_negotiation=False, for_traditional=False
        ),
        "prep_traditional_only": resource(
            "Planning four months together", for_negotiation=False, for_flash=False
        ),
        "prep_for_mentors": resource(
            "Preparing as a mentor", for_negotiation=False, audience="mentor"
        ),
        "negotiation": resource(
            "Writing the agreement", for_preparation=False, for_negotiation=True
        ),
        "unpublished": resource("Draft for phase 1", is_published=False),
    }


@pytest.mark.parametrize(
    ("style", "viewer", "expected"),
    [
        ("traditional", "mentee", ["prep", "prep_traditional_only"]),
        ("flash", "mentee", ["prep", "prep_flash_only"]),
        ("traditional", "mentor", ["prep", "prep_traditional_only", "prep_for_mentors"]),
    ],
)
def test_the_mentorship_page_shows_resources_for_its_phase_style_and_role(
    client, phase_library, style, viewer, expected
):
    mentorship = MentorshipFactory(style=style, phase=1)
    client.force_login(getattr(mentorship, viewer))

    response = client.get(reverse("cycles:mentorship_detail", args=[mentorship.public_id]))

    assert sorted(suggestions(response)) == sorted(phase_library[key].title for key in expected)
    assert f'href="{LIBRARY}?phase=1">More for this phase' in response.text


def test_the_mentorship_page_shows_at_most_four_featured_first(client):
    for number in range(6):
        resource(f"Phase 2 reading {number}", for_preparation=False)
    star = resource("The featured one", for_preparation=False, is_featured=True)
    mentorship = MentorshipFactory(phase=2)
    client.force_login(mentorship.mentee)

    response = client.get(reverse("cycles:mentorship_detail", args=[mentorship.public_id]))

    shown = suggestions(response)
    assert len(shown) == 4
    assert shown[0] == star.title
    assert f'href="{LIBRARY}?phase=2">More for this phase' in response.text


def test_the_mentorship_page_puts_resources_in_her_language_first(client):
    for number in range(4):
        resource(f"English reading {number}", for_negotiation=False, is_featured=True)
    swedish = resource("Att förbereda första mötet", language="sv", for_negotiation=False)
    mentorship = MentorshipFactory(phase=1, mentee__profile__language="sv")
    client.force_login(mentorship.mentee)

    response = client.get(reverse("cycles:mentorship_detail", args=[mentorship.public_id]))

    assert suggestions(response)[0] == swedish.title
    assert len(suggestions(response)) == 4


def test_the_mentorship_page_says_when_there_is_nothing_for_the_phase(client):
    mentorship = MentorshipFactory(phase=3)
    client.force_login(mentorship.mentor)

    response = client.get(reverse("cycles:mentorship_detail", args=[mentorship.public_id]))

    assert "No resources for the Enabling phase yet." in response.text


def test_an_ended_mentorship_suggests_nothing(client, phase_library):
    mentorship = MentorshipFactory(
        status="completed", phase=4, ended_at=timezone.now() - timedelta(days=1)
    )
    client.force_login(mentorship.mentee)

    response = client.get(reverse("cycles:mentorship_detail", args=[mentorship.public_id]))

    assert 'id="phase-resources"' not in response.text
