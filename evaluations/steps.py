"""The evaluations' steps on her dashboard (``core.steps``): the reflection on a meeting that
just ended, and the final evaluation once the cycle is over — the two things the program
asks her to evaluate (SPEC §10), by the rules its reminders follow."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.steps import FINAL_EVALUATION, WRITE_REFLECTION, Step, register_step
from cycles.models import Meeting
from cycles.permissions import participant_filter

from . import selectors
from .models import SessionEvaluation
from .reminders import LONGEST_MEETING, REFLECTION_WINDOW


def reflection_steps(user, profile) -> list[Step]:
    """A meeting of hers that ended (not cancelled) in the last days of
    ``reminders.REFLECTION_WINDOW`` with no reflection of hers yet, the oldest first: after
    that the program stops asking (one query)."""
    now = timezone.now()
    written = SessionEvaluation.objects.filter(meeting=OuterRef("pk"), author=user)
    meetings = (
        Meeting.objects.filter(
            participant_filter(user, "mentorship"),
            status=Meeting.Status.CONFIRMED,
            starts_at__lte=now,
            starts_at__gt=now - REFLECTION_WINDOW - LONGEST_MEETING,
        )
        .exclude(Exists(written))
        .select_related("mentorship__mentor__profile", "mentorship__mentee__profile")
        .order_by("starts_at", "pk")
    )
    return [
        Step(
            text=_("Write your reflection"),
            url=reverse("evaluations:meeting_reflection", args=[meeting.public_id]),
            key=f"reflection:{meeting.public_id}",
            detail=_("on your meeting with %(name)s on %(date)s")
            % {
                "name": meeting.mentorship.other(user).profile.display_name,
                "date": date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT"),
            },
            order=WRITE_REFLECTION,
        )
        for meeting in meetings
        if now - REFLECTION_WINDOW < meeting.ends_at <= now
    ]


def final_evaluation_steps(user, profile) -> list[Step]:
    """Each mentorship of hers whose final evaluation is open and not sent by her (one
    query, ``selectors.final_evaluations_waiting``)."""
    return [
        Step(
            text=_("Send the final evaluation"),
            url=reverse("evaluations:final_evaluation", args=[mentorship.public_id]),
            key=f"final_evaluation:{mentorship.public_id}",
            detail=_("of your mentorship with %(name)s")
            % {"name": mentorship.other(user).profile.display_name},
            order=FINAL_EVALUATION,
        )
        for mentorship in selectors.final_evaluations_waiting(user)
    ]


register_step(name="evaluations.reflections", order=WRITE_REFLECTION, pending=reflection_steps)
register_step(
    name="evaluations.final_evaluation", order=FINAL_EVALUATION, pending=final_evaluation_steps
)
