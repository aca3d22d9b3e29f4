"""Helpers for the whole-program journey (tests/browser/test_journey.py): its steps, each
screenshot at desktop and phone width and each new page checked with axe; keyboard-only form
filling; what a user reads in her email and her authenticator app.
"""

import re
import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core import mail
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import screenshot

DESKTOP_VIEWPORT = {"width": 1280, "height": 900}
PHONE_VIEWPORT = {"width": 390, "height": 844}
# More Tab presses than any page of the site has stops: a control further away is unreachable.
MAX_TABS = 150


def field(page, label: str):
    """The form control labelled ``label``, exactly, whether or not it is marked required (*)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


class Journey:
    """The journey's numbered steps."""

    def __init__(self):
        self.number = 0
        self.checked: set[str] = set()

    def step(self, page, name: str, *, axe: str | None) -> None:
        """Screenshot the page as ``journey-NN-<name>-desktop`` and ``-phone``.

        ``axe`` names the page (a distinct page, or a page in a distinct state such as a form
        shown with its errors): axe checks it the first time the journey reaches it. ``None``
        says the page is checked at another step (the same page, in the other language or
        before its errors are shown)."""
        self.number += 1
        if axe is not None and axe not in self.checked:
            self.checked.add(axe)
            assert_accessible(page, f"journey step {self.number:02d}, {axe}")
        shoot(page, f"journey-{self.number:02d}-{name}")


def shoot(page, name: str) -> None:
    """Full-page screenshots at 1280 wide (``<name>-desktop``) and at 390×844
    (``<name>-phone``); the viewport is back at desktop size after."""
    if page.viewport_size != DESKTOP_VIEWPORT:
        page.set_viewport_size(DESKTOP_VIEWPORT)
    screenshot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE_VIEWPORT)
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP_VIEWPORT)


# --- keyboard ------------------------------------------------------------------------------


def _has_focus(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, locator) -> None:
    """Press Tab until ``locator`` has the focus, as a keyboard user moves through a page."""
    for _ in range(MAX_TABS):
        if _has_focus(locator):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{locator} is not reached in {MAX_TABS} presses of Tab")


def type_into(page, locator, text: str) -> None:
    """Tab to a text field and type ``text`` (replacing what it held)."""
    tab_to(page, locator)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(text)
    expect(locator).to_have_value(text)


def press_on(page, locator, key: str = "Space") -> None:
    """Tab to a control and press ``key``: Space ticks a box or chooses a radio button,
    Enter follows a link or presses a button."""
    tab_to(page, locator)
    page.keyboard.press(key)


# --- email and authenticator ---------------------------------------------------------------


def last_email(address: str):
    """The last email sent to ``address``."""
    sent = [message for message in mail.outbox if address in message.to]
    assert sent, f"no email was sent to {address}"
    return sent[-1]


def link_in(message, pattern: str) -> str:
    """The first link in the email's text matching ``pattern``."""
    link = re.search(pattern, message.body)
    assert link, message.body
    return link.group(0)


def authenticator_code(user) -> str:
    """The authenticator app's current code for this user's TOTP secret."""
    secret = decrypt(Authenticator.objects.get(user=user, type="totp").data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))
