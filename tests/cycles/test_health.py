"""The signals of program health (issue 22): each one's edges (the day before its threshold and
the day of it), what keeps it away, its clearing when the pair recovers, ends or is paused,
one row per start, its reason in both languages, and a fixed number of queries whatever the
number of pairs."""

import math
import zoneinfo
from datetime import date, datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from cycles import emails
from cycles.health import reason, refresh_signals
from cycles.models import HealthSignal, Meeting, Mentorship, Style
from notifications.models import Notification
from tests.factories import (
    AgreementFactory,
    MeetingFactory,
    MentorshipFactory,
    MessageFactory,
    PhaseTickFactory,
    SessionEvaluationFactory,
)

pytestmark = pytest.mark.django_db

Kind = HealthSignal.Kind
ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)
START = date(2026, 3, 2)  # a Monday


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=ZONE)


def signals_on(day: date, mentorship: Mentorship) -> dict[str, HealthSignal]:
    """Run the daily refresh at noon of ``day``; the pair's open signals by kind."""
    refresh_signals(now=noon(day))
    return {
        signal.kind: signal
        for signal in HealthSignal.objects.filter(mentorship=mentorship, cleared_on__isnull=True)
    }


def pair(style=Style.TRADITIONAL, start=START, **agreement) -> Mentorship:
    """A pair started on ``start``; traditional ones with an agreement (2 × 60 min a month)
    accepted by both unless told otherwise."""
    mentorship = MentorshipFactory(style=style, start_date=start)
    if style == Style.TRADITIONAL and agreement.get("agreement", True):
        fields = {"mentor_accepted_at": noon(start), "mentee_accepted_at": noon(start)}
        fields.update({k: v for k, v in agreement.items() if k != "agreement"})
        AgreementFactory(mentorship=mentorship, **fields)
    return mentorship


def held(mentorship: Mentorship, day: date, minutes: int = 60, **kwargs) -> Meeting:
    """A meeting at noon of ``day``, agreed (it counts), written then."""
    return MeetingFactory(
        mentorship=mentorship,
        starts_at=noon(day),
        duration_minutes=minutes,
        created_at=noon(day) - timedelta(days=1),
        **kwargs,
    )


def after(day: date, days: int) -> date:
    return day + timedelta(days=days)


# --- first meeting -------------------------------------------------------------------------


@pytest.mark.parametrize("style", [Style.TRADITIONAL, Style.FLASH])
def test_first_meeting_not_held_21_days_after_the_start(style):
    mentorship = pair(style)
    threshold = after(START, settings.HEALTH_FIRST_MEETING_DAYS)

    assert Kind.FIRST_MEETING not in signals_on(after(threshold, -1), mentorship)
    signal = signals_on(threshold, mentorship)[Kind.FIRST_MEETING]

    assert signal.started_on == threshold
    assert "No meeting held since the start" in reason(signal)


def test_a_first_meeting_held_clears_it_and_a_planned_one_does_not():
    mentorship = pair()
    threshold = after(START, settings.HEALTH_FIRST_MEETING_DAYS)
    held(mentorship, after(threshold, 5))  # planned, not held yet

    assert Kind.FIRST_MEETING in signals_on(after(threshold, 1), mentorship)
    assert Kind.FIRST_MEETING not in signals_on(after(threshold, 6), mentorship)
    signal = HealthSignal.objects.get(mentorship=mentorship, kind=Kind.FIRST_MEETING)
    assert signal.cleared_on == after(threshold, 6)


def test_a_proposed_or_cancelled_meeting_is_not_held():
    mentorship = pair()
    day = after(START, 3)
    held(mentorship, day, status=Meeting.Status.PROPOSED, agreed_at=None)
    held(mentorship, after(day, 1), cancelled_at=noon(day))

    assert Kind.FIRST_MEETING in signals_on(after(START, 30), mentorship)


# --- the agreed rhythm ---------------------------------------------------------------------


def test_no_meeting_for_longer_than_the_rhythm_allows():
    """Two meetings a month: 15 days between them, and a week's grace."""
    mentorship = pair()
    last = after(START, 5)
    held(mentorship, last)
    allowed = 15 + settings.HEALTH_MEETING_GRACE_DAYS

    assert Kind.NO_MEETING not in signals_on(after(last, allowed), mentorship)
    signal = signals_on(after(last, allowed + 1), mentorship)[Kind.NO_MEETING]

    assert signal.started_on == after(last, allowed + 1)
    assert signal.params == {"last_held": last.isoformat(), "days": allowed}
    assert "none planned" in reason(signal)


def test_the_rhythm_follows_the_agreement_and_a_planned_meeting_keeps_it_away():
    """One meeting a month allows 30 days; a meeting planned (or proposed) ahead, none."""
    mentorship = pair(meetings_per_month=1)
    last = after(START, 5)
    held(mentorship, last)
    allowed = 30 + settings.HEALTH_MEETING_GRACE_DAYS

    assert Kind.NO_MEETING not in signals_on(after(last, allowed), mentorship)
    assert Kind.NO_MEETING in signals_on(after(last, allowed + 1), mentorship)

    held(mentorship, after(last, allowed + 10), status=Meeting.Status.PROPOSED, agreed_at=None)
    assert Kind.NO_MEETING not in signals_on(after(last, allowed + 2), mentorship)


def test_a_flash_pair_has_no_rhythm():
    mentorship = pair(Style.FLASH)
    held(mentorship, after(START, 2))

    assert Kind.NO_MEETING not in signals_on(after(START, 90), mentorship)


# --- hours under the minimum ---------------------------------------------------------------


def test_hours_under_the_minimum_two_ended_months_running():
    """Started 1 March: March and April ended under 120 minutes; it shows on 1 May, not on
    30 April (April has not ended)."""
    mentorship = pair(start=date(2026, 3, 1))
    held(mentorship, date(2026, 3, 10))  # 60 of 120 minutes in March
    held(mentorship, date(2026, 4, 10), minutes=90)

    assert Kind.HOURS_BELOW not in signals_on(date(2026, 4, 30), mentorship)
    signal = signals_on(date(2026, 5, 1), mentorship)[Kind.HOURS_BELOW]

    assert signal.started_on == date(2026, 5, 1)
    assert signal.params == {"agreed": 120, "months": [["2026-03-01", 60], ["2026-04-01", 90]]}
    assert "March 2026: 60 min, April 2026: 90 min" in reason(signal)


def test_a_month_at_the_minimum_keeps_it_away_and_clears_it():
    mentorship = pair(start=date(2026, 3, 1))
    held(mentorship, date(2026, 3, 10), minutes=120)

    assert Kind.HOURS_BELOW not in signals_on(date(2026, 5, 1), mentorship)
    assert Kind.HOURS_BELOW in signals_on(date(2026, 6, 1), mentorship)  # April, May: 0

    held(mentorship, date(2026, 6, 3), minutes=60)
    held(mentorship, date(2026, 6, 17), minutes=60)
    assert Kind.HOURS_BELOW not in signals_on(date(2026, 7, 1), mentorship)


def test_without_an_agreement_the_programs_hour_is_the_minimum():
    mentorship = pair(start=date(2026, 3, 1), agreement=False)
    held(mentorship, date(2026, 3, 10), minutes=60)
    held(mentorship, date(2026, 4, 10), minutes=45)

    assert Kind.HOURS_BELOW not in signals_on(date(2026, 5, 1), mentorship)

    held(mentorship, date(2026, 5, 10), minutes=45)
    assert signals_on(date(2026, 6, 1), mentorship)[Kind.HOURS_BELOW].params["agreed"] == 60


# --- the agreement -------------------------------------------------------------------------


def test_agreement_not_accepted_14_days_after_the_start():
    mentorship = pair(mentee_accepted_at=None)
    threshold = after(START, settings.HEALTH_AGREEMENT_DAYS)

    assert Kind.AGREEMENT_UNACCEPTED not in signals_on(after(threshold, -1), mentorship)
    signal = signals_on(threshold, mentorship)[Kind.AGREEMENT_UNACCEPTED]

    assert signal.started_on == threshold
    assert signal.params["missing"] == ["mentee"]
    assert reason(signal) == "The mentee has not accepted the agreement 14 days after the start."

    mentorship.agreement.mentee_accepted_at = noon(after(threshold, 1))
    mentorship.agreement.save()
    assert Kind.AGREEMENT_UNACCEPTED not in signals_on(after(threshold, 2), mentorship)


def test_no_agreement_at_all_and_its_reason_follows_who_accepted():
    mentorship = pair(agreement=False)
    day = after(START, 20)

    signal = signals_on(day, mentorship)[Kind.AGREEMENT_UNACCEPTED]
    assert reason(signal) == "No agreement written 14 days after the start."

    AgreementFactory(mentorship=mentorship, mentor_accepted_at=noon(day))
    signal = signals_on(after(day, 1), mentorship)[Kind.AGREEMENT_UNACCEPTED]
    assert signal.started_on == after(START, 14)  # the same signal, its figures updated
    assert reason(signal) == "The mentee has not accepted the agreement 14 days after the start."


def test_a_flash_pair_needs_no_agreement():
    assert Kind.AGREEMENT_UNACCEPTED not in signals_on(after(START, 30), pair(Style.FLASH))


# --- silence -------------------------------------------------------------------------------


def test_silent_for_21_days_since_her_last_message():
    mentorship = pair()
    last = after(START, 3)
    MessageFactory(mentorship=mentorship, author=mentorship.mentee, created_at=noon(last))
    MessageFactory(mentorship=mentorship, author=mentorship.mentor, created_at=noon(START))
    silence = settings.HEALTH_SILENCE_DAYS

    kinds = signals_on(after(last, silence - 1), mentorship)
    assert Kind.MENTEE_SILENT not in kinds
    assert kinds[Kind.MENTOR_SILENT].started_on == after(START, silence)

    signal = signals_on(after(last, silence), mentorship)[Kind.MENTEE_SILENT]
    assert signal.started_on == after(last, silence)
    assert reason(signal) == (
        "The mentee has not written, ticked, met or reflected since 5 March 2026."
    )


def test_a_tick_a_meeting_she_proposed_or_a_reflection_breaks_the_silence():
    day = after(START, 30)
    ticked, proposed, reflected = pair(), pair(), pair()
    PhaseTickFactory(mentorship=ticked, created_at=noon(after(day, -2)))
    MeetingFactory(
        mentorship=proposed,
        starts_at=noon(after(day, 20)),
        status=Meeting.Status.PROPOSED,
        agreed_at=None,
        created_at=noon(after(day, -2)),
    )
    SessionEvaluationFactory(
        meeting=held(reflected, START),
        author=reflected.mentee,
        created_at=noon(after(day, -2)),
    )

    for mentorship in (ticked, proposed, reflected):
        kinds = signals_on(day, mentorship)
        assert Kind.MENTEE_SILENT not in kinds
        assert Kind.MENTOR_SILENT in kinds


def test_a_meeting_held_counts_for_both():
    mentorship = pair()
    held(mentorship, after(START, 25))

    kinds = signals_on(after(START, 30), mentorship)
    assert Kind.MENTOR_SILENT not in kinds
    assert Kind.MENTEE_SILENT not in kinds


# --- reminders unanswered ------------------------------------------------------------------


def reminded(mentorship: Mentorship, user, day: date, kind=emails.AGREEMENT_UNSIGNED):
    occasion = (
        f"agreement:{mentorship.pk}"
        if kind == emails.AGREEMENT_UNSIGNED
        else f"mentorship:{mentorship.pk}:2026-03"
    )
    return Notification.objects.create(
        user=user,
        kind=kind,
        occasion=occasion,
        template="cycles/reminder",
        created_at=noon(day),
    )


@pytest.mark.parametrize("kind", [emails.AGREEMENT_UNSIGNED, emails.HOURS_BELOW])
def test_a_reminder_followed_by_nothing_for_a_week(kind):
    mentorship = pair()
    day = after(START, 9)
    reminded(mentorship, mentorship.mentee, day, kind)
    days = settings.HEALTH_REMINDER_ANSWER_DAYS

    assert Kind.REMINDERS_UNANSWERED not in signals_on(after(day, days - 1), mentorship)
    signal = signals_on(after(day, days), mentorship)[Kind.REMINDERS_UNANSWERED]

    assert signal.started_on == after(day, days)
    assert signal.params == {"mentee": day.isoformat()}
    assert reason(signal) == "The mentee has done nothing since a reminder on 11 March 2026."


def test_answering_a_reminder_clears_it_and_other_pairs_reminders_do_not_count():
    mentorship, other = pair(), pair()
    day = after(START, 9)
    reminded(other, other.mentor, day)
    reminded(mentorship, mentorship.mentor, day)

    assert Kind.REMINDERS_UNANSWERED in signals_on(after(day, 8), mentorship)
    assert set(
        HealthSignal.objects.get(mentorship=other, kind=Kind.REMINDERS_UNANSWERED).params
    ) == {"mentor"}

    MessageFactory(mentorship=mentorship, author=mentorship.mentor, created_at=noon(after(day, 9)))
    assert Kind.REMINDERS_UNANSWERED not in signals_on(after(day, 10), mentorship)


def test_a_reminder_she_acted_on_before_it_was_due_is_answered():
    mentorship = pair()
    day = after(START, 9)
    reminded(mentorship, mentorship.mentee, day)
    MessageFactory(mentorship=mentorship, author=mentorship.mentee, created_at=noon(after(day, 1)))

    assert Kind.REMINDERS_UNANSWERED not in signals_on(after(day, 30), mentorship)


# --- starting once, clearing ---------------------------------------------------------------


def test_a_signal_starts_once_and_starts_again_after_it_cleared():
    mentorship = pair(Style.FLASH)
    day = after(START, 25)

    first = refresh_signals(now=noon(day))
    again = refresh_signals(now=noon(after(day, 1)))

    assert {signal.kind for signal in first.started} == {
        Kind.FIRST_MEETING,
        Kind.MENTOR_SILENT,
        Kind.MENTEE_SILENT,
    }
    assert again.started == []
    assert again.cleared == 0
    assert HealthSignal.objects.filter(mentorship=mentorship).count() == 3

    meeting = held(mentorship, after(day, 2))
    assert refresh_signals(now=noon(after(day, 3))).cleared == 3
    meeting.status, meeting.cancelled_at = Meeting.Status.CANCELLED, noon(day)
    meeting.save()
    restarted = refresh_signals(now=noon(after(day, 4)))
    # She proposed the meeting: she is not silent any more.
    assert {signal.kind for signal in restarted.started} == {
        Kind.FIRST_MEETING,
        Kind.MENTOR_SILENT,
    }
    assert HealthSignal.objects.filter(mentorship=mentorship).count() == 5


@pytest.mark.parametrize("change", ["ended", "paused"])
def test_a_pair_that_ends_or_is_paused_has_no_signal(change):
    mentorship = pair(Style.FLASH)
    day = after(START, 25)
    assert signals_on(day, mentorship)

    if change == "ended":
        mentorship.status = Mentorship.Status.ENDED_EARLY
        mentorship.end_date = day
    else:
        mentorship.paused_at = noon(day)
    mentorship.save()

    assert signals_on(after(day, 1), mentorship) == {}
    assert set(
        HealthSignal.objects.filter(mentorship=mentorship).values_list("cleared_on", flat=True)
    ) == {after(day, 1)}


def test_reasons_are_in_swedish_too():
    mentorship = pair(agreement=False)
    signals = signals_on(after(START, 60), mentorship)

    english = {kind: reason(signal) for kind, signal in signals.items()}
    with translation.override("sv"):
        swedish = {kind: reason(signal) for kind, signal in signals.items()}

    assert set(english) == {
        Kind.FIRST_MEETING,
        Kind.AGREEMENT_UNACCEPTED,
        Kind.MENTOR_SILENT,
        Kind.MENTEE_SILENT,
    }
    for kind in english:
        assert swedish[kind]
        assert swedish[kind] != english[kind]
    assert "adepten" in swedish[Kind.MENTEE_SILENT].lower()


# --- a fixed number of queries -------------------------------------------------------------


def _world(count: int) -> None:
    """``count`` pairs of every kind of trouble (and health)."""
    for index in range(count):
        troubled = pair(agreement=index % 2 == 0, mentee_accepted_at=None)
        held(troubled, after(START, 3))
        MessageFactory(mentorship=troubled, created_at=noon(after(START, 4)))
        reminded(troubled, troubled.mentor, after(START, 5))
        pair(Style.FLASH)
        healthy = pair(start=after(START, 50))
        held(healthy, after(START, 52))


def _refresh_queries(day: date) -> tuple[int, int]:
    """The queries of one refresh apart from its INSERTs, and whether the INSERTs were as few
    as the database allows: one on PostgreSQL, one per batch of SQLite's parameter limit."""
    with CaptureQueriesContext(connection) as queries:
        started = refresh_signals(now=noon(day)).started
    inserts = [query for query in queries if query["sql"].startswith("INSERT")]
    fields = [field for field in HealthSignal._meta.concrete_fields if not field.primary_key]
    batch = connection.ops.bulk_batch_size(fields, started) if started else 1
    assert len(inserts) == math.ceil(len(started) / batch)
    return len(queries) - len(inserts), len(started)


def test_the_refresh_makes_the_same_queries_for_2_or_30_pairs():
    _world(2)
    two = [_refresh_queries(after(START, 60)), _refresh_queries(after(START, 61))]
    HealthSignal.objects.all().delete()
    _world(28)
    thirty = [_refresh_queries(after(START, 60)), _refresh_queries(after(START, 61))]

    assert [queries for queries, _started in two] == [queries for queries, _started in thirty]
    assert two[0][0] <= 5
    assert [started for _queries, started in thirty] == [15 * started for _q, started in two]
    assert two[1][1] == 0  # nothing new the next day


def test_the_signals_are_computed_in_the_programs_time_zone():
    """A meeting at 00:30 Stockholm time on the 1st belongs to that month, though it is the
    month before in UTC."""
    mentorship = pair(start=date(2026, 3, 1))
    first_of_april = datetime(2026, 4, 1, 0, 30, tzinfo=ZONE)
    MeetingFactory(mentorship=mentorship, starts_at=first_of_april, duration_minutes=120)
    held(mentorship, date(2026, 3, 15), minutes=120)

    assert timezone.localdate(first_of_april, zoneinfo.ZoneInfo("UTC")).month == 3
    assert Kind.HOURS_BELOW not in signals_on(date(2026, 5, 1), mentorship)
