"""Times of flash slots: a wall-clock time in a time zone made aware, and a weekly slot's
times. ``local_datetime`` is the one place that builds a time from a date, a time and a zone
(to be replaced by the project's shared helper once it exists)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

UTC = ZoneInfo("UTC")


class NonexistentTime(ValueError):
    """The wall-clock time is skipped in that zone on that day (the clocks go forward)."""


def local_datetime(day: date, at: time, zone_name: str) -> datetime:
    """``day`` at ``at`` in ``zone_name``, aware. A time the clocks skip raises
    ``NonexistentTime``; in the hour that happens twice the first is taken (``fold=0``).
    An unknown zone raises ``zoneinfo``'s own error."""
    zone = ZoneInfo(zone_name)
    wanted = datetime.combine(day, at.replace(second=0, microsecond=0), tzinfo=zone)
    # A skipped time does not survive the round trip through UTC.
    back = wanted.astimezone(UTC).astimezone(zone)
    if back.replace(tzinfo=None) != wanted.replace(tzinfo=None):
        raise NonexistentTime(f"{day} {at} does not exist in {zone_name}")
    return wanted


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
            moment = local_datetime(day, local.time(), zone_name)
        except NonexistentTime:
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
