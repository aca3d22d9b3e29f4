"""The export pages: who may use them, a small export answered at once (CSV streamed, Excel
as a file), a large one run as a job with its progress, status, download and expiry, and the
headers in the staff member's language."""

import csv
import html
import io
import json
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from cycles.models import Style
from evaluations.models import ExportJob
from profiles.models import ExpertiseArea, Profile
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


def evaluation(name="Maryam", country="SE", style=Style.TRADITIONAL, **kw):
    mentee = MenteeFactory(profile__display_name=name, profile__country=country)
    mentorship = MentorshipFactory(mentee=mentee, style=style, status="completed", phase=4)
    return FinalEvaluationFactory(mentorship=mentorship, author=mentee, **kw)


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def streamed(response) -> bytes:
    return b"".join(response.streaming_content)


def csv_and_figures(response) -> tuple[list[list[str]], list[list[str]]]:
    """The evaluations, and the program's figures after the empty line."""
    data = streamed(response)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    blank = rows.index([])
    return rows[:blank], rows[blank + 1 :]


def csv_of(response) -> list[list[str]]:
    return csv_and_figures(response)[0]


def done_job(user, **kw) -> ExportJob:
    now = timezone.now()
    job = ExportJobFactory(
        requested_by=user,
        status=ExportJob.Status.DONE,
        total_rows=1,
        rows_done=1,
        finished_at=now,
        expires_at=now + timedelta(hours=24),
        **kw,
    )
    job.file.save("export.csv", io.BytesIO("\ufeffSubmitted\r\n".encode()), save=True)
    return job


# --- who may use the pages -------------------------------------------------------------------

ROLES = ["anonymous", "mentee", "mentor", "staff", "reporter"]


def user_for(role):
    return {
        "anonymous": lambda: None,
        "mentee": MenteeFactory,
        "mentor": MentorFactory,
        "staff": StaffFactory,
        "reporter": ReporterFactory,
    }[role]()


@pytest.mark.parametrize("role", ROLES)
def test_each_role_on_every_export_url(client, role):
    user = user_for(role)
    if user:
        client.force_login(user)
    evaluation()
    owner = user if role in ("staff", "reporter") else ReporterFactory()
    job = done_job(owner)
    urls = {
        "list": (client.get, reverse("exports:export_list")),
        "export": (client.post, reverse("exports:report_export")),
        "detail": (client.get, reverse("exports:export_detail", args=[job.public_id])),
        "status": (client.get, reverse("exports:export_status", args=[job.public_id])),
        "download": (client.get, reverse("exports:export_download", args=[job.public_id])),
    }

    answers = {}
    for name, (method, url) in urls.items():
        data = {"format": "csv"} if method == client.post else {}
        answers[name] = method(url, data).status_code

    expected = {
        "anonymous": dict.fromkeys(urls, 302),  # to the login page
        "mentee": dict.fromkeys(urls, 403),
        "mentor": dict.fromkeys(urls, 403),
        "staff": dict.fromkeys(urls, 200),
        "reporter": dict.fromkeys(urls, 200),
    }[role]
    assert answers == expected


def test_anonymous_visitors_are_sent_to_the_login(client):
    url = reverse("exports:export_list")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize(
    "name", ["exports:export_detail", "exports:export_status", "exports:export_download"]
)
def test_another_staff_members_export_is_not_found(client, name):
    job = done_job(StaffFactory())
    client.force_login(StaffFactory())

    assert client.get(reverse(name, args=[job.public_id])).status_code == 404


def test_the_pages_that_only_show_refuse_a_post_and_the_export_refuses_a_get(client):
    job = done_job(ReporterFactory())
    client.force_login(job.requested_by)

    assert client.post(reverse("exports:export_list")).status_code == 405
    assert client.get(reverse("exports:report_export")).status_code == 405
    assert client.post(reverse("exports:export_download", args=[job.public_id])).status_code == 405


# --- the export page -------------------------------------------------------------------------


def test_the_export_page_shows_the_form_and_an_empty_list(client):
    client.force_login(ReporterFactory())

    response = client.get(reverse("exports:export_list"))

    text = page_text(response)
    assert response.status_code == 200
    assert "Export final evaluations" in text
    for label in ("From", "Until", "Country", "Field", "Style"):
        assert f">{label}</label>" in text
    assert "Export as CSV" in text
    assert "Export as Excel (.xlsx)" in text
    assert "No export prepared in the background yet." in text
    assert f'action="{reverse("exports:report_export")}"' in text
    assert "<script>" not in text  # no inline script (Content Security Policy)


def test_the_export_page_takes_its_filters_from_the_link(client):
    client.force_login(ReporterFactory())

    response = client.get(reverse("exports:export_list"), {"country": "FI", "since": "2026-01-01"})

    text = response.content.decode()
    assert '<option value="FI" selected>' in text
    assert 'value="2026-01-01"' in text


def test_the_list_shows_each_of_her_exports_in_its_state(client):
    reporter = ReporterFactory()
    ready = done_job(reporter, filters={"country": "SE", "style": "flash"})
    expired = ExportJobFactory(requested_by=reporter, status=ExportJob.Status.EXPIRED)
    running = ExportJobFactory(
        requested_by=reporter, status=ExportJob.Status.RUNNING, total_rows=200, rows_done=50
    )
    failed = ExportJobFactory(requested_by=reporter, status=ExportJob.Status.FAILED)
    someone_elses = done_job(ReporterFactory())
    client.force_login(reporter)

    text = page_text(client.get(reverse("exports:export_list")))

    assert reverse("exports:export_download", args=[ready.public_id]) in text
    assert "Country: Sweden · Style: Flash" in text
    assert "Link valid until" in text
    for job in (expired, running, failed):
        assert reverse("exports:export_detail", args=[job.public_id]) in text
    assert "Expired" in text
    assert "In progress" in text
    assert "25%" in text
    assert "Failed" in text
    assert str(someone_elses.public_id) not in text


@pytest.mark.parametrize("jobs", [1, 15])
def test_the_export_page_reads_a_fixed_number_of_queries(client, jobs, django_assert_num_queries):
    reporter = ReporterFactory()
    client.force_login(reporter)
    for _ in range(jobs):
        ExportJobFactory(requested_by=reporter, filters={"field": 1, "country": "SE"})
    client.get(reverse("exports:export_list"))  # the fields' names are cached after the first page

    # Session, user, profile, the jobs; and whether she is a reporter, asked four times:
    # the page's check, the jobs she may see, and the navigation's two links.
    with django_assert_num_queries(9):
        response = client.get(reverse("exports:export_list"))

    assert response.status_code == 200


# --- a small export, answered at once --------------------------------------------------------


def test_a_small_csv_export_streams_the_filtered_rows(client):
    evaluation(name="Maryam", country="SE", goals_met='=HYPERLINK("http://evil")')
    evaluation(name="Aino", country="FI")
    client.force_login(ReporterFactory())

    response = client.post(reverse("exports:report_export"), {"format": "csv", "country": "SE"})

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="westem-final-evaluations-{day}.csv"'
    )
    header, *rows = csv_of(response)
    assert header[:4] == ["Submitted", "Pair", "Participant", "Role"]
    assert [row[2] for row in rows] == ["Maryam"]
    assert rows[0][13] == '\'=HYPERLINK("http://evil")'
    assert not ExportJob.objects.exists()


def test_a_small_excel_export_is_a_workbook(client):
    evaluation(name="Maryam", style=Style.FLASH)
    evaluation(name="Greta", style=Style.TRADITIONAL)
    client.force_login(StaffFactory())

    response = client.post(reverse("exports:report_export"), {"format": "xlsx", "style": "flash"})

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(streamed(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "Participant"
    assert [row[2] for row in rows[1:]] == ["Maryam"]


def test_headers_are_in_the_staff_members_language(client):
    staff = StaffFactory()
    Profile.objects.update_or_create(user=staff, defaults={"language": "sv"})
    evaluation(country="DE")
    client.force_login(staff)

    response = client.post(reverse("exports:report_export"), {"format": "csv"})

    header, row = csv_of(response)
    with translation.override("sv"):
        assert header[0] == gettext("Submitted")
        assert header[-2] == gettext("Impact on study or work intentions in STEM")
        assert header[-1] == gettext("Mentee under 18")  # staff only
    assert row[8] == "Tyskland"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"format": "pdf"}, "Select a valid choice. pdf is not one of the available choices."),
        ({}, "Choose CSV or Excel."),
        (
            {"format": "csv", "since": "2026-05", "until": "2026-04"},
            "The end of the period must come after its start.",
        ),
        ({"format": "csv", "since": "2026-02-01"}, "Enter a month, written like 2026-03."),
        ({"format": "csv", "country": "XX"}, "Select a valid choice."),
    ],
)
def test_bad_input_shows_the_form_again_with_its_errors(client, data, message):
    evaluation()
    client.force_login(ReporterFactory())

    response = client.post(reverse("exports:report_export"), data)

    assert response.status_code == 200
    assert not response.streaming
    assert "The export could not start:" in page_text(response)
    assert message in page_text(response)
    assert not ExportJob.objects.exists()


def test_an_export_that_matches_nothing_says_so(client):
    evaluation(country="SE")
    client.force_login(ReporterFactory())

    response = client.post(reverse("exports:report_export"), {"format": "csv", "country": "FI"})

    assert response.status_code == 200
    assert "No final evaluation matches these filters" in page_text(response)


# --- a large export, run as a job ------------------------------------------------------------


def test_a_large_export_runs_as_a_job_whose_page_reaches_ready(
    client, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_SYNC_MAX_ROWS = 2
    for name in ("Maryam", "Aino", "Greta"):
        evaluation(name=name, goals_met=f"Goals of {name}")
    reporter = ReporterFactory()
    client.force_login(reporter)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("exports:report_export"), {"format": "xlsx"})

    job = ExportJob.objects.get()
    assert (job.requested_by, job.format, job.language) == (reporter, "xlsx", "en")
    assert response.status_code == 302
    assert response["Location"] == reverse("exports:export_detail", args=[job.public_id])
    status = client.get(reverse("exports:export_status", args=[job.public_id])).json()
    download = reverse("exports:export_download", args=[job.public_id])
    assert status == {
        "status": "done",
        "status_label": "Ready",
        "message": "Ready",
        "percent": 100,
        "rows_done": 3,
        "total_rows": 3,
        "download_url": download,
    }
    page = client.get(response["Location"])
    text = page_text(page)
    assert "3 final evaluations are being exported." in text  # the message
    assert "Your export is ready" in text
    assert download in text
    assert "The link works until" in text
    file = client.get(download)
    assert file.status_code == 200
    assert file["Content-Disposition"].startswith('attachment; filename="westem-final-evaluations')
    sheet = openpyxl.load_workbook(io.BytesIO(streamed(file))).active
    assert sorted(row[13] for row in sheet.iter_rows(min_row=2, values_only=True)) == [
        "Goals of Aino",
        "Goals of Greta",
        "Goals of Maryam",
    ]


def test_a_running_export_shows_its_progress(client):
    reporter = ReporterFactory()
    job = ExportJobFactory(
        requested_by=reporter, status=ExportJob.Status.RUNNING, total_rows=8000, rows_done=2000
    )
    client.force_login(reporter)

    page = client.get(reverse("exports:export_detail", args=[job.public_id]))
    status = client.get(reverse("exports:export_status", args=[job.public_id])).json()

    text = page_text(page)
    assert '<progress id="export-progress" class="meter export-meter" max="100" value="25"' in text
    assert 'aria-live="polite"' in text
    assert "2000 of 8000 rows written" in text
    assert 'src="/static/js/export-progress.js"' in text
    assert (
        f'data-export-status-url="{reverse("exports:export_status", args=[job.public_id])}"' in text
    )
    assert ">Refresh</a>" in text
    assert status["status"] == "running"
    assert status["percent"] == 25
    assert status["download_url"] is None


def test_a_download_before_the_file_is_ready_goes_to_the_progress_page(client):
    job = ExportJobFactory(requested_by=ReporterFactory())
    client.force_login(job.requested_by)

    response = client.get(reverse("exports:export_download", args=[job.public_id]))

    assert response.status_code == 302
    assert response["Location"] == reverse("exports:export_detail", args=[job.public_id])


def test_a_failed_export_says_so_and_offers_to_try_again(client):
    job = ExportJobFactory(
        requested_by=ReporterFactory(),
        status=ExportJob.Status.FAILED,
        error="OSError: disk full",
        filters={"country": "SE", "since": "2026-01-01", "field": None},
    )
    client.force_login(job.requested_by)

    text = page_text(client.get(reverse("exports:export_detail", args=[job.public_id])))

    assert "The export could not be finished" in text
    assert "disk full" not in text  # the technical error is for the administrators
    assert '<input type="hidden" name="country" value="SE">' in text
    assert '<input type="hidden" name="since" value="2026-01">' in text  # a whole month
    assert '<input type="hidden" name="format" value="csv">' in text
    assert "Export again" in text


# --- expiry ----------------------------------------------------------------------------------


def test_an_expired_link_answers_410_with_a_friendly_page(client):
    job = done_job(ReporterFactory())
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(job.requested_by)

    response = client.get(reverse("exports:export_download", args=[job.public_id]))
    status = client.get(reverse("exports:export_status", args=[job.public_id])).json()
    detail = page_text(client.get(reverse("exports:export_detail", args=[job.public_id])))

    assert response.status_code == 410
    assert "This download link has expired" in page_text(response)
    assert "Export again" in page_text(response)
    assert (status["status"], status["download_url"]) == ("expired", None)
    assert "This download link has expired" in detail
    assert reverse("exports:export_download", args=[job.public_id]) not in detail


def test_an_export_marked_expired_answers_410(client):
    job = ExportJobFactory(requested_by=ReporterFactory(), status=ExportJob.Status.EXPIRED)
    client.force_login(job.requested_by)

    assert client.get(reverse("exports:export_download", args=[job.public_id])).status_code == 410


def test_a_valid_link_downloads_the_file(client):
    job = done_job(ReporterFactory())
    client.force_login(job.requested_by)

    response = client.get(reverse("exports:export_download", args=[job.public_id]))

    assert response.status_code == 200
    assert streamed(response) == "\ufeffSubmitted\r\n".encode()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "no-store" in response["Cache-Control"]


def test_status_json_is_not_cached(client):
    job = done_job(ReporterFactory())
    client.force_login(job.requested_by)

    response = client.get(reverse("exports:export_status", args=[job.public_id]))

    assert "no-store" in response["Cache-Control"]
    assert json.loads(response.content)["percent"] == 100


def test_the_filters_of_a_job_are_described_in_words(client):
    physics = ExpertiseArea.objects.get(slug="physics")
    job = done_job(
        ReporterFactory(),
        filters={"since": "2026-01-01", "until": "2026-06-30", "field": physics.pk, "style": ""},
    )
    client.force_login(job.requested_by)

    text = page_text(client.get(reverse("exports:export_detail", args=[job.public_id])))

    assert "From 2026-01-01 · Until 2026-06-30 · Field: Physics" in text
