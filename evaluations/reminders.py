"""Reminders to evaluate (SPEC §12): the reflection after each meeting and the final
evaluation after the cycle's end. Batches as in ``cycles.reminders``."""

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from cycles.models import Meeting, Mentorship, MentorshipEvent, Phase, Style
from cycles.reminders import BATCH_SIZE, keyset_batches, name
from profiles.emails import absolute_url
from profiles.models import NotificationKind
from profiles.notifications import Due, queue

from .models import FinalEvaluation, SessionEvaluation

# A reflection is asked for in the first days after the meeting, not weeks later.
REFLECTION_WINDOW = timedelta(days=3)
LONGEST_MEETING = timedelta(minutes=480)
# The final evaluation is asked for a day after the end, and not for cycles long gone.
FINAL_AFTER = timedelta(days=1)
FINAL_WINDOW = timedelta(days=60)


def remind_reflections(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Hourly: a meeting that ended (not cancelled) in the last 3 days, to each participant
    who has not written her reflection on it, once."""
    now = now or timezone.now()
    meetings = Meeting.objects.filter(
        cancelled_at__isnull=True,
        starts_at__lte=now,
        starts_at__gt=now - REFLECTION_WINDOW - LONGEST_MEETING,
    ).select_related("mentorship__mentor__profile", "mentorship__mentee__profile")
    queued = 0
    for batch in keyset_batches(meetings, batch_size):
        ended = [m for m in batch if now - REFLECTION_WINDOW < m.ends_at <= now]
        written = set(
            SessionEvaluation.objects.filter(meeting__in=[m.pk for m in ended]).values_list(
                "meeting_id", "author_id"
            )
        )
        due = []
        for meeting in ended:
            mentorship = meeting.mentorship
            url = absolute_url(reverse("meeting_reflection", args=[meeting.public_id]))
            for person, other in (
                (mentorship.mentor, mentorship.mentee),
                (mentorship.mentee, mentorship.mentor),
            ):
                if (meeting.pk, person.pk) in written:
                    continue
                due.append(
                    Due(
                        user_id=person.pk,
                        occasion=f"meeting:{meeting.pk}",
                        template="evaluations/reminder_reflection_due",
                        context={
                            "other_name": name(other),
                            "url": url,
                            "starts_at": meeting.starts_at,
                        },
                    )
                )
        queued += len(queue(kind=NotificationKind.REFLECTION_DUE, due=due))
    return queued


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
        mentorship=OuterRef("pk"), cancelled_at__isnull=True, starts_at__lte=since
    )
    return (
        Q(~Q(status=Mentorship.Status.ACTIVE), ended_at__lte=since, ended_at__gt=now - FINAL_WINDOW)
        | Q(Exists(closure), status=Mentorship.Status.ACTIVE, phase=Phase.CLOSURE)
        | Q(Exists(held), status=Mentorship.Status.ACTIVE, style=Style.FLASH)
    )


def remind_final_evaluations(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Daily: a day after the final evaluation opened, to each who has not sent hers, once."""
    now = now or timezone.now()
    mentorships = Mentorship.objects.filter(final_evaluation_due_filter(now)).select_related(
        "mentor__profile", "mentee__profile"
    )
    queued = 0
    for batch in keyset_batches(mentorships, batch_size):
        sent = set(
            FinalEvaluation.objects.filter(mentorship__in=[m.pk for m in batch]).values_list(
                "mentorship_id", "author_id"
            )
        )
        due = []
        for mentorship in batch:
            url = absolute_url(reverse("final_evaluation", args=[mentorship.public_id]))
            for person, other in (
                (mentorship.mentor, mentorship.mentee),
                (mentorship.mentee, mentorship.mentor),
            ):
                if (mentorship.pk, person.pk) in sent:
                    continue
                due.append(
                    Due(
                        user_id=person.pk,
                        occasion=f"final:{mentorship.pk}",
                        template="evaluations/reminder_final_evaluation_due",
                        context={"other_name": name(other), "url": url},
                    )
                )
        queued += len(queue(kind=NotificationKind.FINAL_EVALUATION_DUE, due=due))
    return queued
