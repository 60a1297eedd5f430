"""The encrypted store: opening, refusing what is not ours, safe settings, transactions."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import text
from sqlmodel import select

from fieldcase.db.engine import (
    NotFieldcaseDatabase,
    StoreError,
    WrongPassphrase,
    quote_passphrase,
)
from fieldcase.db.models import Draft, Setting
from fieldcase.db.store import Store, open_store

PASSPHRASE = "correct horse battery staple"


def fingerprint(path: Path) -> tuple[str, list[str]]:
    """The file's hash and the names of everything beside it (to spot -wal/-shm files)."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "<folder>"
    return digest, sorted(p.name for p in path.parent.iterdir())


def make_store(path: Path, passphrase: str = PASSPHRASE) -> None:
    """A closed fieldcase database with one row in it."""
    store = open_store(path, passphrase, create=True, actor="Officer Test")
    with store.transaction() as session:
        session.add(Setting(key="marker", value="kept"))
    store.close()


class TestPassphrase:
    """Opening with the right and the wrong passphrase."""

    def test_reopening_keeps_rows(self, tmp_path: Path) -> None:
        """What was saved is there when the file is opened again."""
        path = tmp_path / "case.db"
        make_store(path)
        store = open_store(path, PASSPHRASE)
        try:
            with store.reading() as session:
                assert session.get(Setting, "marker") is not None
        finally:
            store.close()

    def test_closing_leaves_a_single_file(self, tmp_path: Path) -> None:
        """After a clean close the WAL is checkpointed and no -wal or -shm file remains."""
        path = tmp_path / "case.db"
        make_store(path)
        assert fingerprint(path)[1] == ["case.db"]

    def test_wrong_passphrase_is_clear_and_changes_nothing(self, tmp_path: Path) -> None:
        """A wrong passphrase says so, names no secret, and leaves the file byte for byte."""
        path = tmp_path / "case.db"
        make_store(path)
        before = fingerprint(path)
        with pytest.raises(WrongPassphrase) as caught:
            open_store(path, "incorrect horse battery staple")
        message = str(caught.value)
        assert "passphrase does not open" in message
        assert "horse" not in message
        assert fingerprint(path) == before

    def test_passphrase_with_quotes_and_unicode(self, tmp_path: Path) -> None:
        """Any typed passphrase works, quotes and accents included."""
        path = tmp_path / "case.db"
        tricky = 'it\'s "quoted" -- ; DROP TABLE case; ŁÓDŹ'
        make_store(path, tricky)
        open_store(path, tricky).close()
        with pytest.raises(WrongPassphrase):
            open_store(path, tricky.upper())

    def test_nul_in_passphrase_is_refused(self) -> None:
        """A NUL cannot be passed to SQLCipher safely, so it is refused outright."""
        with pytest.raises(ValueError):
            quote_passphrase("abc\x00def")

    def test_file_is_unreadable_without_the_key(self, tmp_path: Path) -> None:
        """Plain SQLite cannot read the file: it is encrypted at rest."""
        path = tmp_path / "case.db"
        make_store(path)
        assert b"marker" not in path.read_bytes()
        conn = sqlite3.connect(path)
        try:
            with pytest.raises(sqlite3.DatabaseError):
                conn.execute("SELECT * FROM sqlite_master").fetchall()
        finally:
            conn.close()


def _plain_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('someone else''s data')")
    conn.commit()
    conn.close()


def _other_sqlcipher(path: Path) -> None:
    """An encrypted database made by another program, with our passphrase."""
    conn = sqlcipher3.connect(str(path))
    conn.execute(f"PRAGMA key = {quote_passphrase(PASSPHRASE)}")
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('someone else''s data')")
    conn.commit()
    conn.close()


def _short_text(path: Path) -> None:
    path.write_text("shopping list: eggs, milk\n", encoding="utf-8")


def _page_sized_text(path: Path) -> None:
    path.write_text(("Dear tenant, " * 400)[:4096], encoding="utf-8")


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "inside.txt").write_text("x", encoding="utf-8")


@pytest.mark.parametrize(
    "make_foreign",
    [_plain_sqlite, _other_sqlcipher, _short_text, _page_sized_text, _folder],
    ids=["unencrypted-sqlite", "other-encrypted-db", "text", "page-sized-text", "folder"],
)
@pytest.mark.parametrize("create", [False, True], ids=["open", "create"])
def test_foreign_file_is_refused_and_untouched(
    tmp_path: Path, make_foreign: Callable[[Path], None], create: bool
) -> None:
    """Whatever sits at the path that is not a fieldcase database is never changed."""
    path = tmp_path / "fieldcase.db"
    make_foreign(path)
    before = fingerprint(path)
    with pytest.raises(StoreError) as caught:
        open_store(path, PASSPHRASE, create=create)
    if not create:
        assert isinstance(caught.value, NotFieldcaseDatabase)
        assert "not" in str(caught.value) and "fieldcase database" in str(caught.value)
    assert fingerprint(path) == before


def test_opening_a_missing_file_does_not_create_it(tmp_path: Path) -> None:
    """Without create, a missing database is an error, and nothing appears on disk."""
    path = tmp_path / "missing.db"
    with pytest.raises(StoreError, match="no fieldcase database"):
        open_store(path, PASSPHRASE)
    assert not path.exists()


def test_creating_over_an_existing_database_is_refused(tmp_path: Path) -> None:
    """Create never replaces a database that is already there."""
    path = tmp_path / "case.db"
    make_store(path)
    before = fingerprint(path)
    with pytest.raises(StoreError, match="already exists"):
        open_store(path, PASSPHRASE, create=True)
    assert fingerprint(path) == before


def test_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    """A file migrated by a later fieldcase is not opened by this one."""
    path = tmp_path / "case.db"
    store = open_store(path, PASSPHRASE, create=True)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    store.close()
    with pytest.raises(StoreError, match="newer version"):
        open_store(path, PASSPHRASE)


@pytest.mark.parametrize(
    ("pragma", "expected"),
    [
        ("journal_mode", "wal"),
        ("synchronous", 2),  # FULL
        ("foreign_keys", 1),
        ("secure_delete", 1),
    ],
)
def test_connections_are_set_up_for_safe_writing(
    store: Store, pragma: str, expected: object
) -> None:
    """Every pooled connection runs WAL, synchronous FULL, foreign keys and secure delete."""
    with store.engine.connect() as first, store.engine.connect() as second:
        for conn in (first, second):
            assert conn.execute(text(f"PRAGMA {pragma}")).scalar_one() == expected


def test_busy_timeout_is_set(store: Store) -> None:
    """A second writer waits for a lock instead of failing at once."""
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA busy_timeout")).scalar_one() > 0


class TestTransactions:
    """One user action is one transaction."""

    def test_commit_on_success(self, store: Store) -> None:
        """A transaction that ends normally is saved."""
        with store.transaction() as session:
            session.add(Draft(key="new-case", payload="{}"))
        with store.reading() as session:
            assert session.get(Draft, ("", "new-case")) is not None

    def test_rollback_on_error(self, store: Store) -> None:
        """A transaction that raises leaves nothing behind, even rows already flushed."""
        with pytest.raises(RuntimeError), store.transaction() as session:
            session.add(Draft(key="half", payload="{}"))
            session.flush()
            raise RuntimeError("battery died")
        with store.reading() as session:
            assert session.exec(select(Draft)).all() == []

    def test_foreign_keys_are_enforced(self, store: Store) -> None:
        """A row pointing at a missing case is refused by the database."""
        import uuid

        from sqlalchemy.exc import IntegrityError

        from fieldcase.db.models import Action

        with pytest.raises(IntegrityError), store.transaction() as session:
            session.add(Action(case_id=uuid.uuid4(), what="orphan"))

    def test_reading_discards_writes_but_keeps_what_was_loaded(self, store: Store) -> None:
        """Rows loaded in a read stay usable after it; anything written there is dropped."""
        with store.transaction() as session:
            session.add(Draft(key="kept", title="Kept draft"))
        with store.reading() as session:
            loaded = session.get(Draft, ("", "kept"))
            session.add(Draft(key="stray"))
            session.flush()
        assert loaded is not None and loaded.title == "Kept draft"
        with store.reading() as session:
            assert session.get(Draft, ("", "stray")) is None
