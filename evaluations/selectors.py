"""Reads for the participants' evaluations: when the final evaluation opens, what its form
starts from, and a participant's own answers. (The staff's figures are in ``reports.py``.)"""

from datetime import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from cycles.models import Goal, Meeting, Mentorship, Phase, Style

from .models import FinalEvaluation, SessionEvaluation


def held_meetings(mentorship: Mentorship, now: datetime | None = None):
    """The pair's meetings that have taken place: agreed and started."""
    return Meeting.objects.counting().filter(
        mentorship=mentorship,
        starts_at__lte=now or timezone.now(),
    )


def final_evaluation_is_open(mentorship: Mentorship, now: datetime | None = None) -> bool:
    """The cycle's end: phase 4 (Closure), a completed or early-ended mentorship, or — for
    flash mentoring, a single session — once that session has taken place."""
    if not mentorship.is_active or mentorship.phase == Phase.CLOSURE:
        return True
    return mentorship.style == Style.FLASH and held_meetings(mentorship, now).exists()


def _may_open(mentorship: Mentorship) -> bool:
    """Whether ``final_evaluation_is_open`` can be true without asking about meetings."""
    return (
        not mentorship.is_active
        or mentorship.phase == Phase.CLOSURE
        or mentorship.style == Style.FLASH
    )


def final_evaluations_waiting(user, *, of: list[Mentorship] | None = None) -> list[Mentorship]:
    """Her mentorships whose final evaluation is open and not yet sent by her, with the other
    person's profile, in one query (the rule of ``final_evaluation_is_open``). Given ``of``,
    all her mentorships already read, no query when none of them can have one open."""
    if of is not None and not any(_may_open(mentorship) for mentorship in of):
        return []
    now = timezone.now()
    held = Meeting.objects.counting().filter(mentorship=OuterRef("pk"), starts_at__lte=now)
    mine = FinalEvaluation.objects.filter(mentorship=OuterRef("pk"), author=user)
    return list(
        Mentorship.objects.involving(user)
        .filter(
            ~Q(status=Mentorship.Status.ACTIVE)
            | Q(phase=Phase.CLOSURE)
            | Q(Exists(held), style=Style.FLASH)
        )
        .exclude(Exists(mine))
        .select_related("mentor__profile", "mentee__profile")
        .order_by("-created_at")
    )


def final_evaluation_initial(mentorship: Mentorship) -> dict:
    """Where her final evaluation starts: the number of sessions held, the agreement's goals
    reached under "met" and the others under "not met" (to say why)."""
    goals = Goal.objects.filter(mentorship=mentorship).exclude(status=Goal.Status.DROPPED)
    met = [goal.title for goal in goals if goal.status == Goal.Status.ACHIEVED]
    not_met = [f"{goal.title} — " for goal in goals if goal.status != Goal.Status.ACHIEVED]
    return {
        "sessions": held_meetings(mentorship).count(),
        "goals_met": "\n".join(met),
        "goals_not_met": "\n".join(not_met),
    }


def own_final_evaluation(mentorship: Mentorship, user) -> FinalEvaluation | None:
    return FinalEvaluation.objects.filter(mentorship=mentorship, author=user).first()


def own_reflection(meeting: Meeting, user) -> SessionEvaluation | None:
    return SessionEvaluation.objects.filter(meeting=meeting, author=user).first()


def reflected_meeting_ids(user, meetings) -> set[int]:
    """Of these meetings, those ``user`` has written her reflection on (one query)."""
    return set(
        SessionEvaluation.objects.filter(
            author=user, meeting__in=[meeting.pk for meeting in meetings]
        ).values_list("meeting_id", flat=True)
    )
