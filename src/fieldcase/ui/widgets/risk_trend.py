"""A sparkline of risk levels over time: one coloured bar per assessment."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from fieldcase.domain.vocab import RiskLevel
from fieldcase.ui.widgets.risk_level import level_badge

BARS = {RiskLevel.STANDARD: "▂", RiskLevel.MEDIUM: "▅", RiskLevel.HIGH: "█"}
"""Taller for higher risk."""
BAR_COLOURS = {
    RiskLevel.STANDARD: "green",
    RiskLevel.MEDIUM: "darkorange",
    RiskLevel.HIGH: "red",
}


def trend_line(levels: Sequence[RiskLevel]) -> Content:
    """The levels, oldest first, as coloured bars two cells wide."""
    if not levels:
        return Content.styled("no assessments yet", "dim")
    return Content.assemble(*[(BARS[level] * 2 + " ", BAR_COLOURS[level]) for level in levels])


def legend() -> Content:
    """What the bar heights mean."""
    parts: list[str | Content | tuple[str, str]] = []
    for level in RiskLevel:
        parts += [(BARS[level], BAR_COLOURS[level]), f" {level.label}   "]
    return Content.assemble(*parts)


class RiskTrend(Static):
    """How a victim's risk level changed, assessment by assessment."""

    DEFAULT_CSS = """
    RiskTrend {
        height: auto;
        padding: 0 1;
    }
    """

    def show(self, levels: Sequence[RiskLevel]) -> None:
        """Redraw for these levels, oldest first."""
        first = Content.assemble(("Trend  ", "dim"), trend_line(levels))
        if levels:
            first = Content.assemble(first, ("  now ", "dim"), level_badge(levels[-1]))
        self.update(Content("\n").join([first, Content.assemble("       ", legend())]))
