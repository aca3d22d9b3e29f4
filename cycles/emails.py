"""The mentoring cycle's emails, as the outbox knows them (``notifications.registry``)."""

from datetime import date

from django.apps import apps
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications.emails import absolute_url, user_language
from notifications.registry import email_context, register_kind
from profiles.personal_data import is_erased

from .calendar import meeting_ics, meeting_ics_filename
from .models import Agreement, Meeting, Mentorship, Phase


def role_of(mentorship: Mentorship, person) -> str:
    """What the other of the pair calls ``person``: an inbox item names no one."""
    return "mentor" if person.pk == mentorship.mentor_id else "mentee"


def _by_role(mentor_text, mentee_text):
    """An item's text chosen by who acted (``params["by"]``, "mentor" or "mentee")."""

    def says(params: dict, count: int) -> str:
        return str(mentor_text if params.get("by") == "mentor" else mentee_text) % params

    return says


def _mentorship_page(params: dict, name: str = "cycles:mentorship_detail") -> str | None:
    """The page of the mentorship whose id a reminder's item holds (it runs when she opens
    the item); None when it is gone."""
    public_id = (
        Mentorship.objects.filter(pk=params.get("mentorship"))
        .values_list("public_id", flat=True)
        .first()
    )
    return reverse(name, args=[public_id]) if public_id else None


def _meeting_page(params: dict) -> str | None:
    public_id = (
        Meeting.objects.filter(pk=params.get("meeting")).values_list("public_id", flat=True).first()
    )
    return reverse("cycles:meeting_detail", args=[public_id]) if public_id else None


def _hours_below(params: dict, count: int) -> str:
    month = params.get("month_date")
    try:
        month = date_format(date.fromisoformat(month), "YEAR_MONTH_FORMAT")
    except (TypeError, ValueError):
        return str(_("Your meetings last month took less time than your agreement asks."))
    return _("In %(month)s your meetings took less time than your agreement asks.") % {
        "month": month
    }


# Reminders (SPEC §12), written by cycles.reminders: an item for everyone, whatever she chose
# for the email; the item opens the page from the ids it holds.
MEETING_TOMORROW = register_kind(
    "meeting_tomorrow",
    _("A meeting tomorrow"),
    order=40,
    says=_("Reminder: you have a mentoring meeting within a day of this notice."),
    link=_meeting_page,
)
AGREEMENT_UNSIGNED = register_kind(
    "agreement_unsigned",
    _("An agreement not yet accepted"),
    order=30,
    says=_("Reminder: you had not yet accepted your mentoring agreement a week after the start."),
    link=lambda params: _mentorship_page(params, "cycles:agreement_detail"),
)
HOURS_BELOW = register_kind(
    "hours_below",
    _("Hours below the agreed minimum"),
    order=60,
    says=_hours_below,
    link=_mentorship_page,
)
END_APPROACHING = register_kind(
    "end_approaching",
    _("Two weeks before the end of a mentorship"),
    order=70,
    says=_("Reminder: your mentorship's end date is two weeks away or less."),
    link=_mentorship_page,
)


# What the other person of the pair did: she chooses how she hears of it.
def _agreement_written(params: dict, count: int) -> str:
    mentor = params.get("by") == "mentor"
    if params.get("again"):
        text = (
            _("Your mentor changed the agreement: read it and accept it again.")
            if mentor
            else _("Your mentee changed the agreement: read it and accept it again.")
        )
    elif params.get("changed"):
        text = (
            _("Your mentor changed the agreement: read it and accept it.")
            if mentor
            else _("Your mentee changed the agreement: read it and accept it.")
        )
    else:
        text = (
            _("Your mentor wrote the agreement: read and accept it.")
            if mentor
            else _("Your mentee wrote the agreement: read and accept it.")
        )
    return str(text)


AGREEMENT_WRITTEN = register_kind(
    "agreement_written",
    _("The agreement written or changed by your partner"),
    order=25,
    says=_agreement_written,
)
AGREEMENT_ACCEPTED = register_kind(
    "agreement_accepted",
    _("The agreement accepted by your partner"),
    order=27,
    says=_by_role(
        _("Your mentor accepted the agreement."), _("Your mentee accepted the agreement.")
    ),
)
MEETING_SCHEDULED = register_kind(
    "meeting_scheduled",
    _("A meeting proposed"),
    order=36,
    says=_by_role(
        _("Your mentor proposed times for a meeting: choose one."),
        _("Your mentee proposed times for a meeting: choose one."),
    ),
)
PROPOSAL_ACCEPTED = register_kind(
    "proposal_accepted",
    _("Your proposed meeting accepted"),
    order=36,
    says=_by_role(
        _("Your mentor accepted a time you proposed: the meeting is agreed."),
        _("Your mentee accepted a time you proposed: the meeting is agreed."),
    ),
)
PROPOSAL_DECLINED = register_kind(
    "proposal_declined",
    _("Your proposed times declined, other times offered"),
    order=36,
    says=_by_role(
        _("None of your proposed times suit your mentor: she offered other times."),
        _("None of your proposed times suit your mentee: she offered other times."),
    ),
)
MEETING_CHANGED = register_kind(
    "meeting_changed",
    _("A meeting changed"),
    order=37,
    says=_by_role(
        _("Your mentor changed the time, place or agenda of a meeting."),
        _("Your mentee changed the time, place or agenda of a meeting."),
    ),
)


def _meeting_cancelled_says(params: dict, count: int) -> str:
    mentor = params.get("by") == "mentor"
    if params.get("withdrawn"):
        return str(
            _("Your mentor withdrew a meeting proposal.")
            if mentor
            else _("Your mentee withdrew a meeting proposal.")
        )
    return str(
        _("Your mentor cancelled a meeting.") if mentor else _("Your mentee cancelled a meeting.")
    )


MEETING_CANCELLED = register_kind(
    "meeting_cancelled",
    _("A meeting cancelled"),
    order=38,
    says=_meeting_cancelled_says,
)

# A meeting logged after it took place: the partner confirms it, or disputes it (SPEC §9).
# Always sent: her silence for a week counts as her confirmation.
MEETING_LOGGED = register_kind(
    "meeting_logged",
    _("A meeting logged, please confirm"),
    optional=False,
    order=39,
    says=_by_role(
        _("Your mentor logged a meeting that took place: please confirm it."),
        _("Your mentee logged a meeting that took place: please confirm it."),
    ),
    link=_meeting_page,
)
MEETING_DISPUTED = register_kind(
    "meeting_disputed",
    _("A meeting you logged, disputed"),
    order=39,
    says=_by_role(
        _("Your mentor disputed a meeting you logged."),
        _("Your mentee disputed a meeting you logged."),
    ),
    link=_meeting_page,
)


def _phase_moved(params: dict, count: int) -> str:
    try:
        phase = Phase(int(params.get("phase")))
    except (TypeError, ValueError):
        phase = None
    words = {"number": int(phase) if phase else "", "label": phase.label if phase else ""}
    if params.get("by") == "mentor":
        return _("Your mentor moved your mentorship to phase %(number)s, %(label)s.") % words
    return _("Your mentee moved your mentorship to phase %(number)s, %(label)s.") % words


PHASE_MOVED = register_kind(
    "phase_moved",
    _("The next phase, started by your partner"),
    order=55,
    says=_phase_moved,
)
CLOSURE_CONFIRMED = register_kind(
    "closure_confirmed",
    _("The closure confirmed by your partner"),
    order=65,
    says=_by_role(
        _("Your mentor confirmed the closure: your cycle is complete once you confirm it too."),
        _("Your mentee confirmed the closure: your cycle is complete once you confirm it too."),
    ),
)


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

# The end of a mentorship: always sent.
MENTORSHIP_COMPLETED = register_kind(
    "mentorship_completed",
    _("A mentorship completed"),
    optional=False,
    says=_("You have both confirmed the closure: your mentoring cycle is complete."),
)


def _ended_says(params: dict, count: int) -> str:
    if params.get("closed"):
        if params.get("by") == "mentor":
            return str(_("Your mentor's account was closed, so your mentorship has ended."))
        return str(_("Your mentee's account was closed, so your mentorship has ended."))
    if params.get("by") == "mentor":
        return str(_("Your mentor ended your mentorship."))
    return str(_("Your mentee ended your mentorship."))


def _ended_staff_says(params: dict, count: int) -> str:
    if params.get("closed"):
        if params.get("by") == "mentor":
            return str(_("A mentor's account was closed, so a mentorship ended early."))
        return str(_("A mentee's account was closed, so a mentorship ended early."))
    if params.get("by") == "mentor":
        return str(_("A mentor ended a mentorship early."))
    return str(_("A mentee ended a mentorship early."))


def _called_off_says(params: dict, count: int) -> str:
    number = params.get("count") or 1
    return ngettext(
        "Your mentorship has ended, so its planned meeting is cancelled.",
        "Your mentorship has ended, so its %(count)s planned meetings are cancelled.",
        number,
    ) % {"count": number}


MEETINGS_CALLED_OFF = register_kind(
    "meetings_called_off",
    _("Meetings cancelled because a mentorship ended"),
    optional=False,
    says=_called_off_says,
)
MENTORSHIP_ENDED = register_kind(
    "mentorship_ended", _("A mentorship ended"), optional=False, says=_ended_says
)
MENTORSHIP_ENDED_STAFF = register_kind(
    "mentorship_ended_staff",
    _("A mentorship ended early (staff)"),
    optional=False,
    says=_ended_staff_says,
)

# "I feel unsafe" (issue 20): the safeguarding leads are told at once, whatever they chose
# (not optional: never turned off, never gathered in a digest); the item opens the alert.
SAFEGUARDING_ALERT = register_kind(
    "safeguarding_alert",
    _("Someone feels unsafe in a mentorship with a minor (safeguarding lead)"),
    optional=False,
    order=5,
    says=_("Someone in a mentorship with a mentee under 18 feels unsafe. Read it now."),
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


def _calendar_file(user, meeting: Meeting) -> tuple[str, str, str]:
    """The meeting's calendar file as an attachment, written in her language."""
    page_url = absolute_url(reverse("cycles:meeting_detail", args=[meeting.public_id]))
    with translation.override(user_language(user)):
        content = meeting_ics(meeting, page_url=page_url).decode()
    return (meeting_ics_filename(meeting), content, "text/calendar")


def _options_of(meeting: Meeting) -> list:
    return list(meeting.options.order_by("position"))


@email_context("cycles/meeting_scheduled")
def _meeting_scheduled(user, context: dict) -> dict | None:
    """The times offered, while the proposal still waits for her answer."""
    meeting = context["meeting"]
    if not meeting.is_proposed:
        return None
    partner = meeting.mentorship.other(user)
    return {
        "by_name": partner.get_full_name(),
        "options": _options_of(meeting),
        "partner": partner,  # each time on her clock too
    }


email_context("cycles/proposal_declined")(_meeting_scheduled)


@email_context("cycles/proposal_accepted")
def _proposal_accepted(user, context: dict) -> dict | None:
    """Dropped when the meeting was cancelled meanwhile (that has its own email)."""
    meeting = context["meeting"]
    if not meeting.is_confirmed:
        return None
    return {
        "by_name": meeting.mentorship.other(user).get_full_name(),
        "attachments": [_calendar_file(user, meeting)],
    }


@email_context("cycles/meeting_cancelled")
def _meeting_cancelled(user, context: dict) -> dict | None:
    meeting = context["meeting"]
    if not meeting.is_cancelled:
        return None
    return {
        "by_name": meeting.mentorship.other(user).get_full_name(),
        "attachments": [_calendar_file(user, meeting)] if meeting.has_calendar else [],
    }


@email_context("cycles/proposal_withdrawn")
def _proposal_withdrawn(user, context: dict) -> dict | None:
    meeting = context["meeting"]
    if not meeting.is_cancelled:
        return None
    return {
        "by_name": meeting.mentorship.other(user).get_full_name(),
        "options": _options_of(meeting),
    }


@email_context("cycles/meetings_called_off")
def _meetings_called_off(user, context: dict) -> dict | None:
    """Each meeting the ending cancelled, and the calendar file that removes each agreed one."""
    meetings = [meeting for meeting in context["meetings"] if meeting.is_cancelled]
    if not meetings:
        return None
    return {
        "meetings": meetings,
        "attachments": [_calendar_file(user, m) for m in meetings if m.has_calendar],
    }


@email_context("cycles/new_message")
def _new_message(user, context: dict) -> dict | None:
    message = context["message"]
    if is_erased(message.author):
        return None
    return {"by_name": message.author.get_full_name()}


@email_context("cycles/meeting_changed")
def _meeting_changed(user, context: dict) -> dict | None:
    """Dropped when the meeting was cancelled meanwhile (that has its own email); the email
    shows the meeting as it is when it is sent, with its calendar file."""
    meeting = context["meeting"]
    if not meeting.is_confirmed:
        return None
    return {
        "by_name": meeting.mentorship.other(user).get_full_name(),
        "attachments": [_calendar_file(user, meeting)],
    }


def _current_agreement(user, context: dict) -> tuple[Mentorship, Agreement] | None:
    """The agreement the email speaks of, still at the version it was sent about, in an
    active mentorship; None otherwise (a newer version brings its own email)."""
    mentorship = context["mentorship"]
    agreement = Agreement.objects.filter(mentorship=mentorship).first()
    if (
        agreement is None
        or agreement.version != context.get("version")
        or mentorship.status != Mentorship.Status.ACTIVE
    ):
        return None
    return mentorship, agreement


@email_context("cycles/agreement_written")
def _agreement_written_email(user, context: dict) -> dict | None:
    """Dropped when she has accepted this version meanwhile: there is nothing left to ask."""
    found = _current_agreement(user, context)
    if found is None:
        return None
    mentorship, agreement = found
    if getattr(agreement, f"{mentorship.role_of(user)}_accepted_at") is not None:
        return None
    return {"by_name": mentorship.other(user).get_full_name()}


@email_context("cycles/agreement_accepted")
def _agreement_accepted(user, context: dict) -> dict | None:
    """Dropped when the acceptance no longer holds (the agreement changed meanwhile)."""
    found = _current_agreement(user, context)
    if found is None:
        return None
    mentorship, agreement = found
    other = mentorship.other(user)
    if getattr(agreement, f"{mentorship.role_of(other)}_accepted_at") is None:
        return None
    return {
        "by_name": other.get_full_name(),
        "accepted_by_me": getattr(agreement, f"{mentorship.role_of(user)}_accepted_at") is not None,
    }


@email_context("cycles/phase_moved")
def _phase_moved_email(user, context: dict) -> dict | None:
    mentorship = context["mentorship"]
    if mentorship.status != Mentorship.Status.ACTIVE:
        return None
    phase = Phase(context["phase"])
    return {
        "by_name": mentorship.other(user).get_full_name(),
        "phase_number": int(phase),
        "phase_label": phase.label,
    }


@email_context("cycles/closure_confirmed")
def _closure_confirmed(user, context: dict) -> dict | None:
    """Dropped when the cycle is no longer waiting for her: she confirmed too (the completion
    has its own email) or the mentorship ended."""
    mentorship = context["mentorship"]
    if mentorship.status != Mentorship.Status.ACTIVE:
        return None
    if getattr(mentorship, f"{mentorship.role_of(user)}_confirmed_closure_at") is not None:
        return None
    return {"by_name": mentorship.other(user).get_full_name()}


@email_context("cycles/meeting_logged")
def _meeting_logged(user, context: dict) -> dict | None:
    """Dropped when it no longer waits for her: confirmed, disputed (or deleted) meanwhile."""
    meeting = context["meeting"]
    if not meeting.awaits_confirmation or meeting.proposed_by is None:
        return None
    return {"by_name": meeting.proposed_by.get_full_name()}


@email_context("cycles/meeting_disputed")
def _meeting_disputed(user, context: dict) -> dict | None:
    meeting = context["meeting"]
    if meeting.status != Meeting.Status.DISPUTED:
        return None
    return {"by_name": meeting.mentorship.other(user).get_full_name()}
