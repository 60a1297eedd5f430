"""First run: the officer's name and a passphrase for the new encrypted database."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Button, Input, Label, Static

from fieldcase.db.engine import StoreError
from fieldcase.domain.passphrase import RULES_TEXT, passphrase_problem
from fieldcase.services.security import create_database, published_passphrases
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.keys import SAVE, reworded
from fieldcase.ui.widgets.footer import Footer
from fieldcase.ui.widgets.form_frame import FormFrame

EXPLANATION = (
    "fieldcase keeps your cases in an encrypted file on this laptop. "
    f"{RULES_TEXT} "
    "It is never stored anywhere and CANNOT be recovered: if you forget it, "
    "the cases in this file cannot be opened by anyone."
)


class SetupScreen(FieldcaseScreen[None]):
    """Asks for the officer's name and a new passphrase, twice."""

    HELP = "First run. Type your name, then a passphrase twice. Tab moves between fields."
    BINDINGS = [
        reworded(SAVE, "Create", tooltip="Create the encrypted database"),
    ]

    def __init__(self, database: Path, *, officer_name: str = "") -> None:
        super().__init__()
        self.database = database
        self.initial_name = officer_name

    def compose(self) -> ComposeResult:
        with FormFrame(id="setup", classes="gate"):
            yield Static("Welcome to fieldcase", classes="gate-title")
            yield Static(EXPLANATION, classes="gate-text")
            yield Label("Your name (as it should appear on records)")
            yield Input(self.initial_name, id="officer-name", placeholder="e.g. Jo Bloggs")
            yield Label("Passphrase")
            yield Input(id="passphrase", password=True)
            yield Label("Passphrase again")
            yield Input(id="passphrase-again", password=True)
            yield Static("", id="setup-message", classes="error")
            yield Button("Create encrypted database", id="create", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#officer-name" if not self.initial_name else "#passphrase").focus()

    @on(Input.Submitted)
    def next_or_create(self, event: Input.Submitted) -> None:
        if event.input.id == "passphrase-again":
            self.action_save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#create")
    def create_pressed(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Check the answers and create the database."""
        name = self.query_one("#officer-name", Input).value.strip()
        first = self.query_one("#passphrase", Input).value
        second = self.query_one("#passphrase-again", Input).value
        message = self.query_one("#setup-message", Static)
        if not name:
            message.update("Type your name.")
            self.query_one("#officer-name").focus()
            return
        problem = passphrase_problem(first, personal=[name], published=published_passphrases())
        if problem:
            message.update(problem)
            self.query_one("#passphrase").focus()
            return
        if first != second:
            message.update("The two passphrases are different. Type the second one again.")
            self.query_one("#passphrase-again", Input).value = ""
            self.query_one("#passphrase-again").focus()
            return
        message.update("Creating the encrypted database…")
        self.app.keys_wait_for(self._create(name, first))

    @work(exclusive=True, group="setup")
    async def _create(self, name: str, passphrase: str) -> None:
        try:
            store = await asyncio.to_thread(
                create_database, self.database, passphrase, officer_name=name
            )
        except StoreError as exc:
            self.query_one("#setup-message", Static).update(str(exc))
            return
        self.app.store_opened(store, officer_name=name)
