"""Groupings of pairs that an app above knows and ``cycles`` does not (issue 22): ``matching``
knows the round that made a pair. The health page offers each as a filter, and the program
report counts how mentorships closed by each, without importing the app that knows it.

An app registers its groupings in a module its ``AppConfig.ready`` imports::

    register_grouping(PairGrouping(name="round", label=_("Round"), any_label=_("Any round"),
                                   path="round_outcome__draft__round",
                                   choices=published_rounds))

``path`` is the lookup from a ``Mentorship`` to its group's id;
``choices()`` lists the groups a filter offers, as (id, name): the health page stays within
its queries only if it reads them from the cache."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.functional import Promise


@dataclass(frozen=True)
class PairGrouping:
    name: str
    label: str | Promise
    any_label: str | Promise
    path: str
    choices: Callable[[], list[tuple[int, str]]]

    def condition(self, value, prefix: str = "") -> Q:
        """The pairs (at ``prefix``, a lookup to a mentorship) of the group ``value``."""
        return Q(**{f"{prefix}{self.path}": value})


GROUPINGS: dict[str, PairGrouping] = {}


def register_grouping(grouping: PairGrouping) -> None:
    """Add ``grouping``; registering the same name again replaces it."""
    GROUPINGS[grouping.name] = grouping


def groupings() -> list[PairGrouping]:
    """Every grouping registered, by name."""
    return [GROUPINGS[name] for name in sorted(GROUPINGS)]
