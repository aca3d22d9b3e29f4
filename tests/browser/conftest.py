"""Fixtures for browser tests: headless Chromium (Playwright, sync API) against pytest-django's
``live_server``.

- ``page`` (desktop, 1280×900) and ``phone_page`` (390×844, touch): a fresh browser context per
  test, with ``base_url`` set to the live server, so ``page.goto("/accounts/signup/")`` works.
- ``screenshot(page, name)`` saves a full-page PNG to ``test-artifacts/screenshots/<name>.png``.
- A failing test leaves ``FAILED-<test>-<page>.png`` and ``.html`` there for every page it used.
- Every test in this folder is marked ``browser``: the top-level conftest skips it when Chromium
  is missing (or fails it under ``CI=true``).

The live server runs in a thread of this process: it shares the database connection (SQLite in
memory) and ``django.core.mail.outbox`` with the test. Static files are served from the finders
(pytest-django wraps the live server in ``StaticFilesHandler``), so no ``collectstatic`` is needed.
"""

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in the test thread; without this Django
# refuses every database call made from the test (SynchronousOnlyOperation).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

BROWSER_TESTS = Path(__file__).resolve().parent
REPO_ROOT = BROWSER_TESTS.parent.parent
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
# Fail fast: a locator that does not match within this time is a failure, not a slow page.
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(items):
    # This hook sees every collected item, not only this folder's: mark ours only.
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # Read by _open_page's teardown to keep a screenshot of a failed test.
    setattr(item, f"report_{report.when}", report)
    return report


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot to test-artifacts/screenshots/<name>.png and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(name="screenshot")
def screenshot_fixture():
    """The ``screenshot(page, name)`` helper, as a fixture so tests need not import conftest."""
    return screenshot


@pytest.fixture(scope="session")
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(
        executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        headless=True,
        args=CHROMIUM_ARGS,
    )
    yield browser
    browser.close()


def _open_page(browser, live_server, request, label: str, options: dict) -> Iterator:
    failed_name = "FAILED-{}-{}".format(re.sub(r"[^\w.-]+", "-", request.node.name), label)
    for stale in SCREENSHOTS.glob(f"{failed_name}.*"):
        stale.unlink()
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        # Bootstrap then skips its transitions: steadier screenshots, no waiting for animations.
        reduced_motion="reduce",
        **options,
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        report = getattr(request.node, "report_call", None)
        used = not page.is_closed() and page.url != "about:blank"
        if report is not None and report.failed and used:
            try:
                screenshot(page, failed_name)
                (SCREENSHOTS / f"{failed_name}.html").write_text(page.content(), encoding="utf-8")
            except Exception as error:  # never hide the test's own failure
                print(f"Could not save the failure screenshot: {error}")
        context.close()


@pytest.fixture
def page(browser, live_server, request):
    """A desktop page (1280×900, en-GB) in a fresh context; relative URLs go to the live server."""
    yield from _open_page(browser, live_server, request, "page", DESKTOP)


@pytest.fixture
def phone_page(browser, live_server, request):
    """A phone page (390×844, touch) in a fresh context of its own."""
    yield from _open_page(browser, live_server, request, "phone", PHONE)
