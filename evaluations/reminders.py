"""Reminders to evaluate (SPEC §12): the reflection after each meeting and the final
evaluation after the cycle's end, written by the database as in ``cycles.reminders``."""

from datetime import datetime, timedelta

from django.db.models import (
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
)
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from cycles.models import Meeting, Mentorship, MentorshipEvent, Phase, Style
from cycles.reminders import key, mentorship_by_id, mentorship_context, to_both
from notifications.emails import absolute_url
from notifications.registry import email_context

from . import emails
from .models import FinalEvaluation, SessionEvaluation

# A reflection is asked for in the first days after the meeting, not weeks later.
REFLECTION_WINDOW = timedelta(days=3)
LONGEST_MEETING = timedelta(minutes=480)
# The final evaluation is asked for a day after the end, and not for cycles long gone.
FINAL_AFTER = timedelta(days=1)
FINAL_WINDOW = timedelta(days=60)


def remind_reflections(*, now: datetime | None = None) -> int:
    """Hourly: a meeting that ended (not cancelled) in the last 3 days, to each participant
    who has not written her reflection on it, once."""
    now = now or timezone.now()
    ends_at = ExpressionWrapper(
        F("starts_at")
        + ExpressionWrapper(
            Cast("duration_minutes", IntegerField()) * timedelta(minutes=1),
            output_field=DurationField(),
        ),
        output_field=DateTimeField(),
    )
    meetings = (
        Meeting.objects.filter(
            status=Meeting.Status.CONFIRMED,
            # The start's bounds let the index narrow the rows before the end is computed.
            starts_at__lte=now,
            starts_at__gt=now - REFLECTION_WINDOW - LONGEST_MEETING,
        )
        .alias(ends_at=ends_at)
        .filter(ends_at__gt=now - REFLECTION_WINDOW, ends_at__lte=now)
    )
    return to_both(
        kind=emails.REFLECTION_DUE,
        template="evaluations/reminder_reflection_due",
        rows=meetings,
        via="mentorship__",
        occasion=key("meeting:", F("pk")),
        context={"meeting": "pk"},
        done=lambda person: Exists(
            SessionEvaluation.objects.filter(meeting=OuterRef("pk"), author=OuterRef(person))
        ),
    )


@email_context("evaluations/reminder_reflection_due")
def reflection_due_context(user, stored: dict) -> dict | None:
    meeting = (
        Meeting.objects.select_related("mentorship__mentor__profile", "mentorship__mentee__profile")
        .filter(pk=stored.get("meeting"), status=Meeting.Status.CONFIRMED)
        .first()
    )
    if meeting is None or SessionEvaluation.objects.filter(meeting=meeting, author=user).exists():
        return None
    return {
        "other_name": meeting.mentorship.other(user).get_full_name(),
        "url": absolute_url(reverse("evaluations:meeting_reflection", args=[meeting.public_id])),
        "starts_at": meeting.starts_at,
    }


def final_evaluation_due_filter(now: datetime) -> Q:
    """Mentorships whose final evaluation opened (``evaluations.selectors.
    final_evaluation_is_open``) at least a day before ``now``: ended a day ago, in Closure
    for a day, or a flash session held a day ago."""
    since = now - FINAL_AFTER
    closure = MentorshipEvent.objects.filter(
        mentorship=OuterRef("pk"),
        kind=MentorshipEvent.Kind.PHASE,
        to_value=str(Phase.CLOSURE),
        created_at__lte=since,
    )
    held = Meeting.objects.filter(
        mentorship=OuterRef("pk"), status=Meeting.Status.CONFIRMED, starts_at__lte=since
    )
    return (
        Q(~Q(status=Mentorship.Status.ACTIVE), ended_at__lte=since, ended_at__gt=now - FINAL_WINDOW)
        | Q(Exists(closure), status=Mentorship.Status.ACTIVE, phase=Phase.CLOSURE)
        | Q(Exists(held), status=Mentorship.Status.ACTIVE, style=Style.FLASH)
    )


def remind_final_evaluations(*, now: datetime | None = None) -> int:
    """Daily: a day after the final evaluation opened, to each who has not sent hers, once."""
    now = now or timezone.now()
    mentorships = Mentorship.objects.filter(final_evaluation_due_filter(now))
    return to_both(
        kind=emails.FINAL_EVALUATION_DUE,
        template="evaluations/reminder_final_evaluation_due",
        rows=mentorships,
        occasion=key("final:", F("pk")),
        context={"mentorship": "pk"},
        done=lambda person: Exists(
            FinalEvaluation.objects.filter(mentorship=OuterRef("pk"), author=OuterRef(person))
        ),
    )


@email_context("evaluations/reminder_final_evaluation_due")
def final_evaluation_due_context(user, stored: dict) -> dict | None:
    mentorship = mentorship_by_id(stored.get("mentorship"))
    if (
        mentorship is None
        or FinalEvaluation.objects.filter(mentorship=mentorship, author=user).exists()
    ):
        return None
    return {
        **mentorship_context(mentorship, user),
        "url": absolute_url(reverse("evaluations:final_evaluation", args=[mentorship.public_id])),
    }
