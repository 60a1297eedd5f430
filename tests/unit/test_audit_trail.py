"""The audit trail: written with every change, append-only in the database, readable per case."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from fieldcase.db import audit, migrate
from fieldcase.db.models import Action, AuditEvent, Case, Person
from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import Category, ContactMethod, IncidentType, PartyRole, Strand
from fieldcase.services import case_file, case_records, contact_records, intake
from fieldcase.services.audit_view import case_history, change_lines, show_value
from fieldcase.services.case_records import ActionInput
from fieldcase.services.contact_records import ContactInput

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
TODAY = date(2026, 3, 2)


def _new_case(session: Session, victim: str = "Amara Testcase") -> Case:
    return intake.create_case(
        session,
        intake.NewCaseInput(
            category=Category.HATE_CRIME,
            strands=[Strand.RACE],
            address="14 Invented Row",
            postcode="ZZ1 1ZZ",
            summary="Abuse in the car park",
            people=[case_records.PersonInput(full_name=victim, role=PartyRole.VICTIM)],
            incident=case_records.IncidentInput(
                occurred_at=NOW - timedelta(days=1),
                kinds=[IncidentType.VERBAL_ABUSE],
                strands=[Strand.RACE],
                description="Shouted at by a neighbour",
            ),
        ),
        officer_name="Officer Test",
        policy=Policy(),
        today=TODAY,
        now=NOW,
    )


def _events(store: Store) -> list[tuple[str, str]]:
    with store.reading() as session:
        return [(e.action, e.entity) for e in session.exec(select(AuditEvent)).all()]


def _one_event(store: Store) -> None:
    with store.transaction() as session:
        audit.record(session, action="view", entity="case", entity_id="x")


class TestWrittenWithEveryChange:
    def test_creating_a_case_audits_every_record_in_the_transaction(self, store: Store) -> None:
        """A new case leaves create events for the case, property, person, role and incident."""
        with store.transaction() as session:
            case = _new_case(session)
        with store.reading() as session:
            events = session.exec(select(AuditEvent)).all()
            created = {e.entity for e in events if e.action == "create"}
            assert {"case", "property", "person", "caseparty", "incident"} <= created
            assert all(e.actor == "Officer Test" for e in events)
            case_event = next(e for e in events if e.entity == "case")
            assert case_event.case_id == case.id
            assert json.loads(case_event.changes)["summary"] == [None, "Abuse in the car park"]

    def test_rolled_back_change_leaves_no_event(self, store: Store) -> None:
        """When the transaction fails, neither the record nor its audit event is kept."""
        with pytest.raises(RuntimeError), store.transaction() as session:
            _new_case(session)
            raise RuntimeError("power cut")
        assert _events(store) == []

    def test_updates_record_old_and_new_values(self, store: Store) -> None:
        """Editing a person records each changed field, before and after."""
        with store.transaction() as session:
            _new_case(session)
            person = session.exec(select(Person)).one()
        with store.transaction() as session:
            case_records.update_person(
                session,
                person.id,
                person.version,
                case_records.PersonInput(full_name="Amara Testcase", phone="07700 900456"),
                policy=Policy(),
            )
        with store.reading() as session:
            update = session.exec(
                select(AuditEvent).where(
                    AuditEvent.action == "update", AuditEvent.entity == "person"
                )
            ).one()
            assert update.entity_id == str(person.id)
            assert json.loads(update.changes) == {"phone": ["", "07700 900456"]}

    def test_deleting_records_what_was_deleted(self, store: Store) -> None:
        """A deleted action leaves a delete event holding its fields."""
        with store.transaction() as session:
            case = _new_case(session)
            action = case_records.add_action(session, case.id, ActionInput(what="Fit door camera"))
        with store.transaction() as session:
            session.delete(session.get(Action, action.id))
        with store.reading() as session:
            deleted = session.exec(select(AuditEvent).where(AuditEvent.action == "delete")).one()
            assert (deleted.entity, deleted.case_id) == ("action", case.id)
            assert json.loads(deleted.changes)["what"] == ["Fit door camera", None]

    def test_opening_a_case_file_records_a_view(self, store: Store) -> None:
        """Reading a case file is itself recorded: who looked, and when."""
        with store.transaction() as session:
            case = _new_case(session)
        with store.transaction() as session:
            case_file.load_case_file(session, case.id)
        with store.reading() as session:
            view = session.exec(select(AuditEvent).where(AuditEvent.action == "view")).one()
            assert (view.entity, view.case_id, view.actor) == ("case", case.id, "Officer Test")


def _assert_append_only(engine: Engine) -> None:
    for statement in (
        "UPDATE auditevent SET actor = 'someone else'",
        "DELETE FROM auditevent",
    ):
        with pytest.raises(DBAPIError, match="audit trail cannot be changed"):  # noqa: SIM117
            with engine.begin() as conn:
                conn.execute(text(statement))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM auditevent")).scalar_one() == 1
        assert conn.execute(text("SELECT actor FROM auditevent")).scalar_one() != "someone else"


def _assert_purge_may_delete(store: Store) -> None:
    engine = store.engine
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO setting (key, value) VALUES ('purge_in_progress', '0')"))
    with pytest.raises(DBAPIError, match="audit trail cannot be changed"):  # noqa: SIM117
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM auditevent"))
    with engine.begin() as conn:
        conn.execute(text("UPDATE setting SET value = '1' WHERE key = 'purge_in_progress'"))
        assert conn.execute(text("DELETE FROM auditevent")).rowcount == 1
        conn.execute(text("DELETE FROM setting WHERE key = 'purge_in_progress'"))
    _one_event(store)
    with pytest.raises(DBAPIError, match="audit trail cannot be changed"):  # noqa: SIM117
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO setting (key, value) VALUES ('purge_in_progress', '1')"))
            conn.execute(text("UPDATE auditevent SET actor = 'someone else'"))


class TestAppendOnlySqlite:
    def test_raw_update_and_delete_are_refused(self, store: Store) -> None:
        """Even hand-typed SQL cannot rewrite or remove an audit event."""
        _one_event(store)
        _assert_append_only(store.engine)

    def test_only_a_purge_may_delete_and_never_update(self, store: Store) -> None:
        """With the purge flag set inside the transaction, deletes pass; updates never do."""
        _one_event(store)
        _assert_purge_may_delete(store)

    def test_downgrade_removes_and_upgrade_restores_the_guard(self, store: Store) -> None:
        """The migration's triggers come and go with revision 0002."""
        _one_event(store)
        with store.engine.begin() as conn:
            command.downgrade(migrate.alembic_config(conn), "0001")
        with store.engine.begin() as conn:
            conn.execute(text("UPDATE auditevent SET actor = 'allowed without triggers'"))
        migrate.upgrade(store.engine)
        _assert_append_only(store.engine)


class TestCaseHistory:
    def test_newest_first_with_readable_changes(self, store: Store) -> None:
        """The history reads like a log: latest at the top, each change in words."""
        with store.transaction() as session:
            case = _new_case(session)
            person = session.exec(select(Person)).one()
        with store.transaction() as session:
            case_file.load_case_file(session, case.id)
        with store.transaction() as session:
            case_records.update_person(
                session,
                person.id,
                person.version,
                case_records.PersonInput(full_name="Amara Testcase", notes="Prefers [b]texts[/b]"),
                policy=Policy(),
            )
        with store.reading() as session:
            page = case_history(session, case.id)
        headlines = [e.headline for e in page.entries]
        assert headlines[0] == "Changed person “Amara Testcase”"
        assert headlines[1] == "Opened the case file"
        assert page.entries[0].changes == ["Notes: (empty) → “Prefers [b]texts[/b]”"]
        assert "Added case" in headlines and "Added incident" in headlines
        assert "Added victim to the case" in headlines
        assert "Added property “14 Invented Row”" in headlines
        assert page.total == len(page.entries)
        assert [e.at for e in page.entries] == sorted((e.at for e in page.entries), reverse=True)

    def test_pages_hold_the_whole_history_once(self, store: Store) -> None:
        """Paging walks every event exactly once, newest page first."""
        with store.transaction() as session:
            case = _new_case(session)
        for _ in range(7):
            with store.transaction() as session:
                case_file.load_case_file(session, case.id)
        with store.reading() as session:
            first = case_history(session, case.id, page=0, page_size=4)
            seen = []
            page = first
            while True:
                seen.extend(page.entries)
                if not page.has_next:
                    break
                page = case_history(session, case.id, page=page.page + 1, page_size=4)
        assert first.has_previous is False and first.has_next is True
        assert len(seen) == first.total and first.pages == -(-first.total // 4)

    def test_other_cases_are_not_included(self, store: Store) -> None:
        """One case's history does not show another case's events."""
        with store.transaction() as session:
            first = _new_case(session)
        with store.transaction() as session:
            second = intake.create_case(
                session,
                intake.NewCaseInput(
                    category=Category.NUISANCE_ASB,
                    strands=[],
                    address="2 Other Invented Street",
                    people=[case_records.PersonInput(full_name="Bram Testcase")],
                ),
                officer_name="Officer Test",
                policy=Policy(),
                today=TODAY,
                now=NOW,
            )
            contact_records.add_contact(
                session,
                second.id,
                ContactInput(at=NOW, method=ContactMethod.CALL),
                policy=Policy(),
                now=NOW,
            )
        with store.reading() as session:
            entities = {e.entity for e in case_history(session, first.id).entries}
            second_entities = {e.entity for e in case_history(session, second.id).entries}
        assert "contact" not in entities
        assert "contact" in second_entities


class TestReadableValues:
    @pytest.mark.parametrize(
        ("value", "shown"),
        [
            (None, "(empty)"),
            ("", "(empty)"),
            (True, "yes"),
            (3, "3"),
            ("2026-03-02", "02 Mar 2026"),
            ("line one\nline two\x1b[2J", "“line one ⏎ line two\\x1b[2J”"),
        ],
    )
    def test_values_are_shown_plainly(self, value: object, shown: str) -> None:
        """Empty, yes/no, dates and text with control characters read as words."""
        assert show_value(value) == shown

    def test_long_text_is_shortened(self) -> None:
        """A long note is cut with an ellipsis; the full text stays in the database."""
        assert show_value("x" * 200).endswith("…”")

    def test_links_are_left_out_of_additions(self) -> None:
        """Record ids say nothing to an officer; added fields are listed by name."""
        changes = json.dumps({"case_id": [None, "abc"], "what": [None, "Fit door camera"]})
        assert change_lines("create", changes) == ["What: “Fit door camera”"]
