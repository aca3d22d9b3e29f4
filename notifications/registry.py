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


KINDS: dict[str, Kind] = {}


def register_kind(key: str, label: str | Promise, *, optional: bool = True) -> str:
    """Register a kind of email and return its key (what the rows store)."""
    existing = KINDS.get(key)
    if existing is not None and (existing.label, existing.optional) != (label, optional):
        raise ValueError(f"The notification kind {key!r} is registered twice.")
    KINDS[key] = Kind(key=key, label=label, optional=optional)
    return key


def kind_label(key: str) -> str:
    kind = KINDS.get(key)
    return str(kind.label) if kind else key


def is_optional(key: str) -> bool:
    kind = KINDS.get(key)
    return bool(kind and kind.optional)


def optional_kinds() -> list[tuple[str, str]]:
    """The kinds a person can turn off, as (key, label), in the order they were registered."""
    return [(kind.key, str(kind.label)) for kind in KINDS.values() if kind.optional]


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
