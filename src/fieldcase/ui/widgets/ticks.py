"""Tick boxes that say whether they are ticked: ``[x]`` or ``[ ]``, not only a colour.

Textual draws a ticked and an unticked box as the same ``▐X▌`` in two
colours, which a monochrome terminal (``NO_COLOR``), a washed-out laptop
screen in a living room or colour blindness turns into the same box. Every
tick box and checklist in fieldcase is one of these instead.
"""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, OptionList, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

ValueT = TypeVar("ValueT")

TICKED = "[x]"
UNTICKED = "[ ]"


def tick_mark(ticked: bool) -> str:
    """How a box looks, ticked or not."""
    return TICKED if ticked else UNTICKED


class TickBox(Checkbox):
    """A labelled tick box drawn ``[x]`` when ticked and ``[ ]`` when not (Space ticks)."""

    DEFAULT_CSS = """
    TickBox > .toggle--button {
        color: $text-muted;
        background: transparent;
    }
    TickBox.-on > .toggle--button {
        color: $text-success;
        background: transparent;
        text-style: bold;
    }
    """

    @property
    def _button(self) -> Content:
        return Content.assemble((tick_mark(self.value), self.get_visual_style("toggle--button")))


class TickList(SelectionList[ValueT]):
    """A checklist whose items are drawn ``[x]`` when ticked and ``[ ]`` when not."""

    def render_line(self, y: int) -> Strip:
        line = OptionList.render_line(self, y)
        index = self.scroll_offset.y + y
        try:
            selection = self.get_option_at_index(index)
        except OptionDoesNotExist:
            return line
        ticked = selection.value in self._selected
        first = next(iter(line), None)
        underlying = (first.style if first is not None else None) or Style()
        # The option index lets a click on the box tick it, as on Textual's own box.
        meta = Style(meta={"option": index})
        mark_style = underlying + Style(bold=ticked) + meta
        return Strip(
            [Segment(tick_mark(ticked), mark_style), Segment(" ", underlying + meta), *line]
        )
