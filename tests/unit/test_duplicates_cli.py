"""`fieldcase duplicates`: properties recorded twice are listed, and merged only when asked."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import pytest
from sqlmodel import select

from fieldcase.__main__ import main
from fieldcase.db.models import Case, Property
from fieldcase.db.store import Store, open_store
from fieldcase.domain.address import address_key
from tests.conftest import TEST_PASSPHRASE
from tests.protection_data import make_case

ENV = "FIELDCASE_PASSPHRASE"


@pytest.fixture
def database(store: Store, db_path: Path) -> tuple[Path, uuid.UUID, uuid.UUID]:
    """A case at 14 Larch Walk, ZZ1 1ZZ and an older copy of the address typed '14 larch wk'."""
    with store.transaction() as session:
        made = make_case(session)
        case = session.get(Case, made.case_id)
        assert case is not None and case.property_id is not None
        copy = Property(address="14 larch wk", address_key=address_key("14 larch wk"))
        session.add(copy)
        session.flush()
        keep_id, copy_id = case.property_id, copy.id
    store.close()
    return db_path, keep_id, copy_id


def _run(monkeypatch: pytest.MonkeyPatch, *argv: str, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(list(argv))


def test_duplicates_lists_copies_of_one_address_and_changes_nothing(
    database: tuple[Path, uuid.UUID, uuid.UUID],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Both records of 14 Larch Walk are listed with their ids and what is recorded at each."""
    path, keep_id, copy_id = database
    monkeypatch.setenv(ENV, TEST_PASSPHRASE)
    assert _run(monkeypatch, "duplicates") == 0
    out = capsys.readouterr().out
    assert "1 address may be recorded more than once." in out
    assert "fieldcase duplicates --merge KEEP_ID COPY_ID" in out
    assert "14 larch walk, ZZ1 1ZZ:" in out
    assert f"  {keep_id}  14 Larch Walk, ZZ1 1ZZ\n" in out
    assert f"  {copy_id}  14 larch wk\n" in out
    assert "1 case, 0 cautions, 1 person, 0 visits" in out
    assert "0 cases, 0 cautions, 0 people, 0 visits" in out
    assert _properties(path) == 2


def test_merge_needs_yes_when_not_interactive(
    database: tuple[Path, uuid.UUID, uuid.UUID],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A scripted merge without --yes is refused; both records stay."""
    path, keep_id, copy_id = database
    code = _run(
        monkeypatch,
        "duplicates",
        "--merge",
        str(keep_id),
        str(copy_id),
        stdin=TEST_PASSPHRASE + "\n",
    )
    assert code == 2
    assert "add --yes" in capsys.readouterr().err
    assert _properties(path) == 2


def test_merge_with_yes_keeps_one_record(
    database: tuple[Path, uuid.UUID, uuid.UUID],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--merge KEEP COPY --yes leaves one property; the listing then finds no duplicate."""
    path, keep_id, copy_id = database
    monkeypatch.setenv(ENV, TEST_PASSPHRASE)
    assert _run(monkeypatch, "duplicates", "--merge", str(keep_id), str(copy_id), "--yes") == 0
    out = capsys.readouterr().out
    assert "Merged 14 larch wk into 14 Larch Walk, ZZ1 1ZZ: moved 0 cases" in out
    assert _properties(path) == 1
    monkeypatch.setenv(ENV, TEST_PASSPHRASE)
    assert _run(monkeypatch, "duplicates") == 0
    assert "No address is recorded twice." in capsys.readouterr().out


def _properties(path: Path) -> int:
    opened = open_store(path, TEST_PASSPHRASE)
    try:
        with opened.reading() as session:
            return len(session.exec(select(Property)).all())
    finally:
        opened.close()
