"""The staff's health page (issue 22): the pairs at risk, most at risk first, with their open
signals and their latest check-in, in two queries whatever their number: one for the page's
pairs (their total counted with them), one for their signals."""

import math
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from profiles.models import Profile

from .groupings import GROUPINGS
from .models import CheckIn, HealthSignal, Mentorship

OPEN = Q(cleared_on__isnull=True)


def open_signals():
    return HealthSignal.objects.filter(OPEN)


def snoozed(day: date):
    """A check-in keeps the pair off the page until (not including) its ``snoozed_until``."""
    return Exists(CheckIn.objects.filter(mentorship=OuterRef("pk"), snoozed_until__gt=day))


def _lives_in(country: str):
    return Exists(
        Profile.objects.filter(
            Q(user=OuterRef("mentor")) | Q(user=OuterRef("mentee")), country=country
        )
    )


def _works_in(field: int):
    return Exists(
        Profile.expertise.through.objects.filter(
            Q(profile__user=OuterRef("mentor")) | Q(profile__user=OuterRef("mentee")),
            expertisearea_id=field,
        )
    )


def pairs_at_risk(
    *,
    style: str = "",
    country: str = "",
    field: int | None = None,
    groups: dict | None = None,
    day: date | None = None,
):
    """Active pairs with an open signal and no check-in snoozing them, ranked by the number of
    their signals, then by the age of the oldest; narrowed to a style, to pairs where either
    person lives in ``country``, where either has ``field`` among her fields, or in the
    ``groups`` of the groupings apps above register (name → id, ``cycles.groupings``). Each row
    carries ``signal_count``, ``oldest_signal``, ``check_in_count`` and its latest check-in's
    ``last_check_in_at`` and ``last_outcome``; its open signals come with ``with_details``."""
    day = day or timezone.localdate()
    counted = (
        open_signals()
        .filter(mentorship=OuterRef("pk"))
        .order_by()
        .values("mentorship")
        .annotate(count=Count("pk"), oldest=Min("started_on"))
    )
    check_ins = CheckIn.objects.filter(mentorship=OuterRef("pk"))
    counted_check_ins = (
        check_ins.order_by().values("mentorship").annotate(count=Count("pk")).values("count")
    )
    latest = check_ins.order_by("-created_at", "-pk")
    pairs = (
        Mentorship.objects.active()
        .filter(Exists(open_signals().filter(mentorship=OuterRef("pk"))))
        .exclude(snoozed(day))
        .annotate(
            signal_count=Subquery(counted.values("count"), output_field=IntegerField()),
            oldest_signal=Subquery(counted.values("oldest")),
            check_in_count=Coalesce(Subquery(counted_check_ins, output_field=IntegerField()), 0),
            last_check_in_at=Subquery(latest.values("created_at")[:1]),
            last_outcome=Subquery(latest.values("outcome")[:1]),
        )
    )
    if style:
        pairs = pairs.filter(style=style)
    if country:
        pairs = pairs.filter(_lives_in(country))
    if field:
        pairs = pairs.filter(_works_in(field))
    for name, value in (groups or {}).items():
        pairs = pairs.filter(GROUPINGS[name].condition(value))
    return pairs.order_by("-signal_count", "oldest_signal", "pk")


def with_details(pairs):
    """Both people with their profiles, and the open signals (``open_signals_list``)."""
    return pairs.select_related("mentor__profile", "mentee__profile").prefetch_related(
        Prefetch("health_signals", queryset=open_signals(), to_attr="open_signals_list")
    )


def page_of(pairs, number, size: int) -> Page:
    """The page ``number`` (the last one if past it, the first if not a number) of ``pairs``,
    each with ``total``, the number of all of them, counted in the same query (a window
    count): a page costs one query, not a count and then the rows."""
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    counted = pairs.annotate(total=Window(Count("pk")))

    def rows_of(page: int) -> list:
        return list(counted[(page - 1) * size : page * size])

    rows = rows_of(number)
    if not rows and number > 1:  # past the end: the last page
        number = max(math.ceil(pairs.count() / size), 1)
        rows = rows_of(number)
    paginator = Paginator(rows, size)
    paginator.count = rows[0].total if rows else 0
    return Page(rows, number, paginator)


def pair_for_check_in(public_id) -> Mentorship:
    """An active pair (at risk or not: staff may contact any), with both people, its open
    signals and every check-in so far; or 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Mentorship.objects.active()
        .select_related("mentor__profile", "mentee__profile")
        .prefetch_related(
            Prefetch("health_signals", queryset=open_signals(), to_attr="open_signals_list"),
            Prefetch(
                "check_ins",
                queryset=CheckIn.objects.select_related("staff__profile"),
                to_attr="all_check_ins",
            ),
        ),
        public_id=public_id,
    )
