"""Figures: what an app counts for a report drawn by an app it may not import (a sibling).

The report names itself (``"evaluations.funnel"``) and hands each contributor a *scope*, an
object of its own that turns the report's filters into conditions on the contributor's rows
(the report's module says what its scope offers). An app registers its figures in its
``figures.py``, imported by its ``AppConfig.ready``::

    register_figures(report="evaluations.funnel", name="matching", order=10, count=funnel)

``count(scope)`` returns a list of ``Figure``; the report shows the contributors' figures in
``order``, and none when no app registered any.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Figure:
    key: str
    label: str | Promise
    count: int
    # Whether these rows are some of the previous figure's: a report may show this one as a
    # share of that one only then (requests sent are not some of the presentations).
    part_of_previous: bool = True


@dataclass(frozen=True)
class Contributor:
    name: str
    order: int
    count: Callable[[Any], list[Figure]]


CONTRIBUTORS: dict[str, dict[str, Contributor]] = {}


def register_figures(
    *, report: str, name: str, count: Callable[[Any], list[Figure]], order: int = 100
) -> None:
    """Add ``count``'s figures to ``report``. Registering the same name again replaces it."""
    CONTRIBUTORS.setdefault(report, {})[name] = Contributor(name=name, order=order, count=count)


def figures_for(report: str, scope) -> list[Figure]:
    """Every contributor's figures for ``report``, in order (then by name)."""
    contributors = sorted(
        CONTRIBUTORS.get(report, {}).values(), key=lambda item: (item.order, item.name)
    )
    return [figure for contributor in contributors for figure in contributor.count(scope)]
