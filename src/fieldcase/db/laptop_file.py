"""Opening an officer's laptop database to move it to a team server, without changing it.

The file is examined as the unlock screen does (a wrong passphrase is told
apart from a damaged file), then opened through connections that cannot
write to it. Unlike opening it in the app, nothing is migrated: a file at an
older or newer schema than the team server is refused with what to do.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from fieldcase.db import health, migrate
from fieldcase.db.engine import (
    APPLICATION_ID,
    NotFieldcaseDatabase,
    StoreError,
    check_file,
    sqlcipher_engine,
)


class SchemaMismatch(StoreError):
    """The file's schema is not the team server's; it was not changed."""


def open_laptop_file(path: Path, passphrase: str, *, server_revision: str) -> Engine:
    """An engine that only reads the laptop database at ``path``.

    Raises:
        WrongPassphrase: The passphrase does not open the file.
        DamagedDatabase: The passphrase fits but the file is damaged.
        NotFieldcaseDatabase: The file is not a fieldcase database.
        SchemaMismatch: The file's schema is older or newer than ``server_revision``.
        StoreError: There is no file at ``path``.
    """
    if not path.is_file():
        raise StoreError(f"There is no file at {path}.")
    check_file(path)
    health.refuse_damaged(path, passphrase)
    engine = sqlcipher_engine(path, passphrase, read_only=True)
    try:
        with engine.connect() as conn:
            app_id = conn.exec_driver_sql("PRAGMA application_id").scalar_one()
        if app_id != APPLICATION_ID:
            raise NotFieldcaseDatabase(f"{path} is not a fieldcase database. Nothing was moved.")
        _check_revision(engine, path, server_revision)
    except BaseException:
        engine.dispose()
        raise
    return engine


def _check_revision(engine: Engine, path: Path, server_revision: str) -> None:
    current = migrate.current_revision(engine)
    if current is None:
        raise NotFieldcaseDatabase(f"{path.name} holds no fieldcase records. Nothing was moved.")
    if current == server_revision:
        return
    if current not in migrate.known_revisions():
        raise SchemaMismatch(
            f"{path.name} was written by a newer version of fieldcase (schema {current}) than "
            f"the team server's (schema {server_revision}). Install that version on this "
            "computer, upgrade the team server with it (fieldcase server upgrade), then import "
            "again. Nothing was moved and the file was not changed."
        )
    raise SchemaMismatch(
        f"{path.name} is at an older schema ({current}) than the team server ({server_revision}). "
        "Upgrade the file first: open it once with this version of fieldcase "
        f"(fieldcase --database {path}), which upgrades it after making a backup, then import "
        "again. Nothing was moved and the file was not changed."
    )
