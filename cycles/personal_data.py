"""What ``cycles`` holds about a person, for her data export and her erasure
(``core.personal_data``): her mentorships, with everything the pair wrote and did in them.

An app above adds its own data about each mentorship or meeting to the exported mentorships
(``add_to_mentorships``, ``add_to_meetings``): ``evaluations`` adds her reflections and her final
evaluation. Its rows are fetched with the mentorships, so the export's queries do not grow
with her rows.

The staff's check-ins with the pair and the pair's health signals (issue 22) are about her
too: they are in her file, and an erasure clears the check-ins' notes. So is her answer to
the exit question (why she closed it, whether she would join again), hers only; an erasure
clears her words and keeps the reason chosen.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext, ngettext

from core.personal_data import (
    REMOVED_TEXT,
    Contributor,
    Erasure,
    Phase,
    local_time,
    register,
    when,
)
from profiles.personal_data import actor, name_of

from .models import (
    CheckIn,
    ExitAnswer,
    Goal,
    HealthSignal,
    Meeting,
    Mentorship,
    MentorshipEvent,
    Message,
    PhaseTick,
)
from .permissions import participant_filter
from .services import AGREEMENT_FIELDS, end_mentorship


@dataclass(frozen=True)
class Part:
    """A key another app adds to each exported mentorship (or meeting): the prefetch that
    fetches its rows with them for ``(user, by_staff)`` (None: nothing to fetch), and its value
    for one mentorship (or meeting)."""

    key: str
    prefetch: Callable[[Any, bool], Prefetch | None]
    value: Callable[[Any], Any]


MENTORSHIP_PARTS: dict[str, Part] = {}
MEETING_PARTS: dict[str, Part] = {}


def add_to_mentorships(part: Part) -> Part:
    MENTORSHIP_PARTS[part.key] = part
    return part


def add_to_meetings(part: Part) -> Part:
    MEETING_PARTS[part.key] = part
    return part


def _prefetches(parts: dict[str, Part], user, by_staff: bool) -> list[Prefetch]:
    fetched = (part.prefetch(user, by_staff) for part in parts.values())
    return [prefetch for prefetch in fetched if prefetch is not None]


def _parts(parts: dict[str, Part], obj) -> dict:
    return {key: part.value(obj) for key, part in parts.items()}


# --- export --------------------------------------------------------------------------------


def _agreement_data(mentorship) -> dict | None:
    agreement = getattr(mentorship, "agreement", None)
    if agreement is None:
        return None
    current = {name: getattr(agreement, name) for name in AGREEMENT_FIELDS}
    current["start_date"] = when(agreement.start_date)
    current["end_date"] = when(agreement.end_date)
    return {
        "version": agreement.version,
        "text": current,
        "accepted_by_the_mentor_at": when(agreement.mentor_accepted_at),
        "accepted_by_the_mentee_at": when(agreement.mentee_accepted_at),
        "updated_at": when(agreement.updated_at),
        "earlier_versions": [
            {
                "version": version.version,
                "text": version.content,
                "accepted_by_the_mentor_at": when(version.mentor_accepted_at),
                "accepted_by_the_mentee_at": when(version.mentee_accepted_at),
                "replaced_at": when(version.created_at),
            }
            for version in agreement.versions.all()
        ],
    }


def _mentorship_data(mentorship, user) -> dict:
    other = mentorship.other(user)
    return {
        "my_role": mentorship.role_of(user),
        "other_person": name_of(other),
        "style": mentorship.style,
        "status": mentorship.status,
        "phase": mentorship.phase,
        "start_date": when(mentorship.start_date),
        "end_date": when(mentorship.end_date),
        "ended_at": when(mentorship.ended_at),
        "ended_by": actor(mentorship.ended_by_id, user, other),
        "reason_for_ending": mentorship.end_reason,
        "my_checklist_ticks": [
            {"item": tick.item, "ticked_at": when(tick.created_at)} for tick in mentorship.my_ticks
        ],
        "agreement": _agreement_data(mentorship),
        "goals": [
            {
                "title": goal.title,
                "description": goal.description,
                "status": goal.status,
                "progress_notes": goal.progress_note,
                "created_at": when(goal.created_at),
                "updated_at": when(goal.updated_at),
                "earlier_versions": [
                    {
                        "title": revision.title,
                        "description": revision.description,
                        "status": revision.status,
                        "progress_notes": revision.progress_note,
                        "changed_by": actor(revision.actor_id, user, other),
                        "changed_at": when(revision.created_at),
                    }
                    for revision in goal.revisions.all()
                ],
            }
            for goal in mentorship.goals.all()
        ],
        "meetings": [
            {
                "starts_at": local_time(meeting.starts_at, meeting.time_zone),
                "ends_at": local_time(meeting.ends_at, meeting.time_zone),
                "time_zone": meeting.time_zone,
                "length_minutes": meeting.duration_minutes,
                "place_or_link": meeting.location,
                "agenda": meeting.agenda,
                "shared_notes": meeting.notes,
                "tasks_for_next_time": meeting.tasks_next_time,
                "proposed_by": actor(meeting.proposed_by_id, user, other),
                "status": meeting.status,
                "note_on_change_or_cancellation": meeting.change_note,
                "note_written_by": actor(meeting.change_note_by_id, user, other)
                if meeting.change_note
                else None,
                "origin": meeting.origin,
                "why_disputed": meeting.dispute_note,
                "cancelled_at": when(meeting.cancelled_at),
                "created_at": when(meeting.created_at),
                **_parts(MEETING_PARTS, meeting),
            }
            for meeting in mentorship.meetings.all()
        ],
        "messages": [
            {
                "from": actor(message.author_id, user, other),
                "sent_at": when(message.created_at),
                "text": message.body,
            }
            for message in mentorship.messages.all()
        ],
        **_parts(MENTORSHIP_PARTS, mentorship),
        "staff_check_ins": [
            {
                "logged_at": when(check_in.created_at),
                "channel": check_in.channel,
                "outcome": check_in.outcome,
                "note": check_in.note,
                "off_the_health_page_until": when(check_in.snoozed_until),
            }
            for check_in in mentorship.check_ins.all()
        ],
        "health_signals": [
            {
                "signal": signal.kind,
                "since": when(signal.started_on),
                "cleared": when(signal.cleared_on),
            }
            for signal in mentorship.health_signals.all()
        ],
        # Her own answer only: her partner's is for the staff.
        "why_i_closed_it": [
            {
                "why": answer.reason,
                "in_my_words": answer.other_text,
                "would_join_again": answer.would_join_again,
                "answered_at": when(answer.created_at),
            }
            for answer in mentorship.my_exit_answers
        ],
        "history": [
            {
                "what": event.kind,
                "from": event.from_value,
                "to": event.to_value,
                "by": actor(event.actor_id, user, other),
                "at": when(event.created_at),
                "note": event.note,
            }
            for event in mentorship.events.all()
        ],
    }


def export_mentorships(user, by_staff: bool) -> dict:
    """Of her partners, the display name only."""
    meetings = Meeting.objects.prefetch_related(*_prefetches(MEETING_PARTS, user, by_staff))
    mentorships = (
        Mentorship.objects.involving(user)
        .select_related("mentor__profile", "mentee__profile", "agreement")
        .prefetch_related(
            "agreement__versions",
            Prefetch("goals", queryset=Goal.objects.prefetch_related("revisions")),
            Prefetch("meetings", queryset=meetings),
            *_prefetches(MENTORSHIP_PARTS, user, by_staff),
            "messages",
            "events",
            Prefetch("check_ins", queryset=CheckIn.objects.order_by("created_at", "pk")),
            Prefetch("health_signals", queryset=HealthSignal.objects.order_by("started_on", "pk")),
            Prefetch("ticks", queryset=PhaseTick.objects.filter(user=user), to_attr="my_ticks"),
            Prefetch(
                "exit_answers",
                queryset=ExitAnswer.objects.filter(person=user),
                to_attr="my_exit_answers",
            ),
        )
        .order_by("created_at", "pk")
    )
    return {"mentorships": [_mentorship_data(mentorship, user) for mentorship in mentorships]}


# --- erasure -------------------------------------------------------------------------------


def preview_mentorships(user) -> list[str]:
    """The partners whose mentorships with her would end."""
    mentorships = (
        Mentorship.objects.active()
        .involving(user)
        .select_related("mentor__profile", "mentee__profile")
        .order_by("created_at", "pk")
    )
    names = [name_of(m.other(user)) or gettext("a participant") for m in mentorships]
    if not names:
        return [
            gettext(
                "Any active mentorship ends, and your partner and the program staff are told "
                "by email."
            )
        ]
    return [
        ngettext(
            "Your active mentorship with %(names)s ends; your partner and the program staff "
            "are told by email.",
            "Your %(counter)s active mentorships, with %(names)s, end; your partners and the "
            "program staff are told by email.",
            len(names),
        )
        % {"counter": len(names), "names": ", ".join(names)}
    ]


def end_mentorships(erasure: Erasure) -> None:
    """Each active mentorship ends through ``end_mentorship`` *as her* (even when staff erase
    her: the termination clause is hers to use), with her reason as its note. Her partner and
    the staff get the usual emails, with her name as it still is."""
    user = erasure.user
    for mentorship in Mentorship.objects.active().involving(user).order_by("pk"):
        end_mentorship(mentorship=mentorship, by=user, reason=erasure.reason, account_closed=True)


def scrub_texts(erasure: Erasure) -> None:
    """Her messages in the conversations become "[removed]"; reasons for ending a mentorship,
    notes of history entries and her notes on changed or cancelled meetings she gave before
    the erasure are cleared, and so are her notes on meetings she disputed. What the pair
    wrote together (the agreement, goals, meetings and their notes) stays for her partner."""
    user, started = erasure.user, erasure.started
    Message.objects.filter(author=user).update(body=REMOVED_TEXT)
    Mentorship.objects.filter(ended_by=user, ended_at__lt=started).exclude(end_reason="").update(
        end_reason=""
    )
    MentorshipEvent.objects.filter(actor=user, created_at__lt=started).exclude(note="").update(
        note=""
    )
    Meeting.objects.filter(change_note_by=user).exclude(change_note="").update(change_note="")
    # Why she disputed a meeting her partner logged: her words, like her messages.
    Meeting.objects.filter(
        participant_filter(user, "mentorship"), status=Meeting.Status.DISPUTED
    ).exclude(proposed_by=user).exclude(dispute_note="").update(dispute_note="")
    # What the staff noted of their contacts with her pairs is about her.
    CheckIn.objects.filter(participant_filter(user, "mentorship")).exclude(note="").update(note="")
    # Why she closed a mentorship, in her words; the reason chosen stays in the figures.
    ExitAnswer.objects.filter(person=user).exclude(other_text="").update(other_text="")


register(
    Contributor(
        name="cycles",
        apps=("cycles",),
        position=20,
        export=export_mentorships,
        preview=preview_mentorships,
        erasure={Phase.END: end_mentorships, Phase.SCRUB: scrub_texts},
    )
)
