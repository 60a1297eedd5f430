"""`fieldcase duplicates`: people and properties typed twice are listed, merged only if asked."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import pytest
from sqlmodel import select

from fieldcase.__main__ import main
from fieldcase.db.models import Case, Person, Property
from fieldcase.db.store import Store, open_store
from fieldcase.domain.address import address_key
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import PartyRole
from fieldcase.services.case_records import PersonInput, add_person
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


@pytest.fixture
def two_ellises(store: Store, db_path: Path) -> tuple[Path, uuid.UUID, uuid.UUID, uuid.UUID]:
    """Ellis Crane, alleged perpetrator at 14 Larch Walk, and a witness typed "crane,  ellis"
    with a phone; returns the path, the two people's ids and the case's property."""
    with store.transaction() as session:
        made = make_case(session)
        party = add_person(
            session,
            made.case_id,
            PersonInput("crane,  ellis", PartyRole.WITNESS, phone="07700 900222"),
            policy=Policy(),
        )
        case = session.get(Case, made.case_id)
        assert case is not None and case.property_id is not None
        ids = made.perpetrator_id, party.person_id, case.property_id
    store.close()
    return db_path, *ids


class Tty(io.StringIO):
    """Standard input from a terminal: what the officer types at the prompt."""

    def isatty(self) -> bool:
        return True


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
    assert "No person is recorded twice." in out
    assert _properties(path) == 2


def test_duplicates_lists_one_person_recorded_twice(
    two_ellises: tuple[Path, uuid.UUID, uuid.UUID, uuid.UUID],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Both records of Ellis Crane: ids, phone, address, case and role, what is recorded."""
    path, keep_id, copy_id, _ = two_ellises
    monkeypatch.setenv(ENV, TEST_PASSPHRASE)
    assert _run(monkeypatch, "duplicates") == 0
    out = capsys.readouterr().out
    assert "1 person may be recorded more than once.\n\nSame name:\n" in out
    assert f"  {keep_id}  Ellis Crane\n    alleged perpetrator in FC-2026-0001\n    added " in out
    assert (
        f"  {copy_id}  crane,  ellis\n"
        "    07700 900222\n"
        "    witness in FC-2026-0001\n"
        "    at 14 Larch Walk, ZZ1 1ZZ\n"
        "    added "
    ) in out
    assert out.count("; 1 role\n") == 2
    assert "No address is recorded twice." in out
    assert out.endswith("fieldcase duplicates --merge KEEP_ID COPY_ID\n")
    assert _people(path) == 3


def test_merging_two_people_keeps_one_with_both_roles(
    two_ellises: tuple[Path, uuid.UUID, uuid.UUID, uuid.UUID],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--merge with two people's ids merges them; the listing then finds nobody twice."""
    path, keep_id, copy_id, _ = two_ellises
    monkeypatch.setenv(ENV, TEST_PASSPHRASE)
    assert _run(monkeypatch, "duplicates", "--merge", str(keep_id), str(copy_id), "--yes") == 0
    out = capsys.readouterr().out
    assert out.startswith("Merged crane,  ellis into Ellis Crane: moved 1 role, 0 contacts,")
    assert "Cases brought up to date: FC-2026-0001." in out
    assert _people(path) == 2
    monkeypatch.setenv(ENV, TEST_PASSPHRASE)
    assert _run(monkeypatch, "duplicates") == 0
    assert "No person is recorded twice." in capsys.readouterr().out


def test_a_person_and_a_property_are_not_merged(
    two_ellises: tuple[Path, uuid.UUID, uuid.UUID, uuid.UUID],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Mixing a person's id with an address's is refused with the reason; nothing changes."""
    path, keep_id, _, property_id = two_ellises
    monkeypatch.setenv(ENV, TEST_PASSPHRASE)
    code = _run(monkeypatch, "duplicates", "--merge", str(keep_id), str(property_id), "--yes")
    assert code == 1
    assert "One is a person and the other an address" in capsys.readouterr().err
    assert (_people(path), _properties(path)) == (3, 1)


def test_the_prompt_says_what_will_move_and_merges_only_on_merge(
    two_ellises: tuple[Path, uuid.UUID, uuid.UUID, uuid.UUID],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """At a terminal the officer is told what moves and must type MERGE; anything else stops."""
    path, keep_id, copy_id, _ = two_ellises
    monkeypatch.setenv(ENV, TEST_PASSPHRASE)
    monkeypatch.setattr("sys.stdin", Tty("yes\n"))
    assert main(["duplicates", "--merge", str(keep_id), str(copy_id)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Merge crane,  ellis into Ellis Crane?\nMoves 1 role to Ellis Crane.")
    assert out.endswith("Type MERGE to go ahead: Nothing has been merged.\n")
    assert _people(path) == 3
    monkeypatch.setenv(ENV, TEST_PASSPHRASE)
    monkeypatch.setattr("sys.stdin", Tty("MERGE\n"))
    assert main(["duplicates", "--merge", str(keep_id), str(copy_id)]) == 0
    assert _people(path) == 2


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
    return _count(path, Property)


def _people(path: Path) -> int:
    return _count(path, Person)


def _count(path: Path, model: type[Person] | type[Property]) -> int:
    opened = open_store(path, TEST_PASSPHRASE)
    try:
        with opened.reading() as session:
            return len(session.exec(select(model)).all())
    finally:
        opened.close()
