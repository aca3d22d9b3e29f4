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
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.resubmit import just_written
from notifications import outbox
from notifications.emails import absolute_url
from profiles import access
from profiles import emails as profile_emails
from profiles.selectors import staff_to_notify

from . import emails, selectors
from .content import ITEM_KEYS
from .models import (
    MAX_GOALS,
    MAX_MONTHS,
    Agreement,
    AgreementVersion,
    Goal,
    GoalRevision,
    Meeting,
    MeetingOption,
    Mentorship,
    MentorshipEvent,
    Message,
    Phase,
    PhaseTick,
)
from .permissions import has_minor, require_participant
from .selectors import online_meeting_places
from .starting import Refusal, start_mentorships

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


PAUSED = gettext_lazy(
    "This mentorship is paused because a guardian's consent was withdrawn. No new meetings or "
    "messages until the program staff resume it."
)


def _require_taking_part(mentorship: Mentorship) -> None:
    """Paused (her guardian withdrew consent), or a mentee whose guardian has not consented
    (``profiles.access.may_take_part``): no new meeting or message, with the reason."""
    if mentorship.paused_at is not None:
        raise ValidationError(PAUSED)
    taking_part = access.may_take_part(mentorship.mentee)
    if not taking_part.allowed:
        raise ValidationError(taking_part.reason)


def pause_mentorships_of(user) -> int:
    """Her guardian withdrew consent: her active mentorships are paused (``profiles.guardian``
    runs this in the withdrawal's transaction). Returns how many."""
    return Mentorship.objects.filter(
        mentee=user, status=Mentorship.Status.ACTIVE, paused_at__isnull=True
    ).update(paused_at=timezone.now())


@transaction.atomic
def resume_mentorship(*, mentorship: Mentorship) -> Mentorship:
    """Program staff resume a mentorship paused when a guardian withdrew consent, once her
    guardian has consented again (``profiles.access.may_take_part``): until then it stays
    paused, with the reason."""
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if mentorship.paused_at is None:
        return mentorship
    if not access.may_take_part(mentorship.mentee).allowed:
        raise ValidationError(
            _("%(name)s's guardian has not consented again: the mentorship stays paused.")
            % {"name": mentorship.mentee.get_full_name()}
        )
    mentorship.paused_at = None
    mentorship.save(update_fields=["paused_at"])
    return mentorship


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


REFUSALS = {
    Refusal.BLOCKED: gettext_lazy("One of you has blocked the other."),
    Refusal.NOT_TAKING_PART: gettext_lazy(
        "The mentee cannot start mentoring yet: her guardian's consent is needed first."
    ),
    Refusal.NOT_SCREENED: gettext_lazy(
        "Mentees under 18 can only be matched with mentors whose screening is valid."
    ),
    Refusal.HAS_TRADITIONAL: gettext_lazy(
        "The mentee already has a traditional mentorship with another mentor."
    ),
    Refusal.NO_PLACE: gettext_lazy("The mentor has no free place."),
}


def start_mentorship(*, mentor, mentee, style: str, capacity: int | None = None) -> Mentorship:
    """Open the pair's mentorship in phase 1, once the rules of every start hold
    (``cycles.starting``); ``capacity`` is the mentor's, for traditional mentoring. A refusal
    is a ValidationError whose code is the ``Refusal``."""
    started = start_mentorships(
        pairs=[(mentor.pk, mentee.pk)],
        style=style,
        capacities=None if capacity is None else {mentor.pk: capacity},
    )
    refusal = started.refused.get((mentor.pk, mentee.pk))
    if refusal is not None:
        raise ValidationError(REFUSALS[refusal], code=refusal)
    return started.mentorships[(mentor.pk, mentee.pk)]


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
        _call_off_meetings(mentorship)
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


def _end_early(mentorship: Mentorship, by, reason: str, *, at=None) -> None:
    """The locked, active ``mentorship`` ends early by ``by``, with her reason, in its
    history."""
    mentorship.status = Mentorship.Status.ENDED_EARLY
    mentorship.ended_at = at or timezone.now()
    mentorship.ended_by = by
    mentorship.end_reason = (reason or "").strip()
    mentorship.full_clean()
    mentorship.save(update_fields=["status", "ended_at", "ended_by", "end_reason"])
    _event(mentorship, by, Kind.ENDED, note=mentorship.end_reason)


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
    _end_early(mentorship, by, reason)
    _call_off_meetings(mentorship)
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
#
# A planned meeting starts as a proposal: one to three times (``MeetingOption``) with one
# length, place and agenda. The partner accepts one of them (the meeting is then agreed,
# ``CONFIRMED``: the only status that counts) or declines them all with other times of her
# own (the proposal is ``DECLINED`` and hers is a new proposal the first proposer answers).
# The proposer may withdraw her proposal while it waits.
#
# An agreed meeting may be changed (time, place, agenda) or cancelled until it starts, with a
# short note to the partner. A change keeps it agreed: the partner is told, with the note and
# the updated calendar file; if the new time does not suit her she cancels it with a note, or
# proposes another. Every change raises ``sequence``, so calendars replace their copy.
# Ending a mentorship cancels its future agreed meetings and its open proposals.


MAX_OPTIONS = 3


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


def _check_times(times: list) -> list[datetime]:
    """One to three different times, all in the future, earliest first."""
    times = [time for time in times if time]
    if not times:
        raise ValidationError({"starts_at": _("Offer at least one time.")})
    if len(times) > MAX_OPTIONS:
        raise ValidationError(
            {"starts_at": _("Offer at most %(max)d times.") % {"max": MAX_OPTIONS}}
        )
    if any(time < timezone.now() for time in times):
        raise ValidationError({"starts_at": _("Choose a time in the future.")})
    if len(set(times)) < len(times):
        raise ValidationError({"starts_at": _("Offer different times.")})
    return sorted(times)


def _check_within_period(mentorship: Mentorship, times: list[datetime], time_zone) -> None:
    """Every offered time lies within the mentorship's period (``check_meeting_time``)."""
    for time in times:
        check_meeting_time(mentorship, time, time_zone=time_zone)


def check_meeting_place(mentorship: Mentorship, location: str) -> None:
    """A pair with a mentee under 18 meets online, in the pair's room or the program's
    channel (``selectors.online_meeting_places``): no private addresses (issue 20)."""
    if not has_minor(mentorship):
        return
    places = online_meeting_places(mentorship)
    if (location or "").strip() in places:
        return
    if not places:
        raise ValidationError(
            {
                "location": _(
                    "Because the mentee is under 18, meetings are held online in the "
                    "program's meeting room, and none is set up yet. Ask the program staff."
                )
            },
            code="minor_place",
        )
    raise ValidationError(
        {
            "location": _(
                "Because the mentee is under 18, meetings are held online in the program's "
                "meeting room: use %(places)s as the place, not another address."
            )
            % {"places": _(" or ").join(places)}
        },
        code="minor_place",
    )


def _meeting_url(meeting: Meeting) -> str:
    return absolute_url(_path("cycles:meeting_detail", meeting.public_id))


def _new_proposal(mentorship: Mentorship, by, data: dict, times: list[datetime]) -> Meeting:
    meeting = Meeting(
        mentorship=mentorship,
        proposed_by=by,
        status=Meeting.Status.PROPOSED,
        **{name: data[name] for name in MEETING_FIELDS if name in data},
    )
    meeting.starts_at = times[0]
    meeting.full_clean()
    meeting.save()
    MeetingOption.objects.bulk_create(
        MeetingOption(meeting=meeting, starts_at=time, position=position)
        for position, time in enumerate(times, start=1)
    )
    return meeting


@transaction.atomic
def schedule_meeting(*, mentorship: Mentorship, by, data: dict) -> Meeting:
    """Propose a meeting: ``data["times"]``, one to three times (or one ``starts_at``), with
    its time zone, length, place and agenda. The partner accepts one of them
    (``accept_proposal``). The first meeting is the mentee's to propose (the program asks
    her to take that step)."""
    mentorship = _locked(mentorship, by)
    _require_active(mentorship)
    _require_taking_part(mentorship)
    is_first = not Meeting.objects.open().filter(mentorship=mentorship).exists()
    if is_first and by.pk != mentorship.mentee_id:
        raise ValidationError(
            _(
                "In the program the mentee proposes the first meeting. Your mentee has been "
                "asked to do so."
            )
        )
    _check_time_zone(data)
    times = _check_times(data.get("times") or [data.get("starts_at")])
    _check_within_period(mentorship, times, data.get("time_zone"))
    check_meeting_place(mentorship, data.get("location", ""))
    again = just_written(
        Meeting.objects.filter(
            mentorship=mentorship,
            proposed_by=by,
            starts_at=times[0],
            status=Meeting.Status.PROPOSED,
        )
    )
    if again is not None:  # the same form sent twice
        return again
    meeting = _new_proposal(mentorship, by, data, times)
    _tell_partner(
        mentorship,
        by,
        kind=emails.MEETING_SCHEDULED,
        template="cycles/meeting_scheduled",
        occasion=f"meeting:{meeting.pk}",
        context={"meeting": meeting, "url": _meeting_url(meeting)},
        link=_path("cycles:meeting_detail", meeting.public_id),
    )
    return meeting


def _locked_meeting(meeting: Meeting, by) -> tuple[Mentorship, Meeting]:
    mentorship = _locked(meeting.mentorship, by)
    return mentorship, Meeting.objects.select_for_update().get(pk=meeting.pk)


def _require_waiting(meeting: Meeting) -> None:
    """The proposal still waits for an answer."""
    if meeting.is_proposed:
        return
    if meeting.is_confirmed:
        raise ValidationError(_("This proposal has already been accepted."))
    if meeting.status == Meeting.Status.DECLINED:
        raise ValidationError(_("This proposal has already been answered with other times."))
    if meeting.is_cancelled and meeting.agreed_at is None:
        raise ValidationError(_("This proposal was withdrawn."))
    raise ValidationError(_("This meeting is not a proposal waiting for an answer."))


@transaction.atomic
def accept_proposal(*, meeting: Meeting, by, position: int) -> Meeting:
    """The partner accepts one of the proposed times (``position`` 1–3): the meeting is
    agreed, at that time, and the proposer is told (with the calendar file)."""
    mentorship, meeting = _locked_meeting(meeting, by)
    _require_active(mentorship)
    _require_waiting(meeting)
    if meeting.proposed_by_id == by.pk:
        raise ValidationError(
            _("You proposed these times: %(name)s accepts one of them or offers others.")
            % {"name": mentorship.other(by).get_full_name()}
        )
    option = MeetingOption.objects.filter(meeting=meeting, position=position).first()
    if option is None:
        raise ValidationError({"option": _("Choose one of the proposed times.")})
    if option.starts_at <= timezone.now():
        raise ValidationError(
            {"option": _("This time has passed: choose another one, or offer other times.")}
        )
    meeting.starts_at = option.starts_at
    meeting.status = Meeting.Status.CONFIRMED
    meeting.agreed_at = timezone.now()
    meeting.sequence += 1
    meeting.full_clean()
    meeting.save(update_fields=["starts_at", "status", "agreed_at", "sequence", "updated_at"])
    _tell_partner(
        mentorship,
        by,
        kind=emails.PROPOSAL_ACCEPTED,
        template="cycles/proposal_accepted",
        occasion=f"meeting:{meeting.pk}",
        context={"meeting": meeting, "url": _meeting_url(meeting)},
        link=_path("cycles:meeting_detail", meeting.public_id),
    )
    return meeting


@transaction.atomic
def decline_proposal(*, meeting: Meeting, by, times: list, time_zone: str = "") -> Meeting:
    """None of the proposed times works: the partner declines them with one to three other
    times (in ``time_zone``), which makes her the proposer of a new proposal with the same
    length, place and agenda. Returns the new proposal; the first proposer is told."""
    mentorship, meeting = _locked_meeting(meeting, by)
    _require_active(mentorship)
    _require_waiting(meeting)
    if meeting.proposed_by_id == by.pk:
        raise ValidationError(
            _("You proposed these times: withdraw the proposal to offer other times.")
        )
    data = {
        "time_zone": time_zone or meeting.time_zone,
        "duration_minutes": meeting.duration_minutes,
        "location": meeting.location,
        "agenda": meeting.agenda,
    }
    _check_time_zone(data)
    times = _check_times(times)
    _check_within_period(mentorship, times, data["time_zone"])
    meeting.status = Meeting.Status.DECLINED
    meeting.save(update_fields=["status", "updated_at"])
    proposal = _new_proposal(mentorship, by, data, times)
    _tell_partner(
        mentorship,
        by,
        kind=emails.PROPOSAL_DECLINED,
        template="cycles/proposal_declined",
        occasion=f"meeting:{proposal.pk}",
        context={"meeting": proposal, "url": _meeting_url(proposal)},
        link=_path("cycles:meeting_detail", proposal.public_id),
    )
    return proposal


def _withdraw(mentorship: Mentorship, meeting: Meeting, by, note: str) -> Meeting:
    if meeting.proposed_by_id != by.pk:
        raise ValidationError(
            _("Only the person who proposed these times can withdraw them: answer them instead.")
        )
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancelled_at = timezone.now()
    meeting.change_note = (note or "").strip()
    meeting.change_note_by = by
    meeting.full_clean()
    meeting.save(
        update_fields=["status", "cancelled_at", "change_note", "change_note_by", "updated_at"]
    )
    _tell_partner(
        mentorship,
        by,
        kind=emails.MEETING_CANCELLED,
        template="cycles/proposal_withdrawn",
        occasion=f"meeting:{meeting.pk}",
        context={"meeting": meeting, "url": _url(mentorship)},
        link=_path("cycles:meeting_detail", meeting.public_id),
        withdrawn=True,
    )
    return meeting


@transaction.atomic
def withdraw_proposal(*, meeting: Meeting, by, note: str = "") -> Meeting:
    """The proposer takes back her proposal while it waits for an answer."""
    mentorship, meeting = _locked_meeting(meeting, by)
    if meeting.is_cancelled and meeting.agreed_at is None and meeting.proposed_by_id == by.pk:
        return meeting  # a second click
    _require_waiting(meeting)
    return _withdraw(mentorship, meeting, by, note)


def _require_note(note: str, message: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": message})
    return note


@transaction.atomic
def update_meeting(*, meeting: Meeting, by, data: dict, note: str = "") -> Meeting:
    """Change an agreed meeting's time, place or agenda, or write any meeting's shared notes
    and tasks. A change before the meeting asks for a note for the partner and keeps the
    meeting agreed: she is told, with the note and the updated calendar file. After it took
    place its record may be corrected (the time only to one in the future), without news."""
    mentorship, meeting = _locked_meeting(meeting, by)
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled."))
    plan = [name for name in MEETING_FIELDS if name in data]
    changed = [name for name in plan if data[name] != getattr(meeting, name)]
    ahead = meeting.starts_at > timezone.now()
    if changed:
        _require_active(mentorship)
        if meeting.is_proposed:
            raise ValidationError(
                _("A proposal cannot be changed: withdraw it and propose other times.")
            )
        if not meeting.is_confirmed:
            raise ValidationError(_("Only an agreed meeting can be changed."))
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
        if "location" in changed:
            check_meeting_place(mentorship, data["location"])
        if ahead:
            note = _require_note(
                note,
                _("Write a short note for %(name)s: what changed, and why?")
                % {"name": mentorship.other(by).get_full_name()},
            )
    fields = [name for name in [*changed, *MEETING_RECORD_FIELDS] if name in data]
    for name in fields:
        setattr(meeting, name, data[name])
    if changed:
        meeting.sequence += 1
        fields.append("sequence")
        if ahead:
            meeting.change_note = note
            meeting.change_note_by = by
            fields += ["change_note", "change_note_by"]
    meeting.full_clean()
    meeting.save(update_fields=[*fields, "updated_at"])
    if changed and ahead:
        # Each change is an occasion of its own (notes are shared, not news).
        _tell_partner(
            mentorship,
            by,
            kind=emails.MEETING_CHANGED,
            template="cycles/meeting_changed",
            occasion=f"meeting:{meeting.pk}:{meeting.sequence}",
            context={"meeting": meeting, "url": _meeting_url(meeting)},
            link=_path("cycles:meeting_detail", meeting.public_id),
        )
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, by, note: str = "") -> Meeting:
    """Cancel an agreed meeting before it starts, with a note for the partner: she is told,
    with the calendar file that removes it. A proposal is withdrawn by its proposer."""
    mentorship, meeting = _locked_meeting(meeting, by)
    if meeting.is_cancelled:
        return meeting
    if meeting.is_proposed:
        if meeting.proposed_by_id != by.pk:
            raise ValidationError(
                _("Answer the proposal instead: accept one of the times or offer others.")
            )
        return _withdraw(mentorship, meeting, by, note)
    if not meeting.is_confirmed:
        raise ValidationError(_("Only an agreed meeting can be cancelled."))
    _require_active(mentorship)
    if meeting.starts_at < timezone.now():
        raise ValidationError(_("A meeting that has taken place cannot be cancelled."))
    meeting.change_note = _require_note(
        note,
        _("Write a short note for %(name)s: why is the meeting cancelled?")
        % {"name": mentorship.other(by).get_full_name()},
    )
    meeting.change_note_by = by
    meeting.cancelled_at = timezone.now()
    meeting.status = Meeting.Status.CANCELLED
    meeting.sequence += 1
    meeting.save(
        update_fields=[
            "cancelled_at",
            "status",
            "sequence",
            "change_note",
            "change_note_by",
            "updated_at",
        ]
    )
    _tell_partner(
        mentorship,
        by,
        kind=emails.MEETING_CANCELLED,
        template="cycles/meeting_cancelled",
        occasion=f"meeting:{meeting.pk}",
        context={"meeting": meeting, "url": _meeting_url(meeting)},
        link=_path("cycles:meeting_detail", meeting.public_id),
    )
    return meeting


def _call_off_meetings(mentorship: Mentorship) -> None:
    """The mentorship ends (early, or completed): its agreed meetings still ahead and its
    open proposals are cancelled, and each of the pair gets one email listing them, with
    the calendar file that removes each agreed one. Their page says why (the mentorship
    ended at that moment): no note is copied, the reason for ending stays on the
    mentorship."""
    now = timezone.now()
    meetings = list(
        Meeting.objects.select_for_update()
        .filter(mentorship=mentorship)
        .filter(
            Q(status=Meeting.Status.PROPOSED)
            | Q(status=Meeting.Status.CONFIRMED, starts_at__gt=now)
        )
        .order_by("starts_at", "pk")
    )
    if not meetings:
        return
    for meeting in meetings:
        meeting.status = Meeting.Status.CANCELLED
        meeting.cancelled_at = now
        if meeting.agreed_at is not None:
            meeting.sequence += 1
        meeting.save(update_fields=["status", "cancelled_at", "sequence", "updated_at"])
    for person in (mentorship.mentor, mentorship.mentee):
        outbox.send(
            user=person,
            kind=emails.MEETINGS_CALLED_OFF,
            template="cycles/meetings_called_off",
            occasion=f"mentorship:{mentorship.pk}",
            context={"mentorship": mentorship, "meetings": meetings, "url": _url(mentorship)},
            params={"count": len(meetings)},
            link=_path("cycles:mentorship_detail", mentorship.public_id),
        )


# --- the conversation ----------------------------------------------------------------------


@transaction.atomic
def post_message(*, mentorship: Mentorship, by, body: str) -> Message:
    """Add a message to the pair's thread. The other person gets an email about new messages
    at most once an hour."""
    mentorship = _locked(mentorship, by)
    _require_active(mentorship)
    _require_taking_part(mentorship)
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


# --- booked flash sessions -----------------------------------------------------------------
# A mentee books a time a mentor published (matching.services.book_flash_slot): the flash
# mentorship starts with its meeting already agreed by both. The caller holds the locks and
# tells both people; these functions only write the cycle's side.


@transaction.atomic
def book_agreed_meeting(
    *,
    mentorship: Mentorship,
    by,
    starts_at: datetime,
    time_zone: str,
    duration_minutes: int,
    location: str,
    agenda: str = "",
) -> Meeting:
    """A meeting agreed in advance (``CONFIRMED`` at once): the time was the mentor's offer
    and ``by``, the mentee, took it. No email here: the booking's own emails tell both."""
    mentorship = _locked(mentorship, by)
    _require_active(mentorship)
    _check_time_zone({"time_zone": time_zone})
    if starts_at < timezone.now():
        raise ValidationError({"starts_at": _("Choose a time in the future.")})
    if has_minor(mentorship):
        # The slot's place is the mentor's: a mentee under 18 meets in the pair's room or
        # the program's channel instead (refused when neither is set up).
        location = next(iter(online_meeting_places(mentorship)), location)
        check_meeting_place(mentorship, location)
    meeting = Meeting(
        mentorship=mentorship,
        proposed_by=by,
        starts_at=starts_at,
        time_zone=time_zone,
        duration_minutes=duration_minutes,
        location=location,
        agenda=agenda,
        status=Meeting.Status.CONFIRMED,
        origin=Meeting.Origin.PLANNED,
        agreed_at=timezone.now(),
    )
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def cancel_booked_session(*, mentorship: Mentorship, meeting: Meeting, by, note: str) -> Mentorship:
    """The mentor cancels a booked flash session: its meeting is cancelled (its calendar file
    says so) and the flash mentorship, which existed for that one session, ends early with
    her note. No email here: the caller tells the mentee once, of both."""
    mentorship = _locked(mentorship, by)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk, mentorship=mentorship)
    now = timezone.now()
    if not meeting.is_cancelled:
        meeting.status = Meeting.Status.CANCELLED
        meeting.cancelled_at = now
        meeting.sequence += 1
        meeting.save(update_fields=["status", "cancelled_at", "sequence", "updated_at"])
    if mentorship.is_active:
        _end_early(mentorship, by, note, at=now)
    return mentorship


# --- screening of mentors with a minor (issue 20) ------------------------------------------


def alert_screening_expiry(*, day=None) -> int:
    """Every day: tell the staff of each active mentorship with a mentee under 18 whose
    mentor's screening expired, or ends within 30 days (``selectors.screening_due``). Once
    per mentorship, screening end and state (a warning, then the expiry): the occasion says
    which. Returns how many alerts were new."""
    staff = list(staff_to_notify())
    sent = 0
    with transaction.atomic():
        for mentorship in selectors.screening_due(day):
            state = "valid" if mentorship.screening_valid else "expired"
            until = mentorship.screening_until
            occasion = f"screening:{mentorship.pk}:{until or 'none'}:{state}"
            url = absolute_url(reverse("admin:cycles_mentorship_change", args=[mentorship.pk]))
            for person in staff:
                sent += outbox.send(
                    user=person,
                    kind=profile_emails.SCREENING_EXPIRY,
                    template="profiles/screening_expiry",
                    occasion=occasion,
                    context={
                        "url": url,
                        "mentor_name": mentorship.mentor.get_full_name(),
                        "until": until,
                        "expired": state == "expired",
                    },
                    params={"mentorship": mentorship.pk, "state": state},
                )
    return sent
