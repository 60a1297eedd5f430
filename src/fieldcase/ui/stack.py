"""The database stack, loaded in the background while the officer types the passphrase.

The unlock screen needs nothing but Textual, so SQLAlchemy, SQLModel, SQLCipher,
Alembic, the services and the dashboard are imported once it is drawn, on a
thread, instead of before. Opening the database waits for them (``loaded``), so
every import happens on that one thread, in one order.
"""

from __future__ import annotations

import importlib
from typing import Any

from textual.app import App
from textual.worker import Worker

DATABASE_STACK = (
    "fieldcase.services.security",
    "fieldcase.services.drafts",
    "fieldcase.ui.watchers.checkins",
    "fieldcase.ui.drafts_offer",
    "fieldcase.ui.screens.dashboard",
)
"""What opening the database and showing the caseload import, in that order."""


def import_database_stack() -> None:
    """Import every module of the database stack (at once when already imported)."""
    for name in DATABASE_STACK:
        importlib.import_module(name)


class StackLoader:
    """Imports the database stack on a thread, once; openers wait for it."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._worker: Worker[None] | None = None

    def start(self) -> None:
        """Begin importing in the background (once; later calls do nothing)."""
        if self._worker is None:
            self._worker = self.app.run_worker(
                import_database_stack, thread=True, group="database-stack"
            )

    async def loaded(self) -> None:
        """Wait until the stack is imported, starting the import if it has not begun."""
        self.start()
        assert self._worker is not None
        await self._worker.wait()
