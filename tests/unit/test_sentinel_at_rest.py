"""Nothing personal reaches the disk unencrypted.

Invented sentinel values are written into every text column of every table
(through the case services, and directly through the models for the rest),
into a draft, a failed unlock and a crash report. Then every file fieldcase
has written under the data folder is searched for the sentinel's bytes, in
UTF-8 and UTF-16, as typed and lower-cased (search columns are lower-cased).
"""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import String
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel, select

from fieldcase.config import Settings, save_settings
from fieldcase.crash import report_crash
from fieldcase.db.engine import WrongPassphrase
from fieldcase.db.models import AuditEvent, Person, metadata
from fieldcase.db.store import Store, open_store
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import Category, IncidentType, PartyRole, Strand
from fieldcase.paths import locate
from fieldcase.services import case_file, case_records, intake
from fieldcase.services.case_records import ActionInput
from fieldcase.services.drafts import DraftSnapshot, autosave
from fieldcase.services.security import change_passphrase, unlock
from tests.conftest import TEST_PASSPHRASE

# Data at rest is checked in files keyed as officers' files are.
pytestmark = pytest.mark.real_kdf

SENTINEL = "SENTINEL-Zanzibar-4471"
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
NEW_PASSPHRASE = "lantern ferry orbit 47"
SKIPPED_COLUMNS = {"id", "created_at", "updated_at", "version"}


def _needles() -> list[bytes]:
    needles = []
    for variant in {SENTINEL, SENTINEL.lower(), SENTINEL.upper()}:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            needles.append(variant.encode(encoding))
    return needles


def _mapped_classes() -> dict[str, type[SQLModel]]:
    registry = SQLModel._sa_registry  # type: ignore[attr-defined]
    return {mapper.local_table.name: mapper.class_ for mapper in registry.mappers}


def _value_for(column: Any, table: str, rows: dict[str, Any]) -> Any:
    for fk in column.foreign_keys:
        return getattr(rows[fk.column.table.name], fk.column.name)
    sql_type = column.type
    if isinstance(sql_type, TypeDecorator):
        sql_type = sql_type.impl_instance
    if isinstance(sql_type, String):
        return f"{SENTINEL} {table}.{column.name}"
    kind = sql_type.python_type
    if kind is bytes:
        return f"{SENTINEL} {table}.{column.name}".encode()
    if kind is bool:
        return False
    if kind is int:
        return 1
    if kind is datetime:
        return NOW
    if kind is date:
        return NOW.date()
    if kind is uuid.UUID:
        return uuid.uuid4()
    raise AssertionError(f"no sentinel value for {table}.{column.name} ({kind})")


def _fill_every_table(store: Store) -> list[str]:
    """One row in every table, every text column carrying the sentinel; returns the tables."""
    classes = _mapped_classes()
    rows: dict[str, Any] = {}
    filled = []
    with store.transaction() as session:
        for table in metadata.sorted_tables:
            model = classes.get(table.name)
            if model is None or table.name == "auditevent":
                continue
            values = {
                c.name: _value_for(c, table.name, rows)
                for c in table.columns
                if c.name not in SKIPPED_COLUMNS
            }
            row = model(**values)
            session.add(row)
            session.flush()
            rows[table.name] = row
            filled.append(table.name)
    return filled


def _case_through_services(store: Store) -> None:
    with store.transaction() as session:
        case = intake.create_case(
            session,
            intake.NewCaseInput(
                category=Category.HATE_CRIME,
                strands=[Strand.RACE],
                address=f"{SENTINEL} Road",
                postcode="ZZ9 9ZZ",
                summary=f"{SENTINEL} summary",
                police_refs=f"{SENTINEL}/REF",
                people=[
                    case_records.PersonInput(
                        full_name=f"{SENTINEL} Victim",
                        role=PartyRole.VICTIM,
                        safe_contact_number=f"{SENTINEL} 07700",
                        notes=f"{SENTINEL} notes",
                    )
                ],
                incident=case_records.IncidentInput(
                    occurred_at=NOW,
                    kinds=[IncidentType.VERBAL_ABUSE],
                    strands=[Strand.RACE],
                    description=f"{SENTINEL} incident",
                ),
            ),
            officer_name="Officer Test",
            policy=Policy(),
            today=NOW.date(),
            now=NOW,
        )
        case_records.add_action(session, case.id, ActionInput(what=f"{SENTINEL} action"))
    with store.transaction() as session:
        case_file.load_case_file(session, case.id)


class _OpenForm:
    def draft_snapshot(self) -> DraftSnapshot:
        return DraftSnapshot("new-case", "New case", {"summary": f"{SENTINEL} typed"})


def _leaks(folder: Path) -> list[str]:
    found = []
    needles = _needles()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        content = path.read_bytes()
        found.extend(f"{path.name}: {needle!r}" for needle in needles if needle in content)
    return found


@pytest.fixture
def busy_store(db_path: Path) -> Store:
    """A store that has seen every kind of write fieldcase makes."""
    data = locate()
    save_settings(data.settings_file, Settings(officer_name="Officer Test"))
    store = open_store(db_path, TEST_PASSPHRASE, create=True, actor=f"{SENTINEL} Officer")
    _case_through_services(store)
    filled = _fill_every_table(store)
    assert {"case", "person", "draft", "setting", "disclosure", "visit"} <= set(filled)
    autosave(store, "risk-form", "Risk assessment", {"answers": f"{SENTINEL} answer"})
    try:
        raise ValueError(f"could not save {SENTINEL}")
    except ValueError as exc:
        report_crash(exc, data.error_log, store=store, draft_sources=[_OpenForm()])
    return store


def test_sentinels_are_really_stored(busy_store: Store) -> None:
    """The test is meaningful: the sentinel is in the database, readable with the passphrase."""
    with busy_store.reading() as session:
        names = [p.full_name for p in session.exec(select(Person))]
        events = session.exec(select(AuditEvent)).all()
        assert any(SENTINEL in n for n in names)
        assert any(SENTINEL in e.changes for e in events)
        assert any(SENTINEL in e.actor for e in events)
    busy_store.close()


def test_no_file_holds_a_sentinel_while_open_or_after_closing(
    busy_store: Store, db_path: Path
) -> None:
    """Database, -wal, -shm, settings, error log and every other file: ciphertext only."""
    folder = locate().data_dir
    assert db_path.with_name(db_path.name + "-wal").exists()
    assert _leaks(folder) == []
    busy_store.close()
    with pytest.raises(WrongPassphrase):
        unlock(db_path, SENTINEL, now=NOW)
    assert _leaks(folder) == []
    assert {p.name for p in folder.iterdir()} >= {
        "fieldcase.db",
        "settings.toml",
        "errors.log",
        "fieldcase.db.attempts",
    }


def test_no_sentinel_after_changing_the_passphrase(busy_store: Store, db_path: Path) -> None:
    """Re-encrypting writes a new file; neither it nor any leftover is plaintext."""
    change_passphrase(busy_store, TEST_PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE, now=NOW)
    with busy_store.transaction() as session:
        session.add(Person(full_name=f"{SENTINEL} after rekey"))
    assert _leaks(locate().data_dir) == []
    busy_store.close()
    assert _leaks(locate().data_dir) == []


def test_plain_sqlite_cannot_open_the_database(busy_store: Store, db_path: Path) -> None:
    """Without SQLCipher and the passphrase the file is not even recognised as a database."""
    busy_store.close()
    conn = sqlite3.connect(db_path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="not a database"):
            conn.execute("SELECT name FROM sqlite_master").fetchall()
    finally:
        conn.close()
    assert not db_path.read_bytes().startswith(b"SQLite format 3")


def test_the_search_would_find_a_leak(tmp_path: Path) -> None:
    """The file search itself works: a lower-cased UTF-16 copy in a sub-folder is found."""
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "x.txt").write_bytes(SENTINEL.lower().encode("utf-16-le"))
    assert _leaks(tmp_path) != []


def test_temporary_tables_and_sorts_stay_in_memory(busy_store: Store) -> None:
    """SQLite's temporary files (big sorts, temp tables) would bypass encryption: none are made."""
    with busy_store.engine.connect() as conn:
        options = {row[0] for row in conn.exec_driver_sql("PRAGMA compile_options")}
        temp_store = conn.exec_driver_sql("PRAGMA temp_store").scalar_one()
    busy_store.close()
    assert "TEMP_STORE=3" in options or ("TEMP_STORE=2" in options and temp_store in (0, 2))
