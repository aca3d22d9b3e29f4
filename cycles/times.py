"""Local times that exist: a date, a wall-clock time and a time zone made into one instant.

On the spring night of a daylight-saving change a stretch of local times never happens
(02:30 on 28 March 2027 in Stockholm: the clocks go from 02:00 to 03:00); on the autumn night
one happens twice (02:30 on 31 October 2027, first in summer time, then in winter time).
Python quietly gives an instant for both, so a form that combines the three fields itself
saves a meeting an hour away from the time she typed, or at a time she did not choose.
``local_datetime`` refuses the first and asks which one she means for the second; the other
functions show a time so that the two 02:30 of the autumn night are told apart.
"""

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

# The codes of the errors ``local_datetime`` raises, for a form to tell them apart.
NONEXISTENT = "nonexistent"
AMBIGUOUS = "ambiguous"


def zone_of(zone) -> zoneinfo.ZoneInfo:
    return zone if isinstance(zone, zoneinfo.ZoneInfo) else zoneinfo.ZoneInfo(str(zone))


def place_name(zone) -> str:
    """The place a zone is named after: "Europe/Stockholm" → "Stockholm",
    "America/Argentina/Buenos_Aires" → "Buenos Aires"."""
    return str(zone).rsplit("/", 1)[-1].replace("_", " ")


def offset_label(moment: datetime) -> str:
    """Its offset from UTC as people write it: "UTC+2", "UTC-3", "UTC+5:30", "UTC"."""
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def _wall(day: date, at: time, zone: zoneinfo.ZoneInfo, fold: int) -> datetime:
    return datetime.combine(day, at.replace(tzinfo=None, second=0, microsecond=0)).replace(
        tzinfo=zone, fold=fold
    )


def wall_clock(day: date, at: time, zone, fold: int = 0) -> datetime:
    """The clock time ``at`` on ``day`` in ``zone``, unchecked: it may not exist, or happen
    twice. For questions about it (``is_ambiguous``); store ``local_datetime`` instead."""
    return _wall(day, at, zone_of(zone), fold)


def _exists(moment: datetime) -> bool:
    back = moment.astimezone(UTC).astimezone(moment.tzinfo)
    return back.replace(tzinfo=None) == moment.replace(tzinfo=None, fold=0)


def is_ambiguous(moment: datetime) -> bool:
    """Whether the wall-clock time of ``moment`` (an aware datetime in its zone) happens twice."""
    early, late = moment.replace(fold=0), moment.replace(fold=1)
    return _exists(early) and early.utcoffset() != late.utcoffset()


def _gap(day: date, at: time, zone: zoneinfo.ZoneInfo) -> tuple[datetime, datetime]:
    """The local times the clocks jump from and to around a time that does not exist."""
    before, after = _wall(day, at, zone, 0).utcoffset(), _wall(day, at, zone, 1).utcoffset()
    naive = datetime.combine(day, at)
    low, high = naive - max(before, after), naive - min(before, after)  # UTC, the change within
    low, high = low.replace(tzinfo=UTC), high.replace(tzinfo=UTC)
    while high - low > timedelta(minutes=1):  # the first UTC minute with the new offset
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == before:
            low = middle
        else:
            high = middle
    change = high.replace(second=0, microsecond=0)
    return change.astimezone(zone) - (after - before), change.astimezone(zone)


def _season(moment: datetime, other: datetime) -> str:
    if bool(moment.dst()) == bool(other.dst()):
        return ""
    return _("summer time") if moment.dst() else _("winter time")


def _clock(moment: datetime, other: datetime) -> str:
    """A clock time, with its day when the clocks jump to another day (Samoa, 2011)."""
    text = time_format(moment, "TIME_FORMAT")
    if moment.date() != other.date():
        return f"{date_format(moment, 'j F')} {text}"
    return text


def fold_choices(day: date, at: time, zone) -> list[tuple[str, str]]:
    """The two instants of an ambiguous time, as a form's choices: ("0", "the first 02:30
    (summer time, UTC+2)"), ("1", "the second 02:30 (winter time, UTC+1)")."""
    zone = zone_of(zone)
    first, second = _wall(day, at, zone, 0), _wall(day, at, zone, 1)
    clock = time_format(first, "TIME_FORMAT")
    labels = []
    for moment, other, text in (
        (first, second, _("the first %(time)s (%(offset)s)")),
        (second, first, _("the second %(time)s (%(offset)s)")),
    ):
        season = _season(moment, other)
        offset = offset_label(moment)
        labels.append(text % {"time": clock, "offset": f"{season}, {offset}" if season else offset})
    return [("0", labels[0]), ("1", labels[1])]


def local_datetime(day: date, at: time, zone, fold: int | None = None) -> datetime:
    """The instant a person means by ``at`` on ``day`` in ``zone`` (a ``ZoneInfo`` or its
    name), as an aware datetime in that zone.

    Raises ``ValidationError`` with code ``"nonexistent"`` when the clocks skip that time,
    and with code ``"ambiguous"`` when it happens twice and ``fold`` (0: the first, 1: the
    second) does not say which one she means."""
    zone = zone_of(zone)
    moment = _wall(day, at, zone, 0)
    place = place_name(zone.key)
    when = {"time": time_format(moment, "TIME_FORMAT"), "date": date_format(day, "j F")}
    if not _exists(moment):
        jump_from, jump_to = _gap(day, at, zone)
        raise ValidationError(
            _(
                "%(time)s on %(date)s does not exist in %(place)s: the clocks go from "
                "%(from)s to %(to)s. Choose another time."
            )
            % {
                **when,
                "place": place,
                "from": _clock(jump_from, jump_to),
                "to": _clock(jump_to, jump_from),
            },
            code=NONEXISTENT,
        )
    if is_ambiguous(moment):
        if fold is None:
            raise ValidationError(
                _(
                    "%(time)s on %(date)s happens twice in %(place)s: the clocks are turned "
                    "back that night. Choose which %(time)s you mean."
                )
                % {**when, "place": place},
                code=AMBIGUOUS,
            )
        return moment.replace(fold=1 if int(fold) else 0)
    return moment


def wall_time(moment: datetime, zone=None) -> str:
    """The time of ``moment`` on the clock in ``zone`` (the active zone by default), with its
    offset when that clock time happens twice that night: "18:00", "02:30 (UTC+1)"."""
    local = moment.astimezone(zone_of(zone) if zone else timezone.get_current_timezone())
    text = time_format(local, "TIME_FORMAT")
    if is_ambiguous(local):
        return f"{text} ({offset_label(local)})"
    return text


def span(starts_at: datetime, ends_at: datetime, zone=None) -> str:
    """A meeting's time span in ``zone`` (the active zone by default): "Tuesday 3 March 2026,
    18:00–19:00". On the autumn night each end carries its offset, so the span never reads
    "02:30–02:30"; one that ends on another day names the day it ends."""
    zone = zone_of(zone) if zone else timezone.get_current_timezone()
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    day = f"{date_format(start, 'l')} {date_format(start, 'DATE_FORMAT')}"
    end_text = wall_time(end, zone)
    if end.date() != start.date():
        end_text = f"{date_format(end, 'D')} {end_text}"
    return f"{day}, {wall_time(start, zone)}–{end_text}"
