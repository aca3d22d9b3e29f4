"""A match round on her dashboard (``westem``, above this app): a card with her rounds, their
dates and what she does next (``core.panels``), and a step when a round waits for her
(``core.steps``): a mentee who has ranked no one, a mentor with mentees to mark."""

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.panels import register_panel
from core.steps import MATCH_ROUND, Step, register_step

from . import selectors
from .models import Stage


def _current(user, profile) -> list[selectors.HerRound]:
    """Her current rounds, read once for the card and the step of one page (kept on the
    request's user)."""
    cached = getattr(user, "_current_match_rounds", None)
    if cached is None:
        cached = selectors.rounds_for(user, profile, current_only=True)
        user._current_match_rounds = cached
    return cached


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def next_move(her_round: selectors.HerRound) -> str:
    """What she does next in the round, in a line."""
    round_ = her_round.round
    stage = her_round.stage
    if stage == Stage.UPCOMING:
        return _("Rankings open on %(date)s.") % {"date": _when(round_.opens_at)}
    if stage == Stage.REVIEW:
        return _("Being reviewed: results on %(date)s.") % {
            "date": formats.date_format(round_.publishes_on, "DATE_FORMAT")
        }
    if stage == Stage.PUBLISHED:
        return _("The results are published.")
    if her_round.as_mentor:
        if her_round.unmarked:
            return ngettext(
                "Mark the mentee who ranked you by %(date)s.",
                "Mark the %(count)d mentees who ranked you by %(date)s.",
                her_round.unmarked,
            ) % {"count": her_round.unmarked, "date": _when(round_.closes_at)}
        if her_round.choices:
            return _(
                "You have marked everyone who ranked you; you may change it until %(date)s."
            ) % {"date": _when(round_.closes_at)}
        return _("No mentee has ranked you yet. Rankings close on %(date)s.") % {
            "date": _when(round_.closes_at)
        }
    if not her_round.choices:
        return rank_up_to(round_)
    return ngettext(
        "You ranked %(count)d mentor; you may change your ranking until %(date)s.",
        "You ranked %(count)d mentors; you may change your ranking until %(date)s.",
        her_round.choices,
    ) % {"count": her_round.choices, "date": _when(round_.closes_at)}


def rank_up_to(round_) -> str:
    limit = settings.MATCHING_ROUND_MAX_CHOICES
    return ngettext(
        "Rank a mentor by %(date)s.",
        "Rank up to %(count)d mentors by %(date)s.",
        limit,
    ) % {"count": limit, "date": _when(round_.closes_at)}


def rounds_card(request, context):
    profile = getattr(request, "profile", None)
    if request is None or profile is None:
        return None
    rounds = _current(request.user, profile)
    if not rounds:
        return None
    return "matching/rounds/_dashboard.html", {
        "rounds": [(her_round, next_move(her_round)) for her_round in rounds]
    }


def round_steps(user, profile) -> list[Step]:
    """A round open for rankings that waits for her: no mentor ranked yet, or mentees to
    mark."""
    steps = []
    for her_round in _current(user, profile):
        if her_round.stage != Stage.RANKING:
            continue
        url = reverse("matching:round", args=[her_round.round.public_id])
        key = f"round:{her_round.round.public_id}"
        if her_round.as_mentor and her_round.unmarked:
            steps.append(
                Step(
                    text=_("Mark the mentees who ranked you"),
                    url=url,
                    key=key,
                    detail=next_move(her_round),
                )
            )
        elif not her_round.as_mentor and not her_round.choices:
            steps.append(
                Step(
                    text=_("Rank the mentors you would like"),
                    url=url,
                    key=key,
                    detail=rank_up_to(her_round.round),
                )
            )
    return steps


register_panel(page="westem.dashboard", slot="side", name="matching.rounds", render=rounds_card)
register_step(name="matching.rounds", order=MATCH_ROUND, pending=round_steps)
