"""The engine factory: an encrypted SQLite file (SQLCipher) or PostgreSQL.

Nothing here runs at import time. The caller builds an engine from a path
and a passphrase and owns the sessions made from it.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from fieldcase.paths import PRIVATE_DIR, keep_private, sidecars

APPLICATION_ID = 0x46434153
"""Written into every fieldcase database, so a foreign file is recognised."""
SQLITE_PLAIN_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
WRITES = "fieldcase_writes"
"""Execution option marking a transaction that will write (see ``Store.transaction``)."""


class StoreError(Exception):
    """The database cannot be opened; the message is safe to show the officer."""


class WrongPassphrase(StoreError):
    """The passphrase does not open this file (or the file is not a database)."""


class NotFieldcaseDatabase(StoreError):
    """The file is a database, but not one of fieldcase's."""


def quote_passphrase(passphrase: str) -> str:
    """The passphrase as an SQL string literal for ``PRAGMA key``."""
    if "\x00" in passphrase:
        raise ValueError("a passphrase cannot contain a NUL character")
    return "'" + passphrase.replace("'", "''") + "'"


def open_connection(path: Path, passphrase: str, *, new: bool = False) -> sqlcipher3.Connection:
    """Open one SQLCipher connection, keyed and set up for safe writing.

    Nothing is written to a file that is not already a fieldcase database:
    the key and the application id are checked before WAL mode is set.

    Args:
        path: The database file.
        passphrase: The key.
        new: True when the file is being created, so it has no application id yet.

    Raises:
        WrongPassphrase: The key does not decrypt the file.
        NotFieldcaseDatabase: The file decrypts but belongs to something else.
    """
    conn = sqlcipher3.connect(str(path), check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {quote_passphrase(passphrase)}")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
        except sqlcipher3.DatabaseError as exc:
            raise WrongPassphrase(
                "That passphrase does not open this database. Check it and try again."
            ) from exc
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if not new and app_id != APPLICATION_ID:
            raise NotFieldcaseDatabase(
                f"{path} is not a fieldcase database. It has not been changed."
            )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def check_file(path: Path) -> None:
    """Refuse files that are plainly not a fieldcase database, before any key is tried.

    Raises:
        NotFieldcaseDatabase: The file is an unencrypted SQLite database, a folder,
            or too short to be a database.
    """
    if path.is_dir():
        raise NotFieldcaseDatabase(f"{path} is a folder, not a fieldcase database.")
    if not path.exists():
        return
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_PLAIN_HEADER))
    if head == SQLITE_PLAIN_HEADER:
        raise NotFieldcaseDatabase(
            f"{path} is an unencrypted SQLite database, not a fieldcase database. "
            "It has not been changed."
        )
    if (
        0 < len(head) < len(SQLITE_PLAIN_HEADER)
        or path.stat().st_size % 512 != 0
        or _looks_like_text(path)
    ):
        raise NotFieldcaseDatabase(f"{path} is not a fieldcase database. It has not been changed.")


def _looks_like_text(path: Path) -> bool:
    """True for a file that starts with readable text.

    An encrypted database starts with random bytes, which are as good as
    never valid UTF-8 without a NUL for a whole kilobyte.
    """
    with path.open("rb") as fh:
        start = fh.read(1024)
    if not start or b"\x00" in start:
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(start, final=False)
    except UnicodeDecodeError:
        return False
    return True


def sqlcipher_engine(path: Path, passphrase: str, *, pool_size: int = 3) -> Engine:
    """An engine on an encrypted SQLite file. Connections are pooled: keying costs time.

    The first connection is opened here, so a wrong passphrase raises at once.

    Raises:
        WrongPassphrase: The passphrase does not open the file.
        NotFieldcaseDatabase: The file is not a fieldcase database.
    """
    check_file(path)
    new = not (path.is_file() and path.stat().st_size > 0)
    path.parent.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    first = open_connection(path, passphrase, new=new)
    if new:
        for created in (path, *sidecars(path)):
            keep_private(created)
    spare: list[sqlcipher3.Connection] = [first]

    def creator() -> sqlcipher3.Connection:
        if spare:
            return spare.pop()
        return open_connection(path, passphrase)

    engine = create_engine(
        "sqlite://",
        # The SQLite dialect with sqlcipher3 as its DBAPI module, so that driver
        # errors (IntegrityError, OperationalError…) are wrapped as SQLAlchemy's.
        module=sqlcipher3,
        creator=creator,
        poolclass=QueuePool,
        pool_size=pool_size,
        max_overflow=2,
        pool_pre_ping=False,
    )
    _use_real_transactions(engine)
    return engine


def postgres_engine(url: str) -> Engine:
    """An engine on a PostgreSQL team server (``postgresql+psycopg://…``)."""
    return create_engine(url, pool_pre_ping=True)


def _use_real_transactions(engine: Engine) -> None:
    """Let SQLAlchemy, not the driver, begin transactions (the documented pysqlite recipe)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, connection_record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # A transaction that will write takes the write lock as it begins, so two
        # writers (a save and a form's draft, say) queue on the busy timeout. Begun
        # deferred, the later one would fail at once with "database is locked" when
        # it first writes after the other has committed.
        writes = conn.get_execution_options().get(WRITES, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")
