"""The store: an open database, its migrations applied, and transactions on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy import Engine, inspect, make_url, text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from fieldcase.db import audit, migrate
from fieldcase.db.engine import (
    APPLICATION_ID,
    WRITES,
    NotFieldcaseDatabase,
    StoreError,
    check_file,
    postgres_engine,
    sqlcipher_engine,
)

P = ParamSpec("P")
R = TypeVar("R")


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

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction: committed if the block ends, rolled back if it raises."""
        writer = self.engine.execution_options(**{WRITES: True})
        with Session(writer, expire_on_commit=False) as session:
            session.info["actor"] = self.actor
            audit.watch(session)
            with session.begin():
                yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reading only: nothing is committed.

        Closing (not rolling back) keeps the loaded rows readable after the block.
        """
        with Session(self.engine, expire_on_commit=False, autoflush=False) as session:
            session.info["actor"] = self.actor
            yield session

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


def database_exists(path: Path) -> bool:
    """True where there is a non-empty file at ``path``."""
    return path.is_file() and path.stat().st_size > 0


def open_store(path: Path, passphrase: str, *, create: bool = False, actor: str = "") -> Store:
    """Open (or, with ``create``, make) an encrypted fieldcase database and migrate it.

    Raises:
        WrongPassphrase: The passphrase does not open the file.
        NotFieldcaseDatabase: The file belongs to something else; it is left untouched.
        StoreError: ``create`` was asked for but a database is already there, or the
            database comes from a newer version of fieldcase.
    """
    check_file(path)
    exists = database_exists(path)
    if create and exists:
        raise StoreError(f"{path} already exists; it has not been changed.")
    if not create and not exists:
        raise StoreError(f"There is no fieldcase database at {path}.")
    engine = sqlcipher_engine(path, passphrase)
    try:
        if create:
            with engine.begin() as conn:
                conn.execute(text(f"PRAGMA application_id = {APPLICATION_ID}"))
        _refuse_newer(engine, path)
        migrate.upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine=engine, path=path, actor=actor)


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
