"""Panels: what an app above shows on a page of an app below it, without the page naming it.

A page names the places where others may add to it, ``{% panels "cycles.mentorship_detail"
"side" %}`` (``core.templatetags.panels``); an app above registers what goes there, in its
``panels.py`` (imported by its ``AppConfig.ready``)::

    register_panel(
        page="cycles.mentorship_detail", slot="side", name="evaluations.final_evaluation",
        order=10, render=final_evaluation_card,
    )

``render(request, context)`` gets the request (None in an email) and the page's context, and
returns HTML (``format_html``; a plain string is escaped), a ``(template name, context)`` pair
rendered like an inclusion tag's, or None for nothing. The place shows what is registered for
it in ``order``; nothing at all when no app registered anything, so the page never depends on
the apps above it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# request, the page's context → HTML, (template name, context) or None
Render = Callable[[Any, Any], Any]


@dataclass(frozen=True)
class Panel:
    name: str
    order: int
    render: Render


PANELS: dict[tuple[str, str], dict[str, Panel]] = {}


def register_panel(*, page: str, slot: str, name: str, render: Render, order: int = 100) -> None:
    """Show ``render``'s output in ``slot`` of ``page``. Registering the same name again
    replaces it (``ready`` may run more than once in tests)."""
    PANELS.setdefault((page, slot), {})[name] = Panel(name=name, order=order, render=render)


def panels_for(page: str, slot: str) -> list[Panel]:
    """What ``slot`` of ``page`` shows, in order (then by name, so the order never depends on
    which app was loaded first)."""
    return sorted(
        PANELS.get((page, slot), {}).values(), key=lambda panel: (panel.order, panel.name)
    )
