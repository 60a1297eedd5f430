"""The optimistic-locking specifications from tests/unit, run again on PostgreSQL.

On a team server two officers really can save the same record at once: there
the race between an edit loading a row and writing it ends in SQLAlchemy's
``StaleDataError``, which must become the same ``EditConflict``. The key
kinds of record are run here; tests/unit runs them all on SQLite.
"""

from __future__ import annotations

import pytest

from tests.unit.test_edit_conflicts import (  # noqa: F401 (collected by pytest from here)
    KEY_KINDS,
    KINDS,
    Kind,
    TestEditConflicts,
    TestWhatTheConflictSays,
)

PG_KINDS = [k for k in KINDS if k.name in KEY_KINDS]


@pytest.fixture(params=PG_KINDS, ids=[k.name for k in PG_KINDS])
def kind(request: pytest.FixtureRequest) -> Kind:
    """Each key kind of editable record in turn."""
    chosen: Kind = request.param
    return chosen
