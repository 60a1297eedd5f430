"""The lock screen: covers everything personal until the passphrase is typed again."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, Static

from fieldcase.db.engine import StoreError
from fieldcase.services.security import UnlockDelayed, next_wait_seconds, verify_passphrase
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from fieldcase.db.postgres import ServerAddress


class LockScreen(FieldcaseScreen[None]):
    """fieldcase is locked: nothing about any case is on screen.

    Pushed on top of whatever was showing, so unlocking returns to the same
    screen with any half-typed form exactly as it was.
    """

    HELP = (
        "fieldcase is locked, after a while without a key press or because Ctrl+L hid the "
        "screen. Type your passphrase (on a team server, your password) and press Enter to "
        "return to where you were; anything half-typed is still there. Ctrl+Q quits."
    )
    AUTO_FOCUS = "#lock-passphrase"
    BINDINGS = [
        Binding("enter", "unlock", "Unlock", id="unlock-lock", tooltip="Return to your work"),
    ]

    def __init__(
        self, database: Path | None, *, hint: str = "", server: ServerAddress | None = None
    ) -> None:
        """Lock the app.

        Args:
            database: The encrypted database whose passphrase unlocks.
            hint: A line of help under the title (e.g. for the demo).
            server: On a team server instead, the server that checks the login's password.
        """
        super().__init__()
        self.database = database
        self.hint = hint
        self.server = server
        self.secret = "password" if server is not None else "passphrase"
        """What unlocks, in words."""

    def compose(self) -> ComposeResult:
        with Vertical(id="lock", classes="gate"):
            yield Static("fieldcase is locked", classes="gate-title")
            yield Static(
                f"Your cases are hidden. Type your {self.secret} to return to where you were.",
                classes="gate-text",
            )
            if self.hint:
                yield Static(Content(self.hint), classes="gate-text")
            yield Label(self.secret.capitalize())
            yield Input(id="lock-passphrase", password=True)
            yield Static("", id="lock-message", classes="error")
        yield Footer()

    @on(Input.Submitted, "#lock-passphrase")
    def submitted(self) -> None:
        self.action_unlock()

    def action_unlock(self) -> None:
        """Check the passphrase and return to work if it is right."""
        field = self.query_one("#lock-passphrase", Input)
        if not field.value or field.disabled:
            return
        passphrase = field.value
        field.disabled = True
        self.query_one("#lock-message", Static).update("Checking…")
        self.app.keys_wait_for(self._check(passphrase))

    @work(exclusive=True, group="unlock")
    async def _check(self, passphrase: str) -> None:
        if self.server is not None:
            await self._check_with_server(self.server, passphrase)
            return
        assert self.database is not None
        now = self.app.now()
        try:
            right = await asyncio.to_thread(
                verify_passphrase, self.database, passphrase, now=now, store=self.app.store
            )
        except UnlockDelayed as exc:
            self._wait(str(exc), exc.seconds)
            return
        if right:
            self.dismiss(None)
            return
        wait = next_wait_seconds(self.database)
        text = "That is not the passphrase. Check it and try again."
        if wait:
            text += f" Wait {wait} second{'s' if wait != 1 else ''} first."
        self._wait(text, wait)

    async def _check_with_server(self, server: ServerAddress, password: str) -> None:
        """The team server itself says whether the login's password is right."""
        from fieldcase.db.postgres import password_is_right

        try:
            right = await asyncio.to_thread(password_is_right, server, password)
        except StoreError as exc:
            self._wait(f"{exc} Still locked.", 0)
            return
        if right:
            self.dismiss(None)
            return
        self._wait("That is not your password. Check it and try again.", 0)

    def _wait(self, text: str, seconds: float) -> None:
        field = self.query_one("#lock-passphrase", Input)
        self.query_one("#lock-message", Static).update(Content(text))
        field.value = ""

        def ready() -> None:
            field.disabled = False
            field.focus()

        if seconds > 0:
            self.set_timer(seconds, ready)
        else:
            ready()
