"""Applying the packaged Alembic migrations at start-up."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection, Engine

MIGRATIONS = Path(__file__).parent / "migrations"
SEARCH_INDEX_PREFIX = "case_search"
"""The case search index (migration 0011) lives outside the models: SQLite's FTS5 tables."""


def is_modelled(name: str | None, type_: str, _parents: object = None) -> bool:
    """False for the search index's tables, which no model declares (Alembic's include_name)."""
    return not (type_ == "table" and (name or "").startswith(SEARCH_INDEX_PREFIX))


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration pointing at the packaged migrations."""
    # Alembic is imported when a database is opened, not before the first screen is drawn.
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@cache
def head_revision() -> str:
    """The newest migration shipped with this version of fieldcase."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The migration a database is at, or None for an empty one."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database up to ``revision`` in one transaction per step."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)


@cache
def known_revisions() -> frozenset[str]:
    """Every migration this version of fieldcase knows (read once: they cannot change)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return frozenset(rev.revision for rev in script.walk_revisions())
