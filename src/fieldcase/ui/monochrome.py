"""Monochrome that stays readable, for terminals set to ``NO_COLOR``.

Textual turns every colour into its grey under ``NO_COLOR``. Red text, such as
an overdue date or a caution marker, becomes a dark grey on a dark background
that can hardly be read, and black text on an orange badge becomes grey on
grey. Here each colour still becomes its grey, but text is pushed lighter or
darker until it stands clear of what is behind it.
"""

from __future__ import annotations

from functools import lru_cache

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter

MIN_CONTRAST = 120
"""How far apart (of 255 grey levels) text and its background must be."""


def _grey(colour: RichColor) -> int:
    return Color.from_rich_color(colour).monochrome.r


def _rich_grey(level: int) -> RichColor:
    return RichColor.from_rgb(level, level, level)


@lru_cache(1024)
def readable_grey(style: Style, background: Color) -> Style:
    """``style`` in greys, its text at least ``MIN_CONTRAST`` away from its background."""
    back = _grey(style.bgcolor) if style.bgcolor is not None else background.monochrome.r
    new_back = _rich_grey(back) if style.bgcolor is not None else None
    if style.color is None:
        return style + Style.from_color(None, new_back)
    text = _grey(style.color)
    if abs(text - back) < MIN_CONTRAST:
        text = min(255, back + MIN_CONTRAST) if back < 128 else max(0, back - MIN_CONTRAST)
    return style + Style.from_color(_rich_grey(text), new_back)


class ReadableMonochrome(LineFilter):
    """Every colour as a grey, with text always readable against its background."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        """Transform a line's segments.

        Args:
            segments: The line.
            background: The colour behind segments that have no background of their own.
        """
        return [
            Segment(text, None if style is None else readable_grey(style, background), None)
            for text, style, _ in segments
        ]
