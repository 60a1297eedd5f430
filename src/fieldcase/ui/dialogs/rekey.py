"""Changing the passphrase from inside the app."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from fieldcase.db.engine import StoreError
from fieldcase.db.store import Store
from fieldcase.domain.passphrase import NO_RECOVERY_TEXT, RULES_TEXT
from fieldcase.services.errors import ValidationError
from fieldcase.services.security import change_passphrase
from fieldcase.ui import keys
from fieldcase.ui.base import FieldcaseModal
from fieldcase.ui.keys import CANCEL, SAVE, reworded
from fieldcase.ui.widgets.form_frame import FormFoot, FormFrame, FormMessages

FIELDS = (
    ("current", "Current passphrase"),
    ("new", "New passphrase"),
    ("repeat", "New passphrase again"),
)


class RekeyDialog(FieldcaseModal[bool]):
    """Change the passphrase: the current one, then the new one twice."""

    HELP = (
        "Type the passphrase you use now, then the new one twice, and press Ctrl+S. "
        "The database is re-encrypted safely: if anything interrupts it, the current "
        "passphrase keeps working. Esc leaves everything as it was."
    )
    BINDINGS = [
        reworded(SAVE, "Change", tooltip="Re-encrypt the database with the new passphrase"),
        reworded(CANCEL, tooltip="Keep the passphrase"),
        keys.HELP,
    ]

    def __init__(
        self, store: Store, *, personal: Iterable[str] = (), published: Iterable[str] = ()
    ) -> None:
        """Build the dialog.

        Args:
            store: The open store whose passphrase changes.
            personal: Names the new passphrase must not be made of (the officer's).
            published: Passphrases others know (the demo one).
        """
        super().__init__()
        self.store = store
        self.personal = list(personal)
        self.published = list(published)
        self.busy = False

    def compose(self) -> ComposeResult:
        with FormFrame(classes="form-dialog", id="rekey"):
            yield Static("Change passphrase", classes="form-title")
            yield Static(Content(RULES_TEXT), classes="gate-text")
            yield Static(Content(NO_RECOVERY_TEXT), classes="gate-text")
            for name, label in FIELDS:
                yield Label(label, classes="field-label")
                yield Input(id=f"{name}-passphrase", password=True)
                yield Static("", id=f"{name}-error", classes="error")
            with FormFoot(classes="form-foot"):
                yield FormMessages(id="rekey-message")
                with Horizontal(classes="form-buttons"):
                    yield Button("Change (ctrl+s)", id="change", variant="primary", compact=True)
                    yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#current-passphrase").focus()

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "repeat-passphrase":
            self.action_save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#change")
    def change_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        """Leave the passphrase as it is."""
        if not self.busy:
            self.dismiss(False)

    def action_save(self) -> None:
        """Check the answers and re-encrypt the database."""
        if self.busy:
            return
        values = {name: self.query_one(f"#{name}-passphrase", Input).value for name, _ in FIELDS}
        self._show({})
        self.query_one("#rekey-message", Static).update("Re-encrypting the database…")
        self.busy = True
        self.app.keys_wait_for(self._change(values))

    @work(exclusive=True, group="rekey")
    async def _change(self, values: dict[str, str]) -> None:
        try:
            await asyncio.to_thread(
                change_passphrase,
                self.store,
                values["current"],
                values["new"],
                values["repeat"],
                now=self.app.now(),
                personal=self.personal,
                published=self.published,
            )
        except ValidationError as exc:
            self.busy = False
            self._show(exc.errors)
            return
        except StoreError as exc:
            self.busy = False
            self.query_one("#rekey-message", Static).update(Content(str(exc)))
            return
        self.busy = False
        self.dismiss(True)

    def _show(self, errors: dict[str, str]) -> None:
        """Each message under its field; focus the first field with a problem."""
        self.query_one("#rekey-message", Static).update("")
        first = None
        for name, _ in FIELDS:
            message = errors.get(name, "")
            self.query_one(f"#{name}-error", Static).update(Content(message))
            if message and first is None:
                first = name
        if first is not None:
            self.query_one(f"#{first}-passphrase").focus()
