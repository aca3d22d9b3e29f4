"""Writes for mentorships and their cycle (SPEC §7–9).

Every function takes the acting user as ``by``: only the pair's two participants act on a
mentorship (``PermissionDenied`` otherwise), and a broken rule raises ``ValidationError``
with a message for the user. Emails go out after the commit.
"""

import zoneinfo
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.resubmit import just_written
from notifications import outbox
from notifications.emails import absolute_url
from profiles.selectors import staff_to_notify

from . import emails
from .content import ITEM_KEYS
from .models import (
    MAX_GOALS,
    MAX_MONTHS,
    Agreement,
    AgreementVersion,
    Goal,
    GoalRevision,
    Meeting,
    Mentorship,
    MentorshipEvent,
    Message,
    Phase,
    PhaseTick,
    Style,
)
from .permissions import require_participant

Kind = MentorshipEvent.Kind
MESSAGE_EMAIL_INTERVAL = timedelta(hours=1)
AGREEMENT_FIELDS = [
    "expectations",
    "steps",
    "boundaries",
    "meetings_per_month",
    "meeting_minutes",
    "availability",
    "confidentiality",
    "termination_clause",
    "start_date",
    "end_date",
    "mentor_success_criteria",
    "mentee_success_criteria",
]
MEETING_FIELDS = ["starts_at", "time_zone", "duration_minutes", "location", "agenda"]
MEETING_RECORD_FIELDS = ["notes", "tasks_next_time"]


# --- access --------------------------------------------------------------------------------


def _locked(mentorship: Mentorship, by) -> Mentorship:
    """Check ``by`` takes part, then lock the mentorship row for the rest of the transaction."""
    require_participant(by, mentorship)
    return Mentorship.objects.select_for_update().get(pk=mentorship.pk)


def _require_active(mentorship: Mentorship) -> None:
    if not mentorship.is_active:
        raise ValidationError(
            _("This mentorship has ended; its records stay available to you both.")
        )


def _url(mentorship: Mentorship) -> str:
    return absolute_url(reverse("cycles:mentorship_detail", args=[mentorship.public_id]))


def _path(name: str, public_id) -> str:
    """A page of the site, as an inbox item stores it."""
    return reverse(name, args=[public_id])


def _tell_partner(
    mentorship: Mentorship,
    by,
    *,
    kind: str,
    occasion: str,
    template: str,
    context: dict,
    link: str,
    **params,
) -> None:
    """Tell the other of the pair what ``by`` did: an item in her inbox (naming only the role
    of who acted) and the email she chose for the kind."""
    outbox.send(
        user=mentorship.other(by),
        kind=kind,
        template=template,
        occasion=occasion,
        context={"mentorship": mentorship, **context},
        params={"by": emails.role_of(mentorship, by), **params},
        link=link,
    )


def _event(mentorship, by, kind, *, from_value="", to_value="", note="") -> None:
    MentorshipEvent.objects.create(
        mentorship=mentorship,
        actor=by,
        kind=kind,
        from_value=str(from_value),
        to_value=str(to_value),
        note=note,
    )


# --- the cycle -----------------------------------------------------------------------------


@transaction.atomic
def start_mentorship(*, mentor, mentee, style: str) -> Mentorship:
    """Open the pair's mentorship in phase 1. Called by matching when a request is accepted,
    which holds the locks that keep capacity."""
    if style not in Style.values:
        raise ValidationError(_("Choose traditional or flash mentoring."))
    start = timezone.localdate()
    mentorship = Mentorship(
        mentor=mentor,
        mentee=mentee,
        style=style,
        start_date=start,
        end_date=start + relativedelta(months=MAX_MONTHS) if style == Style.TRADITIONAL else None,
    )
    mentorship.full_clean()
    mentorship.save()
    _event(mentorship, None, Kind.STARTED, to_value=style)
    return mentorship


def next_phase(mentorship: Mentorship) -> int | None:
    phases = mentorship.phases()
    index = phases.index(mentorship.phase)
    return phases[index + 1] if index + 1 < len(phases) else None


@transaction.atomic
def advance_phase(*, mentorship: Mentorship, by) -> Mentorship:
    """Move to the next phase: traditional 1 → 2 → 3 → 4, flash 1 → 2 → 4. A traditional
    mentorship enters phase 3 only once both have accepted the agreement."""
    mentorship = _locked(mentorship, by)
    _require_active(mentorship)
    target = next_phase(mentorship)
    if target is None:
        raise ValidationError(
            _("This is the last phase: confirm the closure when you have both finished.")
        )
    if target == Phase.ENABLING:
        agreement = Agreement.objects.filter(mentorship=mentorship).first()
        if agreement is None or not agreement.accepted_by_both:
            raise ValidationError(
                _("Phase 3 starts once you have both accepted the mentoring agreement.")
            )
    previous = mentorship.phase
    mentorship.phase = target
    mentorship.save(update_fields=["phase"])
    _event(mentorship, by, Kind.PHASE, from_value=previous, to_value=target)
    _tell_partner(
        mentorship,
        by,
        kind=emails.PHASE_MOVED,
        template="cycles/phase_moved",
        occasion=f"phase:{mentorship.pk}:{target}",
        context={"phase": int(target), "url": _url(mentorship)},
        link=_path("cycles:mentorship_detail", mentorship.public_id),
        phase=int(target),
    )
    return mentorship


@transaction.atomic
def confirm_closure(*, mentorship: Mentorship, by) -> Mentorship:
    """In phase 4 each participant confirms the closure; with both, the cycle is completed."""
    mentorship = _locked(mentorship, by)
    _require_active(mentorship)
    if mentorship.phase != Phase.CLOSURE:
        raise ValidationError(_("The closure is confirmed in phase 4, Closure."))
    field = f"{mentorship.role_of(by)}_confirmed_closure_at"
    if getattr(mentorship, field) is None:
        setattr(mentorship, field, timezone.now())
        mentorship.save(update_fields=[field])
        _event(mentorship, by, Kind.CLOSURE_CONFIRMED)
        other_field = f"{mentorship.role_of(mentorship.other(by))}_confirmed_closure_at"
        if getattr(mentorship, other_field) is None:  # the cycle now waits for her
            _tell_partner(
                mentorship,
                by,
                kind=emails.CLOSURE_CONFIRMED,
                template="cycles/closure_confirmed",
                occasion=f"closure:{mentorship.pk}",
                context={"url": _url(mentorship)},
                link=_path("cycles:mentorship_detail", mentorship.public_id),
            )
    if mentorship.mentor_confirmed_closure_at and mentorship.mentee_confirmed_closure_at:
        mentorship.status = Mentorship.Status.COMPLETED
        mentorship.ended_at = timezone.now()
        mentorship.save(update_fields=["status", "ended_at"])
        _event(mentorship, by, Kind.COMPLETED)
        for person in (mentorship.mentor, mentorship.mentee):
            outbox.send(
                user=person,
                kind=emails.MENTORSHIP_COMPLETED,
                template="cycles/completed",
                occasion=f"mentorship:{mentorship.pk}",
                context={
                    "mentorship": mentorship,
                    "url": _url(mentorship),
                },
                link=_path("cycles:mentorship_detail", mentorship.public_id),
            )
    return mentorship


@transaction.atomic
def end_mentorship(
    *, mentorship: Mentorship, by, reason: str = "", account_closed: bool = False
) -> Mentorship:
    """Either participant may end the mentorship at any time, without blame (the termination
    clause). The other person and the program staff are told; everything stays recorded.
    ``account_closed``: it ends because ``by``'s account is being erased, not by her choice
    (what the other person's inbox says)."""
    mentorship = _locked(mentorship, by)
    _require_active(mentorship)
    mentorship.status = Mentorship.Status.ENDED_EARLY
    mentorship.ended_at = timezone.now()
    mentorship.ended_by = by
    mentorship.end_reason = (reason or "").strip()
    mentorship.full_clean()
    mentorship.save(update_fields=["status", "ended_at", "ended_by", "end_reason"])
    _event(mentorship, by, Kind.ENDED, note=mentorship.end_reason)
    who = {"by": emails.role_of(mentorship, by), "closed": account_closed}
    other = mentorship.other(by)
    outbox.send(
        user=other,
        kind=emails.MENTORSHIP_ENDED,
        template="cycles/ended",
        occasion=f"mentorship:{mentorship.pk}",
        context={"mentorship": mentorship, "url": _url(mentorship)},
        params=who,
        link=_path("cycles:mentorship_detail", mentorship.public_id),
    )
    for staff in staff_to_notify(exclude=[by.pk]):
        outbox.send(
            user=staff,
            kind=emails.MENTORSHIP_ENDED_STAFF,
            template="cycles/ended_staff",
            occasion=f"mentorship:{mentorship.pk}",
            context={
                "mentorship": mentorship,
                "url": absolute_url(
                    reverse("admin:cycles_mentorship_change", args=[mentorship.pk])
                ),
            },
            params=who,
        )
    return mentorship


@transaction.atomic
def set_tick(*, mentorship: Mentorship, by, item: str, done: bool) -> None:
    """Tick or untick one item of a phase checklist, for ``by`` only."""
    mentorship = _locked(mentorship, by)
    _require_active(mentorship)
    if item not in ITEM_KEYS:
        raise ValidationError(_("This checklist item does not exist."))
    if done:
        PhaseTick.objects.get_or_create(mentorship=mentorship, user=by, item=item)
    else:
        PhaseTick.objects.filter(mentorship=mentorship, user=by, item=item).delete()


def record_tick(*, mentorship: Mentorship, user, item: str) -> None:
    """Tick ``item`` for ``user`` because she did it elsewhere (her final evaluation), also
    once the mentorship has ended: the checklist keeps what was done."""
    if item not in ITEM_KEYS:
        raise ValidationError(_("This checklist item does not exist."))
    PhaseTick.objects.get_or_create(mentorship=mentorship, user=user, item=item)


# --- the agreement -------------------------------------------------------------------------


def latest_end_date(start: date) -> date:
    return start + relativedelta(months=MAX_MONTHS)


def _day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


def _agreement_date_errors(mentorship: Mentorship, start, end) -> dict:
    """The agreement's timeline lies within the mentorship: it starts on or after the day the
    mentorship started and ends at most 4 months after that day (SPEC §7, §8)."""
    errors = {}
    latest = latest_end_date(mentorship.start_date)
    if start and start < mentorship.start_date:
        errors["start_date"] = _("Start on or after %(date)s, when your mentorship started.") % {
            "date": _day(mentorship.start_date)
        }
    elif start and start >= latest:
        errors["start_date"] = _(
            "Start before %(date)s: a mentoring cycle lasts at most %(months)d months from "
            "the start of your mentorship (%(start)s)."
        ) % {"date": _day(latest), "months": MAX_MONTHS, "start": _day(mentorship.start_date)}
    if start and end and end <= start:
        errors["end_date"] = _("Choose an end date after the start date.")
    elif end and end > latest:
        errors["end_date"] = _(
            "A mentoring cycle lasts at most %(months)d months: end on %(date)s at the latest."
        ) % {"months": MAX_MONTHS, "date": _day(latest)}
    return errors


def _agreement_content(agreement: Agreement, goals) -> dict:
    content = {name: getattr(agreement, name) for name in AGREEMENT_FIELDS}
    content["start_date"] = agreement.start_date.isoformat()
    content["end_date"] = agreement.end_date.isoformat()
    content["goals"] = [goal.title for goal in goals]
    return content


def _active_goals(mentorship: Mentorship):
    return Goal.objects.filter(mentorship=mentorship).exclude(status=Goal.Status.DROPPED)


@transaction.atomic
def save_agreement(*, mentorship: Mentorship, by, data: dict, goals: list[str]) -> Agreement:
    """Write the agreement and its goals (at most 3). Every change of its text makes a new
    version: the earlier text is kept as an ``AgreementVersion`` and both acceptances are
    cleared. Its dates lie within the mentorship's 4 months."""
    mentorship = _locked(mentorship, by)
    _require_active(mentorship)
    goals = [title.strip() for title in goals if title and title.strip()]
    errors = {}
    if not goals:
        errors["goals"] = _("Write at least one goal.")
    elif len(goals) > MAX_GOALS:
        errors["goals"] = _("An agreement has at most %(max)d goals.") % {"max": MAX_GOALS}
    agreement = Agreement.objects.filter(mentorship=mentorship).first()
    before = None
    if agreement is not None:
        before = _agreement_content(agreement, _active_goals(mentorship))
    else:
        agreement = Agreement(mentorship=mentorship)
    for name in AGREEMENT_FIELDS:
        if name in data:
            setattr(agreement, name, data[name])
    errors.update(_agreement_date_errors(mentorship, agreement.start_date, agreement.end_date))
    if (
        agreement.meetings_per_month
        and agreement.meeting_minutes
        and (agreement.minutes_per_month < 60)
    ):
        errors["meeting_minutes"] = _("The program asks for at least 1 hour of meetings a month.")
    if not agreement.confidentiality:
        errors["confidentiality"] = _("Both of you commit to confidentiality.")
    if not agreement.termination_clause:
        errors["termination_clause"] = _("Both of you acknowledge the termination clause.")
    if errors:
        raise ValidationError(errors)
    agreement.updated_by = by
    agreement.full_clean()
    existing = list(Goal.objects.filter(mentorship=mentorship).order_by("position", "pk"))
    unchanged = before is not None and before == {
        **{name: getattr(agreement, name) for name in AGREEMENT_FIELDS},
        "start_date": agreement.start_date.isoformat(),
        "end_date": agreement.end_date.isoformat(),
        "goals": goals,
    }
    if unchanged:
        return agreement
    partner_accepted = bool(
        agreement.pk
        and getattr(agreement, f"{mentorship.role_of(mentorship.other(by))}_accepted_at")
    )
    if agreement.pk:
        # Every change of the text is a new revision, accepted or not: an acceptance names the
        # revision she read (``accept_agreement``), so it never lands on a text she did not see.
        AgreementVersion.objects.create(
            agreement=agreement,
            version=agreement.version,
            content=before,
            mentor_accepted_at=agreement.mentor_accepted_at,
            mentee_accepted_at=agreement.mentee_accepted_at,
        )
        agreement.version += 1
        agreement.mentor_accepted_at = None
        agreement.mentee_accepted_at = None
        _event(mentorship, by, Kind.AGREEMENT_CHANGED, to_value=agreement.version)
    agreement.save()
    _sync_goals(mentorship, by, existing, goals)
    # The other now has a text to accept: once per version.
    _tell_partner(
        mentorship,
        by,
        kind=emails.AGREEMENT_WRITTEN,
        template="cycles/agreement_written",
        occasion=f"agreement:{agreement.pk}:{agreement.version}",
        context={
            "version": agreement.version,
            "changed": agreement.version > 1,
            "again": partner_accepted,
            "url": absolute_url(_path("cycles:agreement_detail", mentorship.public_id)),
        },
        link=_path("cycles:agreement_detail", mentorship.public_id),
        changed=agreement.version > 1,
        again=partner_accepted,
    )
    return agreement


def _sync_goals(mentorship, by, existing: list[Goal], titles: list[str]) -> None:
    """The agreement's goal list becomes the pair's goals: same positions keep their goal
    (a new title is a revision), extra ones are dropped, new ones are added."""
    active = [goal for goal in existing if goal.status != Goal.Status.DROPPED]
    for position, title in enumerate(titles):
        if position < len(active):
            goal = active[position]
            if goal.title != title:
                _revise(goal, by)
                goal.title = title
                goal.position = position
                goal.save(update_fields=["title", "position", "updated_at"])
        else:
            Goal.objects.create(mentorship=mentorship, title=title, position=position)
    for goal in active[len(titles) :]:
        _revise(goal, by)
        goal.status = Goal.Status.DROPPED
        goal.save(update_fields=["status", "updated_at"])


@transaction.atomic
def accept_agreement(*, mentorship: Mentorship, by, version: int) -> Agreement:
    """``by`` accepts ``version`` of the agreement, the text she read. Checked under the row
    lock, so a change saved a moment earlier is never accepted in her name."""
    mentorship = _locked(mentorship, by)
    _require_active(mentorship)
    agreement = Agreement.objects.select_for_update().filter(mentorship=mentorship).first()
    if agreement is None:
        raise ValidationError(_("Write the agreement together first."))
    if str(version) != str(agreement.version):
        raise ValidationError(
            _("The agreement changed since you opened it; read the new version."), code="stale"
        )
    field = f"{mentorship.role_of(by)}_accepted_at"
    if getattr(agreement, field) is None:
        # An agreement saved before its dates were tied to the mentorship (one starting
        # before it, or running past its 4 months) is corrected first: accepted by both, its
        # end becomes the mentorship's, which may not lie before the mentorship's start.
        if _agreement_date_errors(mentorship, agreement.start_date, agreement.end_date):
            raise ValidationError(
                _(
                    "The agreement's dates lie outside your mentorship (from %(start)s to "
                    "%(end)s at the latest). Edit the timeline first, then accept it."
                )
                % {
                    "start": _day(mentorship.start_date),
                    "end": _day(latest_end_date(mentorship.start_date)),
                },
                code="dates",
            )
        setattr(agreement, field, timezone.now())
        agreement.save(update_fields=[field])
        _event(mentorship, by, Kind.AGREEMENT_ACCEPTED, to_value=agreement.version)
        if agreement.accepted_by_both and agreement.end_date != mentorship.end_date:
            mentorship.end_date = agreement.end_date
            mentorship.full_clean(validate_unique=False)
            mentorship.save(update_fields=["end_date"])
        _tell_partner(
            mentorship,
            by,
            kind=emails.AGREEMENT_ACCEPTED,
            template="cycles/agreement_accepted",
            occasion=f"agreement:{agreement.pk}:{agreement.version}",
            context={
                "version": agreement.version,
                "url": absolute_url(_path("cycles:agreement_detail", mentorship.public_id)),
            },
            link=_path("cycles:agreement_detail", mentorship.public_id),
        )
    return agreement


# --- goals ---------------------------------------------------------------------------------


def _revise(goal: Goal, by) -> None:
    GoalRevision.objects.create(
        goal=goal,
        actor=by,
        title=goal.title,
        description=goal.description,
        status=goal.status,
        progress_note=goal.progress_note,
    )


@transaction.atomic
def add_goal(*, mentorship: Mentorship, by, title: str, description: str = "") -> Goal:
    mentorship = _locked(mentorship, by)
    _require_active(mentorship)
    if _active_goals(mentorship).count() >= MAX_GOALS:
        raise ValidationError(
            _("You already have %(max)d goals. Mark one as dropped before adding another.")
            % {"max": MAX_GOALS}
        )
    goal = Goal(
        mentorship=mentorship,
        title=(title or "").strip(),
        description=(description or "").strip(),
        position=Goal.objects.filter(mentorship=mentorship).count(),
    )
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def update_goal(*, goal: Goal, by, data: dict) -> Goal:
    """Change a goal's title, description, status or progress; the old text is kept."""
    mentorship = _locked(goal.mentorship, by)
    _require_active(mentorship)
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    fields = [
        name
        for name in ("title", "description", "status", "progress_note")
        if name in data and data[name] != getattr(goal, name)
    ]
    if not fields:
        return goal
    if (
        goal.status == Goal.Status.DROPPED
        and data.get("status", goal.status) != Goal.Status.DROPPED
        and _active_goals(mentorship).count() >= MAX_GOALS
    ):
        raise ValidationError({"status": _("You already have %(max)d goals.") % {"max": MAX_GOALS}})
    _revise(goal, by)
    for name in fields:
        setattr(goal, name, data[name])
    goal.full_clean()
    goal.save(update_fields=[*fields, "updated_at"])
    return goal


# --- meetings ------------------------------------------------------------------------------


def meeting_period(mentorship: Mentorship) -> tuple[date, date | None, str]:
    """The days a meeting of the pair may lie on: from the mentorship's start to its last day
    (the agreement's end date, and at most 4 months after the start for a traditional one), and
    what that last day is, for the message."""
    last, reason = None, ""
    if mentorship.is_traditional:
        last = latest_end_date(mentorship.start_date)
        reason = _("the end of the %(months)d months of your mentorship") % {"months": MAX_MONTHS}
    agreement = Agreement.objects.filter(mentorship=mentorship).only("end_date").first()
    if agreement is not None and (last is None or agreement.end_date < last):
        last, reason = agreement.end_date, _("the end date in your agreement")
    return mentorship.start_date, last, reason


def check_meeting_time(mentorship: Mentorship, starts_at: datetime, *, time_zone=None) -> None:
    """A meeting lies within the mentorship's period (``meeting_period``), on the day of the
    meeting where it is held. Raises a ``ValidationError`` on ``starts_at`` that says the days."""
    if starts_at is None:
        return
    zone = zoneinfo.ZoneInfo(time_zone) if time_zone else starts_at.tzinfo
    day = starts_at.astimezone(zone).date()
    first, last, reason = meeting_period(mentorship)
    if day < first:
        raise ValidationError(
            {
                "starts_at": _("Choose a day on or after %(date)s, when your mentorship started.")
                % {"date": _day(first)}
            },
            code="before_start",
        )
    if last is not None and day > last:
        raise ValidationError(
            {
                "starts_at": _("Choose a day on or before %(date)s, %(reason)s.")
                % {"date": _day(last), "reason": reason}
            },
            code="after_end",
        )


def _check_time_zone(data: dict) -> None:
    if "time_zone" in data:
        try:
            zoneinfo.ZoneInfo(data["time_zone"])
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError) as error:
            raise ValidationError({"time_zone": _("Choose a time zone from the list.")}) from error


@transaction.atomic
def schedule_meeting(*, mentorship: Mentorship, by, data: dict) -> Meeting:
    """Propose a meeting. The first one is the mentee's to propose (the program asks her to
    take that step)."""
    mentorship = _locked(mentorship, by)
    _require_active(mentorship)
    is_first = not Meeting.objects.open().filter(mentorship=mentorship).exists()
    if is_first and by.pk != mentorship.mentee_id:
        raise ValidationError(
            _(
                "In the program the mentee proposes the first meeting. Your mentee has been "
                "asked to do so."
            )
        )
    _check_time_zone(data)
    starts_at: datetime = data.get("starts_at")
    if starts_at and starts_at < timezone.now():
        raise ValidationError({"starts_at": _("Choose a time in the future.")})
    check_meeting_time(mentorship, starts_at, time_zone=data.get("time_zone"))
    again = just_written(
        Meeting.objects.filter(mentorship=mentorship, proposed_by=by, starts_at=starts_at).open()
    )
    if again is not None:  # the same form sent twice
        return again
    meeting = Meeting(
        mentorship=mentorship,
        proposed_by=by,
        **{name: data[name] for name in MEETING_FIELDS if name in data},
    )
    meeting.full_clean()
    meeting.save()
    other = mentorship.other(by)
    outbox.send(
        user=other,
        kind=emails.MEETING_SCHEDULED,
        template="cycles/meeting_scheduled",
        occasion=f"meeting:{meeting.pk}",
        context={
            "meeting": meeting,
            "url": absolute_url(reverse("cycles:meeting_detail", args=[meeting.public_id])),
            "ics_url": absolute_url(reverse("cycles:meeting_ics", args=[meeting.public_id])),
        },
        params={"by": emails.role_of(mentorship, by)},
    )
    return meeting


@transaction.atomic
def update_meeting(*, meeting: Meeting, by, data: dict) -> Meeting:
    """Change a meeting's time, place or agenda (before it), or its shared notes and tasks."""
    mentorship = _locked(meeting.mentorship, by)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled."))
    plan = [name for name in MEETING_FIELDS if name in data]
    if plan:
        _require_active(mentorship)
        minutes = data.get("duration_minutes", meeting.duration_minutes)
        if meeting.starts_at <= timezone.now() and minutes != meeting.duration_minutes:
            # Its hours count (a logged one's once confirmed): only its agenda or place may
            # be corrected afterwards.
            raise ValidationError(
                {"duration_minutes": _("A meeting that took place keeps its length.")}
            )
        _check_time_zone(data)
        starts_at = data.get("starts_at", meeting.starts_at)
        if starts_at != meeting.starts_at and starts_at < timezone.now():
            raise ValidationError({"starts_at": _("Choose a time in the future.")})
        if starts_at != meeting.starts_at:
            check_meeting_time(
                mentorship, starts_at, time_zone=data.get("time_zone", meeting.time_zone)
            )
    fields = [name for name in [*plan, *MEETING_RECORD_FIELDS] if name in data]
    planned = {name: getattr(meeting, name) for name in plan}
    for name in fields:
        setattr(meeting, name, data[name])
    meeting.full_clean()
    meeting.save(update_fields=[*fields, "updated_at"])
    if any(getattr(meeting, name) != before for name, before in planned.items()):
        # Its time, place or agenda changed (notes are shared, not news): each change is an
        # occasion of its own.
        outbox.send(
            user=mentorship.other(by),
            kind=emails.MEETING_CHANGED,
            template="cycles/meeting_changed",
            occasion=f"meeting:{meeting.pk}:{meeting.updated_at.isoformat()}",
            context={
                "meeting": meeting,
                "url": absolute_url(reverse("cycles:meeting_detail", args=[meeting.public_id])),
                "ics_url": absolute_url(reverse("cycles:meeting_ics", args=[meeting.public_id])),
            },
            params={"by": emails.role_of(mentorship, by)},
        )
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, by) -> Meeting:
    mentorship = _locked(meeting.mentorship, by)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        return meeting
    _require_active(mentorship)
    if meeting.starts_at < timezone.now():
        raise ValidationError(_("A meeting that has taken place cannot be cancelled."))
    meeting.cancelled_at = timezone.now()
    meeting.status = Meeting.Status.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["cancelled_at", "status", "sequence", "updated_at"])
    outbox.send(
        user=mentorship.other(by),
        kind=emails.MEETING_CANCELLED,
        template="cycles/meeting_cancelled",
        occasion=f"meeting:{meeting.pk}",
        context={"meeting": meeting, "url": _url(mentorship)},
        params={"by": emails.role_of(mentorship, by)},
        link=_path("cycles:mentorship_detail", mentorship.public_id),
    )
    return meeting


# --- the conversation ----------------------------------------------------------------------


@transaction.atomic
def post_message(*, mentorship: Mentorship, by, body: str) -> Message:
    """Add a message to the pair's thread. The other person gets an email about new messages
    at most once an hour."""
    mentorship = _locked(mentorship, by)
    _require_active(mentorship)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a message first.")})
    last = Message.objects.filter(mentorship=mentorship).order_by("-created_at", "-pk").first()
    # Still the thread's last word, a moment ago: the same form sent twice.
    if (
        last is not None
        and last.author_id == by.pk
        and last.body == body
        and just_written(Message.objects.filter(pk=last.pk)) is not None
    ):
        return last
    now = timezone.now()
    message = Message(mentorship=mentorship, author=by, body=body, created_at=now)
    message.full_clean()
    recently_emailed = Message.objects.filter(
        mentorship=mentorship,
        author=by,
        emailed_at__gte=now - MESSAGE_EMAIL_INTERVAL,
    ).exists()
    if not recently_emailed:
        message.emailed_at = now
    message.save()
    # Every message shows in her inbox (one item per conversation, counting what she has not
    # read); the email comes at most once an hour.
    outbox.send(
        user=mentorship.other(by),
        kind=emails.NEW_MESSAGE,
        template="cycles/new_message",
        occasion=f"message:{message.pk}",
        inbox_occasion=f"conversation:{mentorship.pk}",
        email=message.emailed_at is not None,
        params={"from": emails.role_of(mentorship, by)},
        context={
            "mentorship": mentorship,
            "message": message,
            "url": _url(mentorship) + "#conversation",
        },
    )
    return message
