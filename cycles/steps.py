"""The cycle's steps on her dashboard (``core.steps``): the agreement to accept or to write,
the first meeting to propose, a meeting proposal to answer, a logged meeting to confirm, the
closure to confirm — each read from the rules the services keep
(``services.accept_agreement``, ``schedule_meeting``, ``accept_proposal``,
``services_log.confirm_logged_meeting``, ``confirm_closure``)."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.steps import (
    ACCEPT_AGREEMENT,
    CONFIRM_CLOSURE,
    CONFIRM_MEETING,
    FIRST_MEETING,
    WRITE_AGREEMENT,
    Step,
    register_step,
)

from .models import Meeting, MeetingOption, Mentorship, Phase
from .reminders import AGREEMENT_AFTER_DAYS, today


def _with(other) -> str:
    return _("with %(name)s") % {"name": other.profile.display_name}


def agreement_is_due(mentorship: Mentorship, now=None) -> bool:
    """A traditional mentorship needs its agreement before phase 3 (SPEC §8): it is written
    in phase 2, Negotiation, and is due from then — or a week after the start, when the
    program reminds the pair of it (``reminders.remind_agreements_unsigned``). Past phase 2
    a traditional pair has one; flash mentoring may do without one."""
    if not mentorship.is_traditional:
        return False
    started_by = today(now) - timedelta(days=AGREEMENT_AFTER_DAYS)
    if mentorship.phase == Phase.PREPARATION:
        return mentorship.start_date <= started_by
    return mentorship.phase == Phase.NEGOTIATION


def _steps_of(mentorship: Mentorship, user) -> list[Step]:
    other = mentorship.other(user)
    role = mentorship.role_of(user)
    agreement = getattr(mentorship, "agreement", None)
    steps = []
    if agreement is not None and getattr(agreement, f"{role}_accepted_at") is None:
        detail = _with(other)
        if agreement.version > 1:
            detail = _("%(with)s · changed, version %(version)d") % {
                "with": detail,
                "version": agreement.version,
            }
        steps.append(
            Step(
                text=_("Accept the agreement"),
                url=reverse("cycles:agreement_detail", args=[mentorship.public_id]),
                key=f"accept_agreement:{mentorship.public_id}",
                detail=detail,
                order=ACCEPT_AGREEMENT,
            )
        )
    if agreement is None and agreement_is_due(mentorship):
        steps.append(
            Step(
                text=_("Write the agreement"),
                url=reverse("cycles:agreement_edit", args=[mentorship.public_id]),
                key=f"write_agreement:{mentorship.public_id}",
                detail=_with(other),
                order=WRITE_AGREEMENT,
            )
        )
    # The program makes the first meeting the mentee's to propose (``schedule_meeting``).
    if role == "mentee" and not mentorship.has_meeting:
        steps.append(
            Step(
                text=_("Propose your first meeting"),
                url=reverse("cycles:meeting_new", args=[mentorship.public_id]),
                key=f"first_meeting:{mentorship.public_id}",
                detail=_with(other),
                order=FIRST_MEETING,
            )
        )
    # A proposal waits for her answer (``accept_proposal``, ``decline_proposal``).
    if mentorship.proposal_waiting:
        steps.append(
            Step(
                text=_("Answer the meeting proposal"),
                url=reverse("cycles:meeting_detail", args=[mentorship.proposal_waiting]),
                key=f"answer_proposal:{mentorship.proposal_waiting}",
                detail=_("%(name)s proposed times: accept one or offer others")
                % {"name": other.profile.display_name},
                order=FIRST_MEETING,
            )
        )
    # A meeting her partner logged afterwards waits for her (``services_log``): the oldest.
    if getattr(mentorship, "logged_to_confirm", None):
        steps.append(
            Step(
                text=_("Confirm a meeting that took place"),
                url=reverse("cycles:meeting_detail", args=[mentorship.logged_to_confirm]),
                key=f"confirm_meeting:{mentorship.logged_to_confirm}",
                detail=_("logged by %(name)s") % {"name": other.profile.display_name},
                order=CONFIRM_MEETING,
            )
        )
    other_role = "mentee" if role == "mentor" else "mentor"
    if (
        mentorship.phase == Phase.CLOSURE
        and getattr(mentorship, f"{role}_confirmed_closure_at") is None
        and getattr(mentorship, f"{other_role}_confirmed_closure_at") is not None
    ):
        steps.append(
            Step(
                text=_("Confirm the closure"),
                url=reverse("cycles:mentorship_detail", args=[mentorship.public_id])
                + "#closure-status",
                key=f"confirm_closure:{mentorship.public_id}",
                detail=_("%(name)s has confirmed it") % {"name": other.profile.display_name},
                order=CONFIRM_CLOSURE,
            )
        )
    return steps


def mentorship_steps(user, profile) -> list[Step]:
    """What her active mentorships wait for from her, oldest mentorship first: one query,
    with both people's profiles, the agreement, whether a meeting was ever set, the first
    proposal waiting for her answer (one with a time still ahead) and the oldest meeting her
    partner logged that waits for her confirmation."""
    live_meeting = Meeting.objects.open().filter(mentorship=OuterRef("pk"))
    time_ahead = MeetingOption.objects.filter(meeting=OuterRef("pk"), starts_at__gt=timezone.now())
    waiting = (
        Meeting.objects.filter(mentorship=OuterRef("pk"), status=Meeting.Status.PROPOSED)
        .exclude(proposed_by=user)
        .filter(Exists(time_ahead))
        .order_by("created_at", "pk")
        .values("public_id")[:1]
    )
    mentorships = (
        Mentorship.objects.active()
        .involving(user)
        .select_related("mentor__profile", "mentee__profile", "agreement")
        .annotate(
            has_meeting=Exists(live_meeting),
            proposal_waiting=Subquery(waiting),
            logged_to_confirm=Subquery(
                Meeting.objects.filter(mentorship=OuterRef("pk"), status=Meeting.Status.LOGGED)
                .exclude(proposed_by=user)
                .order_by("starts_at")
                .values("public_id")[:1]
            ),
        )
        .order_by("created_at", "pk")
    )
    return [step for mentorship in mentorships for step in _steps_of(mentorship, user)]


register_step(name="cycles.mentorships", order=ACCEPT_AGREEMENT, pending=mentorship_steps)
