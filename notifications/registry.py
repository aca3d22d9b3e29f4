"""What the apps tell the outbox: their kinds of event, how each shows in the inbox, and how
each email's context is built.

Each app registers its own, in its ``emails`` or ``reminders`` module (imported by its
``AppConfig.ready``); this app names none of them. A kind is what a person sees on her
settings page and in the admin; one that is not ``optional`` is always emailed at once (it
tells her about her own account or answers something she did); she chooses how she hears of
the others (an email at once, a daily digest, the site only).

A kind that ``says`` something shows in her inbox: ``says`` is a text (``%(count)s`` is the
number of events gathered in one item) or a function of the item's params and count; ``link``,
a function of the params, finds the page to open when the event did not store one (it may
read the database: it runs when she opens the item, not when the list is drawn). A kind that
``gathers`` keeps one unread item per occasion and counts the events in it.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

logger = logging.getLogger(__name__)

Says = str | Promise | Callable[[dict, int], str]
Link = Callable[[dict], str | None]


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise
    optional: bool = True
    # Where it stands on her settings page: the program's order (requests, the agreement,
    # meetings, the end), not the order in which the apps happen to load.
    order: int = 0
    says: Says | None = None
    link: Link | None = None
    gathers: bool = False


KINDS: dict[str, Kind] = {}


def register_kind(
    key: str,
    label: str | Promise,
    *,
    optional: bool = True,
    order: int = 0,
    says: Says | None = None,
    link: Link | None = None,
    gathers: bool = False,
) -> str:
    """Register a kind of event and return its key (what the rows store)."""
    kind = Kind(
        key=key,
        label=label,
        optional=optional,
        order=order,
        says=says,
        link=link,
        gathers=gathers,
    )
    existing = KINDS.get(key)
    if existing is not None and existing != kind:
        raise ValueError(f"The notification kind {key!r} is registered twice.")
    KINDS[key] = kind
    return key


def kind_label(key: str) -> str:
    kind = KINDS.get(key)
    return str(kind.label) if kind else key


def is_optional(key: str) -> bool:
    kind = KINDS.get(key)
    return bool(kind and kind.optional)


def shows_on_site(key: str) -> bool:
    kind = KINDS.get(key)
    return bool(kind and kind.says is not None)


def gathers(key: str) -> bool:
    kind = KINDS.get(key)
    return bool(kind and kind.gathers)


def item_text(key: str, params: dict, count: int = 1) -> str:
    """What an inbox item says, in the active language."""
    kind = KINDS.get(key)
    if kind is None or kind.says is None:
        return kind_label(key)
    try:
        if callable(kind.says):
            return str(kind.says(params or {}, count))
        return str(kind.says) % {"count": count}
    except (KeyError, TypeError, ValueError):
        logger.exception("The inbox text of %s could not be written", key)
        return str(kind.label)


def item_link(key: str, params: dict) -> str | None:
    """The page an item opens when it stored none, or None."""
    kind = KINDS.get(key)
    if kind is None or kind.link is None:
        return None
    return kind.link(params or {})


def optional_kinds() -> list[tuple[str, str]]:
    """The kinds a person can turn off, as (key, label), in the program's order."""
    optional = sorted((kind for kind in KINDS.values() if kind.optional), key=lambda k: k.order)
    return [(kind.key, str(kind.label)) for kind in optional]


# template → function(recipient, stored context) → the email's context, or None to drop it.
EmailContext = Callable[..., dict | None]
EMAIL_CONTEXTS: dict[str, EmailContext] = {}


def email_context(template: str) -> Callable[[EmailContext], EmailContext]:
    """Register the function that builds ``template``'s context when the email is sent, from
    the data as it is then (return None when the email no longer applies)."""

    def register(function: EmailContext) -> EmailContext:
        EMAIL_CONTEXTS[template] = function
        return function

    return register
