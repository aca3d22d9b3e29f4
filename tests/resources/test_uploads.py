"""Files uploaded to the library are checked by their content: a program renamed as a
document, a file over the limit, content of another kind or a name that lies about it is
refused with a message for staff; real documents and images are stored with their type and
size, and downloaded as attachments."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from resources import services
from resources.models import Resource
from resources.validators import check_resource_file
from tests.factories import MenteeFactory, StaffFactory

pytestmark = pytest.mark.django_db

# A small, real PDF: one empty A4 page.
PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
# The start of a Linux program (ELF, 64-bit) and of a Windows one (MZ), padded.
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(56) + b"\x01\x00" * 200
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(50) + b"PE\x00\x00" * 50


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (91, 42, 134)).save(buffer, "PNG")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def data(**changes) -> dict:
    return {
        "title": "Negotiating your first salary",
        "summary": "A worksheet for preparing the conversation.",
        "category": "equality",
        "kind": "file",
        "audience": "mentee",
        "language": "en",
        "phases": [3],
        **changes,
    }


def message(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- refused ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [("report.pdf", ELF), ("report.pdf", EXE), ("slides.pptx", EXE), ("notes.txt", ELF)],
    ids=["elf-as-pdf", "exe-as-pdf", "exe-as-pptx", "elf-as-txt"],
)
def test_a_renamed_program_is_refused(name, content):
    with pytest.raises(ValidationError) as error:
        check_resource_file(upload(name, content))

    assert message(error.value) == (
        "This file is a program, not a document, whatever its name says. Programs cannot be "
        "put in the library."
    )


def test_a_file_over_the_limit_is_refused_with_the_limit(settings):
    settings.RESOURCE_FILE_MAX_BYTES = 10 * 1024 * 1024
    too_big = PDF + b" " * (10 * 1024 * 1024)

    with pytest.raises(ValidationError) as error:
        check_resource_file(upload("big.pdf", too_big))

    assert message(error.value) == "The file is 10.0\xa0MB; the largest allowed is 10.0\xa0MB."


def test_the_limit_is_the_setting(settings):
    settings.RESOURCE_FILE_MAX_BYTES = 100

    with pytest.raises(ValidationError) as error:
        check_resource_file(upload("small.pdf", PDF))

    assert "the largest allowed is 100\xa0bytes" in message(error.value)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("archive.pdf", b"PK\x03\x04" + bytes(200)),  # a plain zip
        ("clip.pdf", b"\x00\x00\x00\x18ftypmp42" + bytes(200)),  # an MP4 video
        ("page.txt", b"\xff\xfe\x00\x01binary\x00data"),  # not text
        ("page.html", b"<html><script>alert(1)</script></html>"),  # text, but not .txt
    ],
    ids=["zip", "video", "binary-txt", "html"],
)
def test_content_the_library_does_not_keep_is_refused(name, content):
    with pytest.raises(ValidationError) as error:
        check_resource_file(upload(name, content))

    assert "the content of this file is none of these" in message(error.value)


def test_a_name_that_lies_about_the_content_is_refused():
    with pytest.raises(ValidationError) as error:
        check_resource_file(upload("photo.pdf", png()))

    assert message(error.value) == (
        "The content of this file is of type PNG, but its name ends in “.pdf”. Rename it to "
        "end in .png and upload it again."
    )


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as error:
        check_resource_file(upload("empty.pdf", b""))

    assert message(error.value) == "The file is empty."


# --- accepted --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("worksheet.pdf", PDF, "application/pdf"),
        ("Worksheet.PDF", PDF, "application/pdf"),
        ("chart.png", png(), "image/png"),
        ("notes.txt", "Frågor att ställa: lön, förmåner.\n".encode(), "text/plain"),
    ],
    ids=["pdf", "pdf-capitals", "png", "text"],
)
def test_real_files_are_accepted_with_their_type(name, content, content_type):
    assert check_resource_file(upload(name, content)).content_type == content_type


def test_a_word_document_is_recognised_by_its_content():
    from westem.documents import agreement_template

    kind = check_resource_file(upload("agreement.docx", agreement_template("en")))

    assert kind.content_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def test_the_service_stores_the_file_with_its_type_and_size():
    resource = services.create_resource(data=data(), upload=upload("worksheet.pdf", PDF))

    resource.refresh_from_db()
    assert resource.file.name == f"library/{resource.public_id}/worksheet.pdf"
    assert resource.file_type == "application/pdf"
    assert resource.file_size == len(PDF)
    with resource.file.open("rb") as stored:
        assert stored.read() == PDF


def test_the_service_refuses_a_renamed_program_next_to_the_file_field():
    with pytest.raises(ValidationError) as error:
        services.create_resource(data=data(), upload=upload("report.pdf", ELF))

    assert "This file is a program" in error.value.message_dict["file"][0]
    assert not Resource.objects.exists()


# --- through the admin -----------------------------------------------------------------------


def admin_add(client, **fields):
    post = {
        "title": "Negotiating your first salary",
        "summary": "A worksheet for preparing the conversation.",
        "category": "equality",
        "kind": "file",
        "audience": "mentee",
        "language": "en",
        "phases": ["3"],
        "for_traditional": "on",
        "for_flash": "on",
        "is_published": "on",
        "url": "",
        **fields,
    }
    return client.post(reverse("admin:resources_resource_add"), post)


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def form_errors(response) -> list[str]:
    form = response.context["adminform"].form
    return [error for errors in form.errors.values() for error in errors]


def test_staff_cannot_upload_a_renamed_program(staff_client):
    response = admin_add(staff_client, upload=upload("report.pdf", EXE))

    assert response.status_code == 200
    assert form_errors(response) == [
        "This file is a program, not a document, whatever its name says. Programs cannot be "
        "put in the library."
    ]
    assert "This file is a program" in response.text
    assert not Resource.objects.exists()


def test_staff_cannot_upload_an_oversized_file(staff_client, settings):
    settings.RESOURCE_FILE_MAX_BYTES = 200

    response = admin_add(staff_client, upload=upload("worksheet.pdf", PDF.ljust(300)))

    assert form_errors(response) == [
        "The file is 300\xa0bytes; the largest allowed is 200\xa0bytes."
    ]
    assert not Resource.objects.exists()


def test_staff_upload_a_pdf_stored_with_its_type_and_size(staff_client):
    response = admin_add(staff_client, upload=upload("worksheet.pdf", PDF))

    assert response.status_code == 302
    resource = Resource.objects.get()
    assert (resource.file_type, resource.file_size) == ("application/pdf", len(PDF))
    assert resource.phases() == [3]
    assert resource.url == ""


def test_staff_upload_a_png(staff_client):
    image = png()

    response = admin_add(staff_client, upload=upload("chart.png", image), kind="file")

    assert response.status_code == 302
    resource = Resource.objects.get()
    assert (resource.file_type, resource.file_size) == ("image/png", len(image))


def test_a_participant_downloads_the_uploaded_file_as_an_attachment(staff_client, client):
    admin_add(staff_client, upload=upload("worksheet.pdf", PDF))
    resource = Resource.objects.get()
    client.force_login(MenteeFactory())

    response = client.get(reverse("resources:resource_download", args=[resource.public_id]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="negotiating-your-first-salary.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
