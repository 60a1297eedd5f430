"""Backups seen from the app: the daily one on start, and restoring after damage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fieldcase.db.backup import daily_backup_due, latest_backup, make_backup
from fieldcase.db.restore import restore_backup
from fieldcase.db.store import Store


@dataclass(frozen=True)
class LatestBackup:
    """The newest backup of a database, as offered to the officer."""

    path: Path
    made_at: datetime
    """When it was made (aware UTC)."""


def backup_if_due(store: Store, *, now: datetime, keep: int) -> Path | None:
    """Make the day's backup when none was made in the last day; returns it, or None.

    Raises:
        StorageProblem: The disk is full or failing (no partial file is left).
        StoreError: The copy did not check out.
    """
    if store.path is None or store.read_only or not daily_backup_due(store.path, now):
        return None
    return make_backup(store.engine, store.path, now=now, keep=keep)


def newest_backup(database: Path) -> LatestBackup | None:
    """The backup a damaged database can be restored from, if any."""
    found = latest_backup(database)
    return LatestBackup(found.path, found.made_at) if found else None


def restore_newest(database: Path, passphrase: str, *, now: datetime) -> Path | None:
    """Put the newest backup in place of ``database``; returns where the old file was kept.

    Raises:
        StoreError: There is no backup, or it does not check out (nothing replaced).
        WrongPassphrase: The backup does not open with this passphrase.
    """
    from fieldcase.db.engine import StoreError

    found = latest_backup(database)
    if found is None:
        raise StoreError("There is no backup to restore.")
    return restore_backup(found.path, database, passphrase, now=now)
