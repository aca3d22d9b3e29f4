"""Times of flash slots: a weekly slot's times, at the same wall-clock time each week. A time
typed by the mentor is made aware by ``cycles.times.local_datetime``, as meeting times are."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

from cycles.times import local_datetime


def weekly(
    first: datetime, zone_name: str, until: date | None, start: datetime, end: datetime
) -> list[datetime]:
    """The times of a slot first at ``first``, at the same wall-clock time in ``zone_name``
    each week up to the day ``until`` (None: once), from ``start`` (included) to ``end``
    (excluded). Across a change of the clocks the wall-clock time stays and the UTC moves; a
    week whose time the clocks skip has no time."""
    local = first.astimezone(ZoneInfo(zone_name))
    if until is None:
        return [first] if start <= first < end else []
    # Skip the weeks before ``start`` without computing them.
    week = max(0, (start.date() - local.date()).days // 7 - 1)
    found = []
    while True:
        day = local.date() + timedelta(weeks=week)
        if day > until:
            break
        week += 1
        try:
            moment = local_datetime(day, local.time(), zone_name, fold=0)
        except ValidationError:  # the clocks skip that time this week
            continue
        if moment >= end:
            break
        if moment >= start:
            found.append(moment)
    return found


def week_of(moment: datetime, zone_name: str) -> tuple[int, int]:
    """The ISO year and week of ``moment`` in ``zone_name``: a mentor's week cap counts per
    week from Monday."""
    year, number, _weekday = moment.astimezone(ZoneInfo(zone_name)).isocalendar()
    return (year, number)
