"""The export of final evaluations (evaluations.exports and the export services): its rows
and headers in both languages, the filters, the formula guard in CSV and Excel, free text
kept whole, a fixed number of queries per chunk, and the jobs a Celery task writes."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl.utils.escape import unescape

from cycles.models import Style
from evaluations import exports, services
from evaluations.filters import ReportFilters
from evaluations.models import ExportJob, FinalEvaluation
from profiles.models import ExpertiseArea
from tests.factories import (
    ExportJobFactory,
    FinalEvaluationFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    ReporterFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

ENGLISH_HEADERS = [
    "Submitted",
    "Pair",
    "Participant",
    "Role",
    "Style",
    "Status of the mentorship",
    "Start date",
    "End date",
    "Country",
    "Fields",
    "Number of sessions",
    "Quality (1–5)",
    "Effectiveness (1–5)",
    "Goals met",
    "Goals not met, and why",
    "Strengths and challenges",
    "How the participant will apply it",
    "Biases and how to address them",
    "Impact on study or work intentions in STEM",
]
COLUMN = {header: index for index, header in enumerate(ENGLISH_HEADERS)}
TEXT_FIELDS = ["goals_met", "goals_not_met", "strengths", "application", "biases", "stem_impact"]


def areas(*slugs):
    return [ExpertiseArea.objects.get(slug=slug) for slug in slugs]


def evaluation(*, name="Maryam", country="SE", fields=("physics",), style=Style.TRADITIONAL, **kw):
    """A mentee's final evaluation; her name, country and fields as given."""
    mentee = MenteeFactory(
        profile__display_name=name, profile__country=country, profile__expertise=areas(*fields)
    )
    mentorship = kw.pop("mentorship", None) or MentorshipFactory(
        mentee=mentee, style=style, status="completed", phase=4
    )
    return FinalEvaluationFactory(mentorship=mentorship, author=mentee, **kw)


def csv_rows(queryset=None, language="en", **kwargs) -> list[list[str]]:
    queryset = FinalEvaluation.objects.all() if queryset is None else queryset
    target = io.BytesIO()
    exports.write_csv(queryset, target, language=language, **kwargs)
    data = target.getvalue()
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def xlsx_sheet(queryset=None, language="en"):
    queryset = FinalEvaluation.objects.all() if queryset is None else queryset
    target = io.BytesIO()
    exports.write_xlsx(queryset, target, language=language)
    target.seek(0)
    return openpyxl.load_workbook(target).active


def excel_value(value):
    """A cell's value as Excel shows it: control characters are stored as ``_xHHHH_``."""
    return unescape(value) if isinstance(value, str) else value


def xlsx_rows(queryset=None, language="en") -> list[list]:
    sheet = xlsx_sheet(queryset, language)
    return [[excel_value(value) for value in row] for row in sheet.iter_rows(values_only=True)]


# --- rows and headers ------------------------------------------------------------------------


def test_the_csv_has_a_clear_header_and_one_row_of_answers_per_evaluation():
    submitted = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # 2 March, 00:30 in Stockholm
    answers = evaluation(
        name="Maryam",
        country="FI",
        fields=("physics", "mathematics"),
        submitted_at=submitted,
        sessions=7,
        quality_rating=5,
        effectiveness_rating=3,
    )
    mentorship = answers.mentorship

    header, row = csv_rows()

    assert header == ENGLISH_HEADERS
    assert row == [
        "2026-03-02 00:30",
        str(mentorship.public_id),
        "Maryam",
        "Mentee",
        "Traditional",
        "Completed",
        mentorship.start_date.isoformat(),
        mentorship.end_date.isoformat(),
        "Finland",
        "Mathematics; Physics",
        "7",
        "5",
        "3",
        answers.goals_met,
        answers.goals_not_met,
        answers.strengths,
        answers.application,
        answers.biases,
        answers.stem_impact,
    ]


def test_both_participants_of_a_pair_have_their_row_and_role():
    mentee_answers = evaluation(name="Maryam", style=Style.FLASH)
    mentorship = mentee_answers.mentorship
    mentorship.mentor.profile.display_name = "Katherine"
    mentorship.mentor.profile.save()
    FinalEvaluationFactory(
        mentorship=mentorship, author=mentorship.mentor, stem_impact="I will mentor again."
    )

    _header, *rows = csv_rows()

    found = {row[COLUMN["Participant"]]: row for row in rows}
    assert found["Maryam"][COLUMN["Role"]] == "Mentee"
    assert found["Katherine"][COLUMN["Role"]] == "Mentor"
    assert {row[COLUMN["Pair"]] for row in rows} == {str(mentorship.public_id)}
    assert {row[COLUMN["Style"]] for row in rows} == {"Flash"}
    assert found["Katherine"][COLUMN["End date"]] == ""  # a flash mentorship has no end date
    assert found["Katherine"][COLUMN["Impact on study or work intentions in STEM"]] == (
        "I will mentor again."
    )


def test_a_participant_without_a_display_name_is_shown_by_her_email():
    answers = evaluation(name="")

    _header, row = csv_rows()

    assert row[COLUMN["Participant"]] == answers.author.email


def test_the_headers_and_labels_follow_the_language():
    evaluation(country="DE", fields=("physics",))

    header, row = csv_rows(language="sv")

    with translation.override("sv"):
        assert header == [gettext(english) for english in ENGLISH_HEADERS]
        assert row[COLUMN["Role"]] == gettext("Mentee")
    assert row[COLUMN["Country"]] == "Tyskland"  # CLDR's Swedish name
    assert row[COLUMN["Fields"]] == "Fysik"  # the field's Swedish name
    assert translation.get_language() == "en"  # the export did not change the language


def test_the_excel_file_has_the_same_rows_with_numbers_and_dates_as_such():
    answers = evaluation(
        submitted_at=datetime(2026, 3, 1, 23, 30, tzinfo=UTC), sessions=7, quality_rating=5
    )

    sheet = xlsx_sheet()
    header, row = [list(values) for values in sheet.iter_rows(values_only=True)]

    assert header == ENGLISH_HEADERS
    assert row[COLUMN["Submitted"]] == datetime(2026, 3, 2, 0, 30)  # noqa: DTZ001 - Excel has no zones
    assert row[COLUMN["Start date"]] == datetime.combine(
        answers.mentorship.start_date, datetime.min.time()
    )  # noqa: DTZ001
    assert row[COLUMN["Number of sessions"]] == 7
    assert row[COLUMN["Quality (1–5)"]] == 5
    assert row[COLUMN["Goals met"]] == answers.goals_met
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert sheet["N2"].alignment.wrap_text
    assert sheet.column_dimensions["N"].width > sheet.column_dimensions["D"].width


def test_an_export_of_nothing_is_the_header_alone():
    assert csv_rows() == [ENGLISH_HEADERS]
    assert xlsx_rows() == [ENGLISH_HEADERS]


def test_the_file_name_carries_the_day():
    assert exports.export_filename("csv", date(2026, 12, 1)) == (
        "westem-final-evaluations-2026-12-01.csv"
    )


# --- filters ---------------------------------------------------------------------------------


@pytest.fixture
def four_evaluations():
    stockholm = timezone.get_default_timezone()
    return {
        "march": evaluation(
            name="March",
            submitted_at=datetime(2026, 3, 31, 23, 30, tzinfo=stockholm),
            country="SE",
            fields=("physics",),
        ),
        "april": evaluation(
            name="April",
            # 31 March in UTC, 1 April in Stockholm: the report's days are the site's days.
            submitted_at=datetime(2026, 3, 31, 22, 30, tzinfo=UTC),
            country="FI",
            fields=("mathematics",),
        ),
        "flash": evaluation(
            name="Flash",
            submitted_at=datetime(2026, 5, 5, 12, tzinfo=UTC),
            country="SE",
            fields=("chemistry", "physics"),
            style=Style.FLASH,
        ),
        "old": evaluation(
            name="Old",
            submitted_at=datetime(2025, 1, 5, 12, tzinfo=UTC),
            country="DE",
            fields=("biology",),
        ),
    }


def field_pk(slug):
    return ExpertiseArea.objects.get(slug=slug).pk


@pytest.mark.parametrize(
    ("filters", "names"),
    [
        ({}, {"March", "April", "Flash", "Old"}),
        ({"since": date(2026, 4, 1)}, {"April", "Flash"}),
        ({"until": date(2026, 3, 31)}, {"March", "Old"}),
        ({"since": date(2026, 3, 1), "until": date(2026, 4, 30)}, {"March", "April"}),
        ({"country": "SE"}, {"March", "Flash"}),
        ({"field": "physics"}, {"March", "Flash"}),
        ({"style": Style.FLASH}, {"Flash"}),
        ({"country": "SE", "style": Style.TRADITIONAL}, {"March"}),
    ],
)
def test_the_filters_narrow_the_export(four_evaluations, filters, names):
    if "field" in filters:
        filters["field"] = field_pk(filters["field"])
    queryset = exports.export_queryset(ReportFilters(**filters).as_json())

    _header, *rows = csv_rows(queryset)

    assert {row[COLUMN["Participant"]] for row in rows} == names


def test_an_admin_selection_is_exported_by_its_ids(four_evaluations):
    chosen = [four_evaluations["old"].pk, four_evaluations["flash"].pk]

    queryset = exports.export_queryset({**ReportFilters().as_json(), "ids": chosen})

    assert {row[COLUMN["Participant"]] for row in csv_rows(queryset)[1:]} == {"Old", "Flash"}


def test_rows_come_in_the_order_they_were_submitted(four_evaluations):
    names = [row[COLUMN["Participant"]] for row in csv_rows()[1:]]

    assert names == ["March", "April", "Flash", "Old"]  # by id: the order they were saved


# --- formula injection and free text ---------------------------------------------------------

DANGEROUS = ["=1+1", "+1+1", "-1+1", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_a_formula_in_a_csv_cell_is_written_as_text(text):
    evaluation(name=text.strip() or "x", goals_met=text, biases=f"{text}\nsecond line")

    _header, row = csv_rows()

    assert row[COLUMN["Goals met"]] == "'" + text
    assert row[COLUMN["Biases and how to address them"]] == f"'{text}\nsecond line"
    assert row[COLUMN["Participant"]] == "'" + text.strip()


@pytest.mark.parametrize("text", DANGEROUS)
def test_a_formula_in_an_excel_cell_is_written_as_text(text):
    evaluation(name=text.strip(), goals_met=text)

    sheet = xlsx_sheet()

    cell = sheet.cell(row=2, column=COLUMN["Goals met"] + 1)
    assert cell.data_type == "s"  # a string, never a formula
    assert excel_value(cell.value) == "'" + text
    assert sheet.cell(row=2, column=COLUMN["Participant"] + 1).value == "'" + text.strip()


def test_text_that_merely_contains_a_formula_sign_is_left_alone():
    evaluation(goals_met="1+1=2, and a mail@example.org - fine")

    assert csv_rows()[1][COLUMN["Goals met"]] == "1+1=2, and a mail@example.org - fine"


@pytest.mark.parametrize("guarded", ["=", "+", "-", "@", "\t", "\r"])
def test_the_guard_prefixes_only_dangerous_starts(guarded):
    assert exports.guard(guarded + "x") == "'" + guarded + "x"
    assert exports.guard("x" + guarded) == "x" + guarded
    assert exports.guard("") == ""


LONG = ('Ny rad\nåäö 👩‍🔬 مرحبا "citat", semikolon; ' * 200)[:5000]


def test_free_text_is_kept_whole_in_csv_and_excel():
    answers = evaluation(
        goals_met=LONG,
        goals_not_met="First line\r\nsecond line\r\n\r\nthird, with \"quotes\" and 'apostrophes'",
        stem_impact="Jag vill doktorera i fysik 🚀",
    )
    assert len(answers.goals_met) == 5000

    csv_row = csv_rows()[1]
    excel_row = xlsx_rows()[1]

    for row in (csv_row, excel_row):
        assert row[COLUMN["Goals met"]] == LONG
        # Line breaks as a spreadsheet's (LF), every line kept.
        assert row[COLUMN["Goals not met, and why"]] == (
            "First line\nsecond line\n\nthird, with \"quotes\" and 'apostrophes'"
        )
        assert row[COLUMN["Impact on study or work intentions in STEM"]] == (
            "Jag vill doktorera i fysik 🚀"
        )


# --- queries and chunks ----------------------------------------------------------------------


def _queries_for(count, chunk_size, django_assert_num_queries, expected):
    mentee = MenteeFactory(profile__expertise=areas("physics", "chemistry"))
    for _ in range(count):
        FinalEvaluationFactory(mentorship=MentorshipFactory(mentee=mentee), author=mentee)
    target = io.BytesIO()
    with django_assert_num_queries(expected):
        written = exports.write_csv(
            FinalEvaluation.objects.all(), target, language="en", chunk_size=chunk_size
        )
    assert written == count
    return target


@pytest.mark.parametrize("count", [3, 30])
def test_the_queries_do_not_grow_with_the_rows_of_a_chunk(count, django_assert_num_queries):
    # The fields' names, then for the one chunk its rows and its authors' fields.
    _queries_for(count, 50, django_assert_num_queries, 3)


def test_each_chunk_costs_two_queries(django_assert_num_queries):
    # 30 rows by 10: three full chunks, then an empty read that ends the export.
    _queries_for(30, 10, django_assert_num_queries, 1 + 3 * 2 + 1)


def test_excel_reads_in_chunks_too(django_assert_num_queries):
    for _ in range(12):
        evaluation()
    with django_assert_num_queries(1 + 3 * 2):  # 5 + 5 + 2
        written = exports.write_xlsx(
            FinalEvaluation.objects.all(), io.BytesIO(), language="en", chunk_size=5
        )
    assert written == 12


def test_progress_is_told_after_each_chunk():
    for _ in range(7):
        evaluation()
    told = []

    exports.write_csv(
        FinalEvaluation.objects.all(),
        io.BytesIO(),
        language="en",
        chunk_size=3,
        progress=told.append,
    )

    assert told == [3, 6, 7]


# --- the export services ---------------------------------------------------------------------


@pytest.fixture
def reporter(db):
    return ReporterFactory()


def read_job_file(job) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


def job_csv(job) -> tuple[list[list[str]], list[list[str]]]:
    """The evaluations of a CSV export's file, and the program's figures after the empty
    line (none: no empty line)."""
    rows = list(csv.reader(io.StringIO(read_job_file(job).decode("utf-8-sig"), newline="")))
    if [] not in rows:
        return rows, []
    blank = rows.index([])
    return rows[:blank], rows[blank + 1 :]


def test_start_export_counts_the_rows_and_the_task_writes_the_file(
    reporter, django_capture_on_commit_callbacks
):
    evaluation(name="Maryam", country="SE")
    evaluation(name="Aino", country="FI")
    evaluation(name="Greta", country="SE")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = services.start_export(
            by=reporter,
            format=ExportJob.Format.CSV,
            filters=ReportFilters(country="SE"),
            language="en",
        )
        assert ExportJob.objects.get(pk=job.pk).total_rows == 2
        assert ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.QUEUED

    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert (job.rows_done, job.total_rows, job.percent) == (2, 2, 100)
    assert job.filters == {
        "since": None,
        "until": None,
        "country": "SE",
        "field": None,
        "style": "",
    }
    assert job.expires_at == job.finished_at + timedelta(hours=24)
    assert job.file.name.startswith("final-evaluations/westem-final-evaluations-")
    rows, figures = job_csv(job)
    assert rows[0] == ENGLISH_HEADERS
    assert sorted(row[COLUMN["Participant"]] for row in rows[1:]) == ["Greta", "Maryam"]
    assert figures[0] == ["Section", "Group", "Figure", "Value"]
    assert ["How mentorships close", "All", "Completed", ""] in figures  # under 5: withheld


def test_an_excel_job_writes_a_workbook_in_the_language_asked(reporter, settings):
    settings.EXPORT_LINK_HOURS = 2
    evaluation(fields=("physics",))

    job = services.start_export(
        by=reporter, format=ExportJob.Format.XLSX, filters=ReportFilters(), language="sv-se"
    )
    services.run_export(job_id=job.pk)

    job.refresh_from_db()
    assert job.language == "sv"
    assert job.expires_at - job.finished_at == timedelta(hours=2)
    sheet = openpyxl.load_workbook(io.BytesIO(read_job_file(job))).active
    assert sheet.cell(row=2, column=COLUMN["Fields"] + 1).value == "Fysik"


def test_an_admin_selection_job_exports_only_the_ids(reporter):
    chosen = evaluation(name="Chosen")
    evaluation(name="Left out")

    job = services.start_export(
        by=reporter,
        format=ExportJob.Format.CSV,
        filters=ReportFilters(),
        language="en",
        ids=[chosen.pk],
    )
    services.run_export(job_id=job.pk)

    job.refresh_from_db()
    assert job.total_rows == 1
    rows, figures = job_csv(job)
    assert [row[COLUMN["Participant"]] for row in rows[1:]] == ["Chosen"]
    assert figures == []  # a selection of evaluations, not of the report's filters


@pytest.mark.parametrize("who", ["mentee", "mentor", "inactive reporter"])
def test_only_staff_and_reporters_start_an_export(who):
    user = {
        "mentee": MenteeFactory,
        "mentor": MentorFactory,
        "inactive reporter": lambda: ReporterFactory(is_active=False),
    }[who]()

    with pytest.raises(PermissionDenied):
        services.start_export(
            by=user, format=ExportJob.Format.CSV, filters=ReportFilters(), language="en"
        )

    assert not ExportJob.objects.exists()


def test_staff_start_an_export():
    job = services.start_export(
        by=StaffFactory(), format=ExportJob.Format.XLSX, filters=ReportFilters(), language="en"
    )

    assert job.status == ExportJob.Status.QUEUED


def test_a_failing_export_is_marked_failed_and_keeps_no_file(reporter, monkeypatch):
    evaluation()
    job = ExportJobFactory(requested_by=reporter, total_rows=1)

    def broken(queryset, target, *, language, progress, minors, figures):
        target.write(b"half a file")
        raise OSError("disk full")

    monkeypatch.setitem(exports.WRITERS, ExportJob.Format.CSV, broken)
    services.run_export(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert job.error == "OSError: disk full"
    assert not job.file
    assert job.finished_at is not None
    assert job.expires_at is None


def test_a_task_delivered_twice_writes_once(reporter):
    evaluation()
    job = ExportJobFactory(requested_by=reporter, total_rows=1)
    services.run_export(job_id=job.pk)
    job.refresh_from_db()
    first = (job.file.name, job.finished_at)

    services.run_export(job_id=job.pk)

    job.refresh_from_db()
    assert (job.file.name, job.finished_at) == first


def test_rows_done_is_saved_after_each_chunk(reporter, monkeypatch):
    for _ in range(5):
        evaluation()
    job = ExportJobFactory(requested_by=reporter, total_rows=5)
    seen = []
    real = exports.write_csv

    def watching(queryset, target, *, language, progress, minors, figures):
        def spy(done):
            progress(done)
            seen.append(ExportJob.objects.get(pk=job.pk).rows_done)

        return real(
            queryset,
            target,
            language=language,
            progress=spy,
            chunk_size=2,
            minors=minors,
            figures=figures,
        )

    monkeypatch.setitem(exports.WRITERS, ExportJob.Format.CSV, watching)
    services.run_export(job_id=job.pk)

    assert seen == [2, 4, 5]


# --- expiry ----------------------------------------------------------------------------------


def done_job(reporter, *, expires_at, name="old.csv"):
    job = ExportJobFactory(
        requested_by=reporter,
        status=ExportJob.Status.DONE,
        total_rows=1,
        rows_done=1,
        finished_at=expires_at - timedelta(hours=24),
        expires_at=expires_at,
    )
    job.file.save(name, io.BytesIO(b"Submitted\r\n"), save=True)
    return job


def test_expire_exports_deletes_the_files_of_expired_links(reporter):
    now = timezone.now()
    old = done_job(reporter, expires_at=now - timedelta(minutes=1))
    fresh = done_job(reporter, expires_at=now + timedelta(hours=1), name="fresh.csv")
    failed = ExportJobFactory(requested_by=reporter, status=ExportJob.Status.FAILED)
    storage = old.file.storage
    old_name = old.file.name

    assert services.expire_exports(now=now) == 1

    old.refresh_from_db()
    fresh.refresh_from_db()
    failed.refresh_from_db()
    assert old.status == ExportJob.Status.EXPIRED
    assert not old.file
    assert not storage.exists(old_name)
    assert fresh.status == ExportJob.Status.DONE
    assert storage.exists(fresh.file.name)
    assert failed.status == ExportJob.Status.FAILED
    assert services.expire_exports(now=now) == 0


def test_the_hourly_task_expires_exports(reporter):
    from evaluations import tasks

    job = done_job(reporter, expires_at=timezone.now() - timedelta(seconds=1))

    assert tasks.expire_exports.delay().get() == 1

    job.refresh_from_db()
    assert job.status == ExportJob.Status.EXPIRED


def test_expiry_is_scheduled_every_hour(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["expire-exports"]

    assert entry["task"] == "evaluations.expire_exports"
    assert entry["schedule"].minute == {5}
    assert len(entry["schedule"].hour) == 24


# --- the Excel file's text -------------------------------------------------------------------


def test_control_characters_and_escape_lookalikes_survive_in_excel():
    evaluation(
        goals_met="A bell\x07, a form feed\x0c and a lone CR\r in the text",
        strengths="Literally _x0041_ and <b>tags</b> & ampersands",
    )

    row = xlsx_rows()[1]

    assert row[COLUMN["Goals met"]] == "A bell\x07, a form feed\x0c and a lone CR\r in the text"
    assert row[COLUMN["Strengths and challenges"]] == (
        "Literally _x0041_ and <b>tags</b> & ampersands"
    )


def test_the_workbook_has_an_autofilter_over_its_rows():
    for _ in range(3):
        evaluation()

    sheet = xlsx_sheet()

    assert sheet.auto_filter.ref == "A1:S4"
    assert sheet.title == "Final evaluations"
    assert sheet.row_dimensions[1].height == 30


# --- PostgreSQL: the next chunk is read in a thread ------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_every_row_comes_once_while_the_next_chunk_is_read_ahead():
    for index in range(7):
        evaluation(name=f"Person {index}")
    told = []

    _header, *rows = csv_rows(chunk_size=3, progress=told.append)

    assert [row[COLUMN["Participant"]] for row in rows] == [f"Person {i}" for i in range(7)]
    assert told == [3, 6, 7]
    assert [row[2] for row in xlsx_rows()[1:]] == [f"Person {i}" for i in range(7)]
