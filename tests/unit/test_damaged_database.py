"""A damaged database is named as damaged, never blamed on the passphrase, never written to."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from fieldcase.db.engine import DamagedDatabase, StorageProblem, WrongPassphrase
from fieldcase.db.health import PAGE_SIZE
from fieldcase.db.models import Person
from fieldcase.db.store import Store, open_store
from fieldcase.services.security import read_attempts, unlock
from tests.conftest import TEST_OFFICER, TEST_PASSPHRASE

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
PEOPLE = 120


def overwrite_page(page: int) -> Callable[[bytes], bytes]:
    """Scribble over 64 bytes in the middle of one page, as a failing disk sector would."""

    def damage(data: bytes) -> bytes:
        at = (page - 1) * PAGE_SIZE + 1000
        return data[:at] + os.urandom(64) + data[at + 64 :]

    return damage


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "page 2 overwritten": overwrite_page(2),
    "a page near the end overwritten": lambda data: overwrite_page(len(data) // PAGE_SIZE - 2)(
        data
    ),
    "cut short at a page boundary": lambda data: data[: len(data) - 3 * PAGE_SIZE],
    "cut short mid-page": lambda data: data[: len(data) // 2 + 1000],
    "empty (zero bytes)": lambda data: b"",
}


@pytest.fixture
def filled(store: Store, db_path: Path) -> Path:
    """A closed database holding people over many pages."""
    with store.transaction() as session:
        for i in range(PEOPLE):
            session.add(Person(full_name=f"Invented Person {i}", notes="n" * 300))
    store.close()
    return db_path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("how", list(DAMAGE))
def test_damage_is_named_and_the_file_is_left_untouched(filled: Path, how: str) -> None:
    """The right passphrase on a damaged file says "damaged", counts no failure, writes nothing."""
    filled.write_bytes(DAMAGE[how](filled.read_bytes()))
    before = digest(filled)
    with pytest.raises(DamagedDatabase) as caught:
        unlock(filled, TEST_PASSPHRASE, now=NOW, actor=TEST_OFFICER)
    message = str(caught.value)
    assert "damaged" in message or "empty" in message
    assert "passphrase does not open" not in message
    assert read_attempts(filled).failures == 0
    assert digest(filled) == before
    assert sorted(p.name for p in filled.parent.iterdir()) == [filled.name]


@pytest.mark.parametrize("how", [h for h in DAMAGE if "empty" not in h])
def test_a_wrong_passphrase_on_a_damaged_file_still_counts(filled: Path, how: str) -> None:
    """Damage does not hide a wrong passphrase: it is still refused and counted."""
    filled.write_bytes(DAMAGE[how](filled.read_bytes()))
    with pytest.raises(WrongPassphrase):
        unlock(filled, "incorrect horse battery staple", now=NOW)
    assert read_attempts(filled).failures == 1


def test_a_damaged_file_opens_for_reading_only(filled: Path) -> None:
    """Read-only, what the file still holds can be read; saving is refused, nothing written."""
    filled.write_bytes(DAMAGE["a page near the end overwritten"](filled.read_bytes()))
    before = digest(filled)
    store = open_store(filled, TEST_PASSPHRASE, read_only=True, actor=TEST_OFFICER)
    try:
        with store.reading() as session:
            assert session.exec(select(Person).limit(5)).all()
        with (
            pytest.raises(StorageProblem, match="open for reading only"),
            store.transaction() as session,
        ):
            session.add(Person(full_name="Not saved"))
    finally:
        store.close()
    assert digest(filled) == before
