"""What the officer is told about the database as it opens, and the daily backup.

A damaged database open for reading only, a full disk or a team server link
that is not safe is said at once; the daily backup runs on a thread and a
failure is said, never a crash.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldcase.db.errors import StorageProblem

if TYPE_CHECKING:
    from fieldcase.db.store import Store
    from fieldcase.ui.app import FieldcaseApp

READ_ONLY_NOTICE = (
    "This damaged database is open for reading only: nothing can be saved. "
    "Restore the latest backup to work normally again."
)
DISK_FULL_NOTICE = (
    "The disk is full. You can read your cases, but saving will fail until some space is freed."
)


def tell_storage_state(app: FieldcaseApp, store: Store) -> None:
    """Say at once when saving cannot work (damaged, full disk) or the link is not safe."""
    if store.link_warning:
        app.notify(store.link_warning, title="Team server", severity="warning", timeout=30)
    if store.read_only:
        app.notify(READ_ONLY_NOTICE, severity="warning", timeout=30)
    elif store.short_of_space:
        app.notify(DISK_FULL_NOTICE, severity="warning", timeout=30)


def daily_backup(app: FieldcaseApp, store: Store) -> None:
    """Once a day on start, a checked backup, on a thread."""

    def back_up() -> None:
        from fieldcase.services.backups import backup_if_due

        try:
            backup_if_due(store, now=app.now(), keep=app.settings.backup_keep)
        except Exception as exc:  # a failed backup must never stop the officer working
            cause = exc.cause if isinstance(exc, StorageProblem) else "it did not check out"
            app.call_from_thread(
                app.notify,
                f"Today's backup could not be made: {cause}. Your cases are as they were.",
                severity="warning",
                timeout=20,
            )

    app.run_worker(back_up, thread=True, group="daily-backup", exit_on_error=False)


def storage_problem(error: BaseException) -> StorageProblem | None:
    """The StorageProblem behind an error (a worker wraps what its work raised), if any."""
    seen = 0
    current: BaseException | None = error
    while current is not None and seen < 8:
        if isinstance(current, StorageProblem):
            return current
        wrapped = getattr(current, "error", None)
        current = wrapped if isinstance(wrapped, BaseException) else current.__cause__
        seen += 1
    return None
