"""A team server for tests: a database set up by its own owner role, with two teams.

The owner is an ordinary login with CREATEROLE that owns the database, as the
README tells IT to make it; ``fieldcase server init`` runs as that owner.
Officers are real PostgreSQL logins (their names carry a suffix, because
logins belong to the whole server and every test module makes its own).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import psycopg
from sqlalchemy import text

from fieldcase.db.models import Officer, Team, metadata
from fieldcase.db.postgres import ServerAddress
from fieldcase.db.store import Store
from fieldcase.db.team import init_team_server, open_admin_store, open_team_store
from fieldcase.services import team_admin
from tests.pg.server import PostgresServer

KEPT_TABLES = {Team.__tablename__, Officer.__tablename__, "setting"}
CAST = {"alice": "North", "anna": "North", "bob": "South", "sue": "North"}
"""Officers and their teams; sue supervises."""


@dataclass
class TeamServer:
    """A team server database, its owner, and officers of two teams."""

    server: PostgresServer
    database: str
    owner: str
    suffix: str
    opened: list[Store] = field(default_factory=list)
    officers: dict[str, Store] = field(default_factory=dict)
    extra_logins: list[str] = field(default_factory=list)

    def login(self, name: str) -> str:
        """The real login of one of the cast, e.g. ``alice_3f9a1c``."""
        return f"{name}_{self.suffix}"

    def new_login(self, name: str) -> str:
        """A login for someone a test adds (dropped with the database)."""
        self.extra_logins.append(self.login(name))
        return self.extra_logins[-1]

    def address(self, name: str | None = None) -> ServerAddress:
        """Where an officer (by cast name) or, without one, the owner connects."""
        return ServerAddress.parse(
            self.server.conninfo(self.database, self.login(name) if name else self.owner)
        )

    def plain(self, name: str) -> psycopg.Connection[tuple[object, ...]]:
        """A plain psycopg connection as an officer: SQL typed by hand, not through fieldcase."""
        return psycopg.connect(self.address(name).conninfo, autocommit=True)

    def officer(self, name: str) -> Store:
        """The store an officer's app opens, kept open for the module (opening costs time)."""
        if name not in self.officers:
            self.officers[name] = open_team_store(self.address(name))
        return self.officers[name]

    def owner_store(self) -> Store:
        """The store ``fieldcase server`` opens as the owner role (closed after the test)."""
        self.opened.append(open_admin_store(self.address()))
        return self.opened[-1]

    def close_stores(self, *, officers: bool = False) -> None:
        """Close the stores opened in a test (and, at the end, the officers' too)."""
        while self.opened:
            self.opened.pop().close()
        while officers and self.officers:
            self.officers.popitem()[1].close()

    def empty(self) -> None:
        """Remove every case record and audit event; teams and officers stay."""
        # A few rows each: DELETE is quicker than TRUNCATE, which rewrites every table's files.
        emptied = [t for t in reversed(metadata.sorted_tables) if t.name not in KEPT_TABLES]
        with self.server.connect(self.database) as conn, conn.transaction():
            conn.execute("INSERT INTO setting (key, value) VALUES ('purge_in_progress', '1')")
            for table in emptied:
                conn.execute(f'DELETE FROM "{table.name}"')
            conn.execute("DELETE FROM setting WHERE key = 'purge_in_progress'")


@contextlib.contextmanager
def team_server(server: PostgresServer) -> Iterator[TeamServer]:
    """A set-up team server with teams North and South and the cast; dropped afterwards."""
    suffix = uuid.uuid4().hex[:6]
    owner, database = f"owner_{suffix}", f"fc_team_{suffix}"
    with server.admin() as admin:
        admin.execute(f'CREATE ROLE "{owner}" LOGIN CREATEROLE')
        admin.execute(f'CREATE DATABASE "{database}" OWNER "{owner}"')
    team = TeamServer(server, database, owner, suffix)
    init_team_server(team.address())
    owner_store = open_admin_store(team.address())
    try:
        for name in sorted(set(CAST.values())):
            owner_store.run(team_admin.add_team, name)
        for name, team_name in CAST.items():
            owner_store.run(
                team_admin.add_officer, team.login(name), team=team_name, full_name=name.title()
            )
        owner_store.run(team_admin.make_supervisor, team.login("sue"))
    finally:
        owner_store.close()
    try:
        yield team
    finally:
        team.close_stores(officers=True)
        with server.admin() as admin:
            admin.execute(f'DROP DATABASE "{database}" WITH (FORCE)')
            for login in [team.login(name) for name in CAST] + team.extra_logins:
                admin.execute(f'DROP ROLE IF EXISTS "{login}"')
            admin.execute(f'DROP ROLE IF EXISTS "{database}_officers"')
            admin.execute(f'DROP ROLE "{owner}"')


def rows(store: Store, sql: str) -> list[tuple[object, ...]]:
    """What a query returns, read as the store's login."""
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql)).all()]
