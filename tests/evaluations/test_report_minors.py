"""Mentees under 18 are counted apart in the program report (issue 20), small cells withheld:
a figure resting on fewer than 5 girls under 18 is not shown, nor the adults' figure beside
it (the whole less the adults would give it), and nothing names who is a minor."""

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import reports, services
from evaluations.filters import ReportFilters
from profiles.models import Profile, User
from tests.factories import (
    FinalEvaluationFactory,
    MeetingFactory,
    MenteeFactory,
    MentorshipFactory,
    ReporterFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

URL = "/reports/"
YEAR = {"since": "2025-01", "until": "2025-12"}
IN_MARCH = datetime(2025, 3, 10, 12, tzinfo=UTC)
GIRL = date(2010, 6, 1)  # 14 in March 2025
WOMAN = date(1995, 6, 1)
WITHHELD = ["fewer than 5", "not shown"]


def _mentees(count: int, birth_date: date, name: str) -> list[User]:
    """``count`` mentees born on ``birth_date`` who signed up and completed their profile in
    March 2025."""
    people = [
        MenteeFactory(profile__birth_date=birth_date, profile__display_name=f"{name} {n}")
        for n in range(count)
    ]
    User.objects.filter(pk__in=[p.pk for p in people]).update(date_joined=IN_MARCH)
    Profile.objects.filter(user__in=people).update(onboarded_at=IN_MARCH)
    return people


def _sessions(mentee: User, count: int) -> None:
    mentorship = MentorshipFactory(mentee=mentee)
    for n in range(count):
        MeetingFactory(mentorship=mentorship, starts_at=IN_MARCH + timedelta(days=n))


def _rows(page: str) -> dict[str, list[str]]:
    """The minors' table as the page shows it: label -> the cells' texts."""
    table = page[
        page.index('id="minors-table"') : page.index("</table>", page.index('id="minors-table"'))
    ]
    rows = {}
    for label, cells in re.findall(
        r'<th scope="row" class="fw-normal">([^<]+)</th>(.*?)</tr>', table, re.S
    ):
        rows[label] = [
            re.sub(r"\s+", " ", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)
        ]
    return rows


def _year() -> ReportFilters:
    return ReportFilters(since=date(2025, 1, 1), until=date(2025, 12, 31))


def test_figures_of_five_or_more_minors_are_shown_apart_from_the_adults(client):
    _mentees(5, GIRL, "Girl")
    _mentees(2, WOMAN, "Woman")
    client.force_login(ReporterFactory())

    rows = _rows(client.get(URL, YEAR).text)

    assert rows["Mentees who signed up"] == ["7", "5", "2"]
    assert rows["Mentees who completed their profile"] == ["7", "5", "2"]


def test_fewer_than_five_minors_are_withheld_and_so_are_the_adults_beside_them(client):
    _mentees(3, GIRL, "Girl")
    _mentees(6, WOMAN, "Woman")
    client.force_login(ReporterFactory())

    page = client.get(URL, YEAR).text
    rows = _rows(page)

    # The whole (9) is shown, here and in the key figures; 6 adults would give 3 minors.
    assert rows["Mentees who signed up"] == ["9", *WITHHELD]
    assert rows["Mentees who completed their profile"] == ["9", *WITHHELD]
    assert "<dd>9</dd>" in page
    figures = reports.minors(_year())
    assert [(row.minors, row.adults) for row in figures.rows[:2]] == [(None, None), (None, None)]


def test_many_sessions_of_one_girl_are_withheld_however_many_they_are(client):
    girl = _mentees(1, GIRL, "Girl")[0]
    _sessions(girl, 6)
    for woman in _mentees(5, WOMAN, "Woman"):
        _sessions(woman, 1)
    client.force_login(ReporterFactory())

    rows = _rows(client.get(URL, YEAR).text)

    assert rows["Sessions held"] == ["11", *WITHHELD]
    assert rows["Hours of mentoring"] == ["11", *WITHHELD]


def test_sessions_and_hours_of_five_girls_are_shown(client):
    for girl in _mentees(5, GIRL, "Girl"):
        _sessions(girl, 2)
    _sessions(_mentees(1, WOMAN, "Woman")[0], 1)

    figures = {
        row.key: row for row in reports.minors(_year(), now=datetime(2025, 5, 1, tzinfo=UTC)).rows
    }

    assert (figures["sessions"].total, figures["sessions"].minors, figures["sessions"].adults) == (
        11,
        10,
        1,
    )
    assert (figures["hours"].total, figures["hours"].minors, figures["hours"].adults) == (
        11.0,
        10.0,
        1.0,
    )
    assert (figures["completed"].total, figures["completed"].minors) == (0, 0)  # 0 is shown


def test_a_girl_who_turned_18_before_the_year_ended_counts_as_an_adult():
    _mentees(5, date(2007, 10, 15), "Turned 18 on 15 October")

    figures = reports.minors(_year())

    assert figures.day == date(2025, 12, 31)
    assert (figures.rows[0].total, figures.rows[0].minors, figures.rows[0].adults) == (5, 0, 5)


@pytest.mark.parametrize("narrowing", [{"country": "SE"}, {"style": "flash"}])
def test_minors_are_not_broken_down_by_country_or_style(client, narrowing):
    _mentees(6, GIRL, "Girl")
    client.force_login(ReporterFactory())

    page = client.get(URL, {**YEAR, **narrowing}).text

    assert 'id="minors-table"' not in page
    assert "Not shown: mentees under 18 are not broken down by country, field or style." in page


def test_the_report_names_no_minor(client):
    girls = _mentees(5, GIRL, "Girl")
    client.force_login(ReporterFactory())

    page = client.get(URL, YEAR).text

    assert _rows(page)["Mentees who signed up"] == ["5", "5", "0"]
    for girl in girls:
        assert girl.profile.display_name not in page
        assert girl.email not in page
    assert "2010" not in page


# --- the export: staff see which pairs have a mentee under 18, reporters never -----------------


def _evaluations() -> None:
    """Final evaluations of a girl of 15 and of a woman, and the girl's mentor's of the girl's
    mentorship (his row is about her pair too)."""
    girl = MenteeFactory(profile__display_name="Alva", profile__birth_date=date(2011, 1, 1))
    woman = MenteeFactory(profile__display_name="Maryam", profile__birth_date=WOMAN)
    for mentee in (girl, woman):
        mentorship = MentorshipFactory(mentee=mentee, status="completed", phase=4)
        FinalEvaluationFactory(mentorship=mentorship, author=mentee)
        if mentee == girl:
            FinalEvaluationFactory(mentorship=mentorship, author=mentorship.mentor)


def _export(client, format: str) -> list[list]:
    response = client.post(reverse("exports:report_export"), {"format": format})
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    if format == "csv":  # the evaluations, before the program's figures
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        return rows[: rows.index([])]
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_the_staff_export_says_which_pairs_have_a_mentee_under_18(client, format):
    _evaluations()
    client.force_login(StaffFactory())

    header, *rows = _export(client, format)

    assert header[-1] == "Mentee under 18"
    seen = sorted((row[3], row[2] if row[3] == "Mentee" else "", row[-1]) for row in rows)
    assert seen == [("Mentee", "Alva", "yes"), ("Mentee", "Maryam", "no"), ("Mentor", "", "yes")]


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_a_reporters_export_has_no_column_of_minors(client, format):
    _evaluations()
    client.force_login(ReporterFactory())

    header, *rows = _export(client, format)

    assert "Mentee under 18" not in header
    assert header[-1] == "Impact on study or work intentions in STEM"
    assert len(rows) == 3
    assert all(len(row) == len(header) for row in rows)
    assert not any(cell in ("yes", "no") for row in rows for cell in row)


def test_the_column_in_swedish(client):
    _evaluations()
    staff = StaffFactory()
    client.force_login(staff)
    client.get(URL)
    staff.profile.language = "sv"
    staff.profile.save()

    header, *rows = _export(client, "csv")

    assert header[-1] == "Adept under 18"
    assert sorted(row[-1] for row in rows) == ["ja", "ja", "nej"]


def test_a_large_export_of_staff_has_the_column_and_one_of_a_reporter_not(settings):
    _evaluations()
    staff, reporter = StaffFactory(), ReporterFactory()
    heads = {}
    for user in (staff, reporter):
        job = services.start_export(by=user, format="csv", filters=ReportFilters(), language="en")
        services.run_export(job_id=job.pk)
        job.refresh_from_db()
        text = job.file.read().decode("utf-8-sig")
        heads[user] = next(csv.reader(io.StringIO(text)))

    assert heads[staff][-1] == "Mentee under 18"
    assert "Mentee under 18" not in heads[reporter]


def test_in_swedish_the_table_and_its_withheld_cells(client):
    _mentees(3, GIRL, "Girl")
    _mentees(6, WOMAN, "Woman")
    reporter = ReporterFactory()
    client.force_login(reporter)
    client.get(URL)
    reporter.profile.language = "sv"
    reporter.profile.save()

    page = client.get(URL, YEAR).text
    rows = _rows(page)

    assert "Adepter under 18" in page
    assert rows["Adepter som registrerade sig"] == ["9", "färre än 5", "visas inte"]


@pytest.mark.parametrize("url", [URL, "/reports/exports/"])
def test_staff_are_told_of_the_column_and_reporters_are_not(client, url):
    client.force_login(StaffFactory())
    staff_page = client.get(url).text
    client.force_login(ReporterFactory())
    reporter_page = client.get(url).text

    assert "your export ends with the column “Mentee under 18”" in staff_page
    assert "Mentee under 18" not in reporter_page


@pytest.mark.parametrize(
    "period",
    [
        {"since": "2025-01", "until": "2025-06"},
        {"since": "2025-03", "until": "2025-03"},
        {"since": "2024-01", "until": "2025-12"},
        {},
    ],
    ids=["half-year", "month", "two-years", "all-time"],
)
def test_no_two_periods_can_be_subtracted_only_whole_years_are_shown(client, period):
    """Seven girls signed up in March and two in October 2025: January–December less
    January–June would give the two of October; so only whole years, which never overlap."""
    _mentees(7, GIRL, "Girl")
    late = _mentees(2, GIRL, "October")
    User.objects.filter(pk__in=[p.pk for p in late]).update(date_joined=IN_MARCH.replace(month=10))
    client.force_login(ReporterFactory())

    year_page = client.get(URL, YEAR).text
    page = client.get(URL, period).text

    assert _rows(year_page)["Mentees who signed up"] == ["9", "9", "0"]
    assert 'id="minors-table"' not in page
    assert "mentees under 18 are counted for one whole calendar year" in page
    this_year = timezone.localdate().year
    assert f'href="?since={this_year}-01&amp;until={this_year}-12">Show {this_year}</a>' in page


def test_the_figures_of_a_year_take_three_queries(django_assert_num_queries):
    _mentees(6, GIRL, "Girl")

    with django_assert_num_queries(3):
        figures = reports.minors(_year())

    assert figures.rows[0].minors == 6
