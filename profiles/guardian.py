"""A guardian's consent (issue 20, GDPR Art. 8): the text she consents to, the one-time links,
and what the apps above do when a guardian withdraws (``register_on_withdraw``: ``cycles``
pauses the girl's mentorships; ``profiles`` may not import it).

When the check happens: a girl gives her date of birth at sign-up and her country on the
profile step, so whether she needs a guardian is decided when she takes part, not once:
``profiles.access.may_take_part`` reads her date of birth and country each time (a birthday,
or a changed country, changes the answer at once)."""

import hashlib
import secrets
from collections.abc import Callable

from django.utils.translation import gettext

TEXT_VERSION = "2026-12-07"

_ON_WITHDRAW: list[Callable] = []


def register_on_withdraw(hook: Callable) -> Callable:
    """``hook(user)`` runs in the withdrawal's transaction (e.g. pausing her mentorships)."""
    if hook not in _ON_WITHDRAW:
        _ON_WITHDRAW.append(hook)
    return hook


def run_withdraw_hooks(user) -> None:
    for hook in _ON_WITHDRAW:
        hook(user)


def new_token() -> tuple[str, str]:
    """A one-time key for an emailed link and its hash (only the hash is kept)."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def consent_text(name: str) -> str:
    """What the guardian consents to, in the language of the page; stored as shown."""
    return gettext(
        "I am the parent or guardian of %(name)s. I consent to her taking part in the WESTEM "
        "mentoring program for girls and women in STEM: she has an account with her profile "
        "(name, country, school stage, interests), may ask mentors for mentoring and meet "
        "them online, and writes with her mentor on the platform. WESTEM keeps her data to "
        "run the program, as its privacy notice explains, and program staff can see her "
        "mentorships; the program's safeguarding lead may read her conversations with her "
        "mentor, and she can reach the lead at any time with the “I feel unsafe” "
        "button. I can withdraw this consent at any time through the link in the email."
    ) % {"name": name}
