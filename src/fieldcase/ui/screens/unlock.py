"""Each start: the passphrase opens the encrypted database."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Static

from fieldcase.db.engine import StoreError, WrongPassphrase
from fieldcase.db.store import open_store


class UnlockScreen(Screen[None]):
    """Asks for the passphrase; a wrong one changes nothing in the file."""

    HELP = "Type your passphrase and press Enter. Ctrl+Q quits."
    BINDINGS = [
        Binding("enter", "unlock", "Unlock", id="unlock", tooltip="Open the database", show=False),
    ]

    def __init__(self, database: Path) -> None:
        super().__init__()
        self.database = database
        self.failures = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock", classes="gate"):
            yield Static("fieldcase is locked", classes="gate-title")
            yield Static("Enter your passphrase to open your cases.", classes="gate-text")
            yield Label("Passphrase")
            yield Input(id="passphrase", password=True)
            yield Static("", id="unlock-message", classes="error")
        yield Footer()

    @on(Input.Submitted, "#passphrase")
    def submitted(self) -> None:
        self.action_unlock()

    def action_unlock(self) -> None:
        """Try the passphrase."""
        field = self.query_one("#passphrase", Input)
        passphrase = field.value
        if not passphrase:
            return
        field.disabled = True
        self.query_one("#unlock-message", Static).update("Opening…")
        self.run_worker(self._open(passphrase), exclusive=True)

    async def _open(self, passphrase: str) -> None:
        field = self.query_one("#passphrase", Input)
        message = self.query_one("#unlock-message", Static)
        app = self.app
        try:
            store = await asyncio.to_thread(
                open_store,
                self.database,
                passphrase,
                actor=app.settings.officer_name,  # type: ignore[attr-defined]
            )
        except WrongPassphrase as exc:
            self.failures += 1
            delay = min(2 ** max(self.failures - 3, 0), 30) if self.failures >= 3 else 0
            message.update(str(exc) + (f" Wait {delay} s." if delay else ""))
            await asyncio.sleep(delay)
            field.value = ""
            field.disabled = False
            field.focus()
            return
        except StoreError as exc:
            message.update(str(exc))
            field.disabled = False
            return
        app.store_opened(store)  # type: ignore[attr-defined]
