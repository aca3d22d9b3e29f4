"""The library's services: a resource is a link or a file (checked, stored with its type and
size), replaced and removed files are deleted, the filter's languages follow the changes, and
a participant's first visit is recorded once."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from resources import selectors, services
from resources.models import Resource, ResourceVisit
from tests.factories import MenteeFactory, ResourceFactory

from .test_uploads import PDF, png

pytestmark = pytest.mark.django_db


def data(**changes) -> dict:
    return {
        "title": "Ada Lovelace Day",
        "summary": "A yearly celebration of women in science, technology, engineering and maths.",
        "category": "inspiring_women",
        "kind": "link",
        "audience": "both",
        "language": "en",
        "phases": [1, 4],
        "url": "https://findingada.com/",
        **changes,
    }


def test_create_a_link():
    resource = services.create_resource(data=data())

    assert resource.pk
    assert resource.phases() == [1, 4]
    assert (resource.is_published, resource.is_featured) == (True, False)
    assert (resource.for_traditional, resource.for_flash) == (True, True)


def test_a_resource_needs_a_link_or_a_file():
    with pytest.raises(ValidationError) as error:
        services.create_resource(data=data(url=""))

    assert error.value.message_dict == {"url": ["Give a link, or upload a file."]}


def test_a_resource_is_not_both():
    with pytest.raises(ValidationError) as error:
        services.create_resource(data=data(), upload=SimpleUploadedFile("worksheet.pdf", PDF))

    assert error.value.message_dict == {
        "url": ["Give a link or a file, not both: a resource is one or the other."]
    }
    assert not Resource.objects.exists()


def test_the_model_rules_are_checked():
    with pytest.raises(ValidationError) as error:
        services.create_resource(data=data(category="gossip", title=""))

    assert set(error.value.message_dict) == {"category", "title"}


def test_an_update_keeps_the_same_file_and_replaces_another(django_capture_on_commit_callbacks):
    resource = services.create_resource(
        data=data(url=""), upload=SimpleUploadedFile("worksheet.pdf", PDF)
    )
    first = resource.file.name

    again = services.update_resource(
        resource=resource, data={}, upload=SimpleUploadedFile("worksheet.pdf", PDF)
    )
    assert again.file.name == first

    image = png()
    with django_capture_on_commit_callbacks(execute=True):
        changed = services.update_resource(
            resource=resource, data={}, upload=SimpleUploadedFile("chart.png", image)
        )

    assert changed.file.name.endswith("/chart.png")
    assert (changed.file_type, changed.file_size) == ("image/png", len(image))
    assert not changed.file.storage.exists(first)


def test_an_update_from_a_file_to_a_link(django_capture_on_commit_callbacks):
    resource = services.create_resource(
        data=data(url=""), upload=SimpleUploadedFile("worksheet.pdf", PDF)
    )
    name = resource.file.name

    with django_capture_on_commit_callbacks(execute=True):
        changed = services.update_resource(
            resource=resource, data={"url": "https://findingada.com/"}, remove_file=True
        )

    assert changed.url == "https://findingada.com/"
    assert (changed.file.name, changed.file_type, changed.file_size) == ("", "", 0)
    assert not changed.file.storage.exists(name)


def test_an_update_changes_only_what_is_given():
    resource = ResourceFactory(title="Old title", for_closure=True)

    changed = services.update_resource(resource=resource, data={"title": "New title"})

    changed.refresh_from_db()
    assert changed.title == "New title"
    assert changed.phases() == [1, 2, 4]


def test_the_filters_languages_follow_the_library(django_capture_on_commit_callbacks):
    assert selectors.library_languages() == []

    with django_capture_on_commit_callbacks(execute=True):
        resource = services.create_resource(data=data(language="sv"))
    assert selectors.library_languages() == [("sv", "Swedish")]

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_resource(resource=resource)
    assert selectors.library_languages() == []


def test_the_first_visit_is_recorded_once():
    mentee = MenteeFactory()

    assert services.record_library_visit(user=mentee) is True
    assert services.record_library_visit(user=mentee) is False
    assert ResourceVisit.objects.filter(user=mentee).count() == 1
    assert selectors.has_visited_library(mentee)
