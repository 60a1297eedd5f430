"""Opening a team server when libpq has no password for the officer's login."""

from __future__ import annotations

import asyncio

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, Static

from fieldcase.db.engine import StoreError
from fieldcase.db.postgres import ServerAddress
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.widgets.footer import Footer


class ServerLoginScreen(FieldcaseScreen[None]):
    """Asks for the password of the officer's login on the team server; keeps nothing of it."""

    HELP = (
        "The team server asks for your password (your login's, as IT gave it to you). "
        "Type it and press Enter. It is sent to the server only, and kept in memory while "
        "fieldcase runs: never on disk. Ctrl+Q quits."
    )
    BINDINGS = [
        Binding(
            "enter",
            "log_in",
            "Log in",
            id="log-in",
            tooltip="Log in to the team server",
            show=False,
        ),
    ]

    def __init__(self, address: ServerAddress) -> None:
        super().__init__()
        self.address = address

    def compose(self) -> ComposeResult:
        with Vertical(id="server-login", classes="gate"):
            yield Static("fieldcase team server", classes="gate-title")
            yield Static(
                Content(f"Log in to {self.address.shown()} with your password."),
                classes="gate-text",
            )
            yield Label("Password")
            yield Input(id="server-password", password=True)
            yield Static("", id="server-login-message", classes="error")
        yield Footer()

    @on(Input.Submitted, "#server-password")
    def submitted(self) -> None:
        self.action_log_in()

    def action_log_in(self) -> None:
        """Try the password."""
        field = self.query_one("#server-password", Input)
        if not field.value:
            return
        field.disabled = True
        self.query_one("#server-login-message", Static).update(Content("Connecting…"))
        self._open(field.value)

    @work(exclusive=True, group="server-login")
    async def _open(self, password: str) -> None:
        await self.app.database_stack.loaded()  # one thread imports the stack, never two
        from fieldcase.db.team import open_team_store

        try:
            store = await asyncio.to_thread(open_team_store, self.address, password)
        except StoreError as exc:
            field = self.query_one("#server-password", Input)
            self.query_one("#server-login-message", Static).update(Content(str(exc)))
            field.value = ""
            field.disabled = False
            field.focus()
            return
        self.app.store_opened(store)
