"""The program's figures for the staff's report (SPEC §10): the funnel, sessions and hours,
mentorships by status and style, average ratings and the anonymous reflection figures.

Each selector takes a ``ReportFilters`` and aggregates in the database: a fixed number of
queries (one per block, two for the sessions), whatever the number of rows.

Dates of the period are calendar days in the current time zone, as in the exports
(``filters.filter_final_evaluations``). Country and field narrow the person a figure is about:
the participant for sign-ups and profiles, the mentor for presentations, the mentee for
requests, acceptances, mentorships and sessions, the author for evaluations and reflections.

Session reflections are private to their authors: only averages over at least
``settings.REPORTS_MIN_ANSWERS`` distinct people, for a calendar month or year that has ended
(each reflection in the month it was first written, final once that month has ended),
leave this module, never in a way that two of them could be subtracted to isolate fewer people,
and never the free text (``reflections``).
"""

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Avg, Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.figures import figures_for
from cycles.models import Meeting, Mentorship, Style
from profiles import access
from profiles.age import minor_filter
from profiles.models import Profile, Role

from .filters import ReportFilters, filter_final_evaluations, person_matches
from .models import REFLECTION_RATINGS, FinalEvaluation, SessionEvaluation

MONTHS_SHOWN = 12


def min_answers() -> int:
    """The fewest distinct people whose reflections may be behind a figure shown."""
    return settings.REPORTS_MIN_ANSWERS


def _period(filters: ReportFilters, field: str) -> Q:
    """``field`` (a date and time) falls on a day of the period."""
    condition = Q()
    if filters.since:
        condition &= Q(**{f"{field}__date__gte": filters.since})
    if filters.until:
        condition &= Q(**{f"{field}__date__lte": filters.until})
    return condition


def _count(condition: Q) -> Count:
    """A count of the rows matching ``condition`` (all rows for an empty condition)."""
    return Count("pk", filter=condition or None)


def _share(count: int, previous: int | None) -> int | None:
    """``count`` as a whole percentage of ``previous`` (None for the first step or from 0).

    None too when ``count`` is the larger: each step counts what happened in the period
    (an acceptance of a request sent before it), and "165 %" would read as a conversion."""
    if not previous or count > previous:
        return None
    return round(count * 100 / previous)


# --- the funnel --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FunnelStep:
    key: str
    label: str
    count: int
    # Percent of the previous step; None for the first step, after a 0, for a step that is not
    # some of the previous one (requests sent to presentations) or that outnumbers it.
    share: int | None


FUNNEL_LABELS = {
    "signups": _("Sign-ups"),
    "profiles": _("Profiles completed"),
    "completed": _("Mentorships completed"),
}

# The steps between profiles and completed mentorships are counted by ``matching`` (a sibling
# this app does not import): mentor presentations, requests sent, requests accepted
# (``matching.figures``, through ``core.figures``).
FUNNEL = "evaluations.funnel"


def _wants_style(filters: ReportFilters, traditional: str, flash: str) -> Q:
    if filters.style == Style.TRADITIONAL:
        return Q(**{traditional: True})
    if filters.style == Style.FLASH:
        return Q(**{flash: True})
    return Q()


def _style_is(filters: ReportFilters, field: str = "style") -> Q:
    return Q(**{field: filters.style}) if filters.style else Q()


def participant_profiles() -> QuerySet[Profile]:
    """The profiles of participants: not program staff, not reporters. Erased accounts stay
    in (their role, country, fields and dates are kept for these figures)."""
    return Profile.objects.exclude(access.program_staff_filter("user")).exclude(
        access.reporter_filter("user")
    )


@dataclass(frozen=True)
class FunnelScope:
    """What the funnel hands to the apps that count its middle steps (``core.figures``): the
    report's filters, as conditions on their rows."""

    filters: ReportFilters

    def period(self, field: str) -> Q:
        """``field`` (a date and time) falls on a day of the period."""
        return _period(self.filters, field)

    def person(self, user_ref: str) -> Q:
        """The person at ``user_ref`` ("mentor", "mentee", …) is of the country and field."""
        return person_matches(self.filters, user_ref)

    def style_is(self, field: str) -> Q:
        """``field`` holds the style (a row of one style)."""
        return _style_is(self.filters, field)

    def offers_style(self, traditional: str, flash: str) -> Q:
        """The boolean field of the style is set (a row that may offer both styles)."""
        return _wants_style(self.filters, traditional, flash)

    @staticmethod
    def count(condition: Q) -> Count:
        """A count of the rows matching ``condition`` (all rows for an empty condition)."""
        return _count(condition)


def funnel(filters: ReportFilters) -> list[FunnelStep]:
    """Sign-ups → profiles → presentations → requests → accepted → completed, in the period
    (4 queries: 2 here, 2 by ``matching``)."""
    people = (
        participant_profiles()
        .filter(_wants_style(filters, "style_traditional", "style_flash"))
        .filter(person_matches(filters, "user"))
        .aggregate(
            signups=_count(_period(filters, "user__date_joined")),
            profiles=_count(Q(onboarded_at__isnull=False) & _period(filters, "onboarded_at")),
        )
    )
    contributed = figures_for(FUNNEL, FunnelScope(filters))
    completed = (
        Mentorship.objects.filter(status=Mentorship.Status.COMPLETED)
        .filter(_period(filters, "ended_at"))
        .filter(_style_is(filters))
        .filter(person_matches(filters, "mentee"))
        .count()
    )
    rows = [
        ("signups", FUNNEL_LABELS["signups"], people["signups"], False),
        ("profiles", FUNNEL_LABELS["profiles"], people["profiles"], True),
        *((f.key, f.label, f.count, f.part_of_previous) for f in contributed),
        ("completed", FUNNEL_LABELS["completed"], completed, True),
    ]
    steps = []
    previous = None
    for key, label, count, part in rows:
        steps.append(FunnelStep(key, label, count, _share(count, previous) if part else None))
        previous = count
    return steps


# --- sessions and hours ------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthFigures:
    month: date  # its first day
    sessions: int
    hours: float


@dataclass(frozen=True)
class SessionFigures:
    sessions: int
    hours: float
    months: list[MonthFigures]  # the last 12 months of the period, oldest first


def _month_window(filters: ReportFilters, today: date) -> list[date]:
    """The first days of the last 12 months of the period (of today's when it is open-ended),
    never before the month it starts in."""
    end = filters.until or today
    if filters.since and filters.since > end:
        end = filters.since
    months = []
    year, month = end.year, end.month
    for _index in range(MONTHS_SHOWN):
        first = date(year, month, 1)
        if filters.since and first < filters.since.replace(day=1):
            break
        months.append(first)
        if (year, month) == (1, 1):
            break  # the first month there is
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def held_meetings(filters: ReportFilters, now=None) -> QuerySet[Meeting]:
    """Meetings held (started, not cancelled) in the period, of mentorships of the style, of
    mentees of the country and field."""
    return (
        Meeting.objects.filter(
            status=Meeting.Status.CONFIRMED, starts_at__lte=now or timezone.now()
        )
        .filter(_period(filters, "starts_at"))
        .filter(_style_is(filters, "mentorship__style"))
        .filter(person_matches(filters, "mentorship__mentee"))
    )


def _hours(minutes: int | None) -> float:
    return round((minutes or 0) / 60, 1)


def sessions(filters: ReportFilters, now=None) -> SessionFigures:
    """Sessions held and their hours in the period, and per month (2 queries)."""
    now = now or timezone.now()
    meetings = held_meetings(filters, now)
    totals = meetings.aggregate(sessions=Count("pk"), minutes=Sum("duration_minutes"))
    window = _month_window(filters, timezone.localdate(now))
    per_month = {
        timezone.localtime(row["month"]).date(): row
        for row in meetings.filter(starts_at__date__gte=window[0])
        .annotate(month=TruncMonth("starts_at"))
        .order_by()
        .values("month")
        .annotate(sessions=Count("pk"), minutes=Sum("duration_minutes"))
    }
    months = [
        MonthFigures(
            month=first,
            sessions=per_month.get(first, {}).get("sessions", 0),
            hours=_hours(per_month.get(first, {}).get("minutes")),
        )
        for first in window
    ]
    return SessionFigures(
        sessions=totals["sessions"], hours=_hours(totals["minutes"]), months=months
    )


# --- mentees under 18, apart (issue 20) ----------------------------------------------------------
#
# Mentees who are minors (under ``settings.SAFEGUARDING_ADULT_AGE``, ``profiles.age``) on the
# last day of the period (today for the running year) are counted apart from the adults.
# A figure of minors resting on fewer than ``settings.REPORTS_MIN_ANSWERS`` distinct minors
# (the report's one small-cell threshold) is withheld, and with it the adults' figure of that
# row: the whole figure is shown elsewhere on the page, and the whole less the adults would
# give the minors. A count of 0 is shown. Never derivable by subtracting one figure from
# another: shown only for one whole calendar year (the years do not overlap, so no figure of
# minors lies inside another), and never by country, field or style (as the reflections).
# Nothing here names a person: the report shows counts only.


@dataclass(frozen=True)
class MinorRow:
    key: str
    label: str
    total: float
    # None: withheld (a figure of fewer than the threshold of minors).
    minors: float | None
    adults: float | None


@dataclass(frozen=True)
class MinorFigures:
    rows: list[MinorRow]
    withheld: str | None  # ``Withheld.NARROWED`` or ``PERIOD``: no figures at all
    day: date  # minors on this day
    year: int  # the calendar year to choose when the period is not one


MINOR_LABELS = {
    "signups": _("Mentees who signed up"),
    "profiles": _("Mentees who completed their profile"),
    "completed": _("Mentorships completed"),
    "sessions": _("Sessions held"),
    "hours": _("Hours of mentoring"),
}


def minors_day(filters: ReportFilters, today: date) -> date:
    return min(filters.until, today) if filters.until else today


def _minor(prefix: str, day: date) -> Q:
    """``minor_filter``; at the calendar's edge (a period ending in year 1), anyone born."""
    if day.year <= settings.SAFEGUARDING_ADULT_AGE:
        return Q(**{f"{prefix}birth_date__isnull": False})
    return minor_filter(prefix, day)


def _minor_row(key: str, total, minors, minor_people: int, minimum: int) -> MinorRow:
    if 0 < minor_people < minimum:
        return MinorRow(key, MINOR_LABELS[key], total, None, None)
    return MinorRow(key, MINOR_LABELS[key], total, minors, round(total - minors, 1))


def minors(filters: ReportFilters, now=None) -> MinorFigures:
    """Sign-ups, profiles, completed mentorships, sessions and hours of mentees in a calendar
    year, and how many of them are of minors, small cells withheld (3 queries; none when
    withheld)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    day = minors_day(filters, today)
    if filters.country or filters.field or filters.style:
        return MinorFigures([], Withheld.NARROWED, day, today.year)
    block = reflection_block(filters)
    if block is None or block.month is not None:
        return MinorFigures([], Withheld.PERIOD, day, today.year)
    minimum = min_answers()
    minor = _minor("", day)
    signed_up = _period(filters, "user__date_joined")
    completed = Q(onboarded_at__isnull=False) & _period(filters, "onboarded_at")
    people = (
        participant_profiles()
        .filter(role=Role.MENTEE)
        .aggregate(
            signups=_count(signed_up),
            minor_signups=_count(signed_up & minor),
            profiles=_count(completed),
            minor_profiles=_count(completed & minor),
        )
    )
    mentee_minor = _minor("mentee__profile__", day)
    ended = (
        Mentorship.objects.filter(status=Mentorship.Status.COMPLETED)
        .filter(_period(filters, "ended_at"))
        .aggregate(
            total=Count("pk"),
            minors=Count("pk", filter=mentee_minor),
            minor_people=Count("mentee", filter=mentee_minor, distinct=True),
        )
    )
    meeting_minor = _minor("mentorship__mentee__profile__", day)
    held = held_meetings(filters, now).aggregate(
        sessions=Count("pk"),
        minutes=Sum("duration_minutes"),
        minor_sessions=Count("pk", filter=meeting_minor),
        minor_minutes=Sum("duration_minutes", filter=meeting_minor),
        minor_people=Count("mentorship__mentee", filter=meeting_minor, distinct=True),
    )
    rows = [
        _minor_row(
            "signups", people["signups"], people["minor_signups"], people["minor_signups"], minimum
        ),
        _minor_row(
            "profiles",
            people["profiles"],
            people["minor_profiles"],
            people["minor_profiles"],
            minimum,
        ),
        _minor_row("completed", ended["total"], ended["minors"], ended["minor_people"], minimum),
        _minor_row(
            "sessions", held["sessions"], held["minor_sessions"], held["minor_people"], minimum
        ),
        _minor_row(
            "hours",
            _hours(held["minutes"]),
            _hours(held["minor_minutes"]),
            held["minor_people"],
            minimum,
        ),
    ]
    return MinorFigures(rows, None, day, block.year)


# --- mentorships by status and style -----------------------------------------------------------


@dataclass(frozen=True)
class StatusRow:
    status: str
    label: str
    traditional: int
    flash: int

    @property
    def total(self) -> int:
        return self.traditional + self.flash


def mentorships_by_status(filters: ReportFilters) -> list[StatusRow]:
    """Mentorships started in the period (by their start date), by their status today and
    their style (1 query)."""
    mentorships = Mentorship.objects.filter(_style_is(filters)).filter(
        person_matches(filters, "mentee")
    )
    if filters.since:
        mentorships = mentorships.filter(start_date__gte=filters.since)
    if filters.until:
        mentorships = mentorships.filter(start_date__lte=filters.until)
    counts = mentorships.aggregate(
        **{
            f"{status}_{style}": _count(Q(status=status, style=style))
            for status in Mentorship.Status.values
            for style in Style.values
        }
    )
    return [
        StatusRow(
            status=status,
            label=label,
            traditional=counts[f"{status}_{Style.TRADITIONAL}"],
            flash=counts[f"{status}_{Style.FLASH}"],
        )
        for status, label in Mentorship.Status.choices
    ]


# --- final evaluations -------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleRatings:
    role: str
    label: str
    answers: int
    quality: float | None
    effectiveness: float | None
    sessions: float | None


def _average(value) -> float | None:
    return None if value is None else round(float(value), 1)


def final_ratings(filters: ReportFilters) -> list[RoleRatings]:
    """Average ratings of the final evaluations, by the author's role in the mentorship, with
    the number of answers behind each (1 query)."""
    by_role = {
        "mentee": (_("Mentees"), Q(author=F("mentorship__mentee"))),
        "mentor": (_("Mentors"), Q(author=F("mentorship__mentor"))),
    }
    aggregates = {}
    for role, (_label, condition) in by_role.items():
        aggregates[f"{role}_answers"] = Count("pk", filter=condition)
        for name in ("quality_rating", "effectiveness_rating", "sessions"):
            aggregates[f"{role}_{name}"] = Avg(name, filter=condition)
    values = filter_final_evaluations(FinalEvaluation.objects.all(), filters).aggregate(
        **aggregates
    )
    return [
        RoleRatings(
            role=role,
            label=label,
            answers=values[f"{role}_answers"],
            quality=_average(values[f"{role}_quality_rating"]),
            effectiveness=_average(values[f"{role}_effectiveness_rating"]),
            sessions=_average(values[f"{role}_sessions"]),
        )
        for role, (label, _condition) in by_role.items()
    ]


# --- session reflections (anonymous, over enough people only) ---------------------------------
#
# A figure of the reflections is shown only for a fixed block of time: one calendar month or
# one calendar year of the program's time zone (``settings.TIME_ZONE``, whatever the reader's
# own), once it has ended, for the whole program (no country, field or style). Each block
# shown covers at least ``settings.REPORTS_MIN_ANSWERS`` distinct people. The months and years
# shown nest (a month inside its year), so any figure one can compute from them by adding and
# subtracting is made of whole "remainders": a shown block less the shown blocks inside it.
# A year's remainder (its months not shown) must hold no reflection or at least as many
# people: otherwise the year is withheld (never a month once shown: a reader may have kept it).


class Withheld(models.TextChoices):
    """Why the reflection figures are not shown for a selection."""

    PERIOD = "period"  # not one calendar month or one calendar year
    NOT_ENDED = "not_ended"  # the month or year is still running
    NARROWED = "narrowed"  # by country, field or style
    FEW_PEOPLE = "few_people"  # fewer than REPORTS_MIN_ANSWERS people
    COMPLEMENT = "complement"  # the year less its months shown would be fewer people


@dataclass(frozen=True)
class ReflectionFigure:
    question: str
    label: str
    average: float
    answers: int


@dataclass(frozen=True)
class Reflections:
    """The reflection figures of a selection: ``figures`` when they are shown, else the
    reason (``withheld``) and no number at all."""

    figures: list[ReflectionFigure]
    withheld: str | None  # a ``Withheld`` value


REFLECTION_LABELS = {
    "useful": _("The session was useful"),
    "prepared": _("Felt well prepared"),
    "understood": _("Understood each other"),
    "progress": _("Came closer to the goals"),
}


@dataclass(frozen=True)
class Block:
    """A calendar month (``month`` 1–12) or a whole calendar year (``month`` None)."""

    year: int
    month: int | None = None


def _last_day(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def reflection_block(filters: ReportFilters) -> Block | None:
    """The month or year the period is exactly, if it is one."""
    since, until = filters.since, filters.until
    if not since or not until or since.day != 1:
        return None
    if until == _last_day(since.year, since.month) and since.year == until.year:
        return Block(since.year, since.month)
    if (since.month, until) == (1, date(since.year, 12, 31)):
        return Block(since.year)
    return None


def program_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


@dataclass
class _Cell:
    """The reflections of a month or year: by author, her count and her sums."""

    people: dict[int, list[int]]  # author id -> [answers, sum of each rating]

    def add(self, author: int, values: list[int]) -> None:
        mine = self.people.setdefault(author, [0] * len(values))
        for index, value in enumerate(values):
            mine[index] += value

    def figures(self) -> list[ReflectionFigure]:
        answers = sum(values[0] for values in self.people.values())
        return [
            ReflectionFigure(
                question=name,
                label=REFLECTION_LABELS[name],
                average=_average(
                    sum(values[index + 1] for values in self.people.values()) / answers
                ),
                answers=answers,
            )
            for index, name in enumerate(REFLECTION_RATINGS)
        ]


def _people(cells: list[_Cell]) -> int:
    return len(set().union(*(cell.people for cell in cells)))


def _withheld(block: Block, months: dict[int, _Cell], minimum: int) -> str | None:
    """Why the block's figures are withheld (None when they are shown). A month is shown
    over ``minimum`` people or more; a year too, and only when its months not shown (each
    under ``minimum`` people) hold no reflection or ``minimum`` people together: otherwise
    the year less its months shown would be the answers of fewer people. A month shown
    stays shown when its year ends: the year is withheld instead."""
    if block.month is not None:
        cell = months.get(block.month)
        return None if cell and _people([cell]) >= minimum else Withheld.FEW_PEOPLE
    if _people(list(months.values())) < minimum:
        return Withheld.FEW_PEOPLE
    small = [cell for cell in months.values() if _people([cell]) < minimum]
    if 0 < _people(small) < minimum:
        return Withheld.COMPLEMENT
    return None


def reflections(filters: ReportFilters, now=None) -> Reflections:
    """The averages and numbers of answers of the session reflections for the selection, or
    why they are withheld (at most 1 query). The free text is never read."""
    now = now or timezone.now()
    if filters.country or filters.field or filters.style:
        return Reflections([], Withheld.NARROWED)
    block = reflection_block(filters)
    if block is None:
        return Reflections([], Withheld.PERIOD)
    zone = program_zone()
    today = timezone.localdate(now, zone)
    last = _last_day(block.year, block.month or 12)
    if last >= today:
        return Reflections([], Withheld.NOT_ENDED)
    if block.year < 2:
        return Reflections([], Withheld.FEW_PEOPLE)  # before any session: the calendar's edge
    first = date(block.year, block.month or 1, 1)
    start = datetime(first.year, first.month, 1, tzinfo=zone)
    after = last + timedelta(days=1)
    end = datetime(after.year, after.month, 1, tzinfo=zone)
    # A reflection counts in the month it was first written, not that of its session: a
    # late one goes into the running month, and one written in an ended month can no longer
    # be changed (``SessionEvaluation.is_kept``), so an ended month's figures never move.
    rows = (
        SessionEvaluation.objects.filter(created_at__gte=start, created_at__lt=end)
        .annotate(month=TruncMonth("created_at", tzinfo=zone))
        .order_by()
        .values_list("month", "author")
        .annotate(Count("pk"), *(Sum(name) for name in REFLECTION_RATINGS))
    )
    months: dict[int, _Cell] = {}
    for month, author, *values in rows:
        month = month.astimezone(zone).month
        months.setdefault(month, _Cell({})).add(author, values)
    withheld = _withheld(block, months, min_answers())
    if withheld:
        return Reflections([], withheld)
    if block.month is None:
        cell = _Cell({})
        for month_cell in months.values():
            for author, values in month_cell.people.items():
                cell.add(author, values)
    else:
        cell = months[block.month]
    return Reflections(cell.figures(), None)
