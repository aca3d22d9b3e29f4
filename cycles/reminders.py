"""Reminders about mentorships (SPEC §12). Each sweep is a query that says what is due; the
database writes the reminders itself (``notifications.outbox.queue_from``: one
``INSERT … SELECT`` per recipient), so a sweep makes the same few queries whatever the number
of mentorships. What an email says is built when it is sent (``email_context``), from the
data as it is then.

Dates are the program's (``TIME_ZONE``) calendar dates; times in the emails are shown in each
recipient's time zone (the templates' ``{% timezone %}``)."""

import zoneinfo
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import (
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.urls import reverse
from django.utils import timezone

from core.sql import UTCMinute
from notifications.emails import absolute_url
from notifications.outbox import queue_from
from notifications.registry import email_context

from . import emails
from .models import Agreement, Meeting, Mentorship, Style

AGREEMENT_AFTER_DAYS = 7
END_NOTICE_DAYS = 14
DEFAULT_MINUTES_PER_MONTH = 60  # the program's minimum where there is no agreement yet
# The two people of a mentorship, as paths from it.
PARTICIPANTS = ("mentor", "mentee")


def name(user) -> str:
    return user.get_full_name()


def program_zone() -> zoneinfo.ZoneInfo:
    """The program's time zone, whatever zone a request or a test left active."""
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def today(now: datetime | None = None) -> date:
    return timezone.localdate(now or timezone.now(), program_zone())


def key(*parts) -> Concat:
    """An occasion computed by the database from text and fields, e.g.
    ``key("agreement:", F("pk"))``."""
    return Concat(
        *(
            Value(part)
            if isinstance(part, str)
            else Cast(part, CharField())
            if isinstance(part, F)
            else part
            for part in parts
        ),
        output_field=CharField(),
    )


def mentorship_context(mentorship: Mentorship, user) -> dict:
    return {
        "other_name": name(mentorship.other(user)),
        "url": absolute_url(reverse("cycles:mentorship_detail", args=[mentorship.public_id])),
    }


def mentorship_by_id(pk) -> Mentorship | None:
    return (
        Mentorship.objects.select_related("mentor__profile", "mentee__profile")
        .filter(pk=pk)
        .first()
    )


def to_both(*, kind, template, rows: QuerySet, occasion, context, via: str = "", done=None) -> int:
    """Queue for the mentor and for the mentee of each row (``via`` is the path from a row to
    its mentorship, e.g. ``"mentorship__"``), leaving out a row where ``done(path)`` — an
    expression for the person at ``path`` — holds (she already did it): two queries."""
    queued = 0
    for person in PARTICIPANTS:
        user = f"{via}{person}"
        queued += len(
            queue_from(
                kind=kind,
                template=template,
                rows=rows.exclude(done(user)) if done else rows,
                user=user,
                occasion=occasion,
                context=context,
            )
        )
    return queued


# --- a meeting tomorrow --------------------------------------------------------------------


def remind_meetings_tomorrow(*, now: datetime | None = None) -> int:
    """Hourly: an agreed meeting starting within 24 hours, to both. The occasion holds
    the start, so a meeting moved to another day is announced again."""
    now = now or timezone.now()
    meetings = Meeting.objects.filter(
        starts_at__gt=now,
        starts_at__lte=now + timedelta(hours=24),
        status=Meeting.Status.CONFIRMED,
        mentorship__status=Mentorship.Status.ACTIVE,
    )
    return to_both(
        kind=emails.MEETING_TOMORROW,
        template="cycles/reminder_meeting_tomorrow",
        rows=meetings,
        via="mentorship__",
        occasion=key("meeting:", F("pk"), ":", UTCMinute("starts_at")),
        context={"meeting": "pk"},
    )


@email_context("cycles/reminder_meeting_tomorrow")
def meeting_tomorrow_context(user, stored: dict) -> dict | None:
    meeting = (
        Meeting.objects.select_related("mentorship__mentor__profile", "mentorship__mentee__profile")
        .filter(pk=stored.get("meeting"), status=Meeting.Status.CONFIRMED)
        .first()
    )
    if meeting is None or meeting.mentorship.status != Mentorship.Status.ACTIVE:
        return None
    return {
        **mentorship_context(meeting.mentorship, user),
        "meeting_url": absolute_url(reverse("cycles:meeting_detail", args=[meeting.public_id])),
        "meeting": meeting,
        "starts_at": meeting.starts_at,
        "duration_minutes": meeting.duration_minutes,
        "location": meeting.location,
    }


# --- an agreement not accepted by both -----------------------------------------------------


def remind_agreements_unsigned(*, now: datetime | None = None) -> int:
    """Daily: a traditional mentorship 7 days after it started whose agreement is not
    accepted by both, to those who have not accepted (both where there is no agreement)."""
    started_by = today(now) - timedelta(days=AGREEMENT_AFTER_DAYS)
    mentorships = Mentorship.objects.active().filter(
        style=Style.TRADITIONAL, start_date__lte=started_by
    )
    return to_both(
        kind=emails.AGREEMENT_UNSIGNED,
        template="cycles/reminder_agreement_unsigned",
        rows=mentorships,
        occasion=key("agreement:", F("pk")),
        context={"mentorship": "pk"},
        done=lambda person: Exists(
            Agreement.objects.filter(
                mentorship=OuterRef("pk"), **{f"{person}_accepted_at__isnull": False}
            )
        ),
    )


@email_context("cycles/reminder_agreement_unsigned")
def agreement_unsigned_context(user, stored: dict) -> dict | None:
    mentorship = mentorship_by_id(stored.get("mentorship"))
    if mentorship is None or mentorship.status != Mentorship.Status.ACTIVE:
        return None
    agreement = Agreement.objects.filter(mentorship=mentorship).first()
    role = mentorship.role_of(user)
    if agreement and getattr(agreement, f"{role}_accepted_at"):
        return None
    return {
        **mentorship_context(mentorship, user),
        "has_agreement": agreement is not None,
        "start_date": mentorship.start_date,
    }


# --- hours below the agreed minimum --------------------------------------------------------


def month_before(day: date) -> tuple[date, date]:
    """The first day of the month before ``day``'s month, and the first day of ``day``'s."""
    first = day.replace(day=1)
    previous = (first - timedelta(days=1)).replace(day=1)
    return previous, first


def remind_hours_below(*, now: datetime | None = None) -> int:
    """On the 1st of each month, for the month before: an active traditional mentorship that
    had started by that month's first day and whose held (not cancelled) meeting minutes that
    month, counted in the program's time zone, are below the agreement's minimum (or the
    program's hour where there is no agreement), to both. The figures are those of the sweep,
    written with the reminder."""
    now = now or timezone.now()
    start, end = month_before(today(now))
    tz = program_zone()
    month_start = datetime(start.year, start.month, 1, tzinfo=tz)
    month_end = datetime(end.year, end.month, 1, tzinfo=tz)
    agreed = Agreement.objects.filter(mentorship=OuterRef("pk")).annotate(
        minutes=F("meetings_per_month") * F("meeting_minutes")
    )
    held = (
        Meeting.objects.filter(
            mentorship=OuterRef("pk"),
            status=Meeting.Status.CONFIRMED,
            starts_at__gte=month_start,
            starts_at__lt=min(month_end, now),
        )
        .order_by()
        .values("mentorship")
        .annotate(minutes=Sum("duration_minutes"))
    )
    mentorships = (
        Mentorship.objects.active()
        .filter(style=Style.TRADITIONAL, start_date__lte=start)
        .annotate(
            agreed_minutes=Coalesce(
                Subquery(agreed.values("minutes")[:1], output_field=IntegerField()),
                DEFAULT_MINUTES_PER_MONTH,
            ),
            held_minutes=Coalesce(
                Subquery(held.values("minutes")[:1], output_field=IntegerField()), 0
            ),
        )
        .filter(held_minutes__lt=F("agreed_minutes"))
    )
    return to_both(
        kind=emails.HOURS_BELOW,
        template="cycles/reminder_hours_below",
        rows=mentorships,
        occasion=key("mentorship:", F("pk"), f":{start:%Y-%m}"),
        context={
            "mentorship": "pk",
            "month_date": Value(start.isoformat()),
            "held_minutes": "held_minutes",
            "agreed_minutes": "agreed_minutes",
        },
    )


@email_context("cycles/reminder_hours_below")
def hours_below_context(user, stored: dict) -> dict | None:
    mentorship = mentorship_by_id(stored.get("mentorship"))
    if mentorship is None:
        return None
    return mentorship_context(mentorship, user)


# --- the end approaching -------------------------------------------------------------------


def remind_end_approaching(*, now: datetime | None = None) -> int:
    """Daily: an active mentorship whose end date is 14 days away (or nearer, if a run was
    missed), to both, once per end date."""
    day = today(now)
    mentorships = Mentorship.objects.active().filter(
        end_date__gte=day, end_date__lte=day + timedelta(days=END_NOTICE_DAYS)
    )
    return to_both(
        kind=emails.END_APPROACHING,
        template="cycles/reminder_end_approaching",
        rows=mentorships,
        occasion=key("end:", F("pk"), ":", F("end_date")),
        context={"mentorship": "pk"},
    )


@email_context("cycles/reminder_end_approaching")
def end_approaching_context(user, stored: dict) -> dict | None:
    mentorship = mentorship_by_id(stored.get("mentorship"))
    if mentorship is None or mentorship.status != Mentorship.Status.ACTIVE:
        return None
    return {**mentorship_context(mentorship, user), "end_date": mentorship.end_date}
