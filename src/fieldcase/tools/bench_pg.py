"""The caseload, search and case-file figures on a team server, beside SQLite's.

A throwaway local PostgreSQL server (``tools/pgserver.py``) is set up as a
team server the way IT does it (``fieldcase server init``, a team, an
officer), the same generated caseload is moved in from a laptop file as
``fieldcase server import`` does, and the figures are taken as the officer's
own login, with row-level security on. The same figures are taken on the
laptop file, so the two can be read side by side.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import func
from sqlmodel import select

from fieldcase.db import migrate
from fieldcase.db.laptop_file import open_laptop_file
from fieldcase.db.models import Case
from fieldcase.db.postgres import ServerAddress
from fieldcase.db.store import Store, open_store
from fieldcase.db.team import init_team_server, open_admin_store, open_team_store
from fieldcase.services import team_admin
from fieldcase.services.moving_in import move_in
from fieldcase.tools.dataset import OFFICER, generate
from fieldcase.tools.pgserver import LocalServer, local_server

DATABASE, OWNER, LOGIN, TEAM = "fieldcase_bench", "fieldcase_bench_owner", "bench_officer", "Bench"


def _set_up(server: LocalServer, laptop_file: Path, passphrase: str) -> ServerAddress:
    """Make a team server with one team and officer, and move the laptop file's cases in."""
    with psycopg.connect(server.conninfo("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{OWNER}" LOGIN CREATEROLE')
        admin.execute(f'CREATE DATABASE "{DATABASE}" OWNER "{OWNER}"')
    owner = ServerAddress.parse(server.conninfo(DATABASE, OWNER))
    init_team_server(owner)
    store = open_admin_store(owner)
    laptop = open_laptop_file(laptop_file, passphrase, server_revision=migrate.head_revision())
    try:
        store.run(team_admin.add_team, TEAM)
        store.run(team_admin.add_officer, LOGIN, team=TEAM, full_name=OFFICER)
        started = time.perf_counter()
        store.run(move_in, laptop, source=laptop_file.name, officer=LOGIN, team=TEAM)
        print(f"moved into PostgreSQL in {time.perf_counter() - started:.0f} s")
    finally:
        laptop.dispose()
        store.close()
    return ServerAddress.parse(server.conninfo(DATABASE, LOGIN))


def _figures(store: Store, data_dir: str, path: Path, case_id: Any, rounds: int, name: str) -> None:
    from fieldcase.tools import bench

    bench.queries(store, rounds, prefix=name)
    bench.search(store, data_dir, path, max(rounds // 2, 1), prefix=name)
    bench.case_file(store, data_dir, path, case_id, rounds, prefix=name)


def _check_seen(store: Store, cases: int, long_case: Any) -> None:
    """Refuse to time an officer who does not see the caseload they are timed on."""
    with store.reading() as session:
        seen = session.exec(select(func.count()).select_from(Case)).one()
        found = session.get(Case, long_case) is not None
    if seen != cases or not found:
        raise RuntimeError(f"{LOGIN} sees {seen} of {cases} cases; the long case: {found}")


def pg(data_dir: str, cases: int, rounds: int, passphrase: str) -> None:
    """Generate ``cases`` cases, then time them on SQLite and on a local team server."""
    path = Path(data_dir) / "bench-pg.db"
    laptop = open_store(path, passphrase, create=True, actor=OFFICER)
    try:
        made = generate(laptop, cases)
        print(f"pg: {cases} cases, as {LOGIN} (row-level security on) against the laptop file")
        _figures(laptop, data_dir, path, made.big_cases[0], rounds, "sqlite")
    finally:
        laptop.close()
    with local_server() as server:
        officer = open_team_store(_set_up(server, path, passphrase))
        try:
            _check_seen(officer, cases, made.big_cases[0])
            _figures(officer, data_dir, path, made.big_cases[0], rounds, "pg")
        finally:
            officer.close()
    print("pg: server stopped and its folder removed")
