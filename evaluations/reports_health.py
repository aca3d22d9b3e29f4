"""What the program learns from its pairs (issue 22), for the staff's report: how mentorships
closed (completed or ended early) by style, country, field and the groupings apps above
register (``cycles.groupings``: the round that made the pair), the median days from the start
to the first meeting held, the share of pairs meeting their monthly minimum and the check-ins
per pair per month.

Country and field are the mentee's, as everywhere in the report. A closure count under
``settings.REPORTS_MIN_ANSWERS`` pairs (and above 0) is withheld; and since each column's
total is shown (the funnel counts the completed mentorships too), a column of a breakdown with
only one withheld cell withholds its next smallest one as well: the total less the cells shown
never gives a withheld one. A share is shown only when both of its counts are.

The monthly figures cover the ended calendar months of the period (the last 12 at most, as the
sessions chart): a pair counts in a month it was under way from its first day to its last.
Its minimum is the agreement's (meetings a month × minutes each, ``cycles.health`` reads it
so), the program's default without one; meetings count as ``Meeting.objects.counting()``
says. Only traditional pairs have a monthly minimum (a flash pair meets once)."""

import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.forms import country_choices
from cycles.groupings import groupings
from cycles.models import CheckIn, ExitAnswer, Meeting, Mentorship, Style
from cycles.reminders import DEFAULT_MINUTES_PER_MONTH, program_zone
from profiles.selectors import reference_lists

from .filters import ReportFilters, person_matches
from .reports import _last_day, _month_window, _period, _style_is, min_answers

Status = Mentorship.Status
ENDED = (Status.COMPLETED, Status.ENDED_EARLY)


# --- closures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClosureRow:
    label: str
    # None: withheld (a small cell, or one a total would give away).
    completed: int | None
    ended_early: int | None

    @property
    def early_share(self) -> int | None:
        """Percent of the closures that were early; None when a count is withheld or 0."""
        if self.completed is None or self.ended_early is None:
            return None
        closed = self.completed + self.ended_early
        return round(self.ended_early * 100 / closed) if closed else None


@dataclass(frozen=True)
class ClosureBreakdown:
    key: str
    label: str | Promise
    rows: list[ClosureRow]


@dataclass(frozen=True)
class Closures:
    total: ClosureRow
    breakdowns: list[ClosureBreakdown]


def _small(count: int, minimum: int) -> bool:
    return 0 < count < minimum


def _withhold_column(counts: list[int], minimum: int) -> list[int | None]:
    """The counts of one column, small ones withheld, and the next smallest too when only one
    is (the column's total is known)."""
    shown: list[int | None] = [None if _small(count, minimum) else count for count in counts]
    if shown.count(None) == 1:
        others = [(count, index) for index, count in enumerate(shown) if count]
        if others:
            shown[min(others)[1]] = None
    return shown


def _rows(labelled: list[tuple[str, int, int]], minimum: int) -> list[ClosureRow]:
    completed = _withhold_column([row[1] for row in labelled], minimum)
    early = _withhold_column([row[2] for row in labelled], minimum)
    return [
        ClosureRow(label, done, ended)
        for (label, *_counts), done, ended in zip(labelled, completed, early, strict=True)
    ]


def ended_mentorships(filters: ReportFilters):
    """Mentorships that ended in the period (completed or early), of the style, of mentees of
    the country and field."""
    return (
        Mentorship.objects.filter(status__in=ENDED)
        .filter(_period(filters, "ended_at"))
        .filter(_style_is(filters))
        .filter(person_matches(filters, "mentee"))
    )


COUNTS = {
    "completed": Count("pk", filter=Q(status=Status.COMPLETED), distinct=True),
    "ended_early": Count("pk", filter=Q(status=Status.ENDED_EARLY), distinct=True),
}


def _grouped(mentorships, path: str, name_of) -> list[tuple[str, int, int]]:
    rows = (
        mentorships.filter(**{f"{path}__isnull": False})
        .values(path)
        .annotate(**COUNTS)
        .order_by(path)
    )
    labelled = [
        (name_of(row), row["completed"], row["ended_early"])
        for row in rows
        if row["completed"] or row["ended_early"]
    ]
    return sorted(labelled, key=lambda row: row[0])


def closures(filters: ReportFilters) -> Closures:
    """Mentorships ended in the period, completed and early, in all and by style, country,
    field, the exit question's answers and each registered grouping (6 queries and one per
    grouping)."""
    minimum = min_answers()
    mentorships = ended_mentorships(filters)
    total = mentorships.aggregate(**COUNTS)
    styles = dict(Style.choices)
    countries = dict(country_choices(get_language() or "en"))
    fields = {pk: name for pk, name, _active in reference_lists()["expertise"]}
    reasons, again = dict(ExitAnswer.Reason.choices), dict(ExitAnswer.Again.choices)
    breakdowns = [
        ("style", _("By style"), "style", lambda row: str(styles[row["style"]])),
        (
            "country",
            _("By the mentee's country"),
            "mentee__profile__country",
            # A profile without a country is a group too: left out, the total less the
            # countries shown would count it.
            lambda row: (
                countries.get(row["mentee__profile__country"]) or str(_("Country not given"))
            ),
        ),
        (
            "field",
            _("By the mentee's field"),
            "mentee__profile__expertise",
            lambda row: fields.get(row["mentee__profile__expertise"], ""),
        ),
        # The exit question (``cycles.services_exit``): a mentorship counts once under each
        # reason either of the pair chose; those with no answer are not in these rows.
        (
            "reason",
            _("By the reason chosen when it closed"),
            "exit_answers__reason",
            lambda row: str(reasons[row["exit_answers__reason"]]),
        ),
        (
            "again",
            _("Would join again"),
            "exit_answers__would_join_again",
            lambda row: str(again[row["exit_answers__would_join_again"]]),
        ),
    ]
    shown = [
        ClosureBreakdown(key, label, _rows(_grouped(mentorships, path, name_of), minimum))
        for key, label, path, name_of in breakdowns
    ]
    for grouping in groupings():
        titles = dict(grouping.choices())
        shown.append(
            ClosureBreakdown(
                grouping.name,
                grouping.label,
                _rows(
                    _grouped(
                        mentorships,
                        grouping.path,
                        lambda row, path=grouping.path, titles=titles: titles.get(row[path], ""),
                    ),
                    minimum,
                ),
            )
        )
    return Closures(
        total=_rows([("", total["completed"], total["ended_early"])], minimum)[0],
        breakdowns=[breakdown for breakdown in shown if breakdown.rows],
    )


# --- pace and contact ----------------------------------------------------------------------


@dataclass(frozen=True)
class PaceFigures:
    # Days from the start to the first meeting held, over the mentorships started in the
    # period that held one (``first_meetings`` of them); None without any.
    median_days_to_first: float | None
    first_meetings: int
    # Traditional pair-months under way whole, and of them those meeting the minimum.
    pair_months: int
    minimum_met: int
    # Pair-months (any style) under way whole, and the check-ins logged in them.
    contact_months: int
    check_ins: int

    @property
    def minimum_share(self) -> int | None:
        return round(self.minimum_met * 100 / self.pair_months) if self.pair_months else None

    @property
    def check_ins_per_pair_month(self) -> float | None:
        return round(self.check_ins / self.contact_months, 2) if self.contact_months else None


def _started(filters: ReportFilters):
    mentorships = Mentorship.objects.filter(_style_is(filters)).filter(
        person_matches(filters, "mentee")
    )
    if filters.since:
        mentorships = mentorships.filter(start_date__gte=filters.since)
    if filters.until:
        mentorships = mentorships.filter(start_date__lte=filters.until)
    return mentorships


def median_days_to_first_meeting(filters: ReportFilters, now=None) -> tuple[float | None, int]:
    """The median days from the start to the first meeting held, and over how many
    mentorships (1 query)."""
    now = now or timezone.now()
    firsts = (
        _started(filters)
        .filter(meetings__in=Meeting.objects.counting().filter(starts_at__lte=now))
        .annotate(first=Min("meetings__starts_at"))
        .values_list("start_date", "first")
    )
    zone = program_zone()
    days = [
        max((timezone.localtime(first, zone).date() - start).days, 0) for start, first in firsts
    ]
    return (statistics.median(days) if days else None), len(days)


def ended_month_window(filters: ReportFilters, today: date) -> list[date]:
    """The first days of the period's calendar months that have ended, the last 12 at most."""
    return [
        first
        for first in _month_window(filters, today)
        if _last_day(first.year, first.month) < today
    ]


def _next_month(first: date) -> date:
    """The first day of the next month, for a month that has ended (never the calendar's
    last)."""
    return _last_day(first.year, first.month) + timedelta(days=1)


def _under_way(mentorship: dict, first: date) -> bool:
    """Under way from the month's first day to its last."""
    ended = mentorship["ended_at"]
    if mentorship["start_date"] > first:
        return False
    last = _last_day(first.year, first.month)
    return ended is None or timezone.localtime(ended, program_zone()).date() >= last


def pace(filters: ReportFilters, now=None) -> PaceFigures:
    """The median days to a first meeting, the share of traditional pair-months meeting the
    minimum and the check-ins per pair-month (4 queries)."""
    now = now or timezone.now()
    median, first_meetings = median_days_to_first_meeting(filters, now)
    months = ended_month_window(filters, timezone.localdate(now, program_zone()))
    if not months:
        return PaceFigures(median, first_meetings, 0, 0, 0, 0)
    zone = program_zone()
    window_start, window_end = months[0], _next_month(months[-1])
    mentorships = (
        Mentorship.objects.filter(_style_is(filters))
        .filter(person_matches(filters, "mentee"))
        .filter(start_date__lt=window_end)
        .exclude(ended_at__date__lt=window_start)
        .values("pk", "style", "start_date", "ended_at")
        .annotate(
            agreed=F("agreement__meetings_per_month") * F("agreement__meeting_minutes"),
            has_agreement=F("agreement__pk"),
        )
    )
    held = {
        (row["mentorship"], timezone.localtime(row["month"], zone).date()): row["minutes"]
        for row in Meeting.objects.counting()
        .filter(starts_at__lte=now, starts_at__date__gte=window_start)
        .filter(starts_at__date__lt=window_end)
        .filter(_style_is(filters, "mentorship__style"))
        .filter(person_matches(filters, "mentorship__mentee"))
        .annotate(month=TruncMonth("starts_at", tzinfo=zone))
        .values("mentorship", "month")
        .annotate(minutes=Sum("duration_minutes"))
        .order_by()
    }
    contacts = {
        (row["mentorship"], timezone.localtime(row["month"], zone).date()): row["count"]
        for row in CheckIn.objects.filter(created_at__date__gte=window_start)
        .filter(created_at__date__lt=window_end)
        .filter(_style_is(filters, "mentorship__style"))
        .filter(person_matches(filters, "mentorship__mentee"))
        .annotate(month=TruncMonth("created_at", tzinfo=zone))
        .values("mentorship", "month")
        .annotate(count=Count("pk"))
        .order_by()
    }
    pair_months = minimum_met = contact_months = check_ins = 0
    for mentorship in mentorships:
        for first in months:
            if not _under_way(mentorship, first):
                continue
            contact_months += 1
            check_ins += contacts.get((mentorship["pk"], first), 0)
            if mentorship["style"] == Style.TRADITIONAL:
                agreed = (
                    mentorship["agreed"]
                    if mentorship["has_agreement"]
                    else DEFAULT_MINUTES_PER_MONTH
                )
                pair_months += 1
                minimum_met += held.get((mentorship["pk"], first), 0) >= agreed
    return PaceFigures(median, first_meetings, pair_months, minimum_met, contact_months, check_ins)


# --- for the exports -----------------------------------------------------------------------


def figure_rows(filters: ReportFilters, now=None) -> list[tuple[str, str, str, float | None]]:
    """This module's figures as rows of (section, group, figure, value) for the exports, in
    the active language; a withheld figure's value is None (8 queries and one per grouping)."""
    closed = closures(filters)
    section = str(_("How mentorships close"))
    labels = (
        (str(_("Completed")), "completed"),
        (str(_("Ended early")), "ended_early"),
        (str(_("Share ended early (%)")), "early_share"),
    )
    groups = [(str(_("All")), closed.total)] + [
        (f"{breakdown.label}: {row.label}", row)
        for breakdown in closed.breakdowns
        for row in breakdown.rows
    ]
    rows = [
        (section, group, label, getattr(row, name))
        for group, row in groups
        for label, name in labels
    ]
    figures = pace(filters, now)
    section = str(_("Pace and contact"))
    return rows + [
        (section, "", str(label), value)
        for label, value in (
            (
                _("Median days from the start to the first meeting held"),
                figures.median_days_to_first,
            ),
            (_("Mentorships started in the period with a meeting held"), figures.first_meetings),
            (_("Pairs meeting their monthly minimum (%)"), figures.minimum_share),
            (_("Traditional pair-months under way"), figures.pair_months),
            (_("Staff check-ins per pair per month"), figures.check_ins_per_pair_month),
            (_("Pair-months under way"), figures.contact_months),
        )
    ]
