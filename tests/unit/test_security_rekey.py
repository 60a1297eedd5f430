"""Changing the passphrase: validated, audited, and safe against interruption."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from fieldcase.db.engine import WrongPassphrase, open_connection
from fieldcase.db.models import AuditEvent, Person
from fieldcase.db.store import Store, open_store
from fieldcase.services.errors import ValidationError
from fieldcase.services.security import REKEY_SUFFIX, change_passphrase, rekey_file, unlock
from tests.conftest import TEST_OFFICER, TEST_PASSPHRASE

# Re-keying is tested with the key derivation officers get.
pytestmark = pytest.mark.real_kdf

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
NEW = "lantern ferry orbit 47"


def _rows(path: Path, passphrase: str, table: str) -> int:
    conn = open_connection(path, passphrase)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def _opens_with(path: Path, passphrase: str) -> bool:
    try:
        open_connection(path, passphrase).close()
    except WrongPassphrase:
        return False
    return True


class TestChangePassphrase:
    def test_new_passphrase_opens_the_same_data(self, store: Store, db_path: Path) -> None:
        """After a change the store keeps working, and only the new passphrase opens the file."""
        with store.transaction() as session:
            session.add(Person(full_name="Amara Testcase"))
        change_passphrase(store, TEST_PASSPHRASE, NEW, NEW, now=NOW)
        with store.reading() as session:
            assert [p.full_name for p in session.exec(select(Person))] == ["Amara Testcase"]
        with store.transaction() as session:
            session.add(Person(full_name="Bram Testcase"))
        store.close()
        assert not _opens_with(db_path, TEST_PASSPHRASE)
        reopened = open_store(db_path, NEW)
        with reopened.reading() as session:
            assert len(session.exec(select(Person)).all()) == 2
        reopened.close()
        assert sorted(p.name for p in db_path.parent.iterdir() if REKEY_SUFFIX in p.name) == []

    def test_change_is_audited_without_the_passphrases(self, store: Store) -> None:
        """The audit trail says who changed the passphrase, and nothing of either one."""
        change_passphrase(store, TEST_PASSPHRASE, NEW, NEW, now=NOW)
        with store.reading() as session:
            events = session.exec(select(AuditEvent).where(AuditEvent.action == "rekey")).all()
            assert [(e.actor, e.entity) for e in events] == [(TEST_OFFICER, "database")]
            assert NEW not in events[0].changes and TEST_PASSPHRASE not in events[0].changes

    @pytest.mark.parametrize(
        ("current", "new", "repeat", "field", "says"),
        [
            ("wrong current passphrase", NEW, NEW, "current", "not the passphrase"),
            ("", NEW, NEW, "current", "Type the passphrase"),
            (TEST_PASSPHRASE, "short", "short", "new", "too short"),
            (TEST_PASSPHRASE, TEST_PASSPHRASE, TEST_PASSPHRASE, "new", "same as the current"),
            (TEST_PASSPHRASE, NEW, NEW + "x", "repeat", "not the same"),
        ],
    )
    def test_bad_input_changes_nothing(
        self,
        store: Store,
        db_path: Path,
        current: str,
        new: str,
        repeat: str,
        field: str,
        says: str,
    ) -> None:
        """Each mistake is explained on its field and the old passphrase still works."""
        with pytest.raises(ValidationError) as refused:
            change_passphrase(store, current, new, repeat, now=NOW)
        assert says in refused.value.errors[field]
        with store.reading() as session:
            session.exec(select(Person)).all()
        assert _opens_with(db_path, TEST_PASSPHRASE)

    def test_refuses_a_published_passphrase(self, store: Store) -> None:
        """The demo passphrase cannot become the passphrase of real cases."""
        with pytest.raises(ValidationError) as refused:
            change_passphrase(store, TEST_PASSPHRASE, NEW, NEW, now=NOW, published=[NEW.upper()])
        assert "published" in refused.value.errors["new"]


FILLER = 2000
REKEY_SCRIPT = """
import sys
from pathlib import Path
from fieldcase.services.security import rekey_file
path, old, new = Path(sys.argv[1]), sys.stdin.readline()[:-1], sys.stdin.readline()[:-1]
print("start", flush=True)
rekey_file(path, old, new)
print("done", flush=True)
"""


@pytest.fixture
def large_db(db_path: Path) -> tuple[Path, int]:
    """A closed database of about 8 MB: people plus bulky filler settings."""
    created = open_store(db_path, TEST_PASSPHRASE, create=True, actor=TEST_OFFICER)
    with created.transaction() as session:
        for i in range(50):
            session.add(Person(full_name=f"Invented Person {i}", notes="n" * 200))
    created.close()
    conn = open_connection(db_path, TEST_PASSPHRASE)
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO setting (key, value) VALUES (?, ?)",
        [(f"filler-{i}", os.urandom(1000).hex()) for i in range(FILLER)],
    )
    conn.execute("COMMIT")
    conn.close()
    return db_path, _rows(db_path, TEST_PASSPHRASE, "setting")


def _wait_for_copy(proc: subprocess.Popen[str], copy: Path, written: int) -> None:
    """Wait until the re-encrypted copy holds at least ``written`` bytes, or the re-key ended."""
    while proc.poll() is None:
        with contextlib.suppress(FileNotFoundError):
            if copy.stat().st_size >= written:
                return
        time.sleep(0.001)


class TestInterruptedRekey:
    def _start(self, path: Path) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, "-c", REKEY_SCRIPT, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
        assert proc.stdin and proc.stdout
        proc.stdin.write(f"{TEST_PASSPHRASE}\n{NEW}\n")
        proc.stdin.close()
        assert proc.stdout.readline().strip() == "start"
        return proc

    def test_killed_at_any_moment_one_passphrase_opens_everything(
        self, large_db: tuple[Path, int]
    ) -> None:
        """Killing a rekey mid-way leaves the old or the new passphrase working, rows intact."""
        path, settings = large_db
        copy = path.with_name(path.name + REKEY_SUFFIX)
        size = path.stat().st_size
        outcomes: list[str] = []
        # As it starts, once the copy is begun, a quarter, three quarters and all
        # written, and once it has finished: each kill comes when the copy says so.
        for written in (None, 0, size // 4, size * 3 // 4, size, "finished"):
            proc = self._start(path)
            if written == "finished":
                assert proc.wait(timeout=120) == 0, proc.stderr.read() if proc.stderr else ""
            elif isinstance(written, int):
                _wait_for_copy(proc, copy, written)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
            old_ok, new_ok = _opens_with(path, TEST_PASSPHRASE), _opens_with(path, NEW)
            assert old_ok != new_ok, f"killed at {written}: exactly one passphrase opens it"
            current = TEST_PASSPHRASE if old_ok else NEW
            copy_left = copy.exists()
            outcomes.append(("old" if old_ok else "new") + (" mid-copy" if copy_left else ""))
            assert _rows(path, current, "setting") == settings
            assert _rows(path, current, "person") == 50
            reopened = unlock(path, current, now=NOW)
            reopened.close()
            assert not copy.exists()
            if current == NEW:
                rekey_file(path, NEW, TEST_PASSPHRASE)
        assert outcomes[-1] == "new", outcomes
        assert "old mid-copy" in outcomes, outcomes
