"""The typed door from screens and dialogs to the app (and through it, to the services)."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual import events, getters, on
from textual.screen import ModalScreen, Screen

from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.widgets.footer import Footer

ResultT = TypeVar("ResultT")

KeyHelp = tuple[tuple[str, str], ...]
"""Keys that are not bindings of their own (they belong to the fields), with what they do."""

SCREEN_KEYS: KeyHelp = (
    ("tab", "Next field or table (shift+tab goes back)"),
    ("enter", "Open or edit the highlighted row; open a drop-down"),
    ("space", "Tick or untick a checklist item"),
)
DIALOG_KEYS: KeyHelp = (
    ("tab", "Next field (shift+tab goes back)"),
    ("enter", "Next field from a text field; open a drop-down; choose a highlighted item"),
    ("space", "Tick or untick a box or checklist item: [x] ticked, [ ] not"),
)


class FieldcaseScreen(Screen[ResultT]):
    """A full screen of fieldcase; ``self.app`` is typed as the fieldcase app."""

    app = getters.app(FieldcaseApp)
    HELP_KEYS: ClassVar[KeyHelp] = SCREEN_KEYS
    """Keys the F1 help lists besides the screen's bindings."""


class FieldcaseModal(ModalScreen[ResultT]):
    """A dialog of fieldcase; ``self.app`` is typed as the fieldcase app.

    Every dialog has its own footer, showing its keys rather than those of the
    screen underneath, and F1 opens its own help: a dialog stops the keys of
    the screens below it, the app's F1 included, so it answers F1 itself. Each
    dialog lists ``HELP`` among its ``BINDINGS``, after the keys that matter
    most (Save, Cancel), so the footer shows those first.
    """

    app = getters.app(FieldcaseApp)
    HELP_KEYS: ClassVar[KeyHelp] = DIALOG_KEYS
    """Keys the F1 help lists besides the dialog's bindings."""

    @on(events.Mount)
    def _add_footer(self) -> None:
        # Mounted here rather than composed, so no dialog's compose has to remember it.
        self.mount(Footer())

    def action_help(self) -> None:
        """Show the keys and help for this dialog."""
        self.app.action_help()
