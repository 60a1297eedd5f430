"""Saving a new incident or contact again with the key of a first try never adds it twice.

The key is made before the first try; when the first try's answer was lost
after the database committed it, the second finds the row instead of adding
another (here and, as an officer, on a team server: tests/pg/test_team_specs_pg.py).
"""

from __future__ import annotations

import uuid

from sqlmodel import func, select

from fieldcase.db.models import AuditEvent, Contact, Incident
from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import ContactMethod
from fieldcase.services import case_records, contacts
from fieldcase.services.contact_records import ContactInput
from tests.unit.test_cases_service import OFFICER, at, incident, open_case


def _audited(store: Store, entity: str, action: str) -> int:
    with store.reading() as session:
        query = select(func.count()).select_from(AuditEvent)
        where = (AuditEvent.entity == entity) & (AuditEvent.action == action)
        return int(session.exec(query.where(where)).one())


class TestRetriedSaves:
    """A save tried again with the same key."""

    def test_an_incident_saved_twice_with_one_key_is_one_incident(
        self, store: Store, policy: Policy
    ) -> None:
        """The second save returns the first's incident; one row, added once in the audit."""
        case_id = open_case(store, policy)
        key = uuid.uuid4()
        first = store.run(case_records.add_incident, case_id, incident(), policy=policy, new_id=key)
        again = store.run(case_records.add_incident, case_id, incident(), policy=policy, new_id=key)
        assert first.id == again.id == key
        with store.reading() as session:
            rows = session.exec(select(Incident).where(Incident.id == key)).all()
        assert [row.version for row in rows] == [1]
        assert _audited(store, "incident", "create") == 2  # the case's first, and this one
        assert _audited(store, "incident", "update") == 0

    def test_a_retry_with_changed_typing_saves_the_change(
        self, store: Store, policy: Policy
    ) -> None:
        """Typing changed between the tries: the one incident holds the new description."""
        case_id = open_case(store, policy)
        key = uuid.uuid4()
        store.run(case_records.add_incident, case_id, incident(), policy=policy, new_id=key)
        changed = incident(description="Shouted abuse over the fence, then threw a bottle.")
        store.run(case_records.add_incident, case_id, changed, policy=policy, new_id=key)
        with store.reading() as session:
            saved = session.exec(select(Incident).where(Incident.case_id == case_id)).all()
        assert sorted(i.description for i in saved) == sorted(
            [incident().description, changed.description]
        )
        assert _audited(store, "incident", "update") == 1

    def test_a_contact_logged_twice_with_one_key_is_one_contact(
        self, store: Store, policy: Policy
    ) -> None:
        """Logging the same contact again with its key logs nothing more."""
        case_id = open_case(store, policy)
        key = uuid.uuid4()
        data = ContactInput(at=at(0, 9), method=ContactMethod.CALL, notes="Rang back.")
        for _ in range(2):
            store.run(
                contacts.log_contacts,
                case_id,
                data,
                officer_name=OFFICER,
                policy=policy,
                new_id=key,
            )
        with store.reading() as session:
            assert session.exec(select(func.count()).select_from(Contact)).one() == 1
        assert _audited(store, "contact", "create") == 1
