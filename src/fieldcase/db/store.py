"""The store: an open database, its migrations applied, and transactions on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy import Engine, inspect, make_url, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session

from fieldcase.db import audit, health, migrate
from fieldcase.db.engine import (
    APPLICATION_ID,
    DISK_FULL,
    READ_ONLY,
    WRITES,
    NotFieldcaseDatabase,
    ServerUnreachable,
    StorageProblem,
    StoreError,
    check_file,
    engine_is_exclusive,
    postgres_engine,
    sqlcipher_engine,
    storage_cause,
)
from fieldcase.db.models import AuditEvent
from fieldcase.db.postgres import ServerRefused

P = ParamSpec("P")
R = TypeVar("R")
DRAFT_OWNER = "fieldcase.draft_owner"
"""Session info key: whose drafts the session reads and writes (see ``Store.draft_owner``)."""
OFFICER = "fieldcase.officer"
"""Session info key: the ``OfficerIdentity`` logged in to a team server, else None."""


@dataclass(frozen=True)
class OfficerIdentity:
    """Who is logged in to a team server, as the server itself says."""

    login: str
    """The PostgreSQL role (``session_user``): what the audit trail records."""
    full_name: str
    team: str
    supervisor: bool
    """A supervisor sees and reassigns every team's cases."""


@dataclass
class Store:
    """An open fieldcase database.

    One user action is one transaction: ``with store.transaction() as session``.
    """

    engine: Engine
    """The engine; the store owns it and disposes of it on close."""
    path: Path | None = None
    """The database file, for SQLite; None on a PostgreSQL server."""
    actor: str = ""
    """The officer whose actions are recorded in the audit trail."""
    read_only: bool = False
    """True for a damaged file opened only to read what it still holds."""
    short_of_space: bool = False
    """True when the file was opened on a full disk (it is then held by this window alone)."""
    unwritten_views: list[AuditEvent] = field(default_factory=list)
    """Records opened while the audit trail could not be written; written with the next save."""
    officer: OfficerIdentity | None = None
    """On a team server, the officer logged in; None on a laptop."""
    link_warning: str | None = None
    """Why the link to the team server is not safe (not verified by certificate), if it is not."""

    @property
    def draft_owner(self) -> str:
        """Whose drafts these are: on a server each login's own; on a laptop, the one officer's."""
        return self.actor if self.path is None else ""

    def _describe(self, session: Session) -> None:
        session.info["actor"] = self.actor
        session.info[DRAFT_OWNER] = self.draft_owner
        session.info[OFFICER] = self.officer

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction: committed if the block ends, rolled back if it raises.

        Raises:
            StorageProblem: The disk is full or cannot be written; nothing was saved.
        """
        views: list[AuditEvent] = []
        writer = self.engine.execution_options(**{WRITES: True})
        with _saving(), Session(writer, expire_on_commit=False) as session:
            self._describe(session)
            session.info[audit.VIEWS] = views
            audit.watch(session)
            with session.begin():
                yield session
        self._record_views(views)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reading only: nothing is committed.

        Closing (not rolling back) keeps the loaded rows readable after the block.
        Records opened in it (``audit.record_view``) are written to the audit
        trail afterwards, in a transaction of their own.
        """
        views: list[AuditEvent] = []
        with Session(self.engine, expire_on_commit=False, autoflush=False) as session:
            self._describe(session)
            session.info[audit.VIEWS] = views
            yield session
        self._record_views(views)

    def _record_views(self, views: list[AuditEvent]) -> None:
        """Write who opened what; when the disk cannot take it, keep it for the next save.

        Reading must never need free space: a case can be read before a visit
        on a full disk, and the audit trail catches up once space is freed.
        """
        pending = self.unwritten_views + views
        if not pending:
            return
        try:
            with (
                _saving(),
                Session(self.engine, expire_on_commit=False) as session,
                session.begin(),
            ):
                session.add_all(pending)
        except StorageProblem:
            self.unwritten_views = pending
            return
        self.unwritten_views = []

    def run(
        self, action: Callable[Concatenate[Session, P], R], /, *args: P.args, **kwargs: P.kwargs
    ) -> R:
        """Run one service function in its own transaction and return what it returns.

        This is the one way the interface reaches the database: it calls a
        service (``action(session, *args, **kwargs)``), never a table. Rows in
        the result stay readable after the transaction ends.
        """
        with self.transaction() as session:
            return action(session, *args, **kwargs)

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()


@contextmanager
def _saving() -> Iterator[None]:
    """Turn a full or failing disk met while saving into a StorageProblem naming the cause,
    and a team server that has gone away into ServerUnreachable (the transaction is rolled
    back; the pool reconnects on the next action, see ``server_engine``)."""
    try:
        yield
    except ServerRefused as exc:  # reconnecting to a team server that is not there
        raise ServerUnreachable() from exc
    except DBAPIError as exc:
        if exc.connection_invalidated:  # the team server went away mid-transaction
            raise ServerUnreachable() from exc
        cause = storage_cause(exc)
        if cause is None:
            raise
        raise StorageProblem(_not_saved(cause), cause) from exc


def _not_saved(cause: str) -> str:
    if cause == DISK_FULL:
        return (
            "Not saved: the disk is full. What you typed is still here. "
            "Free some space on this laptop (or ask IT to), then save again."
        )
    if cause == READ_ONLY:
        return (
            "Not saved: this database is damaged and open for reading only. "
            "Restore the latest backup to save again."
        )
    return f"Not saved: {cause}. What you typed is still here. Try again in a moment."


def database_exists(path: Path) -> bool:
    """True where there is a non-empty file at ``path``."""
    return path.is_file() and path.stat().st_size > 0


def open_store(
    path: Path,
    passphrase: str,
    *,
    create: bool = False,
    actor: str = "",
    read_only: bool = False,
    now: datetime | None = None,
) -> Store:
    """Open (or, with ``create``, make) an encrypted fieldcase database and migrate it.

    An existing file is examined first, read-only: a damaged file is named as
    damaged and never written to. Before a migration changes the file, a
    checked backup is made (see ``fieldcase.db.backup``); without it nothing
    is migrated. ``read_only`` opens a damaged file to read what it still holds.

    Raises:
        WrongPassphrase: The passphrase does not open the file.
        DamagedDatabase: The file is damaged (or empty); it is left untouched.
        NotFieldcaseDatabase: The file belongs to something else; it is left untouched.
        StorageProblem: The disk is failing, or too full for the backup an upgrade needs.
        StoreError: ``create`` was asked for but a file is already there, or the
            database comes from a newer version of fieldcase.
    """
    check_file(path)
    if create and path.exists():
        raise StoreError(f"{path} already exists; it has not been changed.")
    if not create and not path.exists():
        raise StoreError(f"There is no fieldcase database at {path}.")
    if not create and not read_only:
        health.refuse_damaged(path, passphrase)
    engine = sqlcipher_engine(path, passphrase, read_only=read_only)
    try:
        if create:
            with engine.begin() as conn:
                conn.execute(text(f"PRAGMA application_id = {APPLICATION_ID}"))
        _refuse_newer(engine, path)
        if not read_only:
            _upgrade_with_backup(engine, path, now or datetime.now(UTC))
        exclusive = engine_is_exclusive(engine)
    except BaseException:
        engine.dispose()
        raise
    return Store(
        engine=engine, path=path, actor=actor, read_only=read_only, short_of_space=exclusive
    )


def _upgrade_with_backup(engine: Engine, path: Path, now: datetime) -> None:
    """Migrate to this version's schema, after a checked backup when there is data to keep."""
    current = migrate.current_revision(engine)
    if current == migrate.head_revision():
        return
    if current is not None:
        from fieldcase.db.backup import make_backup

        try:
            make_backup(engine, path, now=now, reason="before-upgrade")
        except StorageProblem as exc:
            raise StorageProblem(
                f"fieldcase needs to update {path.name} to this version, and makes a backup "
                f"first, which failed: {exc.cause}. Nothing was changed. "
                "Free some space and open it again.",
                exc.cause,
            ) from exc
    migrate.upgrade(engine)


def open_server_store(url: str, *, actor: str = "") -> Store:
    """Open the fieldcase database on a PostgreSQL team server and migrate it.

    The database must exist and be empty (it is then set up) or already be
    fieldcase's. Messages never include the password from ``url``.

    Args:
        url: ``postgresql+psycopg://user:password@host/database``.
        actor: The officer whose actions are recorded in the audit trail.

    Raises:
        NotFieldcaseDatabase: The database holds tables that are not fieldcase's;
            nothing in it is changed.
        StoreError: The server cannot be reached, or the database comes from a
            newer version of fieldcase.
    """
    where = make_url(url).render_as_string(hide_password=True)
    engine = postgres_engine(url)
    try:
        try:
            with engine.connect() as conn:
                tables = set(inspect(conn).get_table_names())
        except OperationalError as exc:
            raise StoreError(
                f"Cannot open the fieldcase database at {where}. "
                "Check the address, the password and that the server is running."
            ) from exc
        if tables and "alembic_version" not in tables:
            raise NotFieldcaseDatabase(
                f"{where} holds other tables and is not a fieldcase database. "
                "It has not been changed."
            )
        _refuse_newer(engine, where)
        migrate.upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine=engine, path=None, actor=actor)


def _refuse_newer(engine: Engine, where: Path | str) -> None:
    current = migrate.current_revision(engine)
    if current is not None and current not in migrate.known_revisions():
        raise StoreError(
            f"{where} was written by a newer version of fieldcase ({current}). "
            "Upgrade fieldcase to open it."
        )
