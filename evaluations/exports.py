"""Exports of the final evaluations (SPEC §10): the columns, and the CSV and Excel writers.

One set of columns serves the staff's pages, the Celery task, the admin action, the
``export_final_evaluations`` command and ``bench/export.py`` alike.

- Rows are read in keyset-paginated chunks (``pk > last``, ``CHUNK_SIZE`` at a time) as
  tuples from ``values_list``, never as model instances, plus one query per chunk for the
  authors' fields: a fixed number of queries per chunk and memory that stays flat however
  many rows there are.
- Every text cell is guarded against spreadsheet formula injection (OWASP "CSV Injection"):
  a value starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
  leading apostrophe; the rest of the text is kept whole, newlines and all.
- Headers, roles, styles, statuses, countries and fields are in the language asked for,
  resolved once at the start of an export (never by switching the thread's language while a
  streamed response is being sent).
- CSV is UTF-8 with a byte-order mark, so Excel reads the accents right. Excel files are
  written part by part into the zip file, the sheet streamed a chunk at a time.
- On PostgreSQL the next chunk is read in a thread while this one is written
  (``_read_ahead``): the database's time and the writer's overlap.
- The program's figures for the same filters (``program_figures``: how mentorships close,
  the pace and the staff's check-ins, ``reports_health``) come with the staff's exports: in
  Excel on a second sheet, in CSV after the evaluations and an empty line, under their own
  header row. A withheld figure is an empty cell.
"""

import re
import uuid
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import IO

from django.db import connection, connections
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cycles.models import Mentorship, Style
from profiles.age import is_minor
from profiles.models import ExpertiseArea, Profile

from . import reports_health
from .filters import ReportFilters, filter_final_evaluations
from .models import FINAL_EVALUATION_TEXTS, ExportJob, FinalEvaluation

CHUNK_SIZE = 2000

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {ExportJob.Format.CSV: CSV_CONTENT_TYPE, ExportJob.Format.XLSX: XLSX_CONTENT_TYPE}

# A spreadsheet reads a cell starting with one of these as a formula (tab and carriage
# return too, as OWASP advises).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard(text: str) -> str:
    """The text as a spreadsheet shows it but never runs it: a leading apostrophe before a
    formula's first character, everything else as it was."""
    if text and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def free_text(text: str) -> str:
    """An answer, whole and guarded; line breaks as a spreadsheet cell has them (a browser
    sends a textarea's as CR LF, which Excel would show with a stray CR)."""
    return guard(text.replace("\r\n", "\n"))


def export_queryset(filters: dict) -> QuerySet[FinalEvaluation]:
    """The final evaluations an export selects, from its stored filters (as in
    ``ExportJob.filters``): the report filters and, for a selection made in the admin, the
    ids selected."""
    queryset = filter_final_evaluations(
        FinalEvaluation.objects.all(), ReportFilters.from_json(filters)
    )
    if filters.get("ids") is not None:
        queryset = queryset.filter(pk__in=filters["ids"])
    return queryset


# --- the columns ---------------------------------------------------------------------------

TEXT, NUMBER, DATETIME, DATE = "text", "number", "datetime", "date"


@dataclass(frozen=True)
class Column:
    header: Promise
    kind: str
    width: int  # characters, for Excel


# The field verbose names are questions to the participant; staff read short headers.
COLUMNS = (
    Column(_("Submitted"), DATETIME, 17),
    Column(_("Pair"), TEXT, 37),
    Column(_("Participant"), TEXT, 22),
    Column(_("Role"), TEXT, 10),
    Column(_("Style"), TEXT, 12),
    Column(_("Status of the mentorship"), TEXT, 14),
    Column(_("Start date"), DATE, 12),
    Column(_("End date"), DATE, 12),
    Column(_("Country"), TEXT, 16),
    Column(_("Fields"), TEXT, 28),
    Column(_("Number of sessions"), NUMBER, 11),
    Column(_("Quality (1–5)"), NUMBER, 10),
    Column(_("Effectiveness (1–5)"), NUMBER, 13),
    Column(_("Goals met"), TEXT, 50),
    Column(_("Goals not met, and why"), TEXT, 50),
    Column(_("Strengths and challenges"), TEXT, 50),
    Column(_("How the participant will apply it"), TEXT, 50),
    Column(_("Biases and how to address them"), TEXT, 50),
    Column(_("Impact on study or work intentions in STEM"), TEXT, 50),
)

# The last column, in the exports of program staff only (``permissions.sees_minors``): was
# the pair's mentee under 18 on the day the evaluation was submitted (issue 20)?
MINOR_COLUMN = Column(_("Mentee under 18"), TEXT, 10)

# ``rows`` and ``_csv_line`` write the cells in this order, of these kinds.
assert [column.kind for column in COLUMNS] == [
    DATETIME,
    *[TEXT] * 5,
    DATE,
    DATE,
    TEXT,
    TEXT,
    *[NUMBER] * 3,
    *[TEXT] * 6,
]

# What is read for each row, in this order (the first is the keyset's pk).
VALUES = (
    "pk",
    "submitted_text",
    "pair_text",
    "author_id",
    "mentorship__mentor_id",
    "author__profile__display_name",
    "author__email",
    "mentorship__style",
    "mentorship__status",
    "mentorship__start_date",
    "mentorship__end_date",
    "author__profile__country",
    "sessions",
    "quality_rating",
    "effectiveness_rating",
    *FINAL_EVALUATION_TEXTS,
    "mentorship__mentee__profile__birth_date",
)


def columns(minors: bool = False) -> tuple[Column, ...]:
    return (*COLUMNS, MINOR_COLUMN) if minors else COLUMNS


def headers(language: str, minors: bool = False) -> list[str]:
    with translation.override(language):
        return [str(column.header) for column in columns(minors)]


@dataclass(frozen=True)
class Labels:
    """Everything of a row that depends on the language, resolved once per export."""

    headers: list[str]
    roles: dict[bool, str]  # is the author the mentor?
    styles: dict[str, str]
    statuses: dict[str, str]
    countries: dict[str, str]
    fields: dict[int, tuple[int, str]]  # area pk -> (position in the list, name)
    # Yes and no of the column "Mentee under 18"; None: no such column (``MINOR_COLUMN``).
    minors: dict[bool, str] | None = None

    @classmethod
    def build(cls, language: str, minors: bool = False) -> "Labels":
        areas = ExpertiseArea.objects.order_by("position", "name_en")
        with translation.override(language):
            return cls(
                headers=headers(language, minors),
                minors={True: str(_("yes")), False: str(_("no"))} if minors else None,
                roles={True: guard(str(_("Mentor"))), False: guard(str(_("Mentee")))},
                styles={value: guard(str(label)) for value, label in Style.choices},
                statuses={value: guard(str(label)) for value, label in Mentorship.Status.choices},
                countries={code: guard(str(name)) for code, name in countries},
                fields={area.pk: (index, area.name) for index, area in enumerate(areas.iterator())},
            )


def _chunks(
    queryset: QuerySet[FinalEvaluation], chunk_size: int
) -> Iterator[tuple[QuerySet[FinalEvaluation], list[tuple]]]:
    """The queryset's rows as ``VALUES`` tuples, ``chunk_size`` at a time, by pk; each chunk
    with the queryset of its own rows (``pk`` between the last chunk's and its own last)."""
    rows = (
        queryset.order_by("pk")
        # As text: parsed below at C speed, where the driver's loaders for time zones and
        # UUIDs are Python code, a third of the reading time.
        .annotate(
            submitted_text=Cast("submitted_at", TextField()),
            pair_text=Cast("mentorship__public_id", TextField()),
        )
        .values_list(*VALUES)
    )
    last = 0
    while True:
        chunk = list(rows.filter(pk__gt=last)[:chunk_size])
        if chunk:
            yield queryset.filter(pk__gt=last, pk__lte=chunk[-1][0]), chunk
        if len(chunk) < chunk_size:
            return
        last = chunk[-1][0]


def _fields_of(chunk: QuerySet[FinalEvaluation], labels: Labels) -> dict[int, str]:
    """The fields of expertise of a chunk's authors, "; "-joined in the list's order: one
    query (the authors as a subquery: no list of thousands of ids to send)."""
    found: dict[int, list[tuple[int, str]]] = {}
    authors = chunk.order_by().values("author_id")
    links = Profile.expertise.through.objects.filter(profile__user_id__in=authors)
    for user_id, area_id in links.values_list("profile__user_id", "expertisearea_id"):
        if area_id in labels.fields:  # not a field added since the export started
            found.setdefault(user_id, []).append(labels.fields[area_id])
    return {
        user_id: guard("; ".join(name for _i, name in sorted(areas)))
        for user_id, areas in found.items()
    }


def _aware(text: str) -> datetime:
    """A date-time read as text: with its offset on PostgreSQL, in UTC without one on SQLite."""
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


_END = object()


def _read_ahead(reads: Iterator) -> Iterator:
    """The items of ``reads`` (database reads), the next one read in a thread while the
    caller works on this one: the database's time and the writer's overlap.

    Only on PostgreSQL outside a transaction: the thread has a connection of its own, which
    would not see a transaction's uncommitted rows (nor SQLite's in-memory test database)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield from reads
        return

    def next_read():
        try:
            return next(reads)
        except StopIteration:
            return _END

    def close_connection():
        connections.close_all()

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="export-read") as pool:
        try:
            pending = pool.submit(next_read)
            while (item := pending.result()) is not _END:
                pending = pool.submit(next_read)
                yield item
        finally:
            pool.submit(close_connection).result()


def rows(
    queryset: QuerySet[FinalEvaluation],
    labels: Labels,
    *,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[list[list]]:
    """The export's rows, one list of cells per final evaluation, a chunk at a time.

    Cells are typed: a naive date-time in the site's time zone, dates, ints for numbers (a
    spreadsheet can sum them), and guarded strings; ``None`` for an empty date."""
    zone = timezone.get_default_timezone()
    countries_of, roles, styles, statuses = (
        labels.countries,
        labels.roles,
        labels.styles,
        labels.statuses,
    )
    reads = (
        (chunk, _fields_of(chunk_queryset, labels))
        for chunk_queryset, chunk in _chunks(queryset, chunk_size)
    )
    minors = labels.minors
    for chunk, fields_of in _read_ahead(reads):
        yield [
            [
                (when := _aware(submitted).astimezone(zone)).replace(
                    tzinfo=None, second=0, microsecond=0
                ),
                public_id if len(public_id) == 36 else str(uuid.UUID(public_id)),
                guard(name or email),
                roles[author_id == mentor_id],
                styles.get(style, style),
                statuses.get(status, status),
                start_date,
                end_date,
                countries_of.get(country, country),
                fields_of.get(author_id, ""),
                sessions,
                quality,
                effectiveness,
                free_text(goals_met),
                free_text(goals_not_met),
                free_text(strengths),
                free_text(application),
                free_text(biases),
                free_text(stem_impact),
                *([minors[is_minor(birth_date, when.date())]] if minors else []),
            ]
            for (
                _pk,
                submitted,
                public_id,
                author_id,
                mentor_id,
                name,
                email,
                style,
                status,
                start_date,
                end_date,
                country,
                sessions,
                quality,
                effectiveness,
                goals_met,
                goals_not_met,
                strengths,
                application,
                biases,
                stem_impact,
                birth_date,
            ) in chunk
        ]


Progress = Callable[[int], None]


# --- CSV -----------------------------------------------------------------------------------

BOM = "\ufeff"


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _csv_line(row: list) -> str:
    """One row of ``rows`` as a CSV line: text quoted (a quote doubled inside), numbers and
    dates bare. One f-string per row: three times faster than the ``csv`` module on long
    answers. The columns are those of ``COLUMNS``, in order, and ``MINOR_COLUMN`` (a yes or
    no: nothing to quote) when the row has it."""
    q = '"'
    qq = '""'
    return (
        f'{row[0]:%Y-%m-%d %H:%M},"{row[1]}","{row[2].replace(q, qq)}",'
        f'"{row[3].replace(q, qq)}","{row[4].replace(q, qq)}","{row[5].replace(q, qq)}",'
        f'{row[6] or ""},{row[7] or ""},"{row[8].replace(q, qq)}","{row[9].replace(q, qq)}",'
        f'{row[10]},{row[11]},{row[12]},"{row[13].replace(q, qq)}","{row[14].replace(q, qq)}",'
        f'"{row[15].replace(q, qq)}","{row[16].replace(q, qq)}","{row[17].replace(q, qq)}",'
        f'"{row[18].replace(q, qq)}"' + (f',"{row[19]}"' if len(row) > 19 else "")
    )


Figures = list[tuple[str, str, str, float | None]]


def program_figures(filters: dict, language: str) -> Figures:
    """The program's figures for an export's filters, labels in ``language`` and guarded."""
    with translation.override(language):
        rows = reports_health.figure_rows(ReportFilters.from_json(filters))
        header = (str(_("Section")), str(_("Group")), str(_("Figure")), str(_("Value")))
    return [header, *((guard(a), guard(b), guard(c), value) for a, b, c, value in rows)]


def _figure_line(row) -> str:
    *texts, value = row
    cell = "" if value is None else _quoted(value) if isinstance(value, str) else str(value)
    return ",".join([*(_quoted(text) for text in texts), cell])


def csv_stream(
    queryset: QuerySet[FinalEvaluation],
    *,
    language: str,
    chunk_size: int = CHUNK_SIZE,
    progress: Progress | None = None,
    minors: bool = False,
    figures: Figures | None = None,
) -> Iterator[bytes]:
    """The CSV file as UTF-8 pieces, a chunk of rows at a time: the body of a
    ``StreamingHttpResponse``, or what ``write_csv`` writes to a file. RFC 4180: every text
    cell quoted, lines ending in CR LF."""
    labels = Labels.build(language, minors)
    yield (BOM + ",".join(_quoted(header) for header in labels.headers) + "\r\n").encode()
    done = 0
    for chunk in rows(queryset, labels, chunk_size=chunk_size):
        lines = [_csv_line(row) for row in chunk]
        lines.append("")
        yield "\r\n".join(lines).encode()
        done += len(chunk)
        if progress:
            progress(done)
    if figures:
        yield ("\r\n" + "".join(_figure_line(row) + "\r\n" for row in figures)).encode()


def write_csv(
    queryset: QuerySet[FinalEvaluation],
    target: IO[bytes],
    *,
    language: str,
    chunk_size: int = CHUNK_SIZE,
    progress: Progress | None = None,
    minors: bool = False,
    figures: Figures | None = None,
) -> int:
    """Write the CSV file to a binary file object; return the number of rows written."""
    done = 0

    def count(rows_done: int) -> None:
        nonlocal done
        done = rows_done
        if progress:
            progress(rows_done)

    for piece in csv_stream(
        queryset,
        language=language,
        chunk_size=chunk_size,
        progress=count,
        minors=minors,
        figures=figures,
    ):
        target.write(piece)
    return done


# --- Excel ---------------------------------------------------------------------------------
#
# The workbook is written as its XML parts straight into the zip file, the sheet streamed a
# chunk at a time: memory stays flat, and writing is several times faster than through a
# general-purpose library (each cell is one formatted string). The parts follow what Excel
# itself writes (ECMA-376): one sheet of inline strings, numbers and dates as serial numbers,
# the header row bold and frozen, an autofilter on it, text that wraps.

_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = (
    _XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_FIGURES_CONTENT_TYPE = (
    '<Override PartName="/xl/worksheets/sheet2.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_FIGURES_RELATIONSHIP = (
    f'<Relationship Id="rId3" Type="{_RELATIONSHIPS}/worksheet" Target="worksheets/sheet2.xml"/>'
)
_ROOT_RELS = (
    _XML_HEAD + f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    _XML_HEAD + f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_RELATIONSHIPS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
# Cell styles (the index is a cell's s="…"): 0 default, 1 header, 2 date-time, 3 text,
# 4 date, 5 number.
_STYLES = (
    _XML_HEAD + f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFEDE7F6"/><bgColor indexed="64"/>'
    "</patternFill></fill></fills>"
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left/><right/><top/><bottom style="thin"><color auto="1"/></bottom><diagonal/>'
    "</border></borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="6">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" '
    'applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" '
    'applyAlignment="1"><alignment vertical="top"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" '
    'applyAlignment="1"><alignment vertical="top"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top"/></xf>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '<dxfs count="0"/><tableStyles count="0"/></styleSheet>'
)
_HEADER_STYLE, _DATETIME_STYLE, _TEXT_STYLE, _DATE_STYLE, _NUMBER_STYLE = 1, 2, 3, 4, 5

# Excel's day 0 is 1899-12-30 (its serial numbers count days from there).
_EXCEL_EPOCH = date(1899, 12, 30).toordinal()
# XML 1.0 has no place for these; Excel writes them as _xHHHH_ (and a literal "_x…_" with its
# underscore escaped, so it is not read as one).
_NOT_XML = re.compile(r"[\x00-\x08\x0b-\x1f]|_(?=x[0-9A-Fa-f]{4}_)")


def _not_xml(match: re.Match) -> str:
    return f"_x{ord(match.group()):04X}_"


def _xml_text(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if _NOT_XML.search(text):
        text = _NOT_XML.sub(_not_xml, text)
    return text


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _excel_date(value: date) -> str:
    return str(value.toordinal() - _EXCEL_EPOCH)


def _excel_datetime(value: datetime) -> str:
    minutes = value.hour * 60 + value.minute
    return repr(value.toordinal() - _EXCEL_EPOCH + minutes / 1440)


def _sheet_head(labels: Labels) -> str:
    widths = "".join(
        f'<col min="{index}" max="{index}" width="{column.width + 0.7109375}" customWidth="1"/>'
        for index, column in enumerate(columns(labels.minors is not None), start=1)
    )
    headers = "".join(
        f'<c r="{_column_letter(index)}1" s="{_HEADER_STYLE}" t="inlineStr"><is><t>'
        f"{_xml_text(header)}</t></is></c>"
        for index, header in enumerate(labels.headers)
    )
    return (
        _XML_HEAD + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        f"<cols>{widths}</cols><sheetData>"
        f'<row r="1" ht="30" customHeight="1">{headers}</row>'
    )


def _cell_writers(minors: bool = False) -> list:
    """For each column, a function of (row number as text, value) giving its <c> element."""

    def text(letter):
        head = f'<c r="{letter}'
        tail = f'" s="{_TEXT_STYLE}" t="inlineStr"><is><t xml:space="preserve">'
        return lambda r, value: f"{head}{r}{tail}{_xml_text(value)}</t></is></c>" if value else ""

    def number(letter, style, convert=str):
        head = f'<c r="{letter}'
        tail = f'" s="{style}"><v>'
        return lambda r, value: (
            f"{head}{r}{tail}{convert(value)}</v></c>" if value is not None else ""
        )

    by_kind = {
        TEXT: text,
        NUMBER: lambda letter: number(letter, _NUMBER_STYLE),
        DATETIME: lambda letter: number(letter, _DATETIME_STYLE, _excel_datetime),
        DATE: lambda letter: number(letter, _DATE_STYLE, _excel_date),
    }
    return [
        by_kind[column.kind](_column_letter(index)) for index, column in enumerate(columns(minors))
    ]


def _figures_sheet(figures: Figures) -> str:
    """The program's figures on a sheet of their own: the header row bold, values numbers."""
    lines = []
    for number, (*texts, value) in enumerate(figures, start=1):
        style = _HEADER_STYLE if number == 1 else _TEXT_STYLE
        cells = "".join(
            f'<c r="{_column_letter(index)}{number}" s="{style}" t="inlineStr"><is><t>'
            f"{_xml_text(text)}</t></is></c>"
            for index, text in enumerate(texts)
        )
        if isinstance(value, str):
            cells += (
                f'<c r="D{number}" s="{style}" t="inlineStr"><is><t>{_xml_text(value)}</t></is></c>'
            )
        elif value is not None:
            cells += f'<c r="D{number}" s="{_NUMBER_STYLE}"><v>{value}</v></c>'
        lines.append(f'<row r="{number}">{cells}</row>')
    return (
        _XML_HEAD + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
        '<sheetFormatPr defaultRowHeight="15"/><cols>'
        '<col min="1" max="1" width="28" customWidth="1"/>'
        '<col min="2" max="2" width="36" customWidth="1"/>'
        '<col min="3" max="3" width="50" customWidth="1"/>'
        '<col min="4" max="4" width="12" customWidth="1"/>'
        f"</cols><sheetData>{''.join(lines)}</sheetData></worksheet>"
    )


def write_xlsx(
    queryset: QuerySet[FinalEvaluation],
    target: IO[bytes] | str,
    *,
    language: str,
    chunk_size: int = CHUNK_SIZE,
    progress: Progress | None = None,
    minors: bool = False,
    figures: Figures | None = None,
) -> int:
    """Write the Excel workbook to a binary file object (or a path); return the number of
    rows written. The header row is bold and frozen, with an autofilter; text wraps; numbers
    and dates are numbers and dates to Excel. ``figures``: the program's, on a second
    sheet."""
    labels = Labels.build(language, minors)
    with translation.override(language):
        name = str(_("Final evaluations"))[:31]
        figures_name = _xml_text(str(_("Program figures"))[:31]).replace('"', "&quot;")
    title = _xml_text(name).replace('"', "&quot;")
    reference = _xml_text(name.replace("'", "''"))
    writers = _cell_writers(minors)
    row_number = 1
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        if figures:
            book.writestr(
                "[Content_Types].xml",
                _CONTENT_TYPES.replace("</Types>", _FIGURES_CONTENT_TYPE + "</Types>"),
            )
            book.writestr(
                "xl/_rels/workbook.xml.rels",
                _WORKBOOK_RELS.replace(
                    "</Relationships>", _FIGURES_RELATIONSHIP + "</Relationships>"
                ),
            )
            book.writestr("xl/worksheets/sheet2.xml", _figures_sheet(figures))
        else:
            book.writestr("[Content_Types].xml", _CONTENT_TYPES)
            book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("xl/styles.xml", _STYLES)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_sheet_head(labels).encode())
            for chunk in rows(queryset, labels, chunk_size=chunk_size):
                lines = []
                for row in chunk:
                    row_number += 1
                    r = str(row_number)
                    cells = "".join(
                        [write(r, value) for write, value in zip(writers, row, strict=True)]
                    )
                    lines.append(f'<row r="{r}">{cells}</row>')
                sheet.write("".join(lines).encode())
                if progress:
                    progress(row_number - 1)
            last = _column_letter(len(writers) - 1)
            sheet.write(
                f'</sheetData><autoFilter ref="A1:{last}{row_number}"/>'
                '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
                'footer="0.3"/></worksheet>'.encode()
            )
        book.writestr(
            "xl/workbook.xml",
            _XML_HEAD + f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
            '<bookViews><workbookView xWindow="240" yWindow="15" windowWidth="16095" '
            'windowHeight="9660"/></bookViews>'
            f'<sheets><sheet name="{title}" sheetId="1" r:id="rId1"/>'
            + (f'<sheet name="{figures_name}" sheetId="2" r:id="rId3"/>' if figures else "")
            + "</sheets>"
            '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" '
            f"hidden=\"1\">'{reference}'!$A$1:${last}${row_number}</definedName>"
            "</definedNames></workbook>",
        )
    return row_number - 1


WRITERS = {ExportJob.Format.CSV: write_csv, ExportJob.Format.XLSX: write_xlsx}


def export_filename(format: str, day: date | None = None) -> str:
    """``westem-final-evaluations-2026-12-01.csv``: the name the browser saves."""
    day = day or timezone.localdate()
    return f"westem-final-evaluations-{day.isoformat()}.{format}"
