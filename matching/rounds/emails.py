"""A round's news for its participants, as the outbox knows them (``notifications.registry``):
the round is open (every mentee and mentor in it, once), and a mentee who has ranked no one
two days before it closes (once). Written by the database in one sweep each
(``notifications.outbox.queue_from``): an hourly task (``matching.tasks``) runs
``announce_rounds``."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.emails import absolute_url
from notifications.outbox import queue_from
from notifications.registry import email_context, register_kind

from . import eligibility
from .models import MatchRound, RoundChoice

REMIND_BEFORE = timedelta(days=2)


def _round_page(params: dict) -> str | None:
    public_id = (
        MatchRound.objects.filter(pk=params.get("round"))
        .values_list("public_id", flat=True)
        .first()
    )
    return reverse("matching:round", args=[public_id]) if public_id else None


ROUND_OPEN = register_kind(
    "round_open",
    _("A match round opens"),
    optional=False,
    says=_("A match round is open: rank the mentors you would like, or see who ranked you."),
    link=_round_page,
)
ROUND_CLOSING = register_kind(
    "round_closing",
    _("A match round closes soon and you have ranked no one"),
    order=8,
    says=_("A match round closes in two days and you have not ranked any mentor yet."),
    link=_round_page,
)


def _tell(round_: MatchRound, *, kind: str, template: str, rows, prefix: str) -> int:
    return len(
        queue_from(
            kind=kind,
            template=template,
            rows=rows,
            user="pk",
            occasion=Value(f"{prefix}:{round_.pk}"),
            context={"round": Value(round_.pk)},
        )
    )


def announce_rounds(*, now: datetime | None = None) -> int:
    """Tell the participants of each round that opened and was not announced yet (mentees and
    mentors, an item and an email each), mark it announced; then remind the mentees of each
    round closing within two days who have ranked no one. Returns the emails written. A few
    queries per round, whatever the number of people; an occasion is written once, so a second
    run (or a second worker) writes nothing new."""
    now = now or timezone.now()
    written = 0
    live = MatchRound.objects.filter(opens_at__lte=now, closes_at__gt=now, published_at=None)
    for round_ in live.filter(announced_at=None):
        written += _tell(
            round_,
            kind=ROUND_OPEN,
            template="matching/round_open",
            rows=eligibility.mentees(round_),
            prefix="round-open",
        )
        written += _tell(
            round_,
            kind=ROUND_OPEN,
            template="matching/round_open",
            rows=eligibility.mentors(round_),
            prefix="round-open",
        )
        MatchRound.objects.filter(pk=round_.pk, announced_at=None).update(announced_at=now)
    for round_ in live.filter(closes_at__lte=now + REMIND_BEFORE):
        ranked = RoundChoice.objects.filter(round=round_).values("mentee_id")
        written += _tell(
            round_,
            kind=ROUND_CLOSING,
            template="matching/round_closing",
            rows=eligibility.mentees(round_).exclude(pk__in=ranked),
            prefix="round-closing",
        )
    return written


def _context(user, stored: dict, *, still_open: bool) -> dict | None:
    round_ = MatchRound.objects.filter(pk=stored.get("round")).first()
    if round_ is None or (still_open and not round_.is_open_for_rankings):
        return None
    return {
        "round_name": round_.name,
        "closes_at": round_.closes_at,
        "publishes_on": round_.publishes_on,
        "is_mentor": bool(getattr(user, "profile", None) and user.profile.is_mentor),
        "url": absolute_url(reverse("matching:round", args=[round_.public_id])),
        "directory_url": absolute_url(reverse("matching:directory")),
        "max_choices": settings.MATCHING_ROUND_MAX_CHOICES,
    }


@email_context("matching/round_open")
def round_open_context(user, stored: dict) -> dict | None:
    return _context(user, stored, still_open=True)


@email_context("matching/round_closing")
def round_closing_context(user, stored: dict) -> dict | None:
    """Dropped when she ranked someone meanwhile."""
    context = _context(user, stored, still_open=True)
    if context is None:
        return None
    if RoundChoice.objects.filter(round_id=stored.get("round"), mentee=user).exists():
        return None
    return context
