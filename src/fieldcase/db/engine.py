"""The engine factory: an encrypted SQLite file (SQLCipher) or PostgreSQL.

Nothing here runs at import time. The caller builds an engine from a path
and a passphrase and owns the sessions made from it.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from fieldcase.db.errors import OFFLINE_NOT_SAVED as OFFLINE_NOT_SAVED
from fieldcase.db.errors import SERVER_UNREACHABLE as SERVER_UNREACHABLE
from fieldcase.db.errors import DamagedDatabase as DamagedDatabase
from fieldcase.db.errors import NotFieldcaseDatabase as NotFieldcaseDatabase
from fieldcase.db.errors import ServerUnreachable as ServerUnreachable
from fieldcase.db.errors import StorageProblem as StorageProblem
from fieldcase.db.errors import StoreError as StoreError
from fieldcase.db.errors import WrongPassphrase as WrongPassphrase
from fieldcase.db.errors import check_file as check_file
from fieldcase.paths import PRIVATE_DIR, keep_private, sidecars

APPLICATION_ID = 0x46434153
"""Written into every fieldcase database, so a foreign file is recognised."""
BUSY_TIMEOUT_MS = 5000
WRITES = "fieldcase_writes"
"""Execution option marking a transaction that will write (see ``Store.transaction``)."""


DISK_FULL = "the disk is full"
DISK_ERROR = "the disk could not be written to (a disk error)"
READ_ONLY = "the database is open for reading only"
IN_USE = "the database is in use by another fieldcase window"
_CAUSES = (
    ("database or disk is full", DISK_FULL),
    ("disk I/O error", DISK_ERROR),
    ("attempt to write a readonly database", READ_ONLY),
    ("database is locked", IN_USE),
)


def storage_cause(exc: BaseException) -> str | None:
    """The plain cause when ``exc`` (or an error behind it) is a full or failing disk, else None.

    Only SQLite's own fixed messages and an OS error's code are looked at,
    never the statement or its values.
    """
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno == errno.ENOSPC:
            return DISK_FULL
        if isinstance(current, sqlcipher3.Error):
            message = str(current)
            for text, cause in _CAUSES:
                if text in message:
                    return cause
        pending += [getattr(current, "orig", None), current.__cause__, current.__context__]
    return None


def quote_passphrase(passphrase: str) -> str:
    """The passphrase as an SQL string literal for ``PRAGMA key``."""
    if "\x00" in passphrase:
        raise ValueError("a passphrase cannot contain a NUL character")
    return "'" + passphrase.replace("'", "''") + "'"


def keyed_connection(
    path: Path, passphrase: str, *, read_only: bool = False, exclusive: bool = False
) -> sqlcipher3.Connection:
    """A connection with the key given and nothing read yet.

    ``read_only`` opens the file so that SQLite cannot write to it.
    ``exclusive`` keeps the write-ahead log's index in memory instead of a
    ``-shm`` file, so a database can be opened on a full disk; no other
    connection can then use the file.
    """
    target = str(path)
    if read_only:
        # Without a log beside it, the file is all there is: reading it as
        # immutable leaves no -wal or -shm file behind.
        wal = path.with_name(path.name + "-wal")
        target = f"file:{quote(str(path))}?mode=ro" + ("" if wal.exists() else "&immutable=1")
    conn = sqlcipher3.connect(
        target, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000, uri=read_only
    )
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {quote_passphrase(passphrase)}")
        if exclusive:
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    except BaseException:
        conn.close()
        raise
    return conn


def first_read(
    path: Path, passphrase: str, *, read_only: bool = False
) -> tuple[sqlcipher3.Connection, Exception | None]:
    """A keyed connection and the error of its first read (None when the schema reads).

    A disk too full for the write-ahead log's index is met by opening again
    with the index in memory (see ``keyed_connection``).

    Raises:
        StorageProblem: The file cannot be read even so.
    """
    for exclusive in (False, True):
        conn = keyed_connection(path, passphrase, read_only=read_only, exclusive=exclusive)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
        except sqlcipher3.DatabaseError as exc:
            cause = storage_cause(exc)
            if cause is None:
                return conn, exc
            conn.close()
            if exclusive or cause == IN_USE:
                raise StorageProblem(
                    f"fieldcase cannot open {path.name}: {cause}. Nothing was changed.", cause
                ) from exc
            continue
        return conn, None
    raise AssertionError("unreachable")


def is_exclusive(conn: sqlcipher3.Connection) -> bool:
    """True for a connection keeping the log's index in memory (opened on a full disk)."""
    return str(conn.execute("PRAGMA locking_mode").fetchone()[0]).lower() == "exclusive"


def open_connection(
    path: Path, passphrase: str, *, new: bool = False, exclusive: bool = False
) -> sqlcipher3.Connection:
    """Open one SQLCipher connection, keyed and set up for safe writing.

    Nothing is written to a file that is not already a fieldcase database:
    the key and the application id are checked before WAL mode is set.

    Args:
        path: The database file.
        passphrase: The key.
        new: True when the file is being created, so it has no application id yet.
        exclusive: Keep the log's index in memory (see ``keyed_connection``).

    Raises:
        WrongPassphrase: The key does not decrypt the file.
        NotFieldcaseDatabase: The file decrypts but belongs to something else.
        StorageProblem: The disk is full or failing, or the file is held by another window.
    """
    if exclusive:
        conn, error = keyed_connection(path, passphrase, exclusive=True), None
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
        except sqlcipher3.DatabaseError as exc:
            error = exc
    else:
        conn, error = first_read(path, passphrase)
    try:
        if error is not None:
            raise WrongPassphrase(
                "That passphrase does not open this database. Check it and try again."
            ) from error
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


def sqlcipher_engine(
    path: Path, passphrase: str, *, pool_size: int = 3, read_only: bool = False
) -> Engine:
    """An engine on an encrypted SQLite file. Connections are pooled: keying costs time.

    The first connection is opened here, so a wrong passphrase raises at once.
    On a disk too full for the log's index the engine keeps one connection,
    which holds the file to itself (see ``keyed_connection``). A ``read_only``
    engine can never write to the file (used for a damaged one).

    Raises:
        WrongPassphrase: The passphrase does not open the file.
        NotFieldcaseDatabase: The file is not a fieldcase database.
        StorageProblem: The disk is full or failing.
    """
    check_file(path)
    new = not (path.is_file() and path.stat().st_size > 0)
    if not read_only:
        path.parent.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    first = _reader(path, passphrase) if read_only else open_connection(path, passphrase, new=new)
    if new:
        for created in (path, *sidecars(path)):
            keep_private(created)
    exclusive = is_exclusive(first)
    spare: list[sqlcipher3.Connection] = [first]

    def creator() -> sqlcipher3.Connection:
        if spare:
            return spare.pop()
        if read_only:
            return _reader(path, passphrase)
        return open_connection(path, passphrase, exclusive=exclusive)

    engine = create_engine(
        "sqlite://",
        # The SQLite dialect with sqlcipher3 as its DBAPI module, so that driver
        # errors (IntegrityError, OperationalError…) are wrapped as SQLAlchemy's.
        module=sqlcipher3,
        creator=creator,
        poolclass=QueuePool,
        pool_size=1 if exclusive else pool_size,
        max_overflow=0 if exclusive else 2,
        pool_pre_ping=False,
    )
    _use_real_transactions(engine)
    return engine


def _reader(path: Path, passphrase: str) -> sqlcipher3.Connection:
    """A connection that cannot write to the file, for reading what a damaged file still holds.

    Raises:
        DamagedDatabase: Not even the list of tables can be read.
    """
    conn, error = first_read(path, passphrase, read_only=True)
    if error is not None:
        conn.close()
        raise DamagedDatabase(
            f"{path.name} is too badly damaged to open even for reading. It has not been changed."
        ) from error
    conn.execute("PRAGMA query_only = ON")
    return conn


def engine_is_exclusive(engine: Engine) -> bool:
    """True when the engine holds its file alone (it was opened on a full disk)."""
    with engine.connect() as conn:
        return str(conn.exec_driver_sql("PRAGMA locking_mode").scalar_one()).lower() == "exclusive"


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
