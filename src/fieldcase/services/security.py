"""Unlocking, changing the passphrase, and passphrases for scripted use.

Three promises are kept here:

* A wrong passphrase never changes the database file, and repeated wrong
  passphrases are slowed down (``domain.passphrase.backoff_seconds``). The
  count of consecutive failures lives in a small file beside the database
  (``<database>.attempts``: a number and a time, nothing personal), so
  restarting fieldcase does not reset the wait.
* Changing the passphrase survives being interrupted at any moment. The data
  is copied into a new file encrypted with the new passphrase
  (``sqlcipher_export``), checked, flushed to disk, and only then renamed over
  the old file in one atomic step. Until the rename the old file, and the old
  passphrase, are untouched; after it the new file is complete. A half-written
  copy left by a crash is removed the next time the database is unlocked.
  (SQLCipher's in-place ``PRAGMA rekey`` is avoided: it rewrites every page of
  a live WAL database, which SQLCipher 4 does not promise to do safely.)
* The passphrase is never stored, logged, or put in argv or SQL text. For
  scripts it may come from the ``FIELDCASE_PASSPHRASE`` environment variable
  or from standard input; see ``passphrase_from_environment`` for the risks.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO

import sqlcipher3

from fieldcase.db import audit
from fieldcase.db.engine import (
    APPLICATION_ID,
    StoreError,
    WrongPassphrase,
    open_connection,
    sqlcipher_engine,
)
from fieldcase.db.store import Store, open_store
from fieldcase.domain.passphrase import (
    backoff_seconds,
    mismatch_problem,
    strength_problems,
    wait_remaining,
)
from fieldcase.services.errors import ValidationError

ENV_PASSPHRASE = "FIELDCASE_PASSPHRASE"
"""Environment variable a script may use to pass the passphrase (see its risks below)."""
ATTEMPTS_SUFFIX = ".attempts"
REKEY_SUFFIX = ".rekey"


class UnlockDelayed(StoreError):
    """Too many wrong passphrases in a row: wait before trying again."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        whole = max(1, int(seconds + 0.999))
        super().__init__(
            f"Too many wrong passphrases. Wait {whole} second{'s' if whole != 1 else ''} "
            "and try again."
        )


@dataclass(frozen=True)
class UnlockAttempts:
    """Consecutive wrong passphrases for one database file."""

    failures: int = 0
    """Wrong passphrases since the last correct one."""
    last_failure: datetime | None = None
    """When the latest wrong passphrase was given (aware UTC)."""

    def wait(self, now: datetime) -> float:
        """Seconds still to wait before another attempt is allowed."""
        return wait_remaining(self.failures, self.last_failure, now)


def attempts_file(database: Path) -> Path:
    """The file beside ``database`` that counts wrong passphrases (no personal data)."""
    return database.with_name(database.name + ATTEMPTS_SUFFIX)


def read_attempts(database: Path) -> UnlockAttempts:
    """The failure count for ``database``; a missing or unreadable file counts as none."""
    try:
        raw = json.loads(attempts_file(database).read_text(encoding="utf-8"))
        failures = int(raw["failures"])
        last = datetime.fromisoformat(raw["last_failure"]) if raw.get("last_failure") else None
    except (OSError, ValueError, KeyError, TypeError):
        return UnlockAttempts()
    if last is not None and last.tzinfo is None:
        return UnlockAttempts()
    return UnlockAttempts(failures=max(0, failures), last_failure=last)


def record_failure(database: Path, now: datetime) -> UnlockAttempts:
    """Count one more wrong passphrase for ``database`` and return the new count."""
    attempts = UnlockAttempts(failures=read_attempts(database).failures + 1, last_failure=now)
    target = attempts_file(database)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(
        json.dumps({"failures": attempts.failures, "last_failure": now.isoformat()}),
        encoding="utf-8",
    )
    tmp.replace(target)
    return attempts


def clear_attempts(database: Path) -> None:
    """Forget wrong passphrases after a correct one."""
    attempts_file(database).unlink(missing_ok=True)


def check_attempt_allowed(database: Path, now: datetime) -> None:
    """Refuse an attempt made before the back-off has passed.

    Raises:
        UnlockDelayed: With the seconds still to wait.
    """
    wait = read_attempts(database).wait(now)
    if wait > 0:
        raise UnlockDelayed(wait)


def next_wait_seconds(database: Path) -> int:
    """How long the officer must wait after the latest wrong passphrase."""
    return backoff_seconds(read_attempts(database).failures)


def unlock(path: Path, passphrase: str, *, now: datetime, actor: str = "") -> Store:
    """Open the officer's encrypted database, honouring the back-off.

    A wrong passphrase is counted beside the file and the file itself is left
    byte-for-byte unchanged. A half-written copy from an interrupted passphrase
    change is removed first.

    Raises:
        UnlockDelayed: Asked again too soon after wrong passphrases.
        WrongPassphrase: The passphrase does not open the file (counted).
        StoreError: Any other reason the file cannot be opened.
    """
    discard_interrupted_rekey(path)
    check_attempt_allowed(path, now)
    try:
        store = open_store(path, passphrase, actor=actor)
    except WrongPassphrase:
        record_failure(path, now)
        raise
    clear_attempts(path)
    return store


def create_database(path: Path, passphrase: str, *, officer_name: str) -> Store:
    """Make the officer's new encrypted database at ``path`` and open it.

    Raises:
        StoreError: A database is already there, or the file cannot be made.
    """
    return open_store(path, passphrase, create=True, actor=officer_name)


def verify_passphrase(
    path: Path, passphrase: str, *, now: datetime, store: Store | None = None
) -> bool:
    """True when ``passphrase`` opens ``path``: used to unlock a locked screen.

    Wrong answers count towards the same back-off as the unlock screen. A
    store opened on a full disk holds the file alone, so its idle connection
    is closed first (it reopens when next needed).

    Raises:
        UnlockDelayed: Asked again too soon after wrong passphrases.
    """
    check_attempt_allowed(path, now)
    exclusive = store is not None and store.short_of_space
    if store is not None and exclusive:
        store.engine.dispose()
    try:
        conn = open_connection(path, passphrase, exclusive=exclusive)
    except WrongPassphrase:
        record_failure(path, now)
        return False
    conn.close()
    clear_attempts(path)
    return True


def published_passphrases() -> list[str]:
    """Passphrases printed in the documentation, which must never protect real cases."""
    from fieldcase.demo.build import DEMO_PASSPHRASE

    return [DEMO_PASSPHRASE]


def passphrase_problems(
    current: str,
    new: str,
    repeated: str,
    *,
    personal: Iterable[str] = (),
    published: Iterable[str] = (),
) -> dict[str, str]:
    """Field -> message for a change-passphrase form (``current``, ``new``, ``repeat``)."""
    errors: dict[str, str] = {}
    if not current:
        errors["current"] = "Type the passphrase you use now."
    problems = strength_problems(new, personal=personal, published=published)
    if "\x00" in new:
        problems.append("It contains a NUL character, which cannot be used.")
    if problems:
        errors["new"] = " ".join(problems)
    elif new == current:
        errors["new"] = "The new passphrase is the same as the current one."
    mismatch = mismatch_problem(new, repeated)
    if mismatch and "new" not in errors:
        errors["repeat"] = mismatch
    return errors


def change_passphrase(
    store: Store,
    current: str,
    new: str,
    repeated: str,
    *,
    now: datetime,
    personal: Iterable[str] = (),
    published: Iterable[str] = (),
) -> None:
    """Re-encrypt the store's database with a new passphrase, safely.

    The store keeps working afterwards (its engine is replaced in place), and
    the change is recorded in the audit trail (without either passphrase).

    Raises:
        ValidationError: ``current`` is wrong or the new passphrase is weak or
            typed differently twice; nothing was changed.
        UnlockDelayed: Too many wrong current passphrases in a row.
        StoreError: The database cannot be re-encrypted (for example it is open
            in another window); it still opens with the current passphrase.
    """
    if store.path is None:
        raise StoreError("Only an encrypted database file has a passphrase to change.")
    errors = passphrase_problems(current, new, repeated, personal=personal, published=published)
    if errors:
        raise ValidationError(errors)
    if not verify_passphrase(store.path, current, now=now):
        raise ValidationError({"current": "That is not the passphrase that opens this database."})
    store.engine.dispose()
    try:
        rekey_file(store.path, current, new)
    except BaseException:
        store.engine = sqlcipher_engine(store.path, current)
        raise
    store.engine = sqlcipher_engine(store.path, new)
    with store.transaction() as session:
        audit.record(session, action="rekey", entity="database")


def rekey_file(path: Path, current: str, new: str) -> None:
    """Re-encrypt the database at ``path`` with ``new``; every connection must be closed.

    Either the old file (old passphrase) or the complete new file (new
    passphrase) is at ``path`` at every instant, whatever interrupts this.

    Raises:
        WrongPassphrase: ``current`` does not open the file.
        StoreError: The copy could not be made or checked; nothing was changed.
    """
    copy = path.with_name(path.name + REKEY_SUFFIX)
    discard_interrupted_rekey(path)
    conn = open_connection(path, current)
    try:
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise StoreError(
                "The database is in use by another fieldcase window. Close it and try again."
            )
        conn.execute("ATTACH DATABASE ? AS rekeyed KEY ?", (str(copy), new))
        conn.execute("SELECT sqlcipher_export('rekeyed')")
        user_version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute(f"PRAGMA rekeyed.user_version = {int(user_version)}")
        conn.execute(f"PRAGMA rekeyed.application_id = {APPLICATION_ID}")
        _check_copy(conn)
        conn.execute("DETACH DATABASE rekeyed")
    except sqlcipher3.Error as exc:
        conn.close()
        discard_interrupted_rekey(path)
        raise StoreError(
            "The passphrase could not be changed; the database still opens with the current one."
        ) from exc
    except BaseException:
        conn.close()
        discard_interrupted_rekey(path)
        raise
    conn.close()
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        discard_interrupted_rekey(path)
        raise StoreError(
            "The database is in use by another fieldcase window. Close it and try again."
        )
    with contextlib.suppress(OSError):
        os.chmod(copy, stat.S_IMODE(path.stat().st_mode))
    _fsync_file(copy)
    os.replace(copy, path)
    _fsync_dir(path.parent)
    path.with_name(path.name + "-shm").unlink(missing_ok=True)


def discard_interrupted_rekey(path: Path) -> None:
    """Remove a half-made copy left by an interrupted passphrase change.

    The copy only ever replaces the database once it is complete, so an
    existing copy was never used: the database still opens with the old passphrase.
    """
    for leftover in (REKEY_SUFFIX, REKEY_SUFFIX + "-journal"):
        path.with_name(path.name + leftover).unlink(missing_ok=True)


def _check_copy(conn: sqlcipher3.Connection) -> None:
    tables = [
        row[0]
        for row in conn.execute(
            # A virtual table (the search index) is checked through the tables that
            # hold its rows; the attached copy's schema does not show it until reopened.
            "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
        )
    ]
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        before = conn.execute(f"SELECT count(*) FROM main.{quoted}").fetchone()[0]
        after = conn.execute(f"SELECT count(*) FROM rekeyed.{quoted}").fetchone()[0]
        if before != after:
            raise sqlcipher3.DatabaseError("the re-encrypted copy is incomplete")
    result = conn.execute("PRAGMA rekeyed.quick_check").fetchone()[0]
    if result != "ok":
        raise sqlcipher3.DatabaseError("the re-encrypted copy failed its check")


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable; not possible (nor needed) on Windows."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def passphrase_from_environment(stdin: TextIO | None) -> str | None:
    """The passphrase for scripted use, or None to ask on the unlock screen.

    Looked for, in order:

    1. The first line of ``stdin``, when a stream is given (the caller passes
       ``sys.stdin`` only when asked to, e.g. by ``--passphrase-stdin``) and it
       is not a terminal: ``pass show fieldcase | fieldcase --passphrase-stdin``.
       At a terminal it is not read, because the passphrase would be echoed.
    2. ``FIELDCASE_PASSPHRASE`` in the environment. It is removed from this
       process's environment once read, so programs fieldcase starts do not
       inherit it.

    Risks, documented in the README: an environment variable can be read by
    other programs running as the same user (``/proc/<pid>/environ``) and,
    typed inline, lands in shell history; a passphrase kept in a file, script
    or CI log is readable by anyone who can read that. Prefer piping it from a
    password manager. The passphrase is never accepted as a command-line
    argument, because argv is visible to every user on the machine.

    Args:
        stdin: The stream to read a passphrase from, or None not to read one.
    """
    from_env = os.environ.pop(ENV_PASSPHRASE, None)
    if stdin is not None and not stdin.closed:
        try:
            line = "" if stdin.isatty() else stdin.readline()
        except (OSError, ValueError):
            line = ""
        line = line.removesuffix("\n").removesuffix("\r")
        if line:
            return line
    return from_env or None
