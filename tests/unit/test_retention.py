"""Retention: listing and purging closed cases past the retention period."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlcipher3
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from fieldcase.db.models import (
    AbcAgreement,
    AbcBreach,
    AbcCondition,
    AbcReview,
    AbcSignatory,
    AuditEvent,
    Case,
    CaseParty,
    CautionMarker,
    Contact,
    Draft,
    EnforcementStep,
    Incident,
    Person,
    Property,
    RiskAssessment,
    Setting,
    Visit,
)
from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.protection import AgencyKind, ConsentKind, DisclosureMethod, Gateway
from fieldcase.domain.vocab import CaseStatus, PartyRole
from fieldcase.services.case_records import ActionInput, PersonInput, add_action, add_party
from fieldcase.services.consent import ConsentInput, record_consent
from fieldcase.services.contact_records import ContactInput, add_contact
from fieldcase.services.disclosure import DisclosureInput, record_disclosure
from fieldcase.services.errors import NotFound
from fieldcase.services.retention import PURGE_FLAG, purge, review, set_legal_hold
from tests.conftest import TEST_PASSPHRASE
from tests.protection_data import MadeCase, make_case

TODAY = date(2026, 11, 25)
SENTINEL = "QX7-PURGE-SENTINEL-e2b1"
CONTROL = "KEEP-CONTROL-9f3a"

DATABASE_REFUSED = (sqlcipher3.DatabaseError, DBAPIError)
"""A trigger's refusal, raised by the driver or wrapped by SQLAlchemy."""

AUDIT_TRIGGERS = [
    # The append-only triggers the audit trail is given, with the purge exception.
    """CREATE TRIGGER test_audit_no_update BEFORE UPDATE ON auditevent
    BEGIN SELECT RAISE(ABORT, 'The audit trail cannot be changed.'); END""",
    f"""CREATE TRIGGER test_audit_no_delete BEFORE DELETE ON auditevent
    WHEN NOT EXISTS (SELECT 1 FROM setting WHERE key = '{PURGE_FLAG}' AND value = '1')
    BEGIN SELECT RAISE(ABORT, 'The audit trail cannot be changed.'); END""",
]


def _close(session: Session, case_id: uuid.UUID, closed_on: date, hold: bool = False) -> None:
    case = session.get(Case, case_id)
    assert case is not None
    case.status = CaseStatus.CLOSED
    case.closed_on = closed_on
    case.legal_hold = hold
    session.flush()


def _old_case(session: Session, marker: str, **kw: object) -> MadeCase:
    """A case full of records, every free-text field carrying ``marker``, closed in 2019."""
    made = make_case(
        session,
        victim=f"Vesna {marker}",
        perpetrator=f"Otto {marker}",
        address=f"1 {marker} Row",
        description=f"Abuse shouted: {marker}",
        opened_on=date(2019, 1, 7),
        **kw,  # type: ignore[arg-type]
    )
    policy = Policy()
    at = datetime(2019, 1, 8, 10, tzinfo=UTC)
    case = session.get(Case, made.case_id)
    assert case is not None
    case.summary = f"Summary {marker}"
    case.feedback = f"Thank you {marker}"
    add_contact(
        session,
        made.case_id,
        ContactInput(at=at, method="call", person_id=made.victim_id, notes=f"Call notes {marker}"),
        policy=policy,
    )
    add_action(session, made.case_id, ActionInput(what=f"Action {marker}"))
    add_party(session, made.case_id, PersonInput(full_name=f"Wit {marker}", role=PartyRole.WITNESS))
    record_consent(
        session,
        made.case_id,
        ConsentInput(
            person_id=made.victim_id,
            kind=ConsentKind.SHARE_POLICE,
            given=True,
            recorded_at=at,
            notes=f"Consent notes {marker}",
        ),
        recorded_by="Officer Test",
    )
    record_disclosure(
        session,
        made.case_id,
        DisclosureInput(
            agency="Northvale Police",
            agency_kind=AgencyKind.POLICE,
            requesting_officer="PC Lark",
            requested_on=date(2019, 1, 9),
            gateway=Gateway.CONSENT,
            purpose="Investigation",
            data_subjects=f"Vesna {marker}",
            requested_info="Incident log",
            disclosed_info=f"Disclosed {marker}",
            necessity="Needed",
            approved_by="Team leader",
            disclosed_on=date(2019, 1, 9),
            method=DisclosureMethod.SECURE_EMAIL,
        ),
        today=date(2019, 1, 10),
    )
    session.add(
        RiskAssessment(
            case_id=made.case_id,
            person_id=made.victim_id,
            computed_level="high",
            final_level="high",
            answers=json.dumps({"q1": {"answer": "yes", "note": f"Risk {marker}"}}),
            assessed_at=at,
        )
    )
    session.add(
        Visit(
            case_id=made.case_id,
            person_id=made.victim_id,
            kind="victim_support",
            planned_at=at,
            outcome_notes=f"Visit {marker}",
        )
    )
    abc = AbcAgreement(
        case_id=made.case_id,
        person_id=made.perpetrator_id,
        start_on=date(2019, 2, 1),
        end_on=date(2019, 8, 1),
        notes=f"ABC {marker}",
    )
    session.add(abc)
    session.flush()
    session.add(AbcCondition(abc_id=abc.id, text=f"Condition {marker}"))
    session.add(AbcSignatory(abc_id=abc.id, role="perpetrator", name=f"Otto {marker}"))
    session.add(AbcReview(abc_id=abc.id, reviewed_on=date(2019, 3, 1), compliance="complied"))
    session.add(AbcBreach(abc_id=abc.id, occurred_on=date(2019, 4, 1), description=marker))
    session.add(
        EnforcementStep(
            case_id=made.case_id,
            person_id=made.perpetrator_id,
            kind="warning_letter",
            taken_on=date(2019, 1, 20),
            notes=f"Letter {marker}",
        )
    )
    session.add(CautionMarker(person_id=made.perpetrator_id, kind="dogs", note=f"Dogs {marker}"))
    session.add(Draft(key=f"risk:{made.case_id}:{made.victim_id}", payload=f'"{marker}"'))
    session.flush()
    _close(session, made.case_id, date(2019, 6, 30))
    return made


@dataclass(frozen=True)
class Decrypted:
    """The plaintext of every page in the database file and its write-ahead log."""

    database: bytes
    wal: bytes

    def __contains__(self, needle: bytes) -> bool:
        return needle in self.database or needle in self.wal


def decrypt_pages(path: Path, passphrase: str) -> Decrypted:
    """Decrypt every page of a SQLCipher 4 file and its WAL, live, free or stale.

    SQLCipher 4 (the defaults fieldcase uses) encrypts each 4096-byte page with
    AES-256-CBC under a key derived by PBKDF2-HMAC-SHA512 (256,000 rounds) from
    the passphrase and the 16-byte salt that opens the file; each page ends with
    80 reserved bytes, a 16-byte IV then a 64-byte HMAC. Page 1 keeps the salt in
    its first 16 bytes. WAL frames carry the same encrypted page images after a
    24-byte frame header (the WAL itself starts with a 32-byte header).
    """
    data = path.read_bytes()
    wal_path = path.with_name(path.name + "-wal")
    wal = wal_path.read_bytes() if wal_path.exists() else b""
    key = hashlib.pbkdf2_hmac("sha512", passphrase.encode(), data[:16], 256_000, 32)

    def page(raw: bytes, first: bool) -> bytes:
        body = raw[16:-80] if first else raw[:-80]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(raw[-80:-64])).decryptor()
        return decryptor.update(body) + decryptor.finalize()

    pages = [page(data[i : i + 4096], i == 0) for i in range(0, len(data), 4096)]
    # Page 1 opens (after the salt) with the SQLite header's page size and fixed
    # payload fractions: proof the key and layout are right.
    assert pages[0][:2] == b"\x10\x00" and pages[0][5:8] == b"\x40\x20\x20"
    frames = []
    offset = 32
    while offset + 24 + 4096 <= len(wal):
        number = int.from_bytes(wal[offset : offset + 4], "big")
        frames.append(page(wal[offset + 24 : offset + 24 + 4096], number == 1))
        offset += 24 + 4096
    return Decrypted(b"".join(pages), b"".join(frames))


def _raw_files(db_path: Path) -> list[Path]:
    return [db_path] + [db_path.with_name(db_path.name + s) for s in ("-wal", "-shm")]


class TestSentinelIsGone:
    @pytest.mark.real_kdf  # decrypt_pages derives the key as SQLCipher's defaults do
    def test_purged_text_is_not_in_file_log_or_decrypted_pages(
        self, store: Store, db_path: Path
    ) -> None:
        """After a purge an invented sentinel is nowhere in the file, even decrypted.

        Method: a sentinel string is written into every free-text field of an
        old closed case (names, address, notes, incident, consent, disclosure,
        risk answers, visit, ABC, caution marker, draft), so it also reaches the
        audit trail and the indexes. A second, open case carries a control
        string. Before the purge, decrypting every page of the database file
        and every frame of its WAL with the passphrase (see ``decrypt_pages``)
        finds the sentinel: this proves the decryption sees the data. After the
        purge, the raw bytes of the file, ``-wal`` and ``-shm`` lack it, the WAL
        is empty, and the decrypted pages (live, free and slack space alike)
        lack it while still containing the control string, proving the check
        would have found it. A logical export (``sqlcipher_export``) would not
        do: it copies only live rows and would miss remnants in free pages.
        """
        with store.transaction() as session:
            _old_case(session, SENTINEL)
            kept = make_case(session, victim=f"Keep {CONTROL}", address="2 Other Street")
        needle = SENTINEL.encode()
        before = decrypt_pages(db_path, TEST_PASSPHRASE)
        assert needle in before and CONTROL.encode() in before

        result = purge(store, Policy(), today=TODAY)

        assert [c.reference for c in result.cases] == ["FC-2019-0001"]
        assert result.scrubbed
        for path in _raw_files(db_path):
            assert not path.exists() or needle not in path.read_bytes(), path.name
        assert db_path.with_name(db_path.name + "-wal").stat().st_size == 0
        after = decrypt_pages(db_path, TEST_PASSPHRASE)
        assert needle not in after
        assert SENTINEL[:12].encode() not in after
        assert CONTROL.encode() in after
        with store.reading() as session:
            assert session.get(Case, kept.case_id) is not None


class TestWholeGraph:
    def test_purge_removes_every_record_of_the_case(self, store: Store) -> None:
        """Every table's rows for the purged case are gone; the other case is untouched."""
        with store.transaction() as session:
            old = _old_case(session, "Old")
            kept = make_case(session, victim="Kept Victim", address="2 Other Street")
        purge(store, Policy(), today=TODAY)
        with store.reading() as session:
            assert session.get(Case, old.case_id) is None
            for model in (
                CaseParty,
                Incident,
                Contact,
                RiskAssessment,
                Visit,
                AbcAgreement,
                EnforcementStep,
            ):
                rows = session.exec(select(model)).all()
                assert all(r.case_id == kept.case_id for r in rows), model.__name__
            for model in (AbcCondition, AbcSignatory, AbcReview, AbcBreach, CautionMarker):
                assert session.exec(select(model)).all() == [], model.__name__
            names = {p.full_name for p in session.exec(select(Person)).all()}
            assert names == {"Kept Victim", "Ellis Crane"}
            addresses = {p.address for p in session.exec(select(Property)).all()}
            assert addresses == {"2 Other Street"}
            assert session.exec(select(Draft)).all() == []
            assert session.get(Setting, PURGE_FLAG) is None

    def test_person_in_another_case_is_kept(self, store: Store) -> None:
        """A perpetrator who is also in an open case keeps their person record."""
        with store.transaction() as session:
            old = _old_case(session, "Old")
            other = make_case(session, victim="Kept Victim", address="2 Other Street")
            add_party(
                session,
                other.case_id,
                PersonInput(full_name="", role=PartyRole.PERPETRATOR),
                person_id=old.perpetrator_id,
            )
        purge(store, Policy(), today=TODAY)
        with store.reading() as session:
            person = session.get(Person, old.perpetrator_id)
            assert person is not None and person.full_name == "Otto Old"
            assert session.get(Person, old.victim_id) is None

    def test_audit_keeps_one_purge_event_without_personal_data(self, store: Store) -> None:
        """The purged case's audit events go; one purge event records who, when and counts."""
        with store.transaction() as session:
            old = _old_case(session, SENTINEL)
        purge(store, Policy(), today=TODAY)
        with store.reading() as session:
            events = session.exec(select(AuditEvent)).all()
            assert all(SENTINEL not in e.changes for e in events)
            [event] = [e for e in events if e.action == "purge"]
            assert event.actor == "Officer Test"
            assert event.entity_id == str(old.case_id)
            changes = json.loads(event.changes)
        assert changes["reference"] == "FC-2019-0001"
        assert changes["closed_on"] == "2019-06-30"
        assert changes["removed"]["case"] == 1
        assert changes["removed"]["incident"] == 1
        assert changes["removed"]["abccondition"] == 1
        assert changes["removed"]["person"] == 3
        assert changes["removed"]["auditevent"] > 20


class TestAuditTriggers:
    """SQLite triggers written here by hand; the PostgreSQL ones come from the migration."""

    def test_purge_works_with_append_only_audit_triggers(self, store: Store) -> None:
        """With the audit table's append-only triggers, a purge may delete; nothing else may."""
        with store.transaction() as session:
            _old_case(session, "Old")
            for trigger in AUDIT_TRIGGERS:
                session.connection().exec_driver_sql(trigger)
        with (
            pytest.raises(DATABASE_REFUSED, match="audit trail cannot be changed"),
            store.transaction() as session,
        ):
            session.connection().exec_driver_sql("DELETE FROM auditevent")
        result = purge(store, Policy(), today=TODAY)
        assert len(result.cases) == 1
        with store.reading() as session:
            assert session.get(Setting, PURGE_FLAG) is None

    def test_a_failed_purge_removes_nothing(self, store: Store) -> None:
        """The purge is one transaction: when a step fails, every record is still there."""
        with store.transaction() as session:
            old = _old_case(session, "Old")
            session.connection().exec_driver_sql(
                'CREATE TRIGGER test_block BEFORE DELETE ON "case" '
                "BEGIN SELECT RAISE(ABORT, 'blocked for the test'); END"
            )
        with pytest.raises(DATABASE_REFUSED, match="blocked for the test"):
            purge(store, Policy(), today=TODAY)
        with store.reading() as session:
            assert session.get(Case, old.case_id) is not None
            assert session.get(Person, old.victim_id) is not None
            assert len(session.exec(select(Incident)).all()) == 1
            assert session.get(Setting, PURGE_FLAG) is None


class TestWhoIsDue:
    def test_review_lists_due_and_held_cases(self, store: Store) -> None:
        """The dry run lists cases past retention, and separately those on legal hold."""
        with store.transaction() as session:
            due = make_case(session, victim="A Due", address="1 A St")
            held = make_case(session, victim="B Held", address="2 B St")
            recent = make_case(session, victim="C Recent", address="3 C St")
            open_case = make_case(session, victim="D Open", address="4 D St")
            _close(session, due.case_id, date(2020, 11, 25))
            _close(session, held.case_id, date(2019, 1, 1), hold=True)
            _close(session, recent.case_id, date(2020, 11, 26))
            case = session.get(Case, open_case.case_id)
            assert case is not None
            case.opened_on = date(2015, 1, 1)
        with store.reading() as session:
            result = review(session, Policy(), today=TODAY)
        assert [c.reference for c in result.due] == [due.reference]
        assert result.due[0].purge_from == date(2026, 11, 25)
        assert [c.reference for c in result.held] == [held.reference]

    def test_retention_period_comes_from_policy(self, store: Store) -> None:
        """A shorter organisation retention period makes a recent closure due."""
        with store.transaction() as session:
            made = make_case(session)
            _close(session, made.case_id, date(2024, 1, 31))
        with store.reading() as session:
            assert review(session, Policy(), today=TODAY).due == []
            assert len(review(session, Policy(retention_years=2), today=TODAY).due) == 1

    def test_legal_hold_protects_a_case_from_purge(self, store: Store) -> None:
        """A case on legal hold survives a purge; released, it goes."""
        with store.transaction() as session:
            old = _old_case(session, "Old")
            set_legal_hold(session, "fc-2019-0001", True)
        assert purge(store, Policy(), today=TODAY).cases == []
        with store.reading() as session:
            assert session.get(Case, old.case_id) is not None
        with store.transaction() as session:
            set_legal_hold(session, "FC-2019-0001", False)
        assert len(purge(store, Policy(), today=TODAY).cases) == 1

    def test_hold_on_unknown_reference_says_so(self, store: Store) -> None:
        """Holding a reference that does not exist is a clear error."""
        with store.transaction() as session, pytest.raises(NotFound, match="FC-2001-0009"):
            set_legal_hold(session, "FC-2001-0009", True)

    def test_nothing_due_changes_nothing(self, store: Store) -> None:
        """With nothing due, a purge removes nothing and records no event."""
        with store.transaction() as session:
            make_case(session)
        assert purge(store, Policy(), today=TODAY).cases == []
        with store.reading() as session:
            actions = {e.action for e in session.exec(select(AuditEvent)).all()}
            assert "purge" not in actions
            assert len(session.exec(select(Case)).all()) == 1
