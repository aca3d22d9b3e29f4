"""The round that made a pair, as a grouping of pairs (``cycles.groupings``): the staff's
health page filters by it and the program report counts closures by it. A pair belongs to the
round whose published draft's outcome made its mentorship (``RoundOutcome.mentorship``).

The list of published rounds the filter offers is kept in the cache, forgotten whenever a
round is saved or deleted (publishing saves it): the health page stays within its queries."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from cycles.groupings import PairGrouping, register_grouping

from .models import MatchRound

CACHE_KEY = "matching:published-rounds"
CACHE_SECONDS = 24 * 60 * 60


def _read_published_rounds() -> list[tuple[int, str]]:
    return list(
        MatchRound.objects.filter(published_at__isnull=False)
        .order_by("-published_at", "-pk")
        .values_list("pk", "name")
    )


def published_rounds() -> list[tuple[int, str]]:
    """The rounds published so far, the newest first, as (id, name)."""
    return cache.get_or_set(CACHE_KEY, _read_published_rounds, CACHE_SECONDS)


@receiver(post_save, sender=MatchRound, dispatch_uid="matching.rounds.health.saved")
@receiver(post_delete, sender=MatchRound, dispatch_uid="matching.rounds.health.deleted")
def forget_published_rounds(**kwargs) -> None:
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


register_grouping(
    PairGrouping(
        name="round",
        label=_("Match round"),
        any_label=_("Any match round"),
        path="round_outcome__draft__round",
        choices=published_rounds,
    )
)
