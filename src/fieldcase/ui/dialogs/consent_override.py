"""The warning shown when something needs a victim's consent that is not in place.

The officer can go back, or go ahead by typing the reason, which is stored
with the record. Any screen can use it: it returns the reason, or None.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Label, Static, TextArea

from fieldcase.ui import keys
from fieldcase.ui.base import FieldcaseModal
from fieldcase.ui.keys import CANCEL, SAVE, reworded
from fieldcase.ui.text import literal
from fieldcase.ui.widgets.form_frame import FormFoot, FormFrame, FormMessages


class ConsentOverrideDialog(FieldcaseModal[str | None]):
    """Consent is missing: go back, or give the reason for going ahead without it."""

    HELP = (
        "The victim has not given (or has withdrawn) the consent this needs. Type why it "
        "must go ahead anyway and press ctrl+s, or press Escape to go back without saving."
    )
    BINDINGS = [
        reworded(SAVE, "Go ahead", tooltip="Go ahead without consent, recording the reason"),
        reworded(CANCEL, "Go back", tooltip="Do not save"),
        keys.HELP,
    ]

    def __init__(self, warning: str, *, title: str = "Consent is not in place") -> None:
        """Build the dialog.

        Args:
            warning: The sentence(s) saying whose consent is missing (stored names in it
                are shown literally).
            title: The dialog's heading.
        """
        super().__init__()
        self.warning = warning
        self.title_text = title

    def compose(self) -> ComposeResult:
        with FormFrame(classes="form-dialog override-dialog"):
            yield Static(Content(self.title_text), classes="form-title")
            yield Static(literal(self.warning), id="override-warning")
            yield Label("Why must it go ahead without consent?", classes="field-label")
            yield TextArea(
                id="override-reason", classes="notes", soft_wrap=True, tab_behavior="focus"
            )
            with FormFoot(classes="form-foot"):
                yield FormMessages(id="override-error")
                with Horizontal(classes="form-buttons"):
                    yield Button(
                        "Go ahead (ctrl+s)", id="override-go", variant="warning", compact=True
                    )
                    yield Button("Go back (esc)", id="override-back", compact=True)

    def on_mount(self) -> None:
        self.query_one("#override-reason", TextArea).focus()

    @on(Button.Pressed, "#override-go")
    def go_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#override-back")
    def back_pressed(self) -> None:
        self.action_cancel()

    def action_save(self) -> None:
        """Go ahead, if a reason has been typed."""
        reason = self.query_one("#override-reason", TextArea).text.strip()
        if not reason:
            self.query_one("#override-error", Static).update(
                Content("Type the reason, or press Escape to go back.")
            )
            return
        self.dismiss(reason)

    def action_cancel(self) -> None:
        """Go back without saving."""
        self.dismiss(None)
