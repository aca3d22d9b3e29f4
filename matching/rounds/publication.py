"""Publishing a round's draft: every matched pair starts at once through the one start service
(``cycles.starting.start_mentorships``, which checks blocks, guardian consent, screening, one
traditional mentorship and capacity again under lock), and everyone is told.

One transaction under the round's row lock: a second publication, at once or later, finds
the round published and does nothing. A pair the start service refuses (something changed
since the draft) is told as unmatched, with the reason, and counted in the draft's figures
(``refused_at_publication``). A fixed number of queries, whatever the number of people."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from cycles.models import Mentorship, Style
from cycles.starting import start_mentorships
from notifications.outbox import queue_from

from ..models import MentorPresentation
from ..services import withdraw_traditional_requests
from . import result_emails
from .drafts import Why
from .models import MatchRound, RoundDraft, RoundOutcome, Stage


def _refused(outcome: RoundOutcome, places: int) -> None:
    """The outcome of a pair refused at publication: unmatched, that mentor missed for a
    rule."""
    missed = [
        *outcome.reasons.get("missed", []),
        {"mentor": outcome.mentor_id, "why": Why.NOT_ALLOWED, "places": places},
    ]
    outcome.reasons = {"missed": missed}
    outcome.mentor = None
    outcome.mentee_rank = None
    outcome.mentor_rank = None


def _tell(round_: MatchRound, draft: RoundDraft) -> None:
    """Three kinds of email and inbox item, each written by the database in two queries."""
    outcomes = RoundOutcome.objects.filter(draft=draft)
    occasion = Value(f"round:{round_.pk}")
    for rows, user, kind, template, context in (
        (
            outcomes.filter(mentorship__isnull=False),
            "mentee",
            result_emails.ROUND_MATCHED,
            "matching/round_matched",
            {"outcome": "pk"},
        ),
        (
            outcomes.filter(mentorship__isnull=True),
            "mentee",
            result_emails.ROUND_UNMATCHED,
            "matching/round_unmatched",
            {"outcome": "pk"},
        ),
        # One row per mentee: the occasion keeps one email and one item per mentor.
        (
            outcomes.filter(mentorship__isnull=False),
            "mentor",
            result_emails.ROUND_MENTEES,
            "matching/round_mentees",
            {},
        ),
    ):
        queue_from(
            kind=kind,
            template=template,
            rows=rows,
            user=user,
            occasion=occasion,
            context={**context, "round": Value(round_.pk)},
        )


@transaction.atomic
def publish(*, round: MatchRound, draft: RoundDraft, by) -> int:  # noqa: A002 - the callers' name
    """Publish ``draft`` of ``round``: start its matched pairs, withdraw the matched mentees'
    other pending traditional requests, record who published it and tell everyone. Returns
    the number of mentorships started; 0 when the round was already published."""
    locked = MatchRound.objects.select_for_update().get(pk=round.pk)
    if locked.published_at is not None:
        return 0
    if draft.round_id != locked.pk:
        raise ValidationError(_("Publish a draft of this round."))
    if locked.stage() != Stage.REVIEW:
        raise ValidationError(_("A round can be published only after rankings close."))
    draft = RoundDraft.objects.get(pk=draft.pk)
    matched = list(
        RoundOutcome.objects.filter(draft=draft, mentor__isnull=False).order_by(
            "mentor_id", "mentor_rank", "pk"
        )
    )
    mentor_ids = {outcome.mentor_id for outcome in matched}
    capacities = dict(
        MentorPresentation.objects.filter(mentor_id__in=mentor_ids).values_list(
            "mentor_id", "capacity"
        )
    )
    started = start_mentorships(
        pairs=[(outcome.mentor_id, outcome.mentee_id) for outcome in matched],
        style=Style.TRADITIONAL,
        capacities=capacities,
        by=by,
    )
    refused = [
        outcome
        for outcome in matched
        if (outcome.mentor_id, outcome.mentee_id) not in started.mentorships
    ]
    for outcome in refused:
        _refused(outcome, capacities.get(outcome.mentor_id, 0))
    RoundOutcome.objects.bulk_update(
        refused, ["mentor", "mentee_rank", "mentor_rank", "reasons"], batch_size=1000
    )
    # Every pair still matched has just started: one statement gives each its mentorship.
    begun = Mentorship.objects.filter(
        mentor=OuterRef("mentor_id"),
        mentee=OuterRef("mentee_id"),
        style=Style.TRADITIONAL,
        status=Mentorship.Status.ACTIVE,
    )
    matched_now = RoundOutcome.objects.filter(draft=draft, mentor__isnull=False)
    matched_now.update(mentorship=Subquery(begun.values("pk")[:1]))
    withdraw_traditional_requests(mentee_ids=matched_now.values("mentee_id"))
    draft.figures = {**draft.figures, "refused_at_publication": len(refused)}
    draft.save(update_fields=["figures"])
    locked.published_draft = draft
    locked.published_at = timezone.now()
    locked.published_by = by
    locked.save(update_fields=["published_draft", "published_at", "published_by"])
    _tell(locked, draft)
    return len(started.mentorships)
