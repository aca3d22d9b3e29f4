"""The mentoring cycle's emails, as the outbox knows them (``notifications.registry``)."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications.registry import email_context, register_kind
from profiles.personal_data import is_erased

from .models import Mentorship

# Reminders (SPEC §12), written by cycles.reminders.
MEETING_TOMORROW = register_kind("meeting_tomorrow", _("A meeting tomorrow"), order=40)
AGREEMENT_UNSIGNED = register_kind(
    "agreement_unsigned", _("An agreement not yet accepted"), order=30
)
HOURS_BELOW = register_kind("hours_below", _("Hours below the agreed minimum"), order=60)
END_APPROACHING = register_kind(
    "end_approaching", _("Two weeks before the end of a mentorship"), order=70
)

# What the other person of the pair did: always sent.
MEETING_SCHEDULED = register_kind("meeting_scheduled", _("A meeting planned"), optional=False)
MEETING_CANCELLED = register_kind("meeting_cancelled", _("A meeting cancelled"), optional=False)


def role_of(mentorship: Mentorship, person) -> str:
    """What the other of the pair calls ``person``: an inbox item names no one."""
    return "mentor" if person.pk == mentorship.mentor_id else "mentee"


def _new_messages(params: dict, count: int) -> str:
    if params.get("from") == "mentor":
        text = ngettext(
            "Your mentor wrote you a new message.",
            "Your mentor wrote you %(count)s new messages.",
            count,
        )
    else:
        text = ngettext(
            "Your mentee wrote you a new message.",
            "Your mentee wrote you %(count)s new messages.",
            count,
        )
    return text % {"count": count}


NEW_MESSAGE = register_kind(
    "new_message",
    _("A new message"),
    order=35,
    says=_new_messages,
    gathers=True,
)
MENTORSHIP_COMPLETED = register_kind(
    "mentorship_completed", _("A mentorship completed"), optional=False
)
MENTORSHIP_ENDED = register_kind("mentorship_ended", _("A mentorship ended"), optional=False)
MENTORSHIP_ENDED_STAFF = register_kind(
    "mentorship_ended_staff", _("A mentorship ended early (staff)"), optional=False
)


# What each email says is read when it is sent, names included: an email about something
# undone meanwhile (a meeting cancelled, a message by someone since erased) is dropped.


@email_context("cycles/completed")
def _completed(user, context: dict) -> dict | None:
    mentorship = context["mentorship"]
    if mentorship.status != Mentorship.Status.COMPLETED:
        return None
    # The final evaluation is evaluations' (a layer above): read by its name, never imported.
    evaluations = apps.get_model("evaluations", "FinalEvaluation")._default_manager
    return {
        "other_name": mentorship.other(user).get_full_name(),
        "evaluation_sent": evaluations.filter(mentorship=mentorship, author=user).exists(),
    }


def _ended(user, context: dict) -> dict | None:
    mentorship = context["mentorship"]
    if mentorship.status != Mentorship.Status.ENDED_EARLY or mentorship.ended_by is None:
        return None
    return {
        "by_name": mentorship.ended_by.get_full_name(),
        # Her account was deleted: not an ending by choice, and there is no one to ask.
        "account_closed": is_erased(mentorship.ended_by),
    }


email_context("cycles/ended")(_ended)
email_context("cycles/ended_staff")(_ended)


@email_context("cycles/meeting_scheduled")
def _meeting_scheduled(user, context: dict) -> dict | None:
    meeting = context["meeting"]
    if meeting.cancelled_at is not None:
        return None
    return {"by_name": meeting.proposed_by.get_full_name()}


@email_context("cycles/meeting_cancelled")
def _meeting_cancelled(user, context: dict) -> dict | None:
    meeting = context["meeting"]
    if meeting.cancelled_at is None:
        return None
    return {"by_name": meeting.mentorship.other(user).get_full_name()}


@email_context("cycles/new_message")
def _new_message(user, context: dict) -> dict | None:
    message = context["message"]
    if is_erased(message.author):
        return None
    return {"by_name": message.author.get_full_name()}
