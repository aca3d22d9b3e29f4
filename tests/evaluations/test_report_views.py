"""The report page (/reports/): who may open it, what it shows, the threshold of 5 answers
behind a reflection figure, the filters and their errors, and a fixed number of queries."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from cycles.models import Style
from matching.models import ConnectionRequest
from tests.factories import (
    ConnectionRequestFactory,
    FinalEvaluationFactory,
    MeetingFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    ReporterFactory,
    SessionEvaluationFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

URL = "/reports/"
SECRET = "Only-mine: I was nervous about the internship interview"
WITHHELD = "Not shown: fewer than 5 people wrote reflections in this period"
IN_MARCH = datetime(2025, 3, 10, 12, tzinfo=UTC)
MARCH = {"since": "2025-03", "until": "2025-03"}


def staff_client(client):
    client.force_login(StaffFactory())
    return client


def reflections(
    count, *, country="SE", style=Style.TRADITIONAL, by_one=False, when=IN_MARCH, **ratings
):
    """``count`` reflections in March 2025, each by a mentee of ``country`` of her own (all
    by one mentee with ``by_one``)."""
    author = MenteeFactory(profile__country=country)
    mentorship = MentorshipFactory(mentee=author, style=style)
    for n in range(count):
        if n and not by_one:
            author = MenteeFactory(profile__country=country)
            mentorship = MentorshipFactory(mentee=author, style=style)
        SessionEvaluationFactory(
            meeting=MeetingFactory(mentorship=mentorship, starts_at=when + timedelta(hours=n)),
            author=author,
            created_at=when + timedelta(hours=n, minutes=30),
            reflection=SECRET,
            **ratings,
        )


def shows_number(page: str, number: str) -> bool:
    """``number`` ("4.2") stands on its own somewhere in the page, in text or an attribute
    (not as the tail of a coordinate such as 224.2)."""
    return re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d])", page) is not None


def reflection_section(page: str) -> str:
    return page[page.index('id="reflections-heading"') : page.index('id="export-heading"')]


# --- who may open it ---------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("factory", [MenteeFactory, MentorFactory], ids=["mentee", "mentor"])
def test_participants_may_not_open_the_report(client, factory):
    client.force_login(factory())

    response = client.get(URL)

    assert response.status_code == 403
    assert "Program report" not in response.text


@pytest.mark.parametrize("factory", [StaffFactory, ReporterFactory], ids=["staff", "reporter"])
def test_staff_and_reporters_open_the_report(client, factory):
    client.force_login(factory())

    response = client.get(URL)

    assert response.status_code == 200
    assert '<h1 class="mb-1">Program report</h1>' in response.text


def test_the_report_is_read_only(client):
    response = staff_client(client).post(URL)

    assert response.status_code == 405


def test_an_inactive_reporter_is_refused(client):
    reporter = ReporterFactory()
    client.force_login(reporter)
    reporter.is_active = False
    reporter.save()

    response = client.get(URL)

    assert response.status_code != 200


# --- the way in: navigation and dashboard ------------------------------------------------------


@pytest.mark.parametrize("factory", [StaffFactory, ReporterFactory], ids=["staff", "reporter"])
def test_staff_and_reporters_find_the_report_in_the_navigation_and_on_their_dashboard(
    client, factory
):
    client.force_login(factory())

    response = client.get(reverse("dashboard"))

    assert f'href="{URL}">Reports</a>' in response.text
    assert "Open the report" in response.text


@pytest.mark.parametrize("factory", [MenteeFactory, MentorFactory], ids=["mentee", "mentor"])
def test_participants_have_no_link_to_the_report(client, factory):
    client.force_login(factory())

    response = client.get(reverse("dashboard"))

    assert f'href="{URL}"' not in response.text


# --- what it shows -----------------------------------------------------------------------------


def test_the_report_shows_the_funnel_sessions_statuses_and_ratings(client):
    mentee = MenteeFactory()
    mentor = MentorFactory()
    ConnectionRequestFactory(
        mentee=mentee,
        mentor=mentor,
        status=ConnectionRequest.Status.ACCEPTED,
        responded_at=datetime.now(tz=UTC),
    )
    evaluation = FinalEvaluationFactory(
        mentorship__mentee=mentee,
        mentorship__mentor=mentor,
        quality_rating=4,
        effectiveness_rating=3,
    )
    MeetingFactory(
        mentorship=evaluation.mentorship,
        starts_at=datetime.now(tz=UTC) - timedelta(days=3),
        duration_minutes=90,
    )

    page = staff_client(client).get(URL).text

    funnel = page[page.index('id="funnel-heading"') : page.index('id="sessions-heading"')]
    assert '<svg class="report-chart report-chart-bars"' in funnel
    assert 'role="img"' in funnel
    assert '<title id="funnel-chart-title">The program\'s funnel</title>' in funnel
    assert '<tr><th scope="row">Sign-ups</th><td>2</td><td>–</td></tr>' in funnel
    # Requests are sent to presentations, not some of them: no share, and the card says so.
    assert "requests are sent to presentations, so they have no share." in funnel
    assert '<tr><th scope="row">Requests sent</th><td>1</td><td>–</td></tr>' in funnel
    assert '<tr><th scope="row">Requests accepted</th><td>1</td><td>100%</td></tr>' in funnel
    assert '<tr><th scope="row">Mentorships completed</th><td>1</td><td>100%</td></tr>' in funnel
    assert ">1 · 100%</text>" in funnel
    sessions = page[page.index('id="sessions-heading"') : page.index('id="mentorships-heading"')]
    assert "1 session held, 1.5 hours in all." in sessions
    assert 'class="report-chart report-chart-columns"' in sessions
    statuses = page[page.index('id="mentorships-heading"') : page.index('id="ratings-heading"')]
    assert re.search(r"Completed</th><td class=\"text-end\">1</td>", statuses)
    ratings = page[page.index('id="ratings-heading"') : page.index('id="reflections-heading"')]
    assert "Quality, as mentees rate it" in ratings
    assert '<td class="text-end">4.0</td>' in ratings
    assert '<td class="text-end">3.0</td>' in ratings


def test_an_empty_program_shows_an_empty_state(client):
    page = staff_client(client).get(URL).text

    assert "No figures yet for this selection." in page
    assert '<svg class="report-chart' not in page


def test_the_charts_have_no_inline_style(client):
    reflections(5)
    FinalEvaluationFactory(submitted_at=IN_MARCH)
    MentorshipFactory(start_date=IN_MARCH.date())

    page = staff_client(client).get(URL, MARCH).text

    # The funnel, months, mentorships, final ratings and reflections.
    assert page.count('<svg class="report-chart') == 5
    assert "style=" not in page


# --- session reflections: 5 people, a month or a year, or nothing ------------------------------


def test_four_people_are_not_shown(client):
    reflections(4, useful=2, prepared=3, understood=4, progress=5)

    page = staff_client(client).get(URL, MARCH).text

    section = reflection_section(page)
    assert section.count(WITHHELD) == 1
    assert "reflections-chart" not in page
    for average in ("2.0", "3.0", "4.0", "5.0", "2,0", "3,0", "4,0", "5,0"):
        assert not shows_number(page, average), average
    assert not re.search(r">\s*4\s*<", section)  # nor the number of answers


def test_five_answers_of_one_person_are_not_shown(client):
    reflections(5, by_one=True, useful=1)

    section = reflection_section(staff_client(client).get(URL, MARCH).text)

    assert WITHHELD in section
    assert not shows_number(section, "1.0")


def test_five_people_show_their_averages(client):
    reflections(4, useful=2, prepared=3, understood=4, progress=5)
    reflections(1, useful=4, prepared=3, understood=4, progress=5)

    page = staff_client(client).get(URL, MARCH).text

    section = reflection_section(page)
    assert WITHHELD not in section
    assert 'role="img" aria-labelledby="reflections-chart-title' in section
    assert re.search(
        r'The session was useful</th>\s*<td class="text-end">2.4</td>\s*'
        r'<td class="text-end">5</td>',
        section,
    )
    assert ">2.4</text>" in section  # (4 × 2 + 4) / 5, in the chart too
    assert '<td class="text-end">3.0</td>' in section


def test_the_free_text_of_reflections_never_appears(client):
    reflections(6)

    page = staff_client(client).get(URL, MARCH).text

    assert "reflections-chart" in page
    assert SECRET not in page
    assert "nervous" not in page


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ({**MARCH, "country": "SE"}, "reflections are not broken down by country, field or style"),
        ({**MARCH, "style": "traditional"}, "not broken down by country, field or style"),
        ({}, "choose one calendar month, or a whole calendar year"),
        ({"since": "2025-03", "until": "2025-04"}, "choose one calendar month"),
        ({"since": "2025-01", "until": "2025-12"}, "its months not shown hold the answers"),
    ],
)
def test_a_withheld_figure_says_why_in_plain_words(client, query, reason):
    reflections(6)
    # Alone in April: 2025 less March would be her answers.
    reflections(2, by_one=True, when=datetime(2025, 4, 10, 12, tzinfo=UTC))

    section = reflection_section(staff_client(client).get(URL, query).text)

    assert reason in section
    assert "reflections-chart" not in section


def test_in_swedish_a_withheld_figure_says_why(client):
    reflections(6)
    staff = StaffFactory()
    client.force_login(staff)
    client.get(URL)
    staff.profile.language = "sv"
    staff.profile.save()

    section = reflection_section(client.get(URL, {**MARCH, "country": "SE"}).text)

    assert "reflektionerna delas inte upp efter land, område eller stil" in section


# --- filters -----------------------------------------------------------------------------------


def test_filters_narrow_the_figures_and_are_named_under_the_heading(client):
    MenteeFactory(profile__country="ES")
    MenteeFactory(profile__country="SE")
    MenteeFactory(profile__country="SE")
    staff_client(client)

    page = client.get(URL, {"country": "ES", "style": "traditional"}).text

    assert "All time · Spain · Traditional" in page
    assert '<tr><th scope="row">Sign-ups</th><td>1</td><td>–</td></tr>' in page
    assert 'value="ES" selected' in page
    export = page[page.index('id="export-heading"') :]
    assert 'id="export-country"' in export  # the export form starts from the same filters
    assert 'value="ES" selected' in export
    assert f'href="{reverse("exports:export_list")}?country=ES&amp;style=traditional"' in page


def test_invalid_filters_show_their_errors_and_the_unfiltered_report(client):
    MenteeFactory(profile__country="ES")
    MenteeFactory(profile__country="SE")
    staff_client(client)

    response = client.get(URL, {"since": "2025-13", "country": "ES"})

    assert response.status_code == 200
    page = response.text
    assert (
        '<div class="invalid-feedback d-block" id="since-errors">'
        "Enter a month, written like 2026-03.</div>" in page
    )
    assert 'aria-invalid="true"' in page
    assert "The figures below are for the whole program." in page
    assert '<tr><th scope="row">Sign-ups</th><td>2</td><td>–</td></tr>' in page
    assert "The export could not start" not in page


def test_an_end_before_the_start_is_an_error(client):
    response = staff_client(client).get(URL, {"since": "2025-04", "until": "2025-03"})

    assert response.status_code == 200
    assert "The end of the period must come after its start." in response.text


@pytest.mark.parametrize(
    "query",
    [
        {"country": "XX"},
        {"field": "not-a-number"},
        {"field": "999999"},
        {"style": "both"},
        {"until": "9999-99-99"},
        {"until": "2025-03-31"},  # a day: the period is whole months
    ],
)
def test_unknown_choices_are_errors_not_crashes(client, query):
    response = staff_client(client).get(URL, query)

    assert response.status_code == 200
    assert "invalid-feedback" in response.text


@pytest.mark.parametrize(
    "query",
    [
        {"since": "0001-01", "until": "0001-01"},
        {"since": "0001-01", "until": "0001-12"},
        {"since": "9999-12", "until": "9999-12"},
        {"since": "9999-01", "until": "9999-12"},
    ],
)
def test_the_edges_of_the_calendar_are_not_crashes(client, query):
    reflections(5)

    response = staff_client(client).get(URL, query)

    assert response.status_code == 200
    assert "invalid-feedback" not in response.text


# --- a fixed number of queries -----------------------------------------------------------------


def _rows_of_every_kind(count):
    for _index in range(count):
        mentee = MenteeFactory()
        mentor = MentorFactory()
        ConnectionRequestFactory(
            mentee=mentee,
            mentor=mentor,
            status=ConnectionRequest.Status.ACCEPTED,
            responded_at=datetime.now(tz=UTC),
        )
        evaluation = FinalEvaluationFactory(mentorship__mentee=mentee, mentorship__mentor=mentor)
        FinalEvaluationFactory(mentorship=evaluation.mentorship, author=mentor)
        for starts_at in (datetime.now(tz=UTC) - timedelta(days=2), last_month()):
            SessionEvaluationFactory(
                meeting=MeetingFactory(mentorship=evaluation.mentorship, starts_at=starts_at),
                author=mentee,
                created_at=starts_at,
            )


def last_month() -> datetime:
    """Noon on the 15th of last month."""
    first = datetime.now(tz=UTC).replace(day=1) - timedelta(days=1)
    return first.replace(day=15, hour=12)


# The middleware: session, user, profile (3), and for a reporter (no participant role) "is
# she a reporter?" (1); the view's "may she read reports?" (a reporter, 1); the figures:
# funnel 4, sessions 2, mentorships 1, final ratings 1, reflections 1, match rounds published
# 1 (10; their figures 1 more when some are; mentees under 18 add 3 for a calendar year, none
# for a month); how mentorships close: in all, by style, country, field and round (5); the
# the reasons chosen at the exit question and joining again (2); the pace: first meetings,
# pairs, their meetings, check-ins (4); the navigation's
# "is she a reporter?" (a reporter, 1). The field and round choices come from the cache.
# The bell's unread count is one of the 4 of every signed-in page; program staff also see the
# to-do count in the navigation (their permissions, then one count of every section).
PAGE_QUERIES = {
    "staff": 4 + 10 + 5 + 2 + 4 + 2 + 1,
    "reporter": 4 + 1 + 1 + 10 + 5 + 2 + 4 + 1,
}


@pytest.mark.parametrize("role", ["staff", "reporter"])
@pytest.mark.parametrize("rows", [1, 7], ids=["one-of-each", "many"])
def test_the_page_takes_a_fixed_number_of_queries(client, django_assert_num_queries, role, rows):
    _rows_of_every_kind(rows)
    client.force_login(StaffFactory() if role == "staff" else ReporterFactory())
    client.get(URL)  # her profile is made on her first visit; the field choices are cached
    month = last_month().strftime("%Y-%m")
    query = {"since": month, "until": month}

    with django_assert_num_queries(PAGE_QUERIES[role]):
        response = client.get(URL, query)

    assert response.status_code == 200
    # A reflection of a person of her own a row last month: withheld for one, shown for 7.
    assert ("reflections-chart" in response.text) == (rows > 2)
    sessions = rows
    assert f"{sessions} session{'s' if sessions > 1 else ''} held" in response.text


def test_in_swedish_the_figures_read_with_a_decimal_comma_and_the_charts_stay_valid(client):
    reflections(5, useful=4, prepared=3, understood=5, progress=4)
    MeetingFactory(starts_at=datetime.now(tz=UTC) - timedelta(days=1), duration_minutes=45)
    staff = StaffFactory()
    client.force_login(staff)
    client.get(URL)  # her profile
    staff.profile.language = "sv"
    staff.profile.save()

    page = client.get(URL, MARCH).text

    assert '<html lang="sv">' in page
    assert '<td class="text-end">3,0</td>' in page
    assert ">3,0</text>" in page
    geometry = re.findall(r'\b(?:x|y|x1|x2|y1|y2|width|height|viewBox)="([^"]*)"', page)
    assert geometry
    assert not [value for value in geometry if "," in value]
