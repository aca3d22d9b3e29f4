"""The report's selectors (evaluations.reports): each figure from known data, each filter
changing it as expected, the threshold of 5 answers behind a reflection figure, and a fixed
number of queries whatever the number of rows."""

import zoneinfo
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from cycles.models import Mentorship, Style
from evaluations import charts, reports
from evaluations.filters import ReportFilters
from matching.models import ConnectionRequest
from profiles.access import REPORTER_GROUP
from profiles.models import Profile
from tests.factories import (
    ConnectionRequestFactory,
    ExpertiseAreaFactory,
    FinalEvaluationFactory,
    MeetingFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    ReporterFactory,
    SessionEvaluationFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

IN = datetime(2025, 3, 10, 12, tzinfo=UTC)  # inside MARCH
BEFORE = datetime(2024, 11, 20, 12, tzinfo=UTC)  # before it
MARCH = ReportFilters(since=date(2025, 3, 1), until=date(2025, 3, 31))
NOW = datetime(2025, 6, 15, 12, tzinfo=UTC)


def counts(steps):
    return {step.key: step.count for step in steps}


def mentee(when=IN, country="SE", fields=None, **profile):
    extra = {f"profile__{name}": value for name, value in profile.items()}
    if fields:
        extra["profile__expertise"] = fields
    return MenteeFactory(
        date_joined=when, profile__onboarded_at=when, profile__country=country, **extra
    )


def mentor(when=IN, country="SE", fields=None, **presentation):
    presentation = {"published_at": when, "approved_at": when, **presentation}
    extra = {f"presentation__{name}": value for name, value in presentation.items()}
    if fields:
        extra["profile__expertise"] = fields
    return MentorFactory(
        date_joined=when, profile__onboarded_at=when, profile__country=country, **extra
    )


# --- the funnel --------------------------------------------------------------------------------


def test_the_funnel_counts_each_step_in_the_period():
    ingrid = mentor()
    mentor(when=BEFORE)  # joined, onboarded and published before March
    mentor(approved_at=None)  # published in March, awaiting approval: not yet a presentation
    sara = mentee()
    lina = mentee(country="ES")
    mentee(when=BEFORE)
    newcomer = UserFactory(date_joined=IN)  # signed up, no role yet: a sign-up, no profile
    Profile.objects.create(user=newcomer)
    StaffFactory(date_joined=IN)  # staff and reporters are not participants
    ReporterFactory(date_joined=IN)
    other = mentor(when=BEFORE)
    ConnectionRequestFactory(
        mentee=sara,
        mentor=ingrid,
        created_at=IN,
        status=ConnectionRequest.Status.ACCEPTED,
        responded_at=IN + timedelta(days=2),
    )
    ConnectionRequestFactory(mentee=lina, mentor=ingrid, created_at=IN)
    ConnectionRequestFactory(mentee=lina, mentor=other, created_at=BEFORE)
    # Sent before March, accepted in it: an acceptance of March, not a request of March.
    ConnectionRequestFactory(
        mentee=sara,
        mentor=other,
        created_at=BEFORE,
        status=ConnectionRequest.Status.ACCEPTED,
        responded_at=IN,
    )
    MentorshipFactory(mentee=sara, status=Mentorship.Status.COMPLETED, ended_at=IN)
    MentorshipFactory(mentee=lina, status=Mentorship.Status.COMPLETED, ended_at=BEFORE)
    MentorshipFactory(mentee=lina, status=Mentorship.Status.ENDED_EARLY, ended_at=IN)

    steps = reports.funnel(MARCH)

    # Sign-ups: Ingrid, the mentor awaiting approval, Sara, Lina, the newcomer; the mentors
    # made by MentorshipFactory joined today, outside March.
    assert counts(steps) == {
        "signups": 5,
        "profiles": 4,
        "presentations": 1,
        "requests": 2,
        "accepted": 2,
        "completed": 1,
    }
    # Requests sent are not some of the presentations: no share ("200 %" before).
    assert [step.share for step in steps] == [None, 80, 25, None, 100, 50]
    assert [str(step.label) for step in steps] == [
        "Sign-ups",
        "Profiles completed",
        "Mentor presentations",
        "Requests sent",
        "Requests accepted",
        "Mentorships completed",
    ]


def test_erased_accounts_still_count_as_sign_ups():
    erased = mentee()
    erased.is_active = False
    erased.email = "deleted-1@invalid.westem"
    erased.save()

    assert counts(reports.funnel(MARCH))["signups"] == 1


def test_a_share_after_an_empty_step_is_left_out():
    mentee()

    steps = reports.funnel(MARCH)

    assert [step.share for step in steps] == [None, 100, 0, None, None, None]


def test_a_step_that_outnumbers_the_step_before_has_no_share():
    """Two acceptances in March of requests sent before it, one request sent in March: the
    funnel says 2 accepted and no "200 %"."""
    sara, ingrid = mentee(), mentor()
    for _ in range(2):
        ConnectionRequestFactory(
            mentee=sara,
            mentor=mentor(when=BEFORE),
            created_at=BEFORE,
            status=ConnectionRequest.Status.ACCEPTED,
            responded_at=IN,
        )
    ConnectionRequestFactory(mentee=sara, mentor=ingrid, created_at=IN)

    steps = {step.key: step for step in reports.funnel(MARCH)}

    assert (steps["requests"].count, steps["accepted"].count) == (1, 2)
    assert steps["accepted"].share is None
    assert all(step.share is None or step.share <= 100 for step in steps.values())


def test_without_a_period_the_funnel_counts_everything():
    mentee()
    mentee(when=BEFORE)

    assert counts(reports.funnel(ReportFilters()))["signups"] == 2
    assert counts(reports.funnel(ReportFilters(since=date(2025, 1, 1))))["signups"] == 1
    assert counts(reports.funnel(ReportFilters(until=date(2024, 12, 31))))["signups"] == 1


def test_the_period_is_of_whole_days_at_both_ends():
    # Times in UTC; the days are those of the site's time zone (Stockholm, UTC+1 then +2).
    mentee(when=datetime(2025, 2, 28, 23, 30, tzinfo=UTC))  # 1 March, 00:30
    mentee(when=datetime(2025, 3, 31, 21, 0, tzinfo=UTC))  # 31 March, 23:00
    mentee(when=datetime(2025, 3, 31, 22, 30, tzinfo=UTC))  # 1 April, 00:30
    mentee(when=datetime(2025, 2, 28, 22, 30, tzinfo=UTC))  # 28 February, 23:30

    assert counts(reports.funnel(MARCH))["signups"] == 2


def test_country_narrows_each_step_to_the_person_it_is_about():
    swedish_mentor = mentor(country="SE")
    spanish_mentor = mentor(country="ES")
    spanish_mentee = mentee(country="ES")
    swedish_mentee = mentee(country="SE")
    # A Spanish mentee asks a Swedish mentor; a Swedish mentee asks a Spanish mentor.
    ConnectionRequestFactory(mentee=spanish_mentee, mentor=swedish_mentor, created_at=IN)
    ConnectionRequestFactory(mentee=swedish_mentee, mentor=spanish_mentor, created_at=IN)
    MentorshipFactory(
        mentee=spanish_mentee,
        mentor=swedish_mentor,
        status=Mentorship.Status.COMPLETED,
        ended_at=IN,
    )

    spain = counts(reports.funnel(ReportFilters(since=MARCH.since, country="ES")))

    assert spain == {
        "signups": 2,
        "profiles": 2,
        "presentations": 1,
        "requests": 1,
        "accepted": 0,
        "completed": 1,
    }
    germany = counts(reports.funnel(ReportFilters(since=MARCH.since, country="DE")))
    assert set(germany.values()) == {0}


def test_field_narrows_the_funnel_to_people_of_that_field():
    physics = ExpertiseAreaFactory(slug="physics-report", name_en="Physics")
    chemistry = ExpertiseAreaFactory(slug="chemistry-report", name_en="Chemistry")
    physicist = mentee(fields=[physics])
    mentee(fields=[chemistry, physics])
    physics_mentor = mentor(fields=[physics])
    ConnectionRequestFactory(mentee=physicist, mentor=physics_mentor, created_at=IN)

    physics_funnel = counts(reports.funnel(ReportFilters(since=MARCH.since, field=physics.pk)))
    chemistry_funnel = counts(reports.funnel(ReportFilters(since=MARCH.since, field=chemistry.pk)))

    # Each person once, however many of her fields there are.
    assert physics_funnel == {
        "signups": 3,
        "profiles": 3,
        "presentations": 1,
        "requests": 1,
        "accepted": 0,
        "completed": 0,
    }
    assert chemistry_funnel == {
        "signups": 1,
        "profiles": 1,
        "presentations": 0,
        "requests": 0,
        "accepted": 0,
        "completed": 0,
    }


def test_style_narrows_requests_by_their_style_and_people_by_the_styles_they_want():
    flash_only = mentee(style_traditional=False, style_flash=True)
    mentee(style_traditional=True, style_flash=False)
    flash_mentor = mentor(offers_traditional=False, offers_flash=True)
    traditional_mentor = mentor(offers_traditional=True, offers_flash=False)
    ConnectionRequestFactory(
        mentee=flash_only, mentor=flash_mentor, created_at=IN, style=Style.FLASH
    )
    ConnectionRequestFactory(
        mentee=flash_only, mentor=traditional_mentor, created_at=IN, style=Style.TRADITIONAL
    )
    MentorshipFactory(style=Style.FLASH, status=Mentorship.Status.COMPLETED, ended_at=IN)

    flash = counts(
        reports.funnel(ReportFilters(since=MARCH.since, until=MARCH.until, style="flash"))
    )
    traditional = counts(
        reports.funnel(ReportFilters(since=MARCH.since, until=MARCH.until, style="traditional"))
    )

    # The mentors' profiles want both styles (the factory's), the mentees one each.
    assert flash == {
        "signups": 3,
        "profiles": 3,
        "presentations": 1,
        "requests": 1,
        "accepted": 0,
        "completed": 1,
    }
    assert traditional["signups"] == 3
    assert traditional["presentations"] == 1
    assert traditional["requests"] == 1
    assert traditional["completed"] == 0


def test_reporters_who_joined_are_not_sign_ups_but_former_reporters_without_the_group_are():
    reporter = ReporterFactory(date_joined=IN)
    Profile.objects.create(user=reporter)

    assert counts(reports.funnel(MARCH))["signups"] == 0

    reporter.groups.remove(Group.objects.get(name=REPORTER_GROUP))
    assert counts(reports.funnel(MARCH))["signups"] == 1


# --- sessions and hours ------------------------------------------------------------------------


def test_sessions_count_meetings_held_and_their_hours_per_month():
    mentorship = MentorshipFactory()
    MeetingFactory(mentorship=mentorship, starts_at=IN, duration_minutes=90)
    MeetingFactory(mentorship=mentorship, starts_at=IN + timedelta(days=7), duration_minutes=60)
    MeetingFactory(mentorship=mentorship, starts_at=datetime(2025, 1, 5, 12, tzinfo=UTC))
    MeetingFactory(mentorship=mentorship, starts_at=IN, cancelled_at=IN - timedelta(days=1))
    MeetingFactory(mentorship=mentorship, starts_at=NOW + timedelta(days=1))  # not held yet

    figures = reports.sessions(ReportFilters(), now=NOW)

    assert figures.sessions == 3
    assert figures.hours == 3.5
    assert [month.month for month in figures.months] == [
        date(2024, 7, 1),
        date(2024, 8, 1),
        date(2024, 9, 1),
        date(2024, 10, 1),
        date(2024, 11, 1),
        date(2024, 12, 1),
        date(2025, 1, 1),
        date(2025, 2, 1),
        date(2025, 3, 1),
        date(2025, 4, 1),
        date(2025, 5, 1),
        date(2025, 6, 1),
    ]
    by_month = {month.month: (month.sessions, month.hours) for month in figures.months}
    assert by_month[date(2025, 3, 1)] == (2, 2.5)
    assert by_month[date(2025, 1, 1)] == (1, 1.0)
    assert by_month[date(2025, 2, 1)] == (0, 0.0)

    march = reports.sessions(MARCH, now=NOW)
    assert (march.sessions, march.hours) == (2, 2.5)
    assert [month.month for month in march.months] == [date(2025, 3, 1)]


def test_the_months_shown_are_the_last_twelve_of_a_long_period():
    filters = ReportFilters(since=date(2023, 1, 15), until=date(2025, 3, 31))
    months = reports.sessions(filters, now=NOW).months

    assert (months[0].month, months[-1].month, len(months)) == (
        date(2024, 4, 1),
        date(2025, 3, 1),
        12,
    )


def test_sessions_are_filtered_by_style_and_by_the_mentee():
    spanish = mentee(country="ES")
    MeetingFactory(mentorship=MentorshipFactory(mentee=spanish, style=Style.FLASH), starts_at=IN)
    MeetingFactory(mentorship=MentorshipFactory(), starts_at=IN)

    assert reports.sessions(ReportFilters(country="ES"), now=NOW).sessions == 1
    assert reports.sessions(ReportFilters(style=Style.TRADITIONAL), now=NOW).sessions == 1
    assert reports.sessions(ReportFilters(country="ES", style="traditional"), now=NOW).sessions == 0


# --- mentorships by status and style -----------------------------------------------------------


def test_mentorships_started_in_the_period_by_status_and_style():
    start = date(2025, 3, 5)
    MentorshipFactory(start_date=start)
    MentorshipFactory(start_date=start, style=Style.FLASH)
    MentorshipFactory(start_date=start, status=Mentorship.Status.COMPLETED, ended_at=IN)
    MentorshipFactory(
        start_date=start, style=Style.FLASH, status=Mentorship.Status.ENDED_EARLY, ended_at=IN
    )
    MentorshipFactory(start_date=date(2024, 10, 1))

    rows = {
        row.status: (row.traditional, row.flash) for row in reports.mentorships_by_status(MARCH)
    }

    assert rows == {"active": (1, 1), "completed": (1, 0), "ended_early": (0, 1)}
    everything = reports.mentorships_by_status(ReportFilters())
    assert sum(row.total for row in everything) == 5
    flash = reports.mentorships_by_status(ReportFilters(style=Style.FLASH))
    assert sum(row.traditional for row in flash) == 0
    assert sum(row.flash for row in flash) == 2


# --- final evaluations -------------------------------------------------------------------------


def test_final_ratings_are_averaged_by_role_with_their_number_of_answers():
    for quality, effectiveness, sessions in [(5, 4, 6), (4, 4, 8), (3, 2, 4)]:
        FinalEvaluationFactory(
            quality_rating=quality,
            effectiveness_rating=effectiveness,
            sessions=sessions,
            submitted_at=IN,
        )
    evaluation = FinalEvaluationFactory(submitted_at=IN, quality_rating=2)
    FinalEvaluationFactory(
        mentorship=evaluation.mentorship,
        author=evaluation.mentorship.mentor,
        quality_rating=5,
        effectiveness_rating=5,
        sessions=5,
        submitted_at=IN,
    )
    FinalEvaluationFactory(submitted_at=BEFORE, quality_rating=1)

    ratings = {role.role: role for role in reports.final_ratings(MARCH)}

    assert ratings["mentee"].answers == 4
    assert ratings["mentee"].quality == 3.5  # (5 + 4 + 3 + 2) / 4
    assert ratings["mentee"].effectiveness == 3.5  # (4 + 4 + 2 + 4) / 4
    assert ratings["mentee"].sessions == 6.0
    assert (ratings["mentor"].answers, ratings["mentor"].quality) == (1, 5.0)
    assert str(ratings["mentor"].label) == "Mentors"


def test_final_ratings_without_answers_have_no_average():
    ratings = reports.final_ratings(ReportFilters())

    assert [(role.answers, role.quality, role.sessions) for role in ratings] == [
        (0, None, None),
        (0, None, None),
    ]


def test_final_ratings_follow_the_export_filters():
    FinalEvaluationFactory(submitted_at=IN, mentorship__style=Style.FLASH, quality_rating=1)
    FinalEvaluationFactory(submitted_at=IN, quality_rating=5)

    flash = reports.final_ratings(ReportFilters(style=Style.FLASH))[0]

    assert (flash.answers, flash.quality) == (1, 1.0)


# --- session reflections: 5 people, whole months and years, no difference of fewer ------------

YEAR = ReportFilters(since=date(2025, 1, 1), until=date(2025, 12, 31))
JUNE = ReportFilters(since=date(2025, 6, 1), until=date(2025, 6, 30))
DECEMBER = ReportFilters(since=date(2025, 12, 1), until=date(2025, 12, 31))
NEXT_YEAR = datetime(2026, 2, 1, 12, tzinfo=UTC)  # 2025 has ended


def reflections(count, *, starts_at=IN, author_country="SE", style=Style.TRADITIONAL, **ratings):
    """``count`` reflections by one mentee on as many meetings of one mentorship."""
    author = mentee(country=author_country)
    mentorship = MentorshipFactory(mentee=author, style=style)
    return [
        SessionEvaluationFactory(
            meeting=MeetingFactory(mentorship=mentorship, starts_at=starts_at + timedelta(hours=n)),
            author=author,
            created_at=starts_at + timedelta(hours=n, minutes=30),
            **ratings,
        )
        for n in range(count)
    ]


def people(count, *, starts_at=IN, **ratings):
    """One reflection each by ``count`` mentees."""
    for _index in range(count):
        reflections(1, starts_at=starts_at, **ratings)


def figures(filters, now=NEXT_YEAR):
    return {figure.question: figure for figure in reports.reflections(filters, now).figures}


def withheld(filters, now=NEXT_YEAR):
    return reports.reflections(filters, now).withheld


def test_five_answers_of_one_person_are_withheld():
    reflections(5, useful=2)

    assert withheld(MARCH) == reports.Withheld.FEW_PEOPLE
    assert reports.reflections(MARCH, NOW).figures == []


def test_five_people_show_their_averages():
    people(3, useful=5, prepared=4, understood=3, progress=2)
    people(2, useful=2, prepared=4, understood=4, progress=1)

    shown = figures(MARCH)

    assert shown["useful"].average == 3.8  # (3 × 5 + 2 × 2) / 5
    assert shown["prepared"].average == 4.0
    assert shown["understood"].average == 3.4
    assert shown["progress"].average == 1.6
    assert {figure.answers for figure in shown.values()} == {5}
    assert withheld(MARCH) is None


def test_only_a_whole_month_or_year_that_has_ended_is_shown():
    people(5)

    assert figures(MARCH)["useful"].answers == 5
    assert figures(YEAR)["useful"].answers == 5
    for period in (
        ReportFilters(),
        ReportFilters(since=MARCH.since),
        ReportFilters(since=date(2025, 3, 1), until=date(2025, 4, 30)),
        ReportFilters(since=date(2025, 3, 2), until=date(2025, 3, 31)),
        ReportFilters(since=date(2024, 1, 1), until=date(2025, 12, 31)),
    ):
        assert withheld(period) == reports.Withheld.PERIOD
    # In March itself, and in 2025 until it ends, the figures would change with each answer.
    assert withheld(MARCH, now=datetime(2025, 3, 31, 12, tzinfo=UTC)) == "not_ended"
    assert withheld(YEAR, now=datetime(2025, 12, 31, 12, tzinfo=UTC)) == "not_ended"
    assert withheld(MARCH, now=datetime(2025, 4, 1, 12, tzinfo=UTC)) is None


def test_reflections_are_never_narrowed_by_country_field_or_style():
    people(6)
    physics = ExpertiseAreaFactory(slug="physics-reflections", name_en="Physics")

    for narrowed in (
        ReportFilters(since=MARCH.since, until=MARCH.until, country="SE"),
        ReportFilters(since=MARCH.since, until=MARCH.until, field=physics.pk),
        ReportFilters(since=MARCH.since, until=MARCH.until, style=Style.TRADITIONAL),
    ):
        assert withheld(narrowed) == reports.Withheld.NARROWED


def test_a_year_is_withheld_when_its_months_not_shown_are_fewer_than_five_people():
    people(5)  # March
    people(5, starts_at=datetime(2025, 6, 10, 12, tzinfo=UTC))
    reflections(5, starts_at=datetime(2025, 12, 10, 12, tzinfo=UTC), useful=1)  # one person

    assert withheld(DECEMBER) == reports.Withheld.FEW_PEOPLE
    # The year less March and June would be her December: the year is withheld, the months
    # shown stay shown.
    assert withheld(YEAR) == reports.Withheld.COMPLEMENT
    assert figures(MARCH)["useful"].answers == 5
    assert figures(JUNE)["useful"].answers == 5


def test_a_year_is_shown_when_its_small_months_together_hold_five_people():
    people(5)  # March
    for month in (7, 8, 9, 10, 11):  # five months of one person each
        reflections(2, starts_at=datetime(2025, month, 10, 12, tzinfo=UTC))

    assert withheld(datetime_month(7)) == reports.Withheld.FEW_PEOPLE
    assert figures(YEAR)["useful"].answers == 15


def datetime_month(month):
    first = date(2025, month, 1)
    return ReportFilters(since=first, until=date(2025, month + 1, 1) - timedelta(days=1))


def test_months_are_those_of_the_program_whatever_the_readers_time_zone():
    # 23:30 on 31 March in UTC is 1 April in Stockholm: an April reflection.
    people(5, starts_at=datetime(2025, 3, 31, 23, 30, tzinfo=UTC))

    with timezone.override(zoneinfo.ZoneInfo("America/Los_Angeles")):
        assert withheld(MARCH) == reports.Withheld.FEW_PEOPLE
        assert figures(datetime_month(4))["useful"].answers == 5


def test_the_threshold_follows_the_setting(settings):
    people(2)
    settings.REPORTS_MIN_ANSWERS = 2

    assert figures(MARCH)["useful"].answers == 2


# --- a fixed number of queries -----------------------------------------------------------------


def _rows_of_every_kind(count):
    for _index in range(count):
        sara = mentee()
        ingrid = mentor()
        ConnectionRequestFactory(
            mentee=sara,
            mentor=ingrid,
            created_at=IN,
            status=ConnectionRequest.Status.ACCEPTED,
            responded_at=IN,
        )
        evaluation = FinalEvaluationFactory(
            mentorship__mentee=sara, mentorship__mentor=ingrid, submitted_at=IN
        )
        SessionEvaluationFactory(
            meeting=MeetingFactory(mentorship=evaluation.mentorship, starts_at=IN),
            author=sara,
            created_at=IN,
        )


@pytest.mark.parametrize("rows", [1, 6])
def test_each_selector_takes_a_fixed_number_of_queries(django_assert_num_queries, rows):
    _rows_of_every_kind(rows)
    physics = ExpertiseAreaFactory(slug="physics-report", name_en="Physics")
    filters = ReportFilters(since=MARCH.since, country="SE", field=physics.pk, style="flash")

    for chosen in (ReportFilters(), filters):
        with django_assert_num_queries(4):
            reports.funnel(chosen)
        with django_assert_num_queries(2):
            reports.sessions(chosen, now=NOW)
        with django_assert_num_queries(1):
            reports.mentorships_by_status(chosen)
        with django_assert_num_queries(1):
            reports.final_ratings(chosen)
    with django_assert_num_queries(1):
        reports.reflections(MARCH, NOW)


# --- chart geometry ----------------------------------------------------------------------------


def test_horizontal_bars_scale_to_the_largest_and_leave_a_withheld_figure_without_a_bar():
    chart = charts.hbars(
        [("Sign-ups", 200, "200"), ("Requests", 50, "50"), ("None", 0, "0"), ("Hidden", None, "")],
        200,
    )

    assert [bar.width for bar in chart.bars] == [400, 100, 0, 0]
    assert [bar.shown for bar in chart.bars] == [True, True, True, False]
    assert [bar.bar_y for bar in chart.bars] == [26, 84, 142, 200]
    assert chart.height == 200 + chart.bar_height
    assert charts.hbars([("One", 1, "1")], 1000).bars[0].width == 2  # still visible


def test_axis_tops_are_round_with_a_whole_middle():
    assert [charts.nice_maximum(value) for value in (0, 1.5, 3, 7, 11, 45, 101)] == [
        2,
        2,
        4,
        8,
        20,
        60,
        200,
    ]


def test_month_columns_stand_on_the_baseline_in_proportion():
    months = [date(2025, 12, 1), date(2026, 1, 1)]

    chart = charts.month_columns(months, [[4, 0], [6.5, 2]])

    plot = chart.baseline - 30  # the legend takes the top
    first, second = chart.groups
    assert [column.height for column in first.columns] == [plot * 4 / 8, plot * 6.5 / 8]
    assert [column.height for column in second.columns] == [0, plot * 2 / 8]
    assert all(column.y + column.height == chart.baseline for column in first.columns)
    assert [group.first_of_year for group in chart.groups] == [True, True]
    assert [tick.label for tick in chart.ticks] == ["0", "4", "8"]


@pytest.mark.parametrize(
    ("until", "first", "count"),
    [(date(1, 3, 31), date(1, 1, 1), 3), (date(9999, 12, 31), date(9999, 1, 1), 12)],
)
def test_the_months_stop_at_the_ends_of_the_calendar(until, first, count):
    months = reports.sessions(ReportFilters(until=until), now=NOW).months

    assert (months[0].month, len(months)) == (first, count)
