"""Applying the packaged Alembic migrations at start-up."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection, Engine

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "alembic_version"
_REVISION_LINE = re.compile(r"^(revision|down_revision)\b[^=\n]*=\s*[\"']([^\"']+)[\"']", re.M)
"""``revision = "0013"`` and ``down_revision = "0012"`` in a migration file (typed or not)."""
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
def _shipped_revisions() -> dict[str, str | None]:
    """Each packaged migration and the one it follows, read from the files themselves.

    Opening a database that is up to date needs only these names, so Alembic
    (and what it imports) is loaded only when a database has to be migrated.
    """
    steps: dict[str, str | None] = {}
    for script in sorted((MIGRATIONS / "versions").glob("*.py")):
        found = {m[1]: m[2] for m in _REVISION_LINE.finditer(script.read_text("utf-8"))}
        if "revision" in found:
            steps[found["revision"]] = found.get("down_revision")
    return steps


@cache
def head_revision() -> str:
    """The newest migration shipped with this version of fieldcase."""
    steps = _shipped_revisions()
    (head,) = set(steps) - set(steps.values())
    return head


def current_revision(engine: Engine) -> str | None:
    """The migration a database is at (Alembic's version table), or None for an empty one."""
    from sqlalchemy import inspect, text

    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return None
        return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database up to ``revision`` in one transaction per step."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)


def known_revisions() -> frozenset[str]:
    """Every migration this version of fieldcase knows (read once: they cannot change)."""
    return frozenset(_shipped_revisions())
