"""Encrypted backups of the database, and putting one back.

A backup is written with ``VACUUM INTO`` from an open connection: SQLite
copies one consistent moment of the database (a read transaction) while the
app goes on saving, and SQLCipher encrypts the copy with the same key. It is
never a file copy of a live database, which could catch a save half-way.

Each backup is written under a temporary name, checked (it opens with the
key, every page verifies, its structure is sound, it is a fieldcase
database), flushed to disk, and only then given its final name: a file named
like a backup is always a complete one. Backups live in ``backups/`` beside
the database, a folder readable by the officer alone (0700), and each file is
0600.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine

from fieldcase.db.engine import APPLICATION_ID, StorageProblem, StoreError, storage_cause

FOLDER = "backups"
PARTIAL = ".partial"
DAILY = timedelta(days=1)
_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?P<reason>-[a-z-]+)?(?:-\d+)?\.db$")


@dataclass(frozen=True)
class Backup:
    """One backup file."""

    path: Path
    made_at: datetime
    """When it was made (aware UTC), from its name."""
    reason: str = ""
    """Why, when not a daily or requested one: e.g. "before-upgrade"."""


def backup_folder(database: Path) -> Path:
    """Where the backups of ``database`` are kept: ``backups/`` beside it."""
    return database.parent / FOLDER


def list_backups(database: Path, folder: Path | None = None) -> list[Backup]:
    """The backups of ``database`` in ``folder`` (its own by default), newest first."""
    where = folder or backup_folder(database)
    found: list[Backup] = []
    if not where.is_dir():
        return found
    for entry in where.iterdir():
        match = _NAME.match(entry.name)
        if match is None or match["stem"] != database.stem or not entry.is_file():
            continue
        made = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
        found.append(Backup(entry, made, (match["reason"] or "").lstrip("-")))
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def latest_backup(database: Path) -> Backup | None:
    """The newest backup of ``database``, if there is one."""
    backups = list_backups(database)
    return backups[0] if backups else None


def daily_backup_due(database: Path, now: datetime) -> bool:
    """True when no backup of ``database`` was made in the last day."""
    latest = latest_backup(database)
    return latest is None or now - latest.made_at >= DAILY


def make_backup(
    engine: Engine,
    database: Path,
    *,
    now: datetime,
    folder: Path | None = None,
    reason: str = "",
    keep: int | None = None,
) -> Path:
    """Write a checked, encrypted copy of the open database; returns the backup's path.

    Args:
        engine: The open database's engine (its key encrypts the copy).
        database: The database file, which names the backup.
        now: The moment (aware UTC) the backup is named after.
        folder: Where to write it; ``backups/`` beside the database by default.
        reason: Added to the name, e.g. "before-upgrade".
        keep: Remove all but this many newest backups afterwards (at least one is kept).

    Raises:
        StorageProblem: The disk is full or failing; no backup file is left behind.
        StoreError: The copy did not check out; it was removed.
    """
    where = folder or backup_folder(database)
    _private_folder(where)
    final = _free_name(where, database.stem, now, reason)
    partial = final.with_name(final.name + PARTIAL)
    try:
        _write_copy(engine, partial)
        _fsync(partial)
        os.replace(partial, final)
        _fsync(where)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    if keep is not None:
        prune(database, max(1, keep), folder=where)
    return final


def prune(database: Path, keep: int, *, folder: Path | None = None) -> list[Path]:
    """Remove all but the ``keep`` newest backups; returns what was removed."""
    removed = [b.path for b in list_backups(database, folder)[keep:]]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def _private_folder(folder: Path) -> None:
    """Make the folder, readable by the officer alone."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700)
    for leftover in folder.glob("*" + PARTIAL):
        leftover.unlink(missing_ok=True)


def _free_name(folder: Path, stem: str, now: datetime, reason: str) -> Path:
    base = f"{stem}-{now.astimezone(UTC).strftime(_STAMP)}{'-' + reason if reason else ''}"
    candidate = folder / f"{base}.db"
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = folder / f"{base}-{counter}.db"
    return candidate


def _write_copy(engine: Engine, target: Path) -> None:
    """``VACUUM INTO`` an empty 0600 file, then check the copy through the same key."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    raw = engine.raw_connection()
    try:
        conn = raw.driver_connection
        assert conn is not None
        try:
            conn.execute("VACUUM INTO ?", (str(target),))
            _check_copy(conn, target)
        except sqlcipher3.Error as exc:
            cause = storage_cause(exc)
            if cause is not None:
                raise StorageProblem(f"The backup could not be made: {cause}.", cause) from exc
            raise StoreError("The backup could not be made: the copy did not check out.") from exc
    finally:
        raw.close()


def _check_copy(conn: sqlcipher3.Connection, target: Path) -> None:
    """The copy opens with the live database's key, verifies page by page and is fieldcase's."""
    conn.execute("ATTACH DATABASE ? AS copy", (str(target),))
    try:
        problems = conn.execute("PRAGMA copy.quick_check").fetchall()
        app_id = conn.execute("PRAGMA copy.application_id").fetchone()[0]
        if problems != [("ok",)] or app_id != APPLICATION_ID:
            raise sqlcipher3.DatabaseError("the copy failed its check")
    finally:
        conn.execute("DETACH DATABASE copy")


def _fsync(path: Path) -> None:
    if os.name == "nt" and path.is_dir():
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
