"""Start-up work that waits its turn, so the officer's first keys are answered at once.

When the caseload opens, the officer's first keys (a search, a case opened) are
what they wait for. The check-in watches' first poll and the offer of kept
drafts start once the caseload's first list has been drawn, and the daily
backup (seconds of work on a large file) once that list is shown and no key has
been pressed for a short while; a key pressed meanwhile puts it off again.

Should the first list never be drawn (its query failed), the watches start
anyway a few seconds on: an overdue check-in must always be shown.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.timer import Timer

from fieldcase.ui.storage_notices import daily_backup

if TYPE_CHECKING:
    from fieldcase.db.store import Store
    from fieldcase.ui.app import FieldcaseApp

BACKUP_QUIET_SECONDS = 3.0
"""The daily backup starts once no key has been pressed for this long, the caseload shown."""
FIRST_LIST_LATEST = 5.0
"""Seconds after which held-back work starts even if the first list was never drawn."""


class QuietStart:
    """Holds start-up work back until the caseload's first list is on screen."""

    def __init__(self, app: FieldcaseApp, backup_quiet_seconds: float) -> None:
        self.app = app
        self.backup_quiet_seconds = backup_quiet_seconds
        """How long without a key press, the caseload shown, before the daily backup."""
        self._held: list[Callable[[], object]] = []
        self._drawn = False
        self._drawing = False
        self._shown_at = 0.0
        self._latest: Timer | None = None
        self.backup_timer: Timer | None = None
        """Set while the daily backup waits for the officer to pause."""

    def after_first_list(self, step: Callable[[], object]) -> None:
        """Run ``step`` once the first list is drawn (at once if it already is)."""
        if self._drawn:
            step()
            return
        self._held.append(step)
        if self._latest is None:
            self._latest = self.app.set_timer(FIRST_LIST_LATEST, self._release, name="quiet-start")

    def back_up_when_quiet(self, store: Store) -> None:
        """Make the daily backup once the caseload is shown and the keyboard is quiet."""
        self.after_first_list(lambda: self._back_up_if_quiet(store))

    def list_drawn(self) -> None:
        """The caseload has its list (called as it is filled): release the work held back."""
        if self._drawn or self._drawing:
            return
        self._drawing = True
        self.app.run_worker(self._after_paint(), group="quiet-start")

    async def _after_paint(self) -> None:
        painted: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.app.call_after_refresh(painted.set_result, None)
        await painted
        self._release()

    def _release(self) -> None:
        if self._drawn:
            return
        self._drawn = True
        self._shown_at = self.app.idle_watch.clock()
        if self._latest is not None:
            self._latest.stop()
        held, self._held = self._held, []
        for step in held:
            step()

    def _back_up_if_quiet(self, store: Store) -> None:
        watch = self.app.idle_watch
        quiet = min(watch.idle_seconds, watch.clock() - self._shown_at)
        remaining = self.backup_quiet_seconds - quiet
        if remaining > 0:
            # Keys were pressed meanwhile: look again when the pause could be long enough.
            self.backup_timer = self.app.set_timer(
                remaining, lambda: self._back_up_if_quiet(store), name="daily-backup"
            )
            return
        self.backup_timer = None
        if self.app.open_store is store:
            daily_backup(self.app, store)
