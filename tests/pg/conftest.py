"""PostgreSQL fixtures: one throwaway server per session, one database per test module.

The test machine has two cores, so a single server is started for the whole
session (see ``server.py``); each test module gets its own database, migrated
once, and every table is emptied before each test. Without the PostgreSQL
binaries the tests are skipped, except in CI (``CI=true``), where that fails.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text

from fieldcase.db.models import metadata
from fieldcase.db.store import Store, open_server_store
from tests.pg.server import PostgresServer, running_server
from tests.pg.team import TeamServer, team_server

TEST_OFFICER = "Officer Test"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A private PostgreSQL server for this session."""
    with running_server() as server:
        yield server


@pytest.fixture(scope="module")
def postgres_store(
    postgres_server: PostgresServer, request: pytest.FixtureRequest
) -> Iterator[Store]:
    """A fresh, migrated fieldcase database for one test module."""
    name = "fc_" + request.module.__name__.rsplit(".", 1)[-1].lower()
    with postgres_server.admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    opened = open_server_store(postgres_server.url(name), actor=TEST_OFFICER)
    yield opened
    opened.close()
    with postgres_server.admin() as admin:
        admin.execute(f'DROP DATABASE "{name}"')


def empty_tables(store: Store) -> None:
    """Remove every row, keeping the schema and its migration version."""
    names = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
    with store.engine.begin() as conn:
        # The audit trail refuses TRUNCATE except during a purge (migration 0002).
        conn.execute(text("INSERT INTO setting (key, value) VALUES ('purge_in_progress', '1')"))
        conn.execute(text(f"TRUNCATE {names} CASCADE"))


@pytest.fixture
def store(postgres_store: Store) -> Store:
    """The shared test specifications' ``store``, here on PostgreSQL and empty."""
    empty_tables(postgres_store)
    return postgres_store


@pytest.fixture(scope="module")
def team_database(postgres_server: PostgresServer) -> Iterator[TeamServer]:
    """A team server set up for one test module: teams North and South, officers, a supervisor."""
    with team_server(postgres_server) as made:
        yield made


@pytest.fixture
def team(team_database: TeamServer) -> Iterator[TeamServer]:
    """The module's team server with no cases in it; stores opened in the test are closed after."""
    team_database.empty()
    yield team_database
    team_database.close_stores()
