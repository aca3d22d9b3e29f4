"""Steps: what a participant has to do next, gathered from the apps for her dashboard.

The dashboard belongs to the site (``westem``), above every app; what is pending for her is
known by the apps below it (an unanswered request by ``matching``, an agreement to accept by
``cycles``, an evaluation to send by ``evaluations``). Each app registers, in its
``steps.py`` (imported by its ``AppConfig.ready``), a function that says what is pending::

    register_step(name="cycles.mentorships", order=20, pending=mentorship_steps)

``pending(user, profile)`` returns a list of ``Step`` and makes a fixed number of queries
(one or two) however many mentorships she has: the dashboard calls every provider on every
visit. ``steps_for`` puts them in one order, most urgent first: by each step's ``order``
(the constants below, which hold the program's order of urgency in one place), then by the
provider's, then as the provider listed them (so a provider lists the oldest request first).
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

# The order of urgency, one place for all apps: what someone else waits for comes first, what
# only she needs comes last (the onboarding checklist, added by the dashboard itself).
ANSWER_REQUEST = 10
ACCEPT_AGREEMENT = 20
CONFIRM_MEETING = 25
WRITE_AGREEMENT = 30
FIRST_MEETING = 40
MATCH_ROUND = 45
CONFIRM_CLOSURE = 50
WRITE_REFLECTION = 60
FINAL_EVALUATION = 70
CHECKLIST = 1000


@dataclass(frozen=True)
class Step:
    """One thing she has to do: ``text`` says it ("Answer the request"), ``detail`` what it
    is about ("with Ada · expires in 3 days"), ``url`` where she does it. ``key`` names the
    kind of step and its object, for tests and the page (``"request:<uuid>"``)."""

    text: str
    url: str
    key: str
    detail: str = ""
    order: int | None = None


# user, profile → the steps pending for her
Pending = Callable[[Any, Any], list[Step]]


@dataclass(frozen=True)
class Provider:
    name: str
    order: int
    pending: Pending


PROVIDERS: dict[str, Provider] = {}


def register_step(*, name: str, order: int, pending: Pending) -> None:
    """Ask ``pending`` for her steps on her dashboard; a step without its own ``order`` gets
    ``order``. Registering the same name again replaces it (``ready`` may run more than once
    in tests)."""
    PROVIDERS[name] = Provider(name=name, order=order, pending=pending)


def steps_for(user, profile) -> list[Step]:
    """Every step pending for her, most urgent first (see the module's docstring)."""
    ranked = []
    providers = sorted(PROVIDERS.values(), key=lambda provider: (provider.order, provider.name))
    for rank, provider in enumerate(providers):
        for position, step in enumerate(provider.pending(user, profile)):
            if step.order is None:
                step = replace(step, order=provider.order)
            ranked.append(((step.order, rank, position), step))
    return [step for _key, step in sorted(ranked, key=lambda pair: pair[0])]
