"""``core.figures``: what sibling apps count for a report."""

import pytest

from core import figures
from core.figures import Figure, figures_for, register_figures


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test (the apps' own contributors come back after it)."""
    monkeypatch.setattr(figures, "CONTRIBUTORS", {})


def test_figures_come_in_the_contributors_order(registry):
    register_figures(report="r", name="late", order=20, count=lambda scope: [Figure("b", "B", 2)])
    register_figures(
        report="r", name="early", order=10, count=lambda scope: [Figure("a", "A", scope)]
    )

    assert figures_for("r", 1) == [Figure("a", "A", 1), Figure("b", "B", 2)]
    assert figures_for("nobody", 1) == []
