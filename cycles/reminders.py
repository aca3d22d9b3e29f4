"""Reminders about mentorships (SPEC §12): what is due, found in batches and handed to
``profiles.notifications.queue``. Each sweep reads a batch of rows (keyset by primary key),
the batch's related rows in one more query, and queues; the number of queries grows with the
number of batches, never with the number of rows of a batch.

Dates are the program's (``TIME_ZONE``) calendar dates; times in the emails are shown in each
recipient's time zone (the templates' ``{% timezone %}``)."""

import zoneinfo
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from profiles.emails import absolute_url
from profiles.models import NotificationKind
from profiles.notifications import Due, queue

from .models import Agreement, Meeting, Mentorship, Style

BATCH_SIZE = 500
AGREEMENT_AFTER_DAYS = 7
END_NOTICE_DAYS = 14
DEFAULT_MINUTES_PER_MONTH = 60  # the program's minimum where there is no agreement yet


def keyset_batches(queryset: QuerySet, size: int = BATCH_SIZE) -> Iterator[list]:
    """The rows of ``queryset`` in batches of ``size`` ordered by pk: one query per batch."""
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if batch:
            yield batch
        if len(batch) < size:
            return
        last = batch[-1].pk


def name(user) -> str:
    return user.get_full_name()


def program_zone() -> zoneinfo.ZoneInfo:
    """The program's time zone, whatever zone a request or a test left active."""
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def today(now: datetime | None = None) -> date:
    return timezone.localdate(now or timezone.now(), program_zone())


def _mentorship_context(mentorship: Mentorship, other) -> dict:
    return {
        "other_name": name(other),
        "url": absolute_url(reverse("mentorship_detail", args=[mentorship.public_id])),
    }


def _both(mentorship: Mentorship, occasion: str, template: str, extra: dict) -> list[Due]:
    return [
        Due(
            user_id=person.pk,
            occasion=occasion,
            template=template,
            context={**_mentorship_context(mentorship, other), **extra},
        )
        for person, other in (
            (mentorship.mentor, mentorship.mentee),
            (mentorship.mentee, mentorship.mentor),
        )
    ]


def _people(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("mentor__profile", "mentee__profile")


def remind_meetings_tomorrow(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Hourly: a meeting starting within 24 hours, not cancelled, to both. The occasion holds
    the start, so a meeting moved to another day is announced again."""
    now = now or timezone.now()
    meetings = Meeting.objects.filter(
        starts_at__gt=now,
        starts_at__lte=now + timedelta(hours=24),
        cancelled_at__isnull=True,
        mentorship__status=Mentorship.Status.ACTIVE,
    ).select_related("mentorship__mentor__profile", "mentorship__mentee__profile")
    queued = 0
    for batch in keyset_batches(meetings, batch_size):
        due = []
        for meeting in batch:
            mentorship = meeting.mentorship
            occasion = f"meeting:{meeting.pk}:{meeting.starts_at:%Y%m%d%H%M}"
            extra = {
                "meeting_url": absolute_url(reverse("meeting_detail", args=[meeting.public_id])),
                "starts_at": meeting.starts_at,
                "duration_minutes": meeting.duration_minutes,
                "location": meeting.location,
            }
            due += _both(mentorship, occasion, "cycles/reminder_meeting_tomorrow", extra)
        queued += len(queue(kind=NotificationKind.MEETING_TOMORROW, due=due))
    return queued


def remind_agreements_unsigned(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Daily: a traditional mentorship 7 days after it started whose agreement is not
    accepted by both, to those who have not accepted (both where there is no agreement)."""
    started_by = today(now) - timedelta(days=AGREEMENT_AFTER_DAYS)
    mentorships = _people(
        Mentorship.objects.active().filter(style=Style.TRADITIONAL, start_date__lte=started_by)
    )
    queued = 0
    for batch in keyset_batches(mentorships, batch_size):
        agreements = {
            a.mentorship_id: a
            for a in Agreement.objects.filter(mentorship__in=[m.pk for m in batch]).only(
                "mentorship_id", "mentor_accepted_at", "mentee_accepted_at"
            )
        }
        due = []
        for mentorship in batch:
            agreement = agreements.get(mentorship.pk)
            if agreement and agreement.mentor_accepted_at and agreement.mentee_accepted_at:
                continue
            occasion = f"agreement:{mentorship.pk}"
            for person, other, accepted in (
                (mentorship.mentor, mentorship.mentee, agreement and agreement.mentor_accepted_at),
                (mentorship.mentee, mentorship.mentor, agreement and agreement.mentee_accepted_at),
            ):
                if accepted:
                    continue
                due.append(
                    Due(
                        user_id=person.pk,
                        occasion=occasion,
                        template="cycles/reminder_agreement_unsigned",
                        context={
                            **_mentorship_context(mentorship, other),
                            "has_agreement": agreement is not None,
                            "start_date": mentorship.start_date,
                        },
                    )
                )
        queued += len(queue(kind=NotificationKind.AGREEMENT_UNSIGNED, due=due))
    return queued


def month_before(day: date) -> tuple[date, date]:
    """The first day of the month before ``day``'s month, and the first day of ``day``'s."""
    first = day.replace(day=1)
    previous = (first - timedelta(days=1)).replace(day=1)
    return previous, first


def remind_hours_below(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """On the 1st of each month, for the month before: an active traditional mentorship that
    had started by that month's first day and whose held (not cancelled) meeting minutes that
    month, counted in the program's time zone, are below the agreement's minimum (or the
    program's hour where there is no agreement), to both."""
    now = now or timezone.now()
    start, end = month_before(today(now))
    tz = program_zone()
    month_start = datetime(start.year, start.month, 1, tzinfo=tz)
    month_end = datetime(end.year, end.month, 1, tzinfo=tz)
    mentorships = _people(
        Mentorship.objects.active().filter(style=Style.TRADITIONAL, start_date__lte=start)
    )
    queued = 0
    for batch in keyset_batches(mentorships, batch_size):
        ids = [m.pk for m in batch]
        minimum = {
            a.mentorship_id: a.minutes_per_month
            for a in Agreement.objects.filter(mentorship__in=ids).only(
                "mentorship_id", "meetings_per_month", "meeting_minutes"
            )
        }
        held: dict[int, int] = defaultdict(int)
        for mentorship_id, minutes in Meeting.objects.filter(
            mentorship__in=ids,
            cancelled_at__isnull=True,
            starts_at__gte=month_start,
            starts_at__lt=min(month_end, now),
        ).values_list("mentorship_id", "duration_minutes"):
            held[mentorship_id] += minutes
        due = []
        for mentorship in batch:
            agreed = minimum.get(mentorship.pk, DEFAULT_MINUTES_PER_MONTH)
            if held[mentorship.pk] >= agreed:
                continue
            extra = {
                "month_date": start,
                "held_minutes": held[mentorship.pk],
                "agreed_minutes": agreed,
            }
            occasion = f"mentorship:{mentorship.pk}:{start:%Y-%m}"
            due += _both(mentorship, occasion, "cycles/reminder_hours_below", extra)
        queued += len(queue(kind=NotificationKind.HOURS_BELOW, due=due))
    return queued


def remind_end_approaching(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Daily: an active mentorship whose end date is 14 days away (or nearer, if a run was
    missed), to both, once per end date."""
    day = today(now)
    mentorships = _people(
        Mentorship.objects.active().filter(
            end_date__gte=day, end_date__lte=day + timedelta(days=END_NOTICE_DAYS)
        )
    )
    queued = 0
    for batch in keyset_batches(mentorships, batch_size):
        due = []
        for mentorship in batch:
            occasion = f"end:{mentorship.pk}:{mentorship.end_date:%Y-%m-%d}"
            extra = {"end_date": mentorship.end_date}
            due += _both(mentorship, occasion, "cycles/reminder_end_approaching", extra)
        queued += len(queue(kind=NotificationKind.END_APPROACHING, due=due))
    return queued
