"""The library's own documents, opened with python-docx: the mentoring agreement template has
every section of the agreement with the manual's hints and space to write, the code of
conduct its current text, each in English and in Swedish; ``library_documents`` keeps the
four resources in the library, however often it runs."""

import io

import docx
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from cycles.content import GOAL_EXAMPLES, MENTEE_SUCCESS_HINT, MENTOR_SUCCESS_HINT
from profiles.models import CodeOfConduct
from resources.models import Resource
from tests.factories import CodeOfConductFactory, MenteeFactory
from westem.documents import agreement_template, code_of_conduct

pytestmark = pytest.mark.django_db


def opened(content: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(content))


def headings(document) -> list[str]:
    return [
        paragraph.text
        for paragraph in document.paragraphs
        if paragraph.style.name in ("Title", "Heading 1", "Heading 2")
    ]


def text(document) -> str:
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(paragraphs + cells)


AGREEMENT_HEADINGS = {
    "en": [
        "Mentoring agreement",
        "Goals (at most 3)",
        "Expectations, steps and boundaries",
        "Meetings",
        "Timeline",
        "Success criteria",
        "Commitments",
        "Acceptance",
    ],
    "sv": [
        "Mentorsavtal",
        "Mål (högst 3)",
        "Förväntningar, steg och gränser",
        "Möten",
        "Tidslinje",
        "Framgångskriterier",
        "Åtaganden",
        "Godkännande",
    ],
}


@pytest.mark.parametrize("language", ["en", "sv"])
def test_the_agreement_template_has_every_section(language):
    document = opened(agreement_template(language))

    assert headings(document) == AGREEMENT_HEADINGS[language]
    assert document.core_properties.language == {"en": "en-GB", "sv": "sv-SE"}[language]


def test_the_agreement_template_has_every_field_with_the_manuals_hints():
    document = opened(agreement_template("en"))
    content = text(document)

    for label in (
        "Goal 1",
        "Goal 2",
        "Goal 3",
        "Expectations",
        "Steps to reach the goals",
        "Boundaries",
        "Meetings a month",
        "Length of a meeting (minutes)",
        "Availability",
        "Start date",
        "End date",
        "Success criteria for the mentor",
        "Success criteria for the mentee",
        "We commit to confidentiality",
        "We know either of us may end the mentoring at any time",
    ):
        assert f"\n{label}\n" in f"\n{content}\n" or f"☐  {label}" in content, label
    for hint in (GOAL_EXAMPLES, MENTOR_SUCCESS_HINT, MENTEE_SUCCESS_HINT):
        assert str(hint) in content
    assert "A mentoring cycle lasts from a few weeks up to 4 months after the start." in content
    assert "The program asks for at least 1 hour of meetings a month." in content
    assert [row.cells[0].text for row in document.tables[0].rows] == [
        "Mentor",
        "Mentee",
        "Kind of mentoring (traditional or flash)",
    ]
    assert "Signature:" in content


def test_the_agreement_template_leaves_space_to_write():
    document = opened(agreement_template("en"))

    boxes = [table for table in document.tables if len(table.rows) == len(table.columns) == 1]
    # Goals 1–3, expectations, steps, boundaries, meetings a month, minutes, availability,
    # start and end dates, the two success criteria.
    assert len(boxes) == 13
    assert all(table.rows[0].height.cm >= 1 for table in boxes)


def test_the_swedish_template_uses_the_platforms_swedish_labels():
    content = text(opened(agreement_template("sv")))

    with translation.override("sv"):
        for hint in (GOAL_EXAMPLES, MENTOR_SUCCESS_HINT):
            assert str(hint) in content
    assert "Mål 1" in content


def test_the_same_document_is_the_same_bytes():
    assert agreement_template("en") == agreement_template("en")


@pytest.mark.parametrize(
    ("language", "title", "section"),
    [
        ("en", "Code of Conduct for Mentoring", "2. Confidentiality"),
        ("sv", "Uppförandekod för mentorskap", "2. Konfidentialitet"),
    ],
)
def test_the_code_of_conduct_document_has_its_title_and_sections(language, title, section):
    code = CodeOfConduct.objects.current()

    document = opened(code_of_conduct(code, language))

    found = headings(document)
    assert found[0] == title
    assert section in found
    assert len(found) >= 8
    assert "accepts it before" in text(document) or "godkänner den innan" in text(document)


def test_the_code_of_conduct_without_a_translation_is_in_english():
    code = CodeOfConductFactory(version=7, title_sv="", body_sv="", published_at=timezone.now())

    document = opened(code_of_conduct(code, "sv"))

    assert headings(document)[0] == code.title_en


# --- in the library --------------------------------------------------------------------------


def run() -> str:
    out = io.StringIO()
    call_command("library_documents", stdout=out)
    return out.getvalue()


def test_the_command_puts_four_documents_in_the_library_once():
    first = run()
    rows = list(
        Resource.objects.order_by("pk").values_list(
            "pk", "title", "language", "category", "kind", "file", "file_size"
        )
    )
    second = run()

    assert first.count("created:") == 4
    assert second.count("updated:") == 4
    assert Resource.objects.count() == 4
    assert (
        list(
            Resource.objects.order_by("pk").values_list(
                "pk", "title", "language", "category", "kind", "file", "file_size"
            )
        )
        == rows
    )
    assert sorted((language, kind) for _pk, _title, language, _c, kind, *_rest in rows) == [
        ("en", "file"),
        ("en", "template"),
        ("sv", "file"),
        ("sv", "template"),
    ]
    assert Resource.objects.get(language="en", kind="template").title == (
        "Mentoring agreement template"
    )
    assert Resource.objects.get(language="sv", kind="file").title == (
        "Uppförandekod för mentorskap"
    )


def test_the_documents_are_filed_for_the_phases_and_both_audiences():
    run()

    template = Resource.objects.get(language="en", kind="template")
    conduct = Resource.objects.get(language="en", kind="file")
    assert (template.category, template.phases(), template.audience) == (
        "templates",
        [1, 2],
        "both",
    )
    assert (conduct.category, conduct.phases(), conduct.audience) == (
        "mentoring_skills",
        [1],
        "both",
    )
    assert template.file_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def test_a_new_code_of_conduct_updates_the_same_resources():
    run()
    CodeOfConductFactory(
        version=2,
        title_en="Code of Conduct, second edition",
        title_sv="Uppförandekod, andra upplagan",
        published_at=timezone.now(),
    )

    run()

    assert Resource.objects.count() == 4
    assert Resource.objects.filter(title="Code of Conduct, second edition").exists()


def test_a_participant_downloads_the_template(client):
    run()
    template = Resource.objects.get(language="sv", kind="template")
    client.force_login(MenteeFactory())

    response = client.get(reverse("resources:resource_download", args=[template.public_id]))

    document = opened(b"".join(response.streaming_content))
    assert headings(document)[0] == "Mentorsavtal"
