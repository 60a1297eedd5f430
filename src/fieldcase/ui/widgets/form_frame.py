"""The frame forms share: a fixed title, scrolling fields, fixed buttons.

In a dialog the title is docked at the top and the messages and buttons at the
bottom of the scrolling frame (see ``.form-dialog`` in fieldcase.tcss), so at
any terminal size the officer sees what the dialog is, the field they are on
and how to save, and the frame never grows past the screen.
"""

from __future__ import annotations

import sys

from textual.containers import Vertical, VerticalScroll
from textual.visual import VisualType
from textual.widgets import Static


class FormFrame(VerticalScroll, can_focus=False):
    """A form's frame: it scrolls to the focused field, but is not a Tab stop itself."""


class FormFoot(Vertical):
    """A dialog's messages and buttons, docked below the scrolling fields."""

    @property
    def _focus_sort_key(self) -> tuple[int, int]:
        # Textual orders Tab by where widgets sit in their container. Docked at the
        # bottom of the visible part of the form, the buttons would come between two
        # fields, wherever the form happens to be scrolled; they come after them all.
        return (sys.maxsize, 0)


class FormMessages(Static):
    """What must be fixed before saving; it takes no room while there is nothing to say."""

    def __init__(self, *, id: str, classes: str = "error") -> None:
        super().__init__("", id=id, classes=classes)
        self.display = False

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        """Show ``content``, or nothing (and no empty line) when it is empty."""
        super().update(content, layout=layout)
        self.display = bool(str(content).strip())
