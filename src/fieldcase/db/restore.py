"""Putting a backup back in place of the database, and setting a file aside.

Nothing is replaced until the backup has been checked in full. The file it
replaces is never deleted: it is renamed, with its ``-wal`` and ``-shm``
files, to ``<name>.<why>-<when>`` beside it, where it stays untouched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from fieldcase.db import health, migrate
from fieldcase.db.engine import IN_USE, DamagedDatabase, StoreError, first_read

SIDE_FILES = ("-wal", "-shm")
_SHM_DEAD_MAN_BYTE = 128
"""Every open connection to a WAL database holds a shared lock on this byte of its -shm file."""


def damage_advice(database: Path) -> str:
    """What to do about a damaged database: the latest backup to restore, or whom to ask."""
    from fieldcase.db.backup import backup_folder, latest_backup

    latest = latest_backup(database)
    if latest is None:
        return (
            f"There is no backup of it in {backup_folder(database)}. "
            "Keep the file as it is and ask IT for help."
        )
    when = latest.made_at.astimezone().strftime("%d %b %Y %H:%M")
    return (
        f"The latest backup was made {when}: `fieldcase restore {latest.path}` puts it in "
        "place and keeps the damaged file aside."
    )


def check_backup(backup: Path, passphrase: str) -> None:
    """Raise unless ``backup`` is a sound fieldcase backup that this version can open.

    Raises:
        WrongPassphrase: The passphrase does not open it (e.g. one from before a change).
        DamagedDatabase: It is damaged.
        NotFieldcaseDatabase: It is not a fieldcase database.
        StoreError: It is missing, or from a newer version of fieldcase.
    """
    if not backup.is_file():
        raise StoreError(f"There is no backup at {backup}.")
    found = health.examine(backup, passphrase, full=True)
    if found.damaged:
        raise DamagedDatabase(f"The backup {found.summary(backup.name)} Nothing has been replaced.")
    conn, _ = first_read(backup, passphrase, read_only=True)
    try:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        conn.close()
    if revision is None or revision[0] not in migrate.known_revisions():
        raise StoreError(
            f"The backup {backup.name} was made by a newer version of fieldcase. "
            "Upgrade fieldcase to restore it. Nothing has been replaced."
        )


def restore_backup(backup: Path, database: Path, passphrase: str, *, now: datetime) -> Path | None:
    """Check ``backup``, set the database aside, and put the backup in its place.

    Returns where the replaced file was kept, or None when there was no file.
    A backup from an older version is brought up to date (after a backup of
    its own) the next time it is opened.

    Raises:
        WrongPassphrase, DamagedDatabase, NotFieldcaseDatabase, StoreError: see
            ``check_backup``; and StoreError when fieldcase has the database open.
            Nothing has been replaced in any of these cases.
    """
    check_backup(backup, passphrase)
    if in_use(database):
        raise StoreError(f"{IN_USE[0].upper()}{IN_USE[1:]}. Close it and try again.")
    incoming = database.with_name(database.name + ".restoring")
    incoming.unlink(missing_ok=True)
    fd = os.open(incoming, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out, backup.open("rb") as source:
        shutil.copyfileobj(source, out)
        out.flush()
        os.fsync(out.fileno())
    aside = set_aside(database, "replaced", now=now)
    os.replace(incoming, database)
    _fsync_dir(database.parent)
    return aside


def set_aside(database: Path, why: str, *, now: datetime) -> Path | None:
    """Rename the database and its log files to ``<name>.<why>-<when>``; returns the new name.

    The bytes are untouched. Returns None when there is no database file.
    """
    if not database.exists():
        return None
    stamp = now.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    aside = database.with_name(f"{database.name}.{why}-{stamp}")
    counter = 1
    while aside.exists():
        counter += 1
        aside = database.with_name(f"{database.name}.{why}-{stamp}-{counter}")
    for suffix in SIDE_FILES:
        side = database.with_name(database.name + suffix)
        if side.exists():
            os.replace(side, aside.with_name(aside.name + suffix))
    os.replace(database, aside)
    _fsync_dir(database.parent)
    return aside


def in_use(database: Path) -> bool:
    """True when another process has the database open (POSIX; False where it cannot tell)."""
    shm = database.with_name(database.name + "-shm")
    if os.name == "nt" or not shm.exists():
        return False
    import fcntl

    try:
        fd = os.open(shm, os.O_RDWR)
    except OSError:
        return False
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _SHM_DEAD_MAN_BYTE)
        except OSError:
            return True
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, _SHM_DEAD_MAN_BYTE)
        return False
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    with contextlib.suppress(OSError):
        os.fsync(fd)
    os.close(fd)
