"""Fixtures shared by every test: an isolated data folder and a real encrypted store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldcase.config import Policy
from fieldcase.db.store import Store, open_store

TEST_PASSPHRASE = "correct horse battery staple"
TEST_OFFICER = "Officer Test"


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test out of the real data folder."""
    data = tmp_path / "data"
    monkeypatch.setenv("FIELDCASE_DATA_DIR", str(data))
    return data


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test's database file lives."""
    return tmp_path / "data" / "fieldcase.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """A freshly created, migrated, encrypted database."""
    opened = open_store(db_path, TEST_PASSPHRASE, create=True, actor=TEST_OFFICER)
    yield opened
    opened.close()


@pytest.fixture
def policy() -> Policy:
    """The default organisation policy."""
    return Policy()
