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
  written by XlsxWriter in its ``constant_memory`` mode (each row goes to disk as soon as
  the next one starts).
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO

import xlsxwriter
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cycles.models import Mentorship, Style
from profiles.models import ExpertiseArea, Profile

from .filters import ReportFilters, filter_final_evaluations
from .models import ExportJob, FinalEvaluation

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

# What is read for each row, in this order (the first is the keyset's pk).
VALUES = (
    "pk",
    "submitted_at",
    "mentorship__public_id",
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
    "goals_met",
    "goals_not_met",
    "strengths",
    "application",
    "biases",
    "stem_impact",
)


def headers(language: str) -> list[str]:
    with translation.override(language):
        return [str(column.header) for column in COLUMNS]


@dataclass(frozen=True)
class Labels:
    """Everything of a row that depends on the language, resolved once per export."""

    headers: list[str]
    roles: dict[bool, str]  # is the author the mentor?
    styles: dict[str, str]
    statuses: dict[str, str]
    countries: dict[str, str]
    fields: dict[int, tuple[int, str]]  # area pk -> (position in the list, name)

    @classmethod
    def build(cls, language: str) -> "Labels":
        areas = ExpertiseArea.objects.order_by("position", "name_en")
        with translation.override(language):
            return cls(
                headers=headers(language),
                roles={True: guard(str(_("Mentor"))), False: guard(str(_("Mentee")))},
                styles={value: guard(str(label)) for value, label in Style.choices},
                statuses={value: guard(str(label)) for value, label in Mentorship.Status.choices},
                countries={code: guard(str(name)) for code, name in countries},
                fields={area.pk: (index, area.name) for index, area in enumerate(areas.iterator())},
            )


def _chunks(queryset: QuerySet[FinalEvaluation], chunk_size: int) -> Iterator[list[tuple]]:
    """The queryset's rows as ``VALUES`` tuples, ``chunk_size`` at a time, by pk."""
    rows = queryset.order_by("pk").values_list(*VALUES)
    last = 0
    while True:
        chunk = list(rows.filter(pk__gt=last)[:chunk_size])
        if chunk:
            yield chunk
        if len(chunk) < chunk_size:
            return
        last = chunk[-1][0]


def _fields_of(author_ids: Iterable[int], labels: Labels) -> dict[int, str]:
    """Each author's fields of expertise, "; "-joined in the list's order: one query."""
    found: dict[int, list[tuple[int, str]]] = {}
    links = Profile.expertise.through.objects.filter(profile__user_id__in=author_ids)
    for user_id, area_id in links.values_list("profile__user_id", "expertisearea_id"):
        found.setdefault(user_id, []).append(labels.fields[area_id])
    return {
        user_id: guard("; ".join(name for _i, name in sorted(areas)))
        for user_id, areas in found.items()
    }


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
    for chunk in _chunks(queryset, chunk_size):
        fields_of = _fields_of({row[3] for row in chunk}, labels)
        yield [
            [
                submitted.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0),
                str(public_id),
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
            ) in chunk
        ]


Progress = Callable[[int], None]


# --- CSV -----------------------------------------------------------------------------------

BOM = "\ufeff"


def csv_stream(
    queryset: QuerySet[FinalEvaluation],
    *,
    language: str,
    chunk_size: int = CHUNK_SIZE,
    progress: Progress | None = None,
) -> Iterator[bytes]:
    """The CSV file as UTF-8 pieces, a chunk of rows at a time: the body of a
    ``StreamingHttpResponse``, or what ``write_csv`` writes to a file."""
    labels = Labels.build(language)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(labels.headers)
    yield (BOM + buffer.getvalue()).encode()
    done = 0
    for chunk in rows(queryset, labels, chunk_size=chunk_size):
        buffer.seek(0)
        buffer.truncate()
        for row in chunk:
            # The date-time and the two dates as text; None is written as an empty cell.
            row[0] = row[0].strftime("%Y-%m-%d %H:%M")
            row[6] = row[6] and row[6].isoformat()
            row[7] = row[7] and row[7].isoformat()
        writer.writerows(chunk)
        yield buffer.getvalue().encode()
        done += len(chunk)
        if progress:
            progress(done)


def write_csv(
    queryset: QuerySet[FinalEvaluation],
    target: IO[bytes],
    *,
    language: str,
    chunk_size: int = CHUNK_SIZE,
    progress: Progress | None = None,
) -> int:
    """Write the CSV file to a binary file object; return the number of rows written."""
    done = 0

    def count(rows_done: int) -> None:
        nonlocal done
        done = rows_done
        if progress:
            progress(rows_done)

    for piece in csv_stream(queryset, language=language, chunk_size=chunk_size, progress=count):
        target.write(piece)
    return done


# --- Excel ---------------------------------------------------------------------------------


def write_xlsx(
    queryset: QuerySet[FinalEvaluation],
    target: IO[bytes] | str,
    *,
    language: str,
    chunk_size: int = CHUNK_SIZE,
    progress: Progress | None = None,
) -> int:
    """Write the Excel workbook to a binary file object (or a path); return the number of
    rows written. The header row is bold and frozen, text wraps, numbers and dates are
    numbers and dates to Excel."""
    labels = Labels.build(language)
    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            # Cells are written by type below; nothing is ever read as a formula or a link.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    try:
        with translation.override(language):
            title = str(_("Final evaluations"))
        sheet = workbook.add_worksheet(title[:31])
        header = workbook.add_format(
            {"bold": True, "text_wrap": True, "valign": "top", "bottom": 1, "bg_color": "#EDE7F6"}
        )
        formats = {
            TEXT: workbook.add_format({"text_wrap": True, "valign": "top"}),
            NUMBER: workbook.add_format({"valign": "top"}),
            DATETIME: workbook.add_format({"num_format": "yyyy-mm-dd hh:mm", "valign": "top"}),
            DATE: workbook.add_format({"num_format": "yyyy-mm-dd", "valign": "top"}),
        }
        write_by_kind = {
            TEXT: sheet.write_string,
            NUMBER: sheet.write_number,
            DATETIME: sheet.write_datetime,
            DATE: sheet.write_datetime,
        }
        for index, column in enumerate(COLUMNS):
            sheet.set_column(index, index, column.width)
        sheet.freeze_panes(1, 0)
        sheet.set_row(0, 30)
        for index, text in enumerate(labels.headers):
            sheet.write_string(0, index, text, header)
        cells = [
            (index, write_by_kind[column.kind], formats[column.kind])
            for index, column in enumerate(COLUMNS)
        ]
        row_number = 0
        for chunk in rows(queryset, labels, chunk_size=chunk_size):
            for row in chunk:
                row_number += 1
                for (index, write, cell_format), value in zip(cells, row, strict=True):
                    if value is not None and value != "":
                        write(row_number, index, value, cell_format)
            if progress:
                progress(row_number)
        sheet.autofilter(0, 0, max(row_number, 1), len(COLUMNS) - 1)
    finally:
        workbook.close()
    return row_number


WRITERS = {ExportJob.Format.CSV: write_csv, ExportJob.Format.XLSX: write_xlsx}


def export_filename(format: str, day: date | None = None) -> str:
    """``westem-final-evaluations-2026-12-01.csv``: the name the browser saves."""
    day = day or timezone.localdate()
    return f"westem-final-evaluations-{day.isoformat()}.{format}"
