"""The store on a PostgreSQL team server: migrations, time zones, foreign databases."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import make_url, text
from sqlalchemy.exc import StatementError
from sqlmodel import select

from fieldcase.db import migrate
from fieldcase.db.engine import NotFieldcaseDatabase, StoreError
from fieldcase.db.models import Draft, metadata
from fieldcase.db.store import Store, open_server_store
from fieldcase.demo.build import populate
from fieldcase.domain.policy import Policy
from fieldcase.services.caseload import count_cases, search_cases
from tests.pg.server import PostgresServer

OFFICER = "Officer Test"


@pytest.fixture
def database(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of a new, empty database, dropped after the test."""
    name = f"fc_{uuid.uuid4().hex[:12]}"
    with postgres_server.admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield postgres_server.url(name)
    with postgres_server.admin() as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_store_is_on_postgres(store: Store) -> None:
    """These tests really run on PostgreSQL, not on a file."""
    assert store.engine.dialect.name == "postgresql"
    assert store.path is None


def test_migrations_match_the_models(store: Store) -> None:
    """The migrations build on PostgreSQL exactly what the models describe."""
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
    assert migrate.current_revision(store.engine) == migrate.head_revision()


def test_timestamps_are_stored_with_their_zone(store: Store) -> None:
    """Timestamps are timestamptz columns, and read back as the same instant in UTC."""
    with store.engine.connect() as conn:
        kinds = conn.execute(
            text(
                "SELECT DISTINCT data_type FROM information_schema.columns"
                " WHERE table_schema = 'public' AND column_name IN"
                " ('at', 'created_at', 'updated_at', 'occurred_at', 'last_contact_at')"
            )
        ).all()
    assert kinds == [("timestamp with time zone",)]
    local = datetime(2026, 7, 1, 14, 5, 9, 123456, tzinfo=timezone(timedelta(hours=2)))
    with store.transaction() as session:
        session.add(Draft(key="zone", updated_at=local))
    with store.engine.connect() as conn:
        conn.execute(text("SET TIME ZONE 'America/New_York'"))
        raw = conn.execute(text("SELECT updated_at FROM draft WHERE key = 'zone'")).scalar_one()
    assert raw == local
    with store.reading() as session:
        read = session.get(Draft, ("", "zone"))
    assert read is not None
    assert read.updated_at == local
    assert read.updated_at.tzinfo == UTC


def test_naive_timestamps_are_refused(store: Store) -> None:
    """A timestamp without a zone is a bug and is not written."""
    with pytest.raises(StatementError, match="timezone-aware"), store.transaction() as session:
        session.add(Draft(key="naive", updated_at=datetime(2026, 7, 1, 14, 5)))
        session.flush()
    with store.reading() as session:
        assert session.get(Draft, ("", "naive")) is None


def test_reopening_keeps_rows(database: str) -> None:
    """A second start-up on the same database finds what was saved and migrates nothing."""
    first = open_server_store(database, actor=OFFICER)
    with first.transaction() as session:
        session.add(Draft(key="kept", title="Kept"))
    first.close()
    again = open_server_store(database, actor=OFFICER)
    try:
        with again.reading() as session:
            kept = session.get(Draft, ("", "kept"))
            assert kept is not None and kept.title == "Kept"
    finally:
        again.close()


def test_foreign_database_is_refused_and_untouched(
    database: str, postgres_server: PostgresServer
) -> None:
    """A database holding someone else's tables is not migrated into."""
    with postgres_server.connect(make_url(database).database or "") as conn:
        conn.execute("CREATE TABLE notes (body text)")
        conn.execute("INSERT INTO notes VALUES ('someone else''s data')")
        with pytest.raises(NotFieldcaseDatabase, match="not a fieldcase database"):
            open_server_store(database)
        tables = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
        assert tables == [("notes",)]


def test_database_from_a_newer_version_is_refused(database: str) -> None:
    """A database migrated by a later fieldcase is not opened by this one."""
    store = open_server_store(database)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    store.close()
    with pytest.raises(StoreError, match="newer version"):
        open_server_store(database)


def test_unreachable_server_gives_a_clear_message_without_the_password(
    postgres_server: PostgresServer,
) -> None:
    """A wrong address says what to check and never echoes the password."""
    url = (
        "postgresql+psycopg://officer:s3cret-pass@/nowhere"
        f"?host={postgres_server.socket_dir}&port=1&connect_timeout=2"
    )
    with pytest.raises(StoreError) as caught:
        open_server_store(url)
    assert "Cannot open the fieldcase database" in str(caught.value)
    assert "s3cret" not in str(caught.value)


def test_demo_caseload_loads_on_postgres(database: str) -> None:
    """The whole demo goes in through the services on PostgreSQL too."""
    store = open_server_store(database, actor="Sam Okafor")
    try:
        populate(store, policy=Policy(), today=date(2026, 6, 15))
        with store.reading() as session:
            assert count_cases(session, include_closed=True) == 26
            rows = search_cases(session, "nowicka", today=date(2026, 6, 15))
            assert [r.victim for r in rows] == ["Marta Nowicka"]
            assert session.exec(select(Draft)).all() == []
    finally:
        store.close()
