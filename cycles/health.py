"""Program health (issue 22): the signs that an active pair is drifting, computed once a day
for every pair at once (``refresh_signals``), so the staff can help in time.

The signals, each with the date it started (thresholds in settings, ``HEALTH_*``):

- no meeting held for longer than the agreed rhythm allows (30 days divided by the agreed
  meetings a month, plus ``HEALTH_MEETING_GRACE_DAYS``), and none planned;
- meeting minutes under the agreed minimum in each of the last ``HEALTH_HOURS_MONTHS`` ended
  months (the minimum and the months as ``reminders.remind_hours_below`` reads them);
- the agreement not accepted by both ``HEALTH_AGREEMENT_DAYS`` after the start;
- no meeting held ``HEALTH_FIRST_MEETING_DAYS`` after the start;
- the mentor, or the mentee, silent for ``HEALTH_SILENCE_DAYS``: no message, checklist tick,
  meeting proposed, logged or held, agreement accepted, nor anything an app above records
  (``register_activity``: ``evaluations`` adds her reflections);
- a reminder (an unsigned agreement, hours below the minimum) followed by nothing from her for
  ``HEALTH_REMINDER_ANSWER_DAYS``.

Traditional pairs get all of them; a flash pair (one session, no agreement) the first meeting,
silence and reminders. A paused pair (``Mentorship.paused_at``) is the staff's already and
gets none. Meetings count as ``Meeting.objects.counting()`` says, and are held once they
started. Dates are the program's (``reminders.today``).

The whole computation is one query reading every active pair with its figures (correlated
subqueries), one reading the open signals, and at most three writes: the signals that
started, those that cleared, and those whose figures changed. A signal that starts is a new
``HealthSignal`` row, written once: what reacts to a start reads the rows ``refresh_signals``
returns."""

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import (
    Exists,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

from notifications.models import Notification

from . import emails
from .models import HealthSignal, Meeting, Mentorship, Message, PhaseTick, Style
from .reminders import (
    DEFAULT_MINUTES_PER_MONTH,
    PARTICIPANTS,
    key,
    month_before,
    program_zone,
    today,
)

Kind = HealthSignal.Kind
DAYS_PER_MONTH = 30
# The reminders that ask her to act; their occasions name the mentorship
# (``reminders.remind_agreements_unsigned``, ``reminders.remind_hours_below``).
REMINDER_KINDS = (emails.AGREEMENT_UNSIGNED, emails.HOURS_BELOW)

# --- what counts as her doing something in the mentorship ---------------------------------

# Each source gives, for a person ("mentor" or "mentee"), an expression of the latest moment
# she did something in the mentorship ``OuterRef("pk")`` (None: never).
ActivitySource = Callable[[str], Expression]
ACTIVITY_SOURCES: dict[str, ActivitySource] = {}


def register_activity(name: str, source: ActivitySource) -> ActivitySource:
    """An app above adds what its pages record of her (``evaluations``: her reflections)."""
    ACTIVITY_SOURCES[name] = source
    return source


def latest(rows, field: str) -> Subquery:
    """The latest ``field`` of ``rows`` (already narrowed to one mentorship and person)."""
    return Subquery(rows.order_by(f"-{field}").values(field)[:1])


register_activity(
    "messages",
    lambda person: latest(
        Message.objects.filter(mentorship=OuterRef("pk"), author=OuterRef(person)), "created_at"
    ),
)
register_activity(
    "ticks",
    lambda person: latest(
        PhaseTick.objects.filter(mentorship=OuterRef("pk"), user=OuterRef(person)), "created_at"
    ),
)
register_activity(
    "meetings",
    lambda person: latest(
        Meeting.objects.filter(mentorship=OuterRef("pk"), proposed_by=OuterRef(person)),
        "created_at",
    ),
)
register_activity("agreement", lambda person: F(f"agreement__{person}_accepted_at"))


# --- the figures of every active pair -------------------------------------------------------


def ended_months(day: date, count: int) -> list[tuple[date, date]]:
    """The ``count`` months before ``day``'s month, latest first: (first day, first day of the
    next month)."""
    months, first = [], day.replace(day=1)
    for _month in range(count):
        previous, first_of_next = month_before(first)
        months.append((previous, first_of_next))
        first = previous
    return months


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=program_zone())


def pairs_with_figures(now: datetime):
    """Every active pair not paused, with what its signals are read from (one query)."""
    day = today(now)
    held = Meeting.objects.counting().filter(mentorship=OuterRef("pk"), starts_at__lte=now)
    planned = Meeting.objects.filter(
        mentorship=OuterRef("pk"),
        status__in=[Meeting.Status.PROPOSED, Meeting.Status.CONFIRMED],
        starts_at__gt=now,
    )
    figures = {
        "per_month": F("agreement__meetings_per_month"),
        "agreed_minutes": F("agreement__meetings_per_month") * F("agreement__meeting_minutes"),
        "mentor_accepted": F("agreement__mentor_accepted_at"),
        "mentee_accepted": F("agreement__mentee_accepted_at"),
        "has_agreement": F("agreement__pk"),
        "last_held": latest(held, "starts_at"),
        "planned": Exists(planned),
    }
    for index, (first, following) in enumerate(ended_months(day, settings.HEALTH_HOURS_MONTHS)):
        minutes = (
            held.filter(starts_at__gte=_midnight(first), starts_at__lt=_midnight(following))
            .order_by()
            .values("mentorship")
            .annotate(total=Sum("duration_minutes"))
            .values("total")
        )
        figures[f"held_{index}"] = Subquery(minutes, output_field=IntegerField())
    for person in PARTICIPANTS:
        for name, source in ACTIVITY_SOURCES.items():
            figures[f"{person}_{name}"] = source(person)
        reminders = Notification.objects.filter(
            user=OuterRef(person), kind__in=REMINDER_KINDS
        ).filter(
            Q(occasion=key("agreement:", OuterRef("pk")))
            | Q(occasion__startswith=key("mentorship:", OuterRef("pk"), ":"))
        )
        figures[f"{person}_reminded"] = latest(reminders, "created_at")
    return (
        Mentorship.objects.active()
        .filter(paused_at__isnull=True)
        .order_by()
        .values("pk", "style", "start_date", "mentor", "mentee")
        .annotate(**figures)
    )


# --- which signals hold for one pair --------------------------------------------------------


@dataclass(frozen=True)
class Found:
    kind: str
    started_on: date
    params: dict


def _day(moment: datetime | None) -> date | None:
    return timezone.localdate(moment, program_zone()) if moment else None


def last_active(row: dict, person: str) -> datetime | None:
    """The latest moment she did something in the mentorship (a meeting held counts for
    both)."""
    moments = [row[f"{person}_{name}"] for name in ACTIVITY_SOURCES] + [row["last_held"]]
    return max((moment for moment in moments if moment is not None), default=None)


def signals_of(row: dict, day: date) -> list[Found]:
    """The signals that hold for one pair on ``day``, from its figures."""
    found = []
    start: date = row["start_date"]
    traditional = row["style"] == Style.TRADITIONAL
    last_held = _day(row["last_held"])

    first_days = settings.HEALTH_FIRST_MEETING_DAYS
    if last_held is None and day >= start + timedelta(days=first_days):
        found.append(
            Found(
                Kind.FIRST_MEETING,
                start + timedelta(days=first_days),
                {"start": start.isoformat()},
            )
        )

    if traditional and last_held is not None and not row["planned"]:
        per_month = row["per_month"] if row["has_agreement"] else 1
        if per_month:
            allowed = math.ceil(DAYS_PER_MONTH / per_month) + settings.HEALTH_MEETING_GRACE_DAYS
            if (day - last_held).days > allowed:
                found.append(
                    Found(
                        Kind.NO_MEETING,
                        last_held + timedelta(days=allowed + 1),
                        {"last_held": last_held.isoformat(), "days": allowed},
                    )
                )

    agreement_days = settings.HEALTH_AGREEMENT_DAYS
    if traditional and day >= start + timedelta(days=agreement_days):
        missing = [p for p in PARTICIPANTS if not row[f"{p}_accepted"]]
        if not row["has_agreement"]:
            missing = ["none"]
        if missing:
            found.append(
                Found(
                    Kind.AGREEMENT_UNACCEPTED,
                    start + timedelta(days=agreement_days),
                    {"missing": missing, "days": agreement_days},
                )
            )

    months = ended_months(day, settings.HEALTH_HOURS_MONTHS)
    if traditional and months and start <= months[-1][0]:
        agreed = row["agreed_minutes"] if row["has_agreement"] else DEFAULT_MINUTES_PER_MONTH
        held = [row[f"held_{index}"] or 0 for index in range(len(months))]
        if agreed and all(minutes < agreed for minutes in held):
            found.append(
                Found(
                    Kind.HOURS_BELOW,
                    day.replace(day=1),
                    {
                        "agreed": agreed,
                        "months": [
                            [first.isoformat(), minutes]
                            for (first, _next), minutes in reversed(
                                list(zip(months, held, strict=True))
                            )
                        ],
                    },
                )
            )

    silence = settings.HEALTH_SILENCE_DAYS
    answer_days = settings.HEALTH_REMINDER_ANSWER_DAYS
    unanswered = {}
    for person, kind in zip(PARTICIPANTS, (Kind.MENTOR_SILENT, Kind.MENTEE_SILENT), strict=True):
        active = last_active(row, person)
        since = max(_day(active) or start, start)
        if day >= since + timedelta(days=silence):
            found.append(
                Found(kind, since + timedelta(days=silence), {"last_active": since.isoformat()})
            )
        reminded = row[f"{person}_reminded"]
        if (
            reminded
            and (active is None or active < reminded)
            and day >= _day(reminded) + timedelta(days=answer_days)
        ):
            unanswered[person] = _day(reminded)
    if unanswered:
        found.append(
            Found(
                Kind.REMINDERS_UNANSWERED,
                min(unanswered.values()) + timedelta(days=answer_days),
                {person: reminded.isoformat() for person, reminded in unanswered.items()},
            )
        )
    return found


# --- the daily refresh --------------------------------------------------------------------


@dataclass(frozen=True)
class Refresh:
    started: list[HealthSignal]  # the rows written for signals that started today
    cleared: int
    open: int


def refresh_signals(*, now: datetime | None = None) -> Refresh:
    """Compute every active pair's signals and bring the stored ones in line: a signal that
    holds and has no open row starts (a new row); an open row whose signal no longer holds
    (the pair recovered, ended or was paused) is cleared; an open row whose figures moved gets
    them. A fixed number of queries whatever the number of pairs."""
    now = now or timezone.now()
    day = today(now)
    found = {
        (row["pk"], str(signal.kind)): signal
        for row in pairs_with_figures(now)
        for signal in signals_of(row, day)
    }
    with transaction.atomic():
        stored = {
            (signal.mentorship_id, signal.kind): signal
            for signal in HealthSignal.objects.select_for_update().filter(cleared_on__isnull=True)
        }
        cleared = [signal.pk for key, signal in stored.items() if key not in found]
        changed = []
        for signal_key, signal in stored.items():
            holding = found.get(signal_key)
            if holding is not None and holding.params != signal.params:
                signal.params = holding.params
                changed.append(signal)
        started = HealthSignal.objects.bulk_create(
            HealthSignal(
                mentorship_id=pk,
                kind=kind,
                started_on=signal.started_on,
                params=signal.params,
                created_at=now,
            )
            for (pk, kind), signal in found.items()
            if (pk, kind) not in stored
        )
        if cleared:
            HealthSignal.objects.filter(pk__in=cleared).update(cleared_on=day)
        if changed:
            HealthSignal.objects.bulk_update(changed, ["params"], batch_size=len(changed))
    return Refresh(started=started, cleared=len(cleared), open=len(found))


# --- what a signal says -------------------------------------------------------------------


def _date(value: str) -> str:
    return formats.date_format(date.fromisoformat(value), "DATE_FORMAT")


def _month(value: str) -> str:
    return formats.date_format(date.fromisoformat(value), "YEAR_MONTH_FORMAT")


def _who(person: str) -> str:
    return gettext("The mentor") if person == "mentor" else gettext("The mentee")


def reason(signal: HealthSignal) -> str:
    """The signal in plain words, in the active language, from its stored figures."""
    params = signal.params
    if signal.kind == Kind.NO_MEETING:
        return gettext(
            "No meeting held since %(date)s and none planned: the agreed rhythm allows "
            "%(days)s days between meetings."
        ) % {"date": _date(params["last_held"]), "days": params["days"]}
    if signal.kind == Kind.HOURS_BELOW:
        held = ", ".join(
            gettext("%(month)s: %(minutes)s min") % {"month": _month(first), "minutes": minutes}
            for first, minutes in params["months"]
        )
        return ngettext(
            "Met less than the agreed %(agreed)s minutes a month for %(count)s month (%(held)s).",
            "Met less than the agreed %(agreed)s minutes a month for %(count)s months running "
            "(%(held)s).",
            len(params["months"]),
        ) % {"agreed": params["agreed"], "count": len(params["months"]), "held": held}
    if signal.kind == Kind.AGREEMENT_UNACCEPTED:
        missing, days = params["missing"], params["days"]
        if missing == ["none"]:
            text = gettext("No agreement written %(days)s days after the start.")
        elif len(missing) == 2:
            text = gettext("Neither has accepted the agreement %(days)s days after the start.")
        elif missing == ["mentor"]:
            text = gettext(
                "The mentor has not accepted the agreement %(days)s days after the start."
            )
        else:
            text = gettext(
                "The mentee has not accepted the agreement %(days)s days after the start."
            )
        return text % {"days": days}
    if signal.kind == Kind.FIRST_MEETING:
        return gettext("No meeting held since the start on %(date)s.") % {
            "date": _date(params["start"])
        }
    if signal.kind in (Kind.MENTOR_SILENT, Kind.MENTEE_SILENT):
        person = "mentor" if signal.kind == Kind.MENTOR_SILENT else "mentee"
        return gettext("%(who)s has not written, ticked, met or reflected since %(date)s.") % {
            "who": _who(person),
            "date": _date(params["last_active"]),
        }
    return " ".join(
        gettext("%(who)s has done nothing since a reminder on %(date)s.")
        % {"who": _who(person), "date": _date(params[person])}
        for person in PARTICIPANTS
        if person in params
    )
