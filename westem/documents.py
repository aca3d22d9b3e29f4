"""The program's own documents in the library, written as Word files (python-docx) in English
and in Swedish: the mentoring agreement template (every section of the agreement of SPEC §8,
with the platform's labels and the manual's hints, and space to write) and the current code of
conduct. ``python manage.py library_documents`` puts them in the library."""

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from cycles.content import GOAL_EXAMPLES
from cycles.forms_agreement import AgreementForm
from cycles.models import MAX_GOALS
from profiles.models import CodeOfConduct
from resources import services
from resources.models import Audience, Category, Kind, Resource

LANGUAGES = ("en", "sv")
PURPLE = RGBColor(0x5B, 0x2A, 0x86)
GREY = RGBColor(0x5F, 0x56, 0x70)
# Word files are zip files that carry the time they were written: a fixed time makes the same
# document the same bytes, so running the command again stores nothing new.
ZIP_TIME = (2026, 1, 1, 0, 0, 0)
LOCALES = {"en": "en-GB", "sv": "sv-SE"}


# --- writing a document --------------------------------------------------------------------


def _new_document(title: str, language: str) -> Document:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.0)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    language_tag = OxmlElement("w:lang")
    language_tag.set(qn("w:val"), LOCALES.get(language, language))
    normal.element.get_or_add_rPr().append(language_tag)
    for name in ("Title", "Heading 1", "Heading 2"):
        document.styles[name].font.color.rgb = PURPLE
    properties = document.core_properties
    properties.title = title
    properties.author = "WESTEM"
    properties.last_modified_by = "WESTEM"
    properties.language = LOCALES.get(language, language)
    properties.comments = ""
    return document


def _program_line(document: Document) -> None:
    line = document.add_paragraph()
    run = line.add_run(f"WESTEM · {_('Mentoring program for women and girls in STEM')}")
    run.bold = True
    run.font.color.rgb = PURPLE


def _hint(document: Document, text: str) -> None:
    if not text:
        return
    paragraph = document.add_paragraph()
    run = paragraph.add_run(str(text))
    run.italic = True
    run.font.size = Pt(9.5)
    run.font.color.rgb = GREY
    paragraph.paragraph_format.space_after = Pt(4)
    paragraph.paragraph_format.keep_with_next = True  # with the space to write below it


def _writing_box(document: Document, height_cm: float) -> None:
    """A bordered box to write in."""
    table = document.add_table(rows=1, cols=1)
    table.style = document.styles["Table Grid"]
    row = table.rows[0]
    row.height = Cm(height_cm)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    document.add_paragraph().paragraph_format.space_after = Pt(2)


def _field(document: Document, label: str, hint: str, height_cm: float) -> None:
    heading = document.add_paragraph()
    heading.paragraph_format.space_before = Pt(6)
    heading.paragraph_format.space_after = Pt(2)
    heading.paragraph_format.keep_with_next = True
    heading.add_run(str(label)).bold = True
    _hint(document, hint)
    _writing_box(document, height_cm)


def _commitment(document: Document, label: str, hint: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.add_run("☐  ").font.size = Pt(13)
    paragraph.add_run(str(label)).bold = True
    _hint(document, hint)


def _as_bytes(document: Document) -> bytes:
    """The document's bytes, its zip entries dated ``ZIP_TIME``, in the order python-docx
    wrote them (the content types first, which is how a Word file is recognised)."""
    written = io.BytesIO()
    document.save(written)
    written.seek(0)
    result = io.BytesIO()
    with (
        zipfile.ZipFile(written) as source,
        zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = entry.external_attr
            target.writestr(info, source.read(entry))
    return result.getvalue()


# --- the mentoring agreement template ------------------------------------------------------

# The agreement form's fields, in the order and groups of the agreement page (SPEC §8), with
# the height (cm) of the space to write each in; 0 for a commitment to tick.
AGREEMENT_SECTIONS = [
    (
        gettext_lazy("Goals (at most 3)"),
        GOAL_EXAMPLES,
        [(f"goal_{number}", 1.6) for number in range(1, MAX_GOALS + 1)],
    ),
    (
        gettext_lazy("Expectations, steps and boundaries"),
        "",
        [("expectations", 3.5), ("steps", 3.5), ("boundaries", 3.0)],
    ),
    (
        gettext_lazy("Meetings"),
        "",
        [("meetings_per_month", 1.0), ("meeting_minutes", 1.0), ("availability", 2.2)],
    ),
    (gettext_lazy("Timeline"), "", [("start_date", 1.0), ("end_date", 1.0)]),
    (
        gettext_lazy("Success criteria"),
        "",
        [("mentor_success_criteria", 3.0), ("mentee_success_criteria", 3.0)],
    ),
    (gettext_lazy("Commitments"), "", [("confidentiality", 0), ("termination_clause", 0)]),
]


def agreement_template(language: str) -> bytes:
    """The mentoring agreement as a form to fill in together, in ``language``."""
    with translation.override(language):
        form = AgreementForm()
        title = _("Mentoring agreement")
        document = _new_document(title, language)
        _program_line(document)
        document.add_heading(title, level=0)
        intro = document.add_paragraph(
            _(
                "Write your agreement together in phase 2 of the cycle, Negotiation. For "
                "traditional mentoring it is needed before phase 3; for flash mentoring it is "
                "optional. On the platform you write it on your mentorship's page and both "
                "accept it there: this template helps you prepare it, or fill it in on paper."
            )
        )
        intro.paragraph_format.space_after = Pt(8)
        parties = document.add_table(rows=3, cols=2)
        parties.style = document.styles["Table Grid"]
        for row, label in zip(
            parties.rows,
            (_("Mentor"), _("Mentee"), _("Kind of mentoring (traditional or flash)")),
            strict=True,
        ):
            row.height = Cm(0.9)
            row.cells[0].text = str(label)
            row.cells[0].paragraphs[0].runs[0].bold = True
        for section_title, hint, fields in AGREEMENT_SECTIONS:
            document.add_heading(str(section_title), level=1)
            _hint(document, hint)
            for name, height in fields:
                field = form.fields[name]
                if height:
                    _field(document, field.label, field.help_text, height)
                else:
                    _commitment(document, field.label, field.help_text)
        document.add_heading(_("Acceptance"), level=1)
        signatures = document.add_table(rows=4, cols=2)
        signatures.style = document.styles["Table Grid"]
        for column, role in enumerate((_("Mentor"), _("Mentee"))):
            signatures.cell(0, column).text = str(role)
            signatures.cell(0, column).paragraphs[0].runs[0].bold = True
            for row, label in ((1, _("Name")), (2, _("Signature")), (3, _("Date"))):
                signatures.cell(row, column).text = f"{label}:"
        for row in signatures.rows[1:]:
            row.height = Cm(1.1)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        return _as_bytes(document)


# --- the code of conduct -------------------------------------------------------------------

# A short first line such as "1. Respect and trust" is a section's heading (as on the site).
SECTION_HEADING = re.compile(r"^\d+\.\s+\S")


def code_of_conduct(code: CodeOfConduct, language: str) -> bytes:
    """The code of conduct's text in ``language`` (English where it has no translation)."""
    with translation.override(language):
        document = _new_document(code.title, language)
        _program_line(document)
        document.add_heading(code.title, level=0)
        _hint(
            document,
            _("Version %(version)s, published %(date)s")
            % {
                "version": code.version,
                "date": date_format(localtime(code.published_at), "DATE_FORMAT")
                if code.published_at
                else "—",
            },
        )
        blocks = [block.strip() for block in re.split(r"\n\s*\n", code.body) if block.strip()]
        for block in blocks:
            lines = block.splitlines()
            if SECTION_HEADING.match(lines[0]) and len(lines[0]) <= 80:
                document.add_heading(lines[0], level=2)
                lines = lines[1:]
            if lines:
                document.add_paragraph(" ".join(line.strip() for line in lines))
        return _as_bytes(document)


# --- in the library ------------------------------------------------------------------------


@dataclass(frozen=True)
class LibraryDocument:
    key: str  # the stored file's name starts with "westem-<key>-<language>"
    title: Callable[[], str]
    summary: Callable[[], str]
    category: str
    kind: str
    phases: tuple[int, ...]


def _agreement_entry() -> LibraryDocument:
    return LibraryDocument(
        key="mentoring-agreement-template",
        title=lambda: _("Mentoring agreement template"),
        summary=lambda: _(
            "The program's mentoring agreement as a Word document to fill in together: up to "
            "three goals, expectations, the steps to reach the goals, boundaries, how often "
            "and how long you meet, availability, confidentiality, the termination clause, "
            "the timeline and what success means for the mentor and for the mentee, with the "
            "manual's examples."
        ),
        category=Category.TEMPLATES,
        kind=Kind.TEMPLATE,
        phases=(1, 2),
    )


def _conduct_entry(code: CodeOfConduct) -> LibraryDocument:
    return LibraryDocument(
        key="code-of-conduct",
        title=lambda: code.title,
        summary=lambda: _(
            "The program's code of conduct for mentoring, as a Word document to keep or "
            "share: respect and trust, confidentiality, commitment, honest feedback, "
            "boundaries, inclusion, and what to do when something goes wrong."
        ),
        category=Category.MENTORING_SKILLS,
        kind=Kind.FILE,
        phases=(1,),
    )


def _stored_name(entry: LibraryDocument, language: str) -> str:
    return f"westem-{entry.key}-{language}.docx"


def _existing(entry: LibraryDocument, language: str) -> Resource | None:
    stem = _stored_name(entry, language).removesuffix(".docx")
    return Resource.objects.filter(file__contains=f"/{stem}").order_by("pk").first()


def ensure_library_documents() -> list[tuple[Resource, bool]]:
    """Create or update the library's copies of the agreement template and of the current
    code of conduct, in English and in Swedish, through the library's services. Returns each
    resource with True when it was created. Running it again creates nothing new."""
    entries: list[tuple[LibraryDocument, Callable[[str], bytes]]] = [
        (_agreement_entry(), agreement_template)
    ]
    code = CodeOfConduct.objects.current()
    if code is not None:
        entries.append((_conduct_entry(code), lambda language: code_of_conduct(code, language)))
    done = []
    for entry, build in entries:
        for language in LANGUAGES:
            with translation.override(language):
                data = {
                    "title": str(entry.title()),
                    "summary": str(entry.summary()),
                    "category": entry.category,
                    "kind": entry.kind,
                    "audience": Audience.BOTH,
                    "language": language,
                    "phases": list(entry.phases),
                    "for_traditional": True,
                    "for_flash": True,
                    "url": "",
                }
            upload = ContentFile(build(language), name=_stored_name(entry, language))
            resource = _existing(entry, language)
            if resource is None:
                done.append((services.create_resource(data=data, upload=upload), True))
            else:
                done.append(
                    (services.update_resource(resource=resource, data=data, upload=upload), False)
                )
    return done
