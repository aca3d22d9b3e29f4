"""What the apps tell the outbox: their kinds of email and how each email's context is built.

Each app registers its own, in its ``emails`` or ``reminders`` module (imported by its
``AppConfig.ready``); this app names none of them. A kind is what a person sees on her
settings page and in the admin; one that is not ``optional`` is always sent (it tells her
about her own account or answers something she did).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise
    optional: bool = True
    # Where it stands on her settings page: the program's order (requests, the agreement,
    # meetings, the end), not the order in which the apps happen to load.
    order: int = 0


KINDS: dict[str, Kind] = {}


def register_kind(key: str, label: str | Promise, *, optional: bool = True, order: int = 0) -> str:
    """Register a kind of email and return its key (what the rows store)."""
    kind = Kind(key=key, label=label, optional=optional, order=order)
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
