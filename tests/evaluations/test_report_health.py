"""What the program learns from its pairs, on the report (issue 22): closures completed and
ended early by style, country, field and round, small cells and cells a total would give away
withheld; the median days to the first meeting; the share of pair-months meeting the agreed
minimum; check-ins per pair per month. Every figure checked against data counted by hand."""

import csv
import html
import io
import re
import zoneinfo
from datetime import date, datetime

import openpyxl
import pytest
from django.urls import reverse

from cycles.models import Mentorship, Style
from evaluations import reports_health
from evaluations.filters import ReportFilters
from matching.rounds.models import MatchRound
from tests.factories import (
    AgreementFactory,
    CheckInFactory,
    ExitAnswerFactory,
    ExpertiseAreaFactory,
    FinalEvaluationFactory,
    MatchRoundFactory,
    MeetingFactory,
    MenteeFactory,
    MentorshipFactory,
    ReporterFactory,
    RoundDraftFactory,
    RoundOutcomeFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

ZONE = zoneinfo.ZoneInfo("Europe/Stockholm")
SPRING = ReportFilters(since=date(2025, 3, 1), until=date(2025, 5, 31))
URL = reverse("reports:reports_dashboard")
SPRING_QUERY = {"since": "2025-03", "until": "2025-05"}


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 12, tzinfo=ZONE)


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def ended(status, *, style=Style.TRADITIONAL, country="SE", fields=(), when=None, **pair):
    mentee = MenteeFactory(profile__country=country)
    mentee.profile.expertise.add(*fields)
    return MentorshipFactory(
        mentee=mentee,
        style=style,
        status=status,
        start_date=date(2025, 1, 10),
        ended_at=when or at(2025, 4, 15),
        **pair,
    )


def from_round(round_: MatchRound, mentorship: Mentorship) -> None:
    RoundOutcomeFactory(
        draft=round_.published_draft,
        mentee=mentorship.mentee,
        mentor=mentorship.mentor,
        mentorship=mentorship,
    )


def published(name: str) -> MatchRound:
    round_ = MatchRoundFactory(name=name)
    draft = RoundDraftFactory(round=round_)
    round_.published_at = at(2025, 1, 5)
    round_.published_draft = draft
    round_.save()
    return round_


@pytest.fixture
def closures_data(settings):
    """Traditional in Sweden: 4 completed (from the spring round, physics), 3 ended early
    (physics); flash in Norway: 3 completed, 1 ended early. Outside: one completed in July,
    one still active."""
    settings.REPORTS_MIN_ANSWERS = 3
    physics = ExpertiseAreaFactory(name_en="Physics")
    spring = published("Spring round")
    for _index in range(4):
        from_round(spring, ended(Mentorship.Status.COMPLETED, fields=[physics]))
    for _index in range(3):
        ended(Mentorship.Status.ENDED_EARLY, fields=[physics])
    for _index in range(3):
        ended(Mentorship.Status.COMPLETED, style=Style.FLASH, country="NO")
    ended(Mentorship.Status.ENDED_EARLY, style=Style.FLASH, country="NO")
    ended(Mentorship.Status.COMPLETED, when=at(2025, 7, 2))
    MentorshipFactory(start_date=date(2025, 3, 1))
    return spring


def rows(closures, key: str) -> list[tuple]:
    (breakdown,) = [b for b in closures.breakdowns if b.key == key]
    return [(row.label, row.completed, row.ended_early, row.early_share) for row in breakdown.rows]


def test_closures_by_style_country_field_and_round(closures_data):
    closures = reports_health.closures(SPRING)

    total = closures.total
    assert (total.completed, total.ended_early, total.early_share) == (7, 4, 36)
    # Ended early: flash's 1 is under 3, and the total 4 less traditional's 3 would give it:
    # traditional's is withheld too.
    assert rows(closures, "style") == [("Flash", 3, None, None), ("Traditional", 4, None, None)]
    assert rows(closures, "country") == [("Norway", 3, None, None), ("Sweden", 4, None, None)]
    assert rows(closures, "field") == [("Computer science", 7, 4, 36), ("Physics", 4, 3, 43)]
    assert rows(closures, "round") == [("Spring round", 4, 0, 0)]


def test_closures_by_the_reasons_chosen_and_joining_again(settings):
    settings.REPORTS_MIN_ANSWERS = 3
    early = [ended(Mentorship.Status.ENDED_EARLY) for _index in range(5)]
    for pair in early[:3]:
        ExitAnswerFactory(mentorship=pair, reason="time", would_join_again="yes")
    # Both of one pair answered, with two reasons: the pair counts once under each.
    ExitAnswerFactory(mentorship=early[3], reason="mismatch", would_join_again="no")
    ExitAnswerFactory(
        mentorship=early[3], person=early[3].mentor, reason="time", would_join_again="yes"
    )
    done = ended(Mentorship.Status.COMPLETED)
    ExitAnswerFactory(mentorship=done, reason="goals_met", would_join_again="yes")

    closures = reports_health.closures(SPRING)

    # Ended early: time 4 (three pairs and the mentor of the fourth), mismatch 1; completed:
    # goals met 1. Each 1 is under 3 and withheld, and in a column with one withheld cell the
    # next smallest count goes with it (zeros give nothing away and stay).
    assert rows(closures, "reason") == [
        ("Not enough time", 0, None, None),
        ("We met our goals early", None, 0, None),
        ("We were not a good match", 0, None, None),
    ]
    assert rows(closures, "again") == [("No", 0, None, None), ("Yes", None, None, None)]
    settings.REPORTS_MIN_ANSWERS = 1
    closures = reports_health.closures(SPRING)
    assert rows(closures, "reason") == [
        ("Not enough time", 0, 4, 100),
        ("We met our goals early", 1, 0, 0),
        ("We were not a good match", 0, 1, 100),
    ]
    assert rows(closures, "again") == [("No", 0, 1, 100), ("Yes", 1, 4, 80)]
    assert [b.key for b in closures.breakdowns][-2:] == ["reason", "again"]


def test_closures_follow_the_filters(closures_data):
    closures = reports_health.closures(
        ReportFilters(since=date(2025, 3, 1), until=date(2025, 7, 31), style=Style.TRADITIONAL)
    )

    assert (closures.total.completed, closures.total.ended_early) == (5, 3)
    assert rows(closures, "style") == [("Traditional", 5, 3, 38)]
    assert [b.key for b in closures.breakdowns] == ["style", "country", "field", "round"]


def test_a_small_total_is_withheld_and_a_lone_small_cell_takes_the_next_with_it(settings):
    settings.REPORTS_MIN_ANSWERS = 5
    for _index in range(2):
        ended(Mentorship.Status.COMPLETED, country="DK")
    for _index in range(6):
        ended(Mentorship.Status.COMPLETED, country="FI")
    for _index in range(7):
        ended(Mentorship.Status.COMPLETED, country="SE")

    closures = reports_health.closures(SPRING)

    assert (closures.total.completed, closures.total.ended_early) == (15, 0)
    # Denmark's 2 is withheld, and Finland's 6 (the smallest other) with it: the total 15
    # less the cells shown never gives one country.
    assert rows(closures, "country") == [
        ("Denmark", None, 0, None),
        ("Finland", None, 0, None),
        ("Sweden", 7, 0, 0),
    ]
    ended(Mentorship.Status.COMPLETED, country="")
    assert ("Country not given", None, 0, None) in rows(reports_health.closures(SPRING), "country")
    two = reports_health.closures(ReportFilters(country="DK"))
    assert (two.total.completed, two.total.ended_early, two.total.early_share) == (None, 0, None)


@pytest.fixture
def pace_data():
    """Three months of spring 2025, every one ended.

    A, traditional from 1 March, agreed 2 × 60 min: held 120 in March, 60 in April, 120 in
    May (met 2 of 3); first meeting 5 March (4 days). Two check-ins in April.
    B, traditional from 10 March, no agreement (60 min): under way April and May only; held 60
    in April, in May only a cancelled meeting (met 1 of 2); first meeting held 2 April (23
    days: the one of 15 March was cancelled).
    One check-in in May, one in June (outside).
    C, flash from 1 April, ended 20 April: never under way a whole month; first meeting 15
    April (14 days).
    D, traditional from 1 December 2024 (before the period: not in the median), no meeting in
    spring (met 0 of 3); one check-in in March.
    Pair-months 8, met 3 (38 %); check-ins 4 in 8 pair-months (0.5); median of 4, 23, 14: 14."""
    a = MentorshipFactory(start_date=date(2025, 3, 1))
    AgreementFactory(mentorship=a, meetings_per_month=2, meeting_minutes=60)
    for when in [at(2025, 3, 5), at(2025, 3, 20), at(2025, 4, 8), at(2025, 5, 6), at(2025, 5, 20)]:
        MeetingFactory(mentorship=a, starts_at=when, duration_minutes=60)
    b = MentorshipFactory(start_date=date(2025, 3, 10))
    MeetingFactory(mentorship=b, starts_at=at(2025, 4, 2), duration_minutes=60)
    for when in [at(2025, 3, 15), at(2025, 5, 2)]:
        MeetingFactory(mentorship=b, starts_at=when, duration_minutes=60, cancelled_at=when)
    c = MentorshipFactory(
        style=Style.FLASH,
        start_date=date(2025, 4, 1),
        status=Mentorship.Status.COMPLETED,
        ended_at=at(2025, 4, 20),
    )
    MeetingFactory(mentorship=c, starts_at=at(2025, 4, 15), duration_minutes=45)
    d = MentorshipFactory(start_date=date(2024, 12, 1))
    MeetingFactory(mentorship=d, starts_at=at(2024, 12, 31), duration_minutes=60)
    for mentorship, when in [(a, at(2025, 4, 3)), (a, at(2025, 4, 20)), (b, at(2025, 5, 9))]:
        CheckInFactory(mentorship=mentorship, created_at=when)
    CheckInFactory(mentorship=b, created_at=at(2025, 6, 3))
    CheckInFactory(mentorship=d, created_at=at(2025, 3, 3))
    return a, b, c, d


def test_pace_median_minimum_and_check_ins(pace_data):
    pace = reports_health.pace(SPRING)

    assert (pace.median_days_to_first, pace.first_meetings) == (14, 3)
    assert (pace.pair_months, pace.minimum_met, pace.minimum_share) == (8, 3, 38)
    assert (pace.contact_months, pace.check_ins, pace.check_ins_per_pair_month) == (8, 4, 0.5)


def test_pace_of_one_style(pace_data):
    flash = reports_health.pace(
        ReportFilters(since=date(2025, 3, 1), until=date(2025, 5, 31), style=Style.FLASH)
    )

    assert (flash.median_days_to_first, flash.first_meetings) == (14, 1)
    assert (flash.pair_months, flash.minimum_share) == (0, None)
    assert (flash.contact_months, flash.check_ins_per_pair_month) == (0, None)


def test_the_report_shows_the_closures(client, closures_data):
    client.force_login(StaffFactory())

    page = text(client.get(URL, SPRING_QUERY))

    assert "How mentorships close" in page
    assert "All 7 4 36%" in page
    assert "By style Flash 3 – – Traditional 4 – –" in page
    assert "By the mentee's country Norway 3 – – Sweden 4 – –" in page
    assert "By the mentee's field Computer science 7 4 36% Physics 4 3 43%" in page
    assert "Match round Spring round 4 0 0%" in page


def test_the_report_shows_the_pace(client, pace_data):
    client.force_login(StaffFactory())

    page = text(client.get(URL, SPRING_QUERY))

    assert "Median days from the start to the first meeting held 14 (of 3 mentorships" in page
    assert "Pairs meeting their monthly minimum 38% (of 8 pair-months)" in page
    assert "Staff check-ins per pair per month 0.50 (of 8 pair-months)" in page


def test_a_reporter_sees_them_too_in_swedish(client, closures_data):
    reporter = ReporterFactory()
    client.force_login(reporter)
    client.get(URL)
    reporter.profile.language = "sv"
    reporter.profile.save()

    page = text(client.get(URL, SPRING_QUERY))

    assert "Hur mentorskap avslutas" in page
    assert "Matchningsomgång Spring round 4 0 0%" in page


def test_no_closure_in_the_period_says_so(client):
    MeetingFactory(
        mentorship=MentorshipFactory(start_date=date(2025, 3, 1)), starts_at=at(2025, 3, 2)
    )
    client.force_login(StaffFactory())

    page = text(client.get(URL, SPRING_QUERY))

    assert "No mentorship ended in the period." in page


# --- in the exports ----------------------------------------------------------------------------


def export(client, format: str):
    response = client.post(reverse("exports:report_export"), {"format": format, **SPRING_QUERY})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def with_an_evaluation(client):
    mentorship = Mentorship.objects.filter(status=Mentorship.Status.COMPLETED).first()
    FinalEvaluationFactory(
        mentorship=mentorship, author=mentorship.mentee, submitted_at=at(2025, 4, 20)
    )
    client.force_login(ReporterFactory())


def test_the_csv_export_carries_the_figures(client, closures_data, pace_data):
    with_an_evaluation(client)

    rows = list(csv.reader(io.StringIO(export(client, "csv").decode("utf-8-sig"), newline="")))

    figures = rows[rows.index([]) + 1 :]
    assert figures[0] == ["Section", "Group", "Figure", "Value"]
    close = "How mentorships close"
    assert [close, "All", "Completed", "8"] in figures  # with pace's flash pair C
    assert [close, "By style: Traditional", "Ended early", ""] in figures  # withheld
    assert [close, "Match round: Spring round", "Completed", "4"] in figures
    assert [close, "By the mentee's field: Physics", "Share ended early (%)", "43"] in figures
    pace = "Pace and contact"
    assert [pace, "", "Median days from the start to the first meeting held", "14"] in figures


def test_the_excel_export_has_a_sheet_of_figures(client, pace_data):
    with_an_evaluation(client)

    book = openpyxl.load_workbook(io.BytesIO(export(client, "xlsx")))

    assert book.sheetnames == ["Final evaluations", "Program figures"]
    rows = list(book["Program figures"].iter_rows(values_only=True))
    assert rows[0] == ("Section", "Group", "Figure", "Value")
    figures = {row[2]: row[3] for row in rows if row[0] == "Pace and contact"}
    assert figures["Pairs meeting their monthly minimum (%)"] == 38
    assert figures["Staff check-ins per pair per month"] == 0.5
    assert figures["Pair-months under way"] == 8
