"""A schema upgrade killed part-way leaves the database wholly old or wholly new.

A real fieldcase process opens a database written by an older version and is
killed (SIGKILL) at chosen points: once the backup is written but before it is
named as one, half-way through the upgrade, and after its last
statement before the commit. Each time the file holds exactly the old schema
and rows, or exactly the new ones, and once the backup was finished it is there
and opens with the old data.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, text

from fieldcase.db import migrate
from fieldcase.db.backup import list_backups
from fieldcase.db.engine import APPLICATION_ID, open_connection, sqlcipher_engine
from fieldcase.db.store import open_store
from tests.conftest import TEST_PASSPHRASE

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")

OLD = "0007"
ROWS = 40
CHANGES = ("CREATE", "ALTER", "DROP", "INSERT", "UPDATE")
"""Statements that change the file; the child pauses after the chosen one."""
UPGRADE = """
import sys
from pathlib import Path
from sqlalchemy import event
from sqlalchemy.engine import Engine
import fieldcase.db.backup as backup
from tests.key_derivation import TEST_KDF_ITER, set_default_kdf_iter

set_default_kdf_iter(TEST_KDF_ITER)  # keyed as the test's database was made

path, stop = Path(sys.argv[1]), sys.argv[2]
passphrase = sys.stdin.readline()[:-1]
count = 0

def pause(label):
    print(label, flush=True)
    sys.stdin.readline()  # the test kills us here

if stop == "backup":
    write_copy = backup._write_copy
    def paused_copy(engine, target):
        write_copy(engine, target)
        pause("paused")
    backup._write_copy = paused_copy

@event.listens_for(Engine, "after_cursor_execute")
def step(conn, cursor, statement, parameters, context, executemany):
    global count
    if statement.lstrip().split(" ")[0].upper() in {changes!r}:
        count += 1
        if stop.isdigit() and count == int(stop):
            pause("paused")

from fieldcase.db.store import open_store
open_store(path, passphrase).close()
print(f"done {count}", flush=True)
""".replace("{changes!r}", repr(CHANGES))


def _schema(path: Path) -> tuple[str | None, list[tuple[str, str]], int]:
    """The revision, every schema object with its SQL, and the rows kept in ``setting``."""
    conn = open_connection(path, TEST_PASSPHRASE)
    try:
        objects = conn.execute(
            "SELECT name, coalesce(sql, '') FROM sqlite_master ORDER BY name"
        ).fetchall()
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        rows = conn.execute("SELECT count(*) FROM setting WHERE key LIKE 'kept-%'").fetchone()[0]
    finally:
        conn.close()
    return revision, [(str(n), str(s)) for n, s in objects], int(rows)


def _old_database(path: Path) -> None:
    engine = sqlcipher_engine(path, TEST_PASSPHRASE)
    with engine.begin() as conn:
        conn.execute(text(f"PRAGMA application_id = {APPLICATION_ID}"))
    migrate.upgrade(engine, OLD)
    with engine.begin() as conn:
        for i in range(ROWS):
            conn.execute(
                text("INSERT INTO setting (key, value) VALUES (:k, 'v')"), {"k": f"kept-{i}"}
            )
    engine.dispose()


def _upgrade_counting(path: Path) -> int:
    """Upgrade here, uninterrupted; returns how many statements changed the file."""
    count = 0

    def step(conn: object, cursor: object, statement: str, *rest: object) -> None:
        nonlocal count
        if statement.lstrip().split(" ")[0].upper() in CHANGES:
            count += 1

    event.listen(Engine, "after_cursor_execute", step)
    try:
        open_store(path, TEST_PASSPHRASE).close()
    finally:
        event.remove(Engine, "after_cursor_execute", step)
    return count


def _run(path: Path, stop: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", UPGRADE, str(path), stop],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert proc.stdin is not None
    proc.stdin.write(TEST_PASSPHRASE + "\n")
    proc.stdin.flush()
    return proc


def test_a_killed_upgrade_leaves_the_old_or_the_new_database(tmp_path: Path) -> None:
    """Killed at four chosen points, the file is wholly old or wholly new, the backup whole."""
    template = tmp_path / "template.db"
    _old_database(template)
    old = _schema(template)
    new_copy = tmp_path / "new" / "fieldcase.db"
    new_copy.parent.mkdir()
    new_copy.write_bytes(template.read_bytes())
    statements = _upgrade_counting(new_copy)
    new = _schema(new_copy)
    assert new[0] == migrate.head_revision() and new[1] != old[1]

    for stop in ("backup", str(statements // 2), str(statements)):
        path = tmp_path / f"killed-{stop}" / "fieldcase.db"
        path.parent.mkdir()
        path.write_bytes(template.read_bytes())
        proc = _run(path, stop)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "paused"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        assert _schema(path) in (old, new), f"killed at {stop}: neither wholly old nor new"
        assert _schema(path) == old, f"killed at {stop} before the commit, so still old"
        backups = list_backups(path)
        if stop == "backup":
            assert backups == []
            assert not list((path.parent / "backups").glob("*.db"))
        else:
            [backup] = backups
            assert backup.reason == "before-upgrade"
            assert _schema(backup.path) == old
        open_store(path, TEST_PASSPHRASE).close()
        assert _schema(path) == new
