"""The pair is helped first (issue 22): when a health signal starts, both of the pair get one
kind message, in the site and by email, saying in plain words what was noticed (no blame, no
figures) and offering two ways forward: re-plan together (the agreement's meeting rhythm and
timeline, saved as a new version) or close gracefully (ending with the exit question).

The daily task sends them for the rows ``health.refresh_signals`` returns as started: one
message per signal row and person, the row's id being the occasion, so a signal that clears
and comes back (a new row) nudges again, and sending twice for one row sends nothing more."""

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.emails import absolute_url
from notifications.registry import email_context, register_kind

from .emails import _mentorship_page
from .models import HealthSignal, Mentorship
from .reminders import key, mentorship_by_id, mentorship_context, to_both

Kind = HealthSignal.Kind

# What was noticed, said to both of the pair alike: whoever went quiet, it is theirs to
# pick up together.
NOTICED = {
    Kind.NO_MEETING: _("It has been a while since you last met, and no meeting is planned."),
    Kind.HOURS_BELOW: _("Your meetings have been fewer or shorter than you planned lately."),
    Kind.AGREEMENT_UNACCEPTED: _("Your mentoring agreement is not settled yet."),
    Kind.FIRST_MEETING: _("You have not had your first meeting yet."),
    Kind.MENTOR_SILENT: _("It has been quiet in your mentorship for a while."),
    Kind.MENTEE_SILENT: _("It has been quiet in your mentorship for a while."),
    Kind.REMINDERS_UNANSWERED: _("A few reminders about your mentorship are still waiting."),
}
FALLBACK = _("Your mentorship seems to have slowed down.")


def noticed(kind: str):
    return NOTICED.get(kind, FALLBACK)


def _says(params: dict, count: int) -> str:
    return _("%(noticed)s That happens. Re-plan together, or close gracefully.") % {
        "noticed": noticed(params.get("kind", ""))
    }


# Optional, like the other messages about the pair's own mentorship (the reminders, what the
# partner did): she may take it by email, in the digest or on the site only. It asks
# nothing of her account and answers nothing she did, and the inbox item reaches her whatever
# she chose.
HEALTH_NUDGE = register_kind(
    "health_nudge",
    _("A mentorship that has slowed down: re-plan or close"),
    order=62,
    says=_says,
    link=_mentorship_page,
)


def replan_url(mentorship: Mentorship) -> str:
    """Where the pair re-plans: the agreement's meeting rhythm and timeline (saving it keeps
    the earlier version); a flash pair, with no agreement, plans its meeting."""
    if mentorship.is_traditional:
        url = reverse("cycles:agreement_edit", args=[mentorship.public_id])
        return f"{url}#div_id_meetings_per_month"
    return reverse("cycles:meeting_new", args=[mentorship.public_id])


def close_url(mentorship: Mentorship) -> str:
    return reverse("cycles:mentorship_end", args=[mentorship.public_id])


def nudge_pairs(signals: list[HealthSignal]) -> int:
    """Both of each pair whose signal started, once per signal row (open, pair active); four
    queries whatever the number of signals. Returns the emails queued."""
    if not signals:
        return 0
    rows = HealthSignal.objects.filter(
        pk__in=[signal.pk for signal in signals],
        cleared_on__isnull=True,
        mentorship__status=Mentorship.Status.ACTIVE,
    )
    return to_both(
        kind=HEALTH_NUDGE,
        template="cycles/health_nudge",
        rows=rows,
        via="mentorship__",
        occasion=key("health:", F("pk")),
        context={"signal": "pk", "mentorship": "mentorship_id", "kind": "kind"},
    )


@email_context("cycles/health_nudge")
def health_nudge_context(user, stored: dict) -> dict | None:
    """Dropped when the pair recovered or ended meanwhile."""
    open_signal = HealthSignal.objects.filter(pk=stored.get("signal"), cleared_on__isnull=True)
    mentorship = mentorship_by_id(stored.get("mentorship"))
    if mentorship is None or not mentorship.is_active or not open_signal.exists():
        return None
    return {
        **mentorship_context(mentorship, user),
        "noticed": noticed(stored.get("kind", "")),
        "replan_url": absolute_url(replan_url(mentorship)),
        "close_url": absolute_url(close_url(mentorship)),
        "traditional": mentorship.is_traditional,
    }
