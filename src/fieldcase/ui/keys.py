"""The bindings every screen shares: back, cancel, save and help, each with one id.

A keymap finds a binding by its id, so remapping ``save`` moves Save on every
form at once. A screen that needs its own words for one of them uses
``reworded``, which keeps the key, the action and the id.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding
from textual.screen import Screen

BACK = Binding("escape", "back", "Back", id="back", tooltip="Back to the previous screen")
"""Leave a screen for the one it was opened from (``action_back``)."""
CANCEL = Binding("escape", "cancel", "Cancel", id="cancel", tooltip="Close without saving")
"""Close a form or dialog without saving (``action_cancel``)."""
SAVE = Binding("ctrl+s", "save", "Save", id="save", tooltip="Save and close", priority=True)
"""Save a form, even from inside a text area (``action_save``)."""
HELP = Binding("f1", "help", "Help", id="help", tooltip="Show the keys for this screen")
"""The keys and help for the current screen (the app's ``action_help``)."""


TEXTUAL_SCREEN_ACTIONS = frozenset(
    binding.action for binding in Screen.BINDINGS if isinstance(binding, Binding)
)
"""Textual's own keys on every screen (Tab, Shift+Tab, copy): not fieldcase actions, so the
help explains them in its own words and the command palette leaves them out."""


def reworded(binding: Binding, description: str = "", *, tooltip: str = "") -> Binding:
    """The same binding (key, action, id) with a label or tooltip that fits one screen."""
    return replace(
        binding,
        description=description or binding.description,
        tooltip=tooltip or binding.tooltip,
    )
