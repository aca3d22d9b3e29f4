"""The emails and inbox items of a round's publication (``matching.rounds.publication``): a
matched mentee meets her mentor and her first step, a mentor her new mentees, and a mentee
without a mentor is told so plainly, with where to go next. Always sent: they answer what
she took part in."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cycles.reminders import name
from notifications.emails import absolute_url
from notifications.registry import email_context, register_kind

from .models import MatchRound, RoundOutcome


def result_page(params: dict) -> str | None:
    """Her result page in the round whose id the item holds; None when the round is gone."""
    public_id = (
        MatchRound.objects.filter(pk=params.get("round"))
        .values_list("public_id", flat=True)
        .first()
    )
    return reverse("matching:round_result", args=[public_id]) if public_id else None


ROUND_MATCHED = register_kind(
    "round_matched",
    _("Your match round result: your mentor"),
    optional=False,
    says=_("The match round's results are out: you have a mentor."),
    link=result_page,
)
ROUND_UNMATCHED = register_kind(
    "round_unmatched",
    _("Your match round result"),
    optional=False,
    says=_("The match round's results are out: no mentor this time, and what you can do now."),
    link=result_page,
)
ROUND_MENTEES = register_kind(
    "round_mentees",
    _("Your new mentees from a match round"),
    optional=False,
    says=_("The match round's results are out: you have new mentees."),
    link=result_page,
)


def _outcome(stored: dict) -> RoundOutcome | None:
    return (
        RoundOutcome.objects.select_related("mentor__profile", "mentorship", "draft__round")
        .filter(pk=stored.get("outcome"))
        .first()
    )


def _result_url(round_: MatchRound) -> str:
    return absolute_url(reverse("matching:round_result", args=[round_.public_id]))


@email_context("matching/round_matched")
def round_matched_context(user, stored: dict) -> dict | None:
    """Dropped when the mentorship is gone."""
    outcome = _outcome(stored)
    if outcome is None or outcome.mentorship is None:
        return None
    mentorship = outcome.mentorship.public_id
    return {
        "round_name": outcome.draft.round.name,
        "mentor_name": name(outcome.mentor),
        "url": absolute_url(reverse("cycles:mentorship_detail", args=[mentorship])),
        "agreement_url": absolute_url(reverse("cycles:agreement_detail", args=[mentorship])),
        "result_url": _result_url(outcome.draft.round),
    }


@email_context("matching/round_unmatched")
def round_unmatched_context(user, stored: dict) -> dict | None:
    outcome = _outcome(stored)
    if outcome is None:
        return None
    return {
        "round_name": outcome.draft.round.name,
        "result_url": _result_url(outcome.draft.round),
        "directory_url": absolute_url(reverse("matching:directory")),
    }


@email_context("matching/round_mentees")
def round_mentees_context(user, stored: dict) -> dict | None:
    """Her mentees from the round's published draft, with their mentorships; dropped when
    none is left."""
    round_ = MatchRound.objects.filter(pk=stored.get("round")).first()
    if round_ is None or round_.published_draft_id is None:
        return None
    outcomes = RoundOutcome.objects.filter(
        draft_id=round_.published_draft_id, mentor=user, mentorship__isnull=False
    ).select_related("mentee__profile", "mentorship")
    mentees = [
        {
            "name": name(outcome.mentee),
            "url": absolute_url(
                reverse("cycles:mentorship_detail", args=[outcome.mentorship.public_id])
            ),
        }
        for outcome in outcomes.order_by("mentor_rank", "pk")
    ]
    if not mentees:
        return None
    return {
        "round_name": round_.name,
        "mentees": mentees,
        "mentee_urls": [mentee["url"] for mentee in mentees],  # links in the HTML part
        "result_url": _result_url(round_),
    }
