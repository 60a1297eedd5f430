"""`fieldcase backup`, `fieldcase restore` and `fieldcase check` on the command line."""

from __future__ import annotations

import hashlib
import io
import stat
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import func, select

from fieldcase.__main__ import main
from fieldcase.config import Settings, save_settings
from fieldcase.db.backup import backup_folder, list_backups
from fieldcase.db.health import PAGE_SIZE
from fieldcase.db.models import Person
from fieldcase.db.store import Store, open_store
from fieldcase.services.backups import backup_if_due
from fieldcase.services.security import read_attempts
from tests.conftest import TEST_PASSPHRASE

ENV = "FIELDCASE_PASSPHRASE"


def _run(monkeypatch: pytest.MonkeyPatch, *argv: str, passphrase: str = TEST_PASSPHRASE) -> int:
    monkeypatch.setenv(ENV, passphrase)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    return main(list(argv))


def _people(path: Path, passphrase: str = TEST_PASSPHRASE) -> int:
    opened = open_store(path, passphrase)
    try:
        with opened.reading() as session:
            return int(session.exec(select(func.count()).select_from(Person)).one())
    finally:
        opened.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _add_people(store: Store, count: int) -> None:
    with store.transaction() as session:
        for i in range(count):
            session.add(Person(full_name=f"Invented Person {i}", notes="n" * 200))


class TestBackup:
    def test_backup_while_in_use_is_a_consistent_encrypted_copy(
        self, store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Saved records are in the backup, a save still in progress is not, and it opens."""
        _add_people(store, 30)
        started, finish = threading.Event(), threading.Event()

        def save_in_progress() -> None:
            with store.transaction() as session:
                session.add(Person(full_name="Half-way Through"))
                session.flush()
                started.set()
                finish.wait(30)

        saving = threading.Thread(target=save_in_progress)
        saving.start()
        started.wait(30)
        try:
            assert _run(monkeypatch, "backup") == 0
        finally:
            finish.set()
            saving.join()
        [made] = list_backups(db_path)
        assert not made.path.read_bytes().startswith(b"SQLite format 3")
        assert _people(made.path) == 30
        assert _people(db_path) == 31

    def test_backups_are_private_and_only_the_newest_are_kept(
        self, store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """Files 0600 in a 0700 folder; backup_keep = 2 keeps the two newest."""
        store.close()
        save_settings(db_path.parent / "settings.toml", Settings(backup_keep=2))
        target = tmp_path / "usb"
        for _ in range(3):
            assert _run(monkeypatch, "backup", "--to", str(target)) == 0
        kept = list_backups(db_path, target)
        assert len(kept) == 2
        assert stat.S_IMODE(target.stat().st_mode) == 0o700
        assert {stat.S_IMODE(b.path.stat().st_mode) for b in kept} == {0o600}

    def test_the_daily_backup_is_made_once_a_day(self, store: Store, db_path: Path) -> None:
        """On start a backup is made when the last is a day old, not again the same day."""
        now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
        assert backup_if_due(store, now=now, keep=10) is not None
        assert backup_if_due(store, now=now + timedelta(hours=23), keep=10) is None
        assert backup_if_due(store, now=now + timedelta(hours=24), keep=10) is not None
        assert stat.S_IMODE(backup_folder(db_path).stat().st_mode) == 0o700


class TestRestore:
    @pytest.fixture
    def backed_up(self, store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
        """A backup holding 10 people, then 5 more saved after it; the database closed."""
        _add_people(store, 10)
        store.close()
        assert _run(monkeypatch, "backup") == 0
        more = open_store(db_path, TEST_PASSPHRASE)
        _add_people(more, 5)
        more.close()
        return list_backups(db_path)[0].path

    def test_restore_replaces_the_database_and_keeps_the_old_file_aside(
        self, backed_up: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The backup's records are back; the replaced file is kept byte for byte."""
        before = _digest(db_path)
        assert _run(monkeypatch, "restore", str(backed_up), "--yes") == 0
        assert _people(db_path) == 10
        [aside] = db_path.parent.glob("fieldcase.db.replaced-*")
        assert _digest(aside) == before
        assert _people(aside) == 15

    def test_a_damaged_backup_is_refused_before_anything_is_replaced(
        self,
        backed_up: Path,
        db_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A backup with a bad page is named as damaged and the database stays as it was."""
        data = backed_up.read_bytes()
        backed_up.write_bytes(data[: 3 * PAGE_SIZE] + b"\xff" * 64 + data[3 * PAGE_SIZE + 64 :])
        before = _digest(db_path)
        assert _run(monkeypatch, "restore", str(backed_up), "--yes") == 3
        assert "damaged" in capsys.readouterr().err
        assert _digest(db_path) == before
        assert not list(db_path.parent.glob("fieldcase.db.replaced-*"))

    def test_a_wrong_passphrase_replaces_nothing_and_counts(
        self, backed_up: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The backup's passphrase is checked first; a wrong one counts towards the wait."""
        before = _digest(db_path)
        code = _run(monkeypatch, "restore", str(backed_up), "--yes", passphrase="not it at all")
        assert code == 3
        assert _digest(db_path) == before
        assert read_attempts(db_path).failures == 1


class TestCheck:
    def test_a_sound_database_is_reported_sound(
        self,
        store: Store,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Every page and link checked, in plain words, and the way to make a first backup."""
        _add_people(store, 5)
        store.close()
        assert _run(monkeypatch, "check") == 0
        out = capsys.readouterr().out
        assert "is sound" in out and "passes its checksum" in out
        assert "fieldcase backup" in out

    def test_damage_is_reported_with_the_backup_to_restore(
        self,
        store: Store,
        db_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A bad page is counted, the file is unchanged, and the restore command is given."""
        _add_people(store, 60)
        store.close()
        assert _run(monkeypatch, "backup") == 0
        data = db_path.read_bytes()
        at = 5 * PAGE_SIZE + 500
        db_path.write_bytes(data[:at] + b"\x00" * 32 + data[at + 32 :])
        before = _digest(db_path)
        assert _run(monkeypatch, "check") == 3
        out = capsys.readouterr().out
        assert "is damaged: 1 of its" in out
        assert f"fieldcase restore {list_backups(db_path)[0].path}" in out
        assert _digest(db_path) == before
