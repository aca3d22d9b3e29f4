"""What the apps hold about a person: the registry behind "Download my data" and erasure.

Each app that keeps rows about a person registers a ``Contributor`` from its
``AppConfig.ready`` (in its own ``personal_data`` module), much as pretix's plugins each bring
a data shredder: the app that adds a personal field is the one that exports and erases it.
The privacy services (``profiles.privacy``) read only this registry and name no app.

A contributor gives:

- ``export(user, by_staff)``: its sections of the downloaded file, a dict of JSON-ready
  values. The file lists the contributors by ``position`` (then name), each section once.
- ``preview(user)``: the sentences the "Delete my account" page says about what will end, in
  the same order.
- ``erasure``: its steps, each in a ``Phase``. Every step of a phase runs before any step of
  the next; within a phase the steps do not depend on each other and run in the
  contributors' order, so an erasure runs the same way every time.
- ``apps``: the apps whose rows about a person it answers for. Every model with a link to the
  user model must belong to one of them (``tests/core/test_personal_data.py`` checks it).
- ``left_out_by_staff``: what an export made by the staff leaves out, said in the file.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# What replaces a text someone wrote alone, where the row must keep a non-empty text.
REMOVED_TEXT = "[removed]"


class Phase(IntEnum):
    """When an erasure step runs. The order is the one the erasure's promises need."""

    # What she takes part in ends through the apps' own services while she still has her
    # name and address: mentorships end as her act, requests close, her presentation leaves
    # the directory, her places at events go back. Her partners and the staff are told as
    # for anyone else.
    END = 1
    # What identifies her goes: her profile and account are anonymised, and what is kept only
    # for her account (addresses, authenticators, sessions, emails waiting for her — also
    # those the first phase wrote to her) is deleted.
    ANONYMISE = 2
    # Free text she wrote alone before the erasure began is replaced; what she wrote together
    # with a partner stays for the partner.
    SCRUB = 3


@dataclass(frozen=True)
class Erasure:
    """What every erasure step is told."""

    user: Any  # the person, her row locked for the transaction
    by: Any  # she herself, or the staff member who erases her at her request
    reason: str  # her reason, given as the note of what ends
    started: datetime  # texts written before this are hers; those the erasure writes stay


Step = Callable[[Erasure], None]


@dataclass(frozen=True, eq=False)
class Contributor:
    name: str
    apps: tuple[str, ...]
    position: int
    export: Callable[[Any, bool], dict[str, Any]] | None = None
    preview: Callable[[Any], list[str]] | None = None
    erasure: Mapping[Phase, Step] = field(default_factory=dict)
    left_out_by_staff: str = ""


CONTRIBUTORS: dict[str, Contributor] = {}


def register(contributor: Contributor) -> Contributor:
    """Add ``contributor`` to the registry (once per name) and return it."""
    existing = CONTRIBUTORS.get(contributor.name)
    if existing is not None and existing is not contributor:
        raise ValueError(f"The personal-data contributor {contributor.name!r} is registered twice.")
    if not contributor.apps:
        raise ValueError(f"The personal-data contributor {contributor.name!r} names no app.")
    for phase in contributor.erasure:
        if not isinstance(phase, Phase):
            raise ValueError(f"{contributor.name!r}: {phase!r} is not an erasure phase.")
    CONTRIBUTORS[contributor.name] = contributor
    return contributor


def contributors() -> list[Contributor]:
    """Every contributor, in the order of the file and of the preview."""
    return sorted(CONTRIBUTORS.values(), key=lambda c: (c.position, c.name))


def erasure_steps() -> list[tuple[Phase, Contributor, Step]]:
    """Every erasure step, phase after phase, in the contributors' order within a phase."""
    steps = [
        (phase, contributor, step)
        for contributor in contributors()
        for phase, step in contributor.erasure.items()
    ]
    return sorted(steps, key=lambda entry: entry[0])  # stable: the contributors' order stays


def covered_apps() -> set[str]:
    """The apps whose personal data some contributor answers for."""
    return {app for contributor in CONTRIBUTORS.values() for app in contributor.apps}


# --- how the file writes times -------------------------------------------------------------


def when(value: datetime | date | None) -> str | None:
    """A date or time in ISO 8601, or None."""
    return value.isoformat() if value is not None else None


def local_time(value: datetime | None, time_zone: str) -> str | None:
    """An ISO 8601 time with the offset of the zone it was planned in."""
    if value is None:
        return None
    try:
        return value.astimezone(ZoneInfo(time_zone)).isoformat()
    except (ZoneInfoNotFoundError, ValueError):
        return value.isoformat()
