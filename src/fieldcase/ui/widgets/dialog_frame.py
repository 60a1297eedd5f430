"""The frame every form dialog shares: a fixed title, scrolling fields, fixed buttons.

The title is docked at the top and the messages and buttons at the bottom of
the scrolling frame (see ``.form-dialog`` in fieldcase.tcss), so at any
terminal size the officer sees what the dialog is, the field they are on and
how to save, and the frame never grows past the screen.
"""

from __future__ import annotations

import sys

from textual.containers import Vertical, VerticalScroll


class DialogFrame(VerticalScroll, can_focus=False):
    """A dialog's frame: it scrolls to the focused field, but is not a Tab stop itself."""


class DialogFoot(Vertical):
    """A dialog's messages and buttons, docked below the scrolling fields."""

    @property
    def _focus_sort_key(self) -> tuple[int, int]:
        # Textual orders Tab by where widgets sit in their container. Docked at the
        # bottom of the visible part of the form, the buttons would come between two
        # fields, wherever the form happens to be scrolled; they come after them all.
        return (sys.maxsize, 0)
