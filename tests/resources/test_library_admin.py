"""The library in the admin: program staff list, search, add, change and delete resources (a
link or a checked file, never both); the participants' first visits are read-only."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resources.models import Resource
from tests.factories import ResourceFactory, ResourceVisitFactory, StaffFactory

from .test_uploads import PDF, png

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:resources_resource_changelist"
ADD = "admin:resources_resource_add"


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def post_data(**fields) -> dict:
    return {
        "title": "Girls in engineering: a reading list",
        "summary": "Books and articles chosen by mentors.",
        "category": "inspiring_women",
        "kind": "article",
        "audience": "both",
        "language": "en",
        "phases": ["1", "2"],
        "for_traditional": "on",
        "for_flash": "on",
        "url": "https://books.example.org/list",
        "is_published": "on",
        **fields,
    }


def pdf_resource() -> Resource:
    return ResourceFactory(
        url="",
        file=ContentFile(PDF, name="worksheet.pdf"),
        file_type="application/pdf",
        file_size=len(PDF),
    )


def errors(response) -> list[str]:
    form = response.context["adminform"].form
    return [error for field_errors in form.errors.values() for error in field_errors]


# --- smoke tests -----------------------------------------------------------------------------


def test_the_list_shows_the_resources_with_their_columns(staff_client):
    ResourceFactory(title="Speaking up in the lab", is_featured=True)
    ResourceFactory(title="Hidden figures", kind="video", for_negotiation=False)

    response = staff_client.get(reverse(CHANGELIST))

    assert response.status_code == 200
    assert response.context["cl"].result_count == 2
    for header in ("Title", "Category", "Type", "Audience", "Language", "Phases", "Featured"):
        assert header in response.text
    assert "Feeling secure in your STEM role" in response.text


def test_the_list_searches_titles_and_summaries(staff_client):
    ResourceFactory(title="Speaking up in the lab")
    ResourceFactory(title="Hidden figures", summary="Katherine Johnson at NASA.")
    changelist = reverse(CHANGELIST)

    assert staff_client.get(changelist, {"q": "lab"}).context["cl"].result_count == 1
    assert staff_client.get(changelist, {"q": "NASA"}).context["cl"].result_count == 1
    assert staff_client.get(changelist, {"q": "quantum"}).context["cl"].result_count == 0


def test_the_list_filters_by_phase(staff_client):
    ResourceFactory(title="For preparation")
    ResourceFactory(title="For closure", for_preparation=False, for_negotiation=False)

    response = staff_client.get(reverse(CHANGELIST), {"phase": "1"})

    assert response.context["cl"].result_count == 1


def test_the_add_page_has_its_fieldsets(staff_client):
    response = staff_client.get(reverse(ADD))

    assert response.status_code == 200
    for legend in ("Who and when it helps", "Link or file", "In the library"):
        assert legend in response.text
    assert "Phase 3: Enabling" in response.text
    assert 'name="upload"' in response.text
    assert "at most 10.0\xa0MB" in response.text
    assert 'name="remove_file"' not in response.text  # nothing to remove yet


def test_the_change_page_of_a_file_shows_it(staff_client):
    resource = pdf_resource()

    response = staff_client.get(reverse("admin:resources_resource_change", args=[resource.pk]))

    assert response.status_code == 200
    assert "worksheet.pdf" in response.text
    assert f"PDF · {len(PDF)}\xa0bytes" in response.text
    assert 'name="remove_file"' in response.text


# --- adding and changing ---------------------------------------------------------------------


def test_staff_add_a_link(staff_client):
    response = staff_client.post(reverse(ADD), post_data())

    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.title == "Girls in engineering: a reading list"
    assert resource.url == "https://books.example.org/list"
    assert resource.phases() == [1, 2]
    assert (resource.for_enabling, resource.for_closure) == (False, False)
    assert not resource.file


def test_a_link_without_a_scheme_becomes_https(staff_client):
    staff_client.post(reverse(ADD), post_data(url="books.example.org/list"))

    assert Resource.objects.get().url == "https://books.example.org/list"


def test_a_resource_needs_a_link_or_a_file(staff_client):
    response = staff_client.post(reverse(ADD), post_data(url=""))

    assert errors(response) == ["Give a link, or upload a file."]
    assert not Resource.objects.exists()


def test_a_resource_is_a_link_or_a_file_not_both(staff_client):
    upload = SimpleUploadedFile("worksheet.pdf", PDF)

    response = staff_client.post(reverse(ADD), post_data(upload=upload))

    assert errors(response) == ["Give a link or a file, not both: a resource is one or the other."]
    assert not Resource.objects.exists()


def test_staff_replace_a_link_with_a_file_and_back(
    staff_client, django_capture_on_commit_callbacks
):
    resource = ResourceFactory()
    change = reverse("admin:resources_resource_change", args=[resource.pk])
    image = png()

    response = staff_client.post(
        change, post_data(url="", upload=SimpleUploadedFile("chart.png", image))
    )

    assert response.status_code == 302
    resource.refresh_from_db()
    stored = resource.file.name
    assert (resource.url, resource.file_type, resource.file_size) == ("", "image/png", len(image))

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(change, post_data(remove_file="on"))

    assert response.status_code == 302
    resource.refresh_from_db()
    assert (resource.file.name, resource.file_type, resource.file_size) == ("", "", 0)
    assert resource.url == "https://books.example.org/list"
    assert not resource.file.storage.exists(stored)  # the removed file is deleted


def test_removing_the_file_needs_a_link(staff_client):
    resource = pdf_resource()

    response = staff_client.post(
        reverse("admin:resources_resource_change", args=[resource.pk]),
        post_data(url="", remove_file="on"),
    )

    assert errors(response) == ["Give a link, or upload a file."]
    resource.refresh_from_db()
    assert resource.file


def test_deleting_a_resource_deletes_its_file(staff_client, django_capture_on_commit_callbacks):
    resource = pdf_resource()
    name = resource.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:resources_resource_delete", args=[resource.pk]), {"post": "yes"}
        )

    assert response.status_code == 302
    assert not Resource.objects.exists()
    assert not resource.file.storage.exists(name)


# --- first visits ----------------------------------------------------------------------------


def test_first_visits_are_listed_and_searched_but_not_written(staff_client):
    visit = ResourceVisitFactory()
    changelist = reverse("admin:resources_resourcevisit_changelist")

    assert staff_client.get(changelist).context["cl"].result_count == 1
    assert staff_client.get(changelist, {"q": visit.user.email}).context["cl"].result_count == 1
    assert staff_client.get(reverse("admin:resources_resourcevisit_add")).status_code == 403
    change = reverse("admin:resources_resourcevisit_change", args=[visit.pk])
    assert staff_client.post(change, {}).status_code == 403
