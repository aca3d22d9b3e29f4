"""Accessibility checks with axe-core, injected into the page under test.

axe-core comes from npm (``package.json``; ``make test`` runs ``npm ci`` when npm is present).
``assert_accessible(page, label)`` runs axe on the page as it is now (WCAG 2.0/2.1 A and AA
rules and axe's best practices) and fails with a readable list when any violation of impact
"serious" or "critical" is found. Without axe-core installed the test is skipped, and fails
under ``CI=true`` (the same rule as for Chromium).
"""

import json
from pathlib import Path

from tests.conftest import skip_or_fail

AXE_JS = Path(__file__).resolve().parent.parent.parent / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_available() -> bool:
    return AXE_JS.exists()


def run_axe(page) -> list[dict]:
    """Every axe violation on the page (all impacts), as axe reports them."""
    if not axe_available():
        skip_or_fail("needs axe-core (npm ci, or make test with npm installed)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # add_script_tag would be refused by the site's CSP (no inline scripts); evaluating
        # the source from the test side is not subject to it.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        TAGS,
    )
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {json.dumps(node['target'])}: {node['failureSummary']!r}")
    return "\n".join(lines)


def assert_accessible(page, label: str = "") -> None:
    """Fail when axe finds a serious or critical violation on the page as it is now."""
    blocking = [v for v in run_axe(page) if v["impact"] in BLOCKING]
    where = f"{label} ({page.url})" if label else page.url
    assert not blocking, f"axe found serious or critical violations on {where}:\n" + describe(
        blocking
    )
