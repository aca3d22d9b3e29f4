"""Meetings logged afterwards (issue 19): a meeting the pair agreed on by themselves (on the
phone, in a chat) is logged by either of them once it took place. It counts toward the hours,
reflections and reports (``Meeting.objects.counting()``) once the partner confirms it, or
``CONFIRM_AFTER_DAYS`` after it was logged unless she disputes it.

The same rules as ``cycles.services``: the acting user is ``by`` (the pair only,
``PermissionDenied`` otherwise), a broken rule raises ``ValidationError`` with the field's key
and the message she sees, and the partner hears of it through the outbox after the commit.
"""

import zoneinfo
from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from notifications import outbox
from notifications.emails import absolute_url

from . import emails
from .models import Meeting, Mentorship
from .permissions import require_participant
from .services import _check_time_zone, _locked, _require_active
from .times import span

# A logged meeting nobody disputed counts this many days after it was logged.
CONFIRM_AFTER_DAYS = 7
MIN_MINUTES, MAX_MINUTES = 15, 480
LOG_FIELDS = ["starts_at", "time_zone", "duration_minutes", "location", "notes"]
Status = Meeting.Status


def _page_url(meeting: Meeting) -> str:
    return absolute_url(reverse("cycles:meeting_detail", args=[meeting.public_id]))


def _check_log(mentorship: Mentorship, data: dict, now: datetime) -> None:
    """The rules of a logged meeting, each with its field and message."""
    errors = {}
    starts_at: datetime | None = data.get("starts_at")
    if starts_at is not None:
        day = starts_at.astimezone(zoneinfo.ZoneInfo(data["time_zone"])).date()
        if starts_at > now:
            errors["starts_at"] = _(
                "You log a meeting once it has taken place: choose a date and time in the past."
            )
        elif day < mentorship.start_date:
            errors["starts_at"] = _(
                "Your mentorship started on %(date)s: choose a date from then on."
            ) % {"date": date_format(mentorship.start_date, "DATE_FORMAT")}
        elif mentorship.end_date and day > mentorship.end_date:
            errors["starts_at"] = _(
                "Your mentorship ended on %(date)s: choose a date up to then."
            ) % {"date": date_format(mentorship.end_date, "DATE_FORMAT")}
    minutes = data.get("duration_minutes")
    if minutes is None or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        errors["duration_minutes"] = _(
            "A meeting lasts from %(min)d minutes to %(max)d minutes (8 hours)."
        ) % {"min": MIN_MINUTES, "max": MAX_MINUTES}
    if not (data.get("notes") or "").strip():
        errors["notes"] = _("Write a few words about what you talked about.")
    if errors:
        raise ValidationError(errors)


def _check_overlap(mentorship: Mentorship, starts_at: datetime, minutes: int, zone: str) -> None:
    """A logged meeting may not overlap one that counts or waits for its confirmation: the
    same meeting logged again at another minute, or many logged at once, would add hours
    that never happened (they count by themselves after a week of silence). A disputed or
    cancelled one leaves its time free."""
    ends_at = starts_at.astimezone(UTC) + timedelta(minutes=minutes)
    nearby = Meeting.objects.filter(
        mentorship=mentorship,
        status__in=[Status.LOGGED, Status.CONFIRMED],
        starts_at__lt=ends_at,
        starts_at__gt=starts_at - timedelta(minutes=MAX_MINUTES),
    ).order_by("starts_at")
    for other in nearby:
        if other.ends_at > starts_at:
            raise ValidationError(
                {
                    "starts_at": _(
                        "This overlaps a meeting in your meetings already (%(when)s): open "
                        "that one from your mentorship page."
                    )
                    % {"when": span(other.starts_at, other.ends_at, zone)}
                }
            )


@transaction.atomic
def log_meeting(*, mentorship: Mentorship, by, data: dict) -> Meeting:
    """Log a meeting that took place: ``data`` holds ``starts_at`` (aware), ``time_zone``,
    ``duration_minutes``, ``notes`` and, optionally, ``location``. Logged again (the same
    start, by the same person) it is the same meeting: the one row is returned."""
    mentorship = _locked(mentorship, by)
    _require_active(mentorship)
    _check_time_zone(data)
    _check_log(mentorship, data, timezone.now())
    starts_at = data["starts_at"]
    pair_meetings = Meeting.objects.filter(mentorship=mentorship, starts_at=starts_at)
    again = pair_meetings.filter(
        origin=Meeting.Origin.LOGGED,
        proposed_by=by,
        status__in=[Status.LOGGED, Status.CONFIRMED],
    ).first()
    if again is not None:
        return again
    if pair_meetings.filter(status__in=[Status.LOGGED, Status.CONFIRMED]).exists():
        raise ValidationError(
            {
                "starts_at": _(
                    "A meeting at this time is in your meetings already: open it from your "
                    "mentorship page."
                )
            }
        )
    _check_overlap(mentorship, starts_at, data["duration_minutes"], data["time_zone"])
    meeting = Meeting(
        mentorship=mentorship,
        proposed_by=by,
        origin=Meeting.Origin.LOGGED,
        status=Status.LOGGED,
        starts_at=starts_at,
        time_zone=data["time_zone"],
        duration_minutes=data["duration_minutes"],
        location=(data.get("location") or "").strip(),
        notes=data["notes"].strip(),
    )
    meeting.full_clean()
    meeting.save()
    outbox.send(
        user=mentorship.other(by),
        kind=emails.MEETING_LOGGED,
        template="cycles/meeting_logged",
        occasion=f"meeting:{meeting.pk}",
        context={"meeting": meeting, "page_url": _page_url(meeting), "days": CONFIRM_AFTER_DAYS},
        # No stored link: the kind finds the meeting's page, and the inbox once it is deleted.
        params={"by": emails.role_of(mentorship, by), "meeting": meeting.pk},
    )
    return meeting


def _awaiting(meeting: Meeting, by) -> tuple[Mentorship, Meeting]:
    """The meeting, locked, if it waits for ``by``'s answer; the refusal otherwise."""
    mentorship = _locked(meeting.mentorship, by)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Status.LOGGED:
        raise ValidationError(_("This meeting is not waiting for a confirmation."))
    if meeting.proposed_by_id == by.pk:
        raise ValidationError(
            _("You logged this meeting: %(name)s confirms it, or disputes it.")
            % {"name": mentorship.other(by).get_full_name()}
        )
    return mentorship, meeting


@transaction.atomic
def confirm_logged_meeting(*, meeting: Meeting, by) -> Meeting:
    """The partner confirms the meeting took place: from now on it counts. Confirming it again
    changes nothing."""
    require_participant(by, meeting.mentorship)
    if (
        Meeting.objects.filter(pk=meeting.pk, origin=Meeting.Origin.LOGGED, status=Status.CONFIRMED)
        .exclude(proposed_by=by)
        .exists()
    ):
        return Meeting.objects.get(pk=meeting.pk)  # the same button pressed twice
    _mentorship, meeting = _awaiting(meeting, by)
    meeting.status = Status.CONFIRMED
    meeting.save(update_fields=["status", "updated_at"])
    return meeting


@transaction.atomic
def dispute_logged_meeting(*, meeting: Meeting, by, note: str) -> Meeting:
    """The partner says the meeting did not take place like this, in a short note the logger
    reads. It never counts; the logger may log it again as it was."""
    mentorship, meeting = _awaiting(meeting, by)
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {
                "note": _("Tell %(name)s in a few words what is not right.")
                % {"name": mentorship.other(by).get_full_name()}
            }
        )
    meeting.status = Status.DISPUTED
    meeting.dispute_note = note
    meeting.full_clean()
    meeting.save(update_fields=["status", "dispute_note", "updated_at"])
    outbox.send(
        user=mentorship.other(by),
        kind=emails.MEETING_DISPUTED,
        template="cycles/meeting_disputed",
        occasion=f"meeting:{meeting.pk}",
        context={"meeting": meeting, "page_url": _page_url(meeting)},
        params={"by": emails.role_of(mentorship, by), "meeting": meeting.pk},
    )
    return meeting


@transaction.atomic
def delete_logged_meeting(*, meeting: Meeting, by) -> None:
    """Its logger deletes a meeting she logged while it waits for confirmation (a wrong date,
    logged twice). The partner's email, not yet sent, is dropped with it."""
    _locked(meeting.mentorship, by)
    meeting = Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    if meeting is None:
        return  # deleted already: the same button pressed twice
    if meeting.proposed_by_id != by.pk or meeting.origin != Meeting.Origin.LOGGED:
        raise ValidationError(_("Only the person who logged a meeting can delete it."))
    if meeting.status != Status.LOGGED:
        raise ValidationError(_("Only a meeting still waiting for confirmation can be deleted."))
    meeting.delete()


def confirm_overdue_logged_meetings(*, now: datetime | None = None) -> int:
    """The daily sweep: logged meetings nobody disputed within ``CONFIRM_AFTER_DAYS`` count
    from now on. Silence counts only from a partner who could answer: one whose account is
    deactivated or erased was sent no email and cannot sign in, so what was logged waits
    for her. One UPDATE; returns how many."""
    now = now or timezone.now()
    partner_can_answer = Q(
        proposed_by=F("mentorship__mentor"), mentorship__mentee__is_active=True
    ) | Q(proposed_by=F("mentorship__mentee"), mentorship__mentor__is_active=True)
    return (
        Meeting.objects.filter(
            status=Status.LOGGED, created_at__lte=now - timedelta(days=CONFIRM_AFTER_DAYS)
        )
        .filter(partner_can_answer)
        .update(status=Status.CONFIRMED, updated_at=now)
    )
