"""The database is damaged: say so plainly, and offer the latest backup or reading what is left.

The damaged file is never written to. Restoring keeps it aside, untouched,
beside the restored database; opening it read-only lets the officer read what
it still holds, with saving refused.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from fieldcase.db.engine import StoreError, WrongPassphrase
from fieldcase.db.store import open_store
from fieldcase.services.backups import LatestBackup, newest_backup, restore_newest
from fieldcase.services.security import unlock
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.widgets.footer import Footer


class DamagedScreen(FieldcaseScreen[None]):
    """Names the damage and offers the way out; never blames the passphrase."""

    HELP = (
        "The database file is damaged. r puts the latest backup in its place (the damaged "
        "file is kept aside, untouched); o opens the damaged file for reading only; "
        "Ctrl+Q quits without changing anything."
    )
    BINDINGS = [
        Binding("r", "restore", "Restore backup", id="restore-backup", tooltip="Restore"),
        Binding("o", "read_only", "Read only", id="open-read-only", tooltip="Read only"),
    ]

    def __init__(self, database: Path, message: str, passphrase: str) -> None:
        super().__init__()
        self.database = database
        self.message = message
        self._passphrase = passphrase
        self.backup: LatestBackup | None = newest_backup(database)
        self._empty = not database.is_file() or database.stat().st_size == 0

    def compose(self) -> ComposeResult:
        with Vertical(id="damaged", classes="gate"):
            yield Static("This database is damaged", classes="gate-title")
            yield Static(Content(self.message), id="damage", classes="gate-text")
            yield Static(Content(self._choices()), id="damage-choices", classes="gate-text")
            yield Static("", id="damage-message", classes="error")
        yield Footer()

    def _choices(self) -> str:
        lines = []
        if self.backup is not None:
            when = self.backup.made_at.astimezone().strftime("%d %b %Y %H:%M")
            lines.append(
                f"r  restore the latest backup, made {when}. The damaged file is kept aside, "
                "untouched, for IT."
            )
        else:
            lines.append(
                f"There is no backup in {self.backup_folder()}. Keep the file as it is and "
                "ask IT for help."
            )
        if not self._empty:
            lines.append("o  open the damaged file for reading only (nothing can be saved)")
        lines.append("ctrl+q  quit; nothing is changed")
        return "\n".join(lines)

    def backup_folder(self) -> Path:
        """Where backups of this database are looked for."""
        from fieldcase.db.backup import backup_folder

        return backup_folder(self.database)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only what can be done: a backup to restore, a file to read."""
        if action == "restore":
            return self.backup is not None
        if action == "read_only":
            return not self._empty
        return True

    def action_restore(self) -> None:
        """Put the latest backup in place, keeping the damaged file aside, and open it."""
        self._say("Checking the backup and restoring it…")
        self._restore()

    def action_read_only(self) -> None:
        """Open the damaged file without any way to write to it."""
        self._say("Opening for reading only…")
        self._read_only()

    def _say(self, text: str) -> None:
        self.query_one("#damage-message", Static).update(Content(text))

    @work(exclusive=True, group="damaged")
    async def _restore(self) -> None:
        app = self.app
        try:
            aside = await asyncio.to_thread(
                restore_newest, self.database, self._passphrase, now=app.now()
            )
            store = await asyncio.to_thread(
                unlock, self.database, self._passphrase, now=app.now(), actor=app.officer_name
            )
        except WrongPassphrase:
            self._say(
                "That backup does not open with your passphrase (it was made before a "
                "passphrase change). Nothing was replaced. Use `fieldcase restore FILE` in a "
                "terminal with the passphrase of the time."
            )
            return
        except StoreError as exc:
            self._say(str(exc))
            return
        kept = f" The damaged file is kept as {aside.name}." if aside else ""
        app.store_opened(store)
        app.notify(f"The latest backup was restored.{kept}", timeout=20)

    @work(exclusive=True, group="damaged")
    async def _read_only(self) -> None:
        app = self.app
        try:
            store = await asyncio.to_thread(
                open_store, self.database, self._passphrase, read_only=True, actor=app.officer_name
            )
        except StoreError as exc:
            self._say(str(exc))
            return
        app.store_opened(store)
