"""The geometry of the report's charts, drawn by the templates as inline SVG (no script).

Everything here is in the SVG's own units (its ``viewBox``); the page scales the drawing to
the width of its card, so the same chart reads on a phone and on a desktop. Colours come from
CSS classes (static/css/westem.css): the Content Security Policy forbids inline styles.
"""

import math
from dataclasses import dataclass
from datetime import date

from django.utils.formats import number_format

# Horizontal bars: a line of text (the label, and the figure at the right end), the bar below.
HBAR_WIDTH = 400
HBAR_LABEL = 17  # from the top of a row to the baseline of its text
HBAR_BAR_TOP = 26
HBAR_BAR_HEIGHT = 18
HBAR_ROW = 58

# Grouped columns per month.
COLUMNS_WIDTH = 480
COLUMNS_HEIGHT = 230
COLUMNS_LEFT = 34  # the axis' figures
COLUMNS_TOP = 30  # the legend
COLUMNS_BOTTOM = 40  # the months and years
COLUMNS_RIGHT = 4


@dataclass(frozen=True)
class HBar:
    label: str
    text: str  # the figure as shown, e.g. "120 · 75 %" or "4.3"
    label_y: float
    bar_y: float
    width: float  # of the bar; 0 for a figure withheld or zero
    shown: bool  # False: no bar at all (a withheld figure)


@dataclass(frozen=True)
class HBarChart:
    width: int
    height: int
    bar_height: int
    bars: list[HBar]


def hbars(rows: list[tuple[str, float | None, str]], maximum: float) -> HBarChart:
    """Horizontal bars for ``(label, value, text)`` rows on a scale of 0 to ``maximum``; a
    row whose value is None gets its label and text but no bar."""
    bars = []
    for index, (label, value, text) in enumerate(rows):
        top = index * HBAR_ROW
        width = 0.0
        if value is not None and maximum > 0:
            width = round(HBAR_WIDTH * min(value, maximum) / maximum, 1)
            if value > 0:
                width = max(width, 2.0)  # a small figure still shows
        bars.append(
            HBar(
                label=label,
                text=text,
                label_y=top + HBAR_LABEL,
                bar_y=top + HBAR_BAR_TOP,
                width=width,
                shown=value is not None,
            )
        )
    height = len(rows) * HBAR_ROW - (HBAR_ROW - HBAR_BAR_TOP - HBAR_BAR_HEIGHT)
    return HBarChart(width=HBAR_WIDTH, height=height, bar_height=HBAR_BAR_HEIGHT, bars=bars)


def nice_maximum(value: float) -> float:
    """The top of an axis at or above ``value``: 2, 4, 6, 8 or 10 times a power of ten (at
    least 2), so that the middle tick is a whole number too."""
    if value <= 2:
        return 2
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 4, 6, 8, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    height: float


@dataclass(frozen=True)
class ColumnGroup:
    month: date
    center: float  # x of the month's label
    first_of_year: bool  # the label shows the year under the month
    columns: list[Column]  # one per series, in the order of the series


@dataclass(frozen=True)
class Tick:
    y: float
    label: str  # the value, formatted for the current language


@dataclass(frozen=True)
class ColumnChart:
    width: int
    height: int
    left: int
    right: float
    baseline: float
    column_width: float
    groups: list[ColumnGroup]
    ticks: list[Tick]
    legend_y: int


def _figure(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def month_columns(months: list[date], series: list[list[float]]) -> ColumnChart:
    """Columns side by side for each month, one per series (sessions, hours), on one axis from
    0 to a round maximum, with three ticks."""
    top = nice_maximum(max((value for values in series for value in values), default=0))
    plot_height = COLUMNS_HEIGHT - COLUMNS_TOP - COLUMNS_BOTTOM
    baseline = COLUMNS_TOP + plot_height
    slot = (COLUMNS_WIDTH - COLUMNS_LEFT - COLUMNS_RIGHT) / max(len(months), 1)
    gap = slot * 0.2
    column_width = round((slot - gap) / max(len(series), 1), 1)
    groups = []
    for index, month in enumerate(months):
        start = COLUMNS_LEFT + index * slot + gap / 2
        columns = []
        for number, values in enumerate(series):
            height = round(plot_height * values[index] / top, 1)
            if values[index] > 0:
                height = max(height, 1.5)
            columns.append(
                Column(
                    x=round(start + number * column_width, 1),
                    y=round(baseline - height, 1),
                    height=height,
                )
            )
        groups.append(
            ColumnGroup(
                month=month,
                center=round(COLUMNS_LEFT + index * slot + slot / 2, 1),
                first_of_year=index == 0 or month.month == 1,
                columns=columns,
            )
        )
    ticks = [
        Tick(y=round(baseline - plot_height * share, 1), label=number_format(_figure(top * share)))
        for share in (0, 0.5, 1)
    ]
    return ColumnChart(
        width=COLUMNS_WIDTH,
        height=COLUMNS_HEIGHT,
        left=COLUMNS_LEFT,
        right=COLUMNS_WIDTH - COLUMNS_RIGHT,
        baseline=baseline,
        column_width=column_width,
        groups=groups,
        ticks=ticks,
        legend_y=14,
    )
