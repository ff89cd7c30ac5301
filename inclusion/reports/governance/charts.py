"""Horizontal bar charts drawn on the server as inline SVG: no JavaScript. Pure geometry.

A chart sits beside its table, which is its text alternative: the SVG is hidden from assistive
technology (``aria-hidden``). Colours come from the GOV.UK colour palette, one per partnership.
A hidden (suppressed) figure is not drawn: its place says "<5" or "suppressed", as the table does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# GOV.UK colours, each with at least 3:1 contrast against white.
PALETTE = (
    "#1d70b8",  # blue
    "#00703c",  # green
    "#4c2c92",  # purple
    "#d4351c",  # red
    "#28a197",  # turquoise
    "#912b88",  # bright purple
    "#b58840",  # brown
    "#003078",  # dark blue
    "#d53880",  # pink
    "#505a5f",  # dark grey
    "#f47738",  # orange
    "#85994b",  # light green
)
TEXT_COLOUR = "#0b0c0c"

WIDTH = 480
VALUE_SPACE = 100  # room after the longest bar for its figure
LABEL_HEIGHT = 22
BAR_HEIGHT = 16
BAR_GAP = 4
ROW_GAP = 14
LEGEND_LINE = 22
MAX_LABEL = 62


@dataclass(frozen=True)
class Point:
    """One figure to draw: its size (None when hidden or missing) and the text shown for it."""

    size: float | None
    text: str


@dataclass(frozen=True)
class Bar:
    y: int
    width: float
    colour: str
    text: str
    text_x: float
    text_y: int


@dataclass(frozen=True)
class Text:
    x: int
    y: int
    text: str
    colour: str = ""


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bar_height: int
    texts: tuple[Text, ...]
    bars: tuple[Bar, ...]
    legend: tuple[Text, ...]  # a square of the colour at (x - 18, y - 12), then the name


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "\N{HORIZONTAL ELLIPSIS}"


def bar_chart(
    rows: Sequence[tuple[str, Sequence[Point]]],
    series: Sequence[str],
    *,
    top: float | None = None,
) -> Chart:
    """A bar for each point of each row, one colour a series (named in a legend when there is
    more than one). Bars are scaled to ``top`` (100 for percentages) or to the largest point."""
    sizes = [p.size for _, points in rows for p in points if p.size is not None]
    scale_top = top or max([*sizes, 0.0]) or 1.0
    plot = WIDTH - VALUE_SPACE
    legend: list[Text] = []
    y = 0
    if len(series) > 1:
        for index, name in enumerate(series):
            y += LEGEND_LINE
            legend.append(Text(22, y, _short(name), PALETTE[index % len(PALETTE)]))
        y += ROW_GAP
    texts: list[Text] = []
    bars: list[Bar] = []
    for label, points in rows:
        y += LABEL_HEIGHT
        texts.append(Text(0, y - 6, _short(label)))
        for index, point in enumerate(points):
            width = 0.0 if point.size is None else max(point.size, 0.0) / scale_top * plot
            colour = PALETTE[index % len(PALETTE)]
            bars.append(
                Bar(y, round(width, 1), colour, point.text, round(width + 6, 1), y + BAR_HEIGHT - 3)
            )
            y += BAR_HEIGHT + BAR_GAP
        y += ROW_GAP
    return Chart(WIDTH, max(y, 1), BAR_HEIGHT, tuple(texts), tuple(bars), tuple(legend))
