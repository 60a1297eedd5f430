"""Opening a case file and saving to it cost the same few queries however long the case is."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import event
from sqlmodel import Session

from fieldcase.db.models import Case
from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.services import case_records
from fieldcase.services.case_overview import case_overview
from fieldcase.services.caseload import search_cases
from tests.builders import INCIDENT_AT, a_case, a_contact, an_incident, an_incident_input

NOW = datetime(2026, 11, 25, 10, tzinfo=UTC)


@contextmanager
def statements(store: Store) -> Iterator[list[str]]:
    """Every SQL statement the store's engine runs inside the block."""
    seen: list[str] = []

    def note(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(store.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", note)


def a_case_with(store: Store, entries: int) -> uuid.UUID:
    """A case with ``entries`` incidents and as many contacts."""
    case_id = store.run(a_case).case_id

    def add_entries(session: Session) -> None:
        for n in range(entries):
            when = INCIDENT_AT + timedelta(hours=n)
            an_incident(session, case_id, occurred_at=when, now=NOW)
            a_contact(session, case_id, at=when, now=NOW)

    store.run(add_entries)
    return case_id


def stored(store: Store, case_id: uuid.UUID) -> Case:
    """The case as stored now."""
    with store.reading() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case


def queries_to_open(store: Store, case_id: uuid.UUID) -> int:
    with statements(store) as seen:
        overview = store.run(case_overview, case_id, now=NOW)
    assert overview.file.case.id == case_id
    return len(seen)


class TestOpeningACaseFile:
    """The case file loads each section in one query, never one per entry."""

    def test_a_long_case_takes_no_more_queries_than_a_short_one(self, store: Store) -> None:
        """Two entries or forty: the same number of statements to open the file."""
        short, long = a_case_with(store, 2), a_case_with(store, 40)
        queries_to_open(store, short)
        assert queries_to_open(store, long) == queries_to_open(store, short)

    def test_every_entry_is_loaded(self, store: Store) -> None:
        """The file still holds every incident and contact, newest first."""
        case_id = a_case_with(store, 40)
        file = store.run(case_overview, case_id, now=NOW).file
        assert len(file.incidents) == 40 and len(file.contacts) == 40
        assert file.incidents[0].occurred_at > file.incidents[-1].occurred_at


class TestSaving:
    """A save recomputes what it changes on the case, and nothing it cannot change."""

    def test_a_contact_moves_the_next_contact_on_but_reads_no_incident(self, store: Store) -> None:
        """Logging a call with the victim: last contact and next due change; no incident read."""
        built = store.run(a_case)
        before = stored(store, built.case_id).next_contact_due
        victim = built.victim_id
        with statements(store) as seen:
            store.run(a_contact, built.case_id, at=NOW - timedelta(hours=1), person_id=victim)
        case = stored(store, built.case_id)
        assert case.last_contact_at == NOW - timedelta(hours=1)
        assert before is not None and case.next_contact_due is not None
        assert case.next_contact_due > before
        assert not [sql for sql in seen if "FROM incident" in sql]

    def test_a_crime_number_finds_the_case_at_once(self, store: Store) -> None:
        """An incident with a crime number: searching for the number finds the case."""
        built = store.run(a_case)
        store.run(an_incident, built.case_id, police_crime_number="CR/4455/26", now=NOW)
        case = stored(store, built.case_id)
        assert "cr/4455/26" in case.search_text

    def test_a_crime_number_corrected_later_finds_the_case_by_the_new_one(
        self, store: Store
    ) -> None:
        """A mistyped crime number edited: the caseload search finds the new number only."""
        built = store.run(a_case)
        incident = store.run(an_incident, built.case_id, police_crime_number="CR/1111/26", now=NOW)
        store.run(
            case_records.update_incident,
            incident.id,
            incident.version,
            an_incident_input(police_crime_number="CR/2222/26"),
            now=NOW,
        )
        found = [row.id for row in store.run(search_cases, "CR/2222/26", today=NOW.date())]
        assert found == [built.case_id]
        assert store.run(search_cases, "CR/1111/26", today=NOW.date()) == []

    def test_an_incident_without_a_crime_number_changes_nothing_else(self, store: Store) -> None:
        """A report without a crime number leaves the search words and due dates alone."""
        built = store.run(a_case)
        before = stored(store, built.case_id)
        with statements(store) as seen:
            store.run(
                case_records.add_incident,
                built.case_id,
                case_records.IncidentInput(
                    occurred_at=NOW - timedelta(days=1), kinds=["noise"], description="Music."
                ),
                policy=Policy(),
                now=NOW,
            )
        after = stored(store, built.case_id)
        assert after.search_text == before.search_text
        assert after.next_contact_due == before.next_contact_due
        assert not [sql for sql in seen if sql.startswith('UPDATE "case"')]
