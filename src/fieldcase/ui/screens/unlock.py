"""Each start: the passphrase opens the encrypted database."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from fieldcase.db.errors import DamagedDatabase, StoreError, WrongPassphrase
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.widgets.footer import Footer


class UnlockScreen(FieldcaseScreen[None]):
    """Asks for the passphrase; a wrong one changes nothing in the file.

    Drawn before the database stack is loaded: it imports nothing but Textual
    and the errors it shows, and waits for the stack only once a passphrase is
    given (``app.database_stack``).
    """

    HELP = (
        "Type your passphrase and press Enter. After wrong passphrases you wait a little "
        "longer each time (up to 30 seconds), even if fieldcase is restarted. Ctrl+Q quits."
    )
    BINDINGS = [
        Binding("enter", "unlock", "Unlock", id="unlock", tooltip="Open the database", show=False),
    ]

    def __init__(self, database: Path) -> None:
        super().__init__()
        self.database = database

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
        self.app.keys_wait_for(self._open(passphrase))

    @work(exclusive=True, group="unlock")
    async def _open(self, passphrase: str) -> None:
        message = self.query_one("#unlock-message", Static)
        app = self.app
        await app.database_stack.loaded()
        from fieldcase.services.security import UnlockDelayed, next_wait_seconds, unlock

        try:
            store = await asyncio.to_thread(
                unlock,
                self.database,
                passphrase,
                now=app.now(),
                actor=app.settings.officer_name,
            )
        except UnlockDelayed as exc:
            self._retry_after(str(exc), exc.seconds)
            return
        except WrongPassphrase as exc:
            wait = next_wait_seconds(self.database)
            suffix = f" Wait {wait} second{'s' if wait != 1 else ''} first." if wait else ""
            self._retry_after(str(exc) + suffix, wait)
            return
        except DamagedDatabase as exc:
            from fieldcase.ui.screens.damaged import DamagedScreen

            app.switch_screen(DamagedScreen(self.database, str(exc), passphrase))
            return
        except StoreError as exc:
            message.update(str(exc))
            self.query_one("#passphrase", Input).disabled = False
            return
        app.store_opened(store)

    def _retry_after(self, text: str, seconds: float) -> None:
        """Show why, clear the field, and let the officer type again once the wait is over."""
        field = self.query_one("#passphrase", Input)
        self.query_one("#unlock-message", Static).update(text)
        field.value = ""

        def ready() -> None:
            field.disabled = False
            field.focus()

        if seconds > 0:
            self.set_timer(seconds, ready)
        else:
            ready()
