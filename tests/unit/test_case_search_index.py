"""The case search index: kept current with every change, in the same transaction."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import col, select

from fieldcase.db.models import CaseParty, Person
from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import PartyRole
from fieldcase.services import case_records, caseload
from fieldcase.services.case_records import PersonInput
from tests.unit.test_cases_service import TODAY, open_case, refs, victim_only


def test_the_index_and_its_triggers_exist_at_the_newest_migration(store: Store) -> None:
    """A migration that rebuilds the case table must create the index's triggers again."""
    with store.engine.connect() as conn:
        names = set(conn.execute(text("SELECT name FROM sqlite_master")).scalars())
    assert {"case_search", "case_search_key"} <= names
    assert {"case_search_insert", "case_search_update", "case_search_delete"} <= names


def test_the_index_holds_one_row_per_case(store: Store, policy: Policy) -> None:
    """Every case opened is indexed once, with its search text."""
    open_case(store, policy, victim_only("Dean Farrow", "40 Bellweather Road"))
    open_case(store, policy, victim_only("Jo Ann Smith", "2 Millrace Lane"))
    with store.engine.connect() as conn:
        indexed = conn.execute(text("SELECT count(*) FROM case_search")).scalar_one()
        texts = conn.execute(text("SELECT search_text FROM case_search")).scalars().all()
    assert indexed == 2
    assert any("dean farrow" in t for t in texts)


def test_an_edit_is_searchable_at_once(store: Store, policy: Policy) -> None:
    """A renamed victim is found by the new name, and not the old, inside the same
    transaction and after it."""
    case_id = open_case(store, policy, victim_only("Dean Farrow", "40 Bellweather Road"))
    with store.transaction() as session:
        (person,) = session.exec(
            select(Person)
            .join(CaseParty, col(CaseParty.person_id) == Person.id)
            .where(CaseParty.case_id == case_id)
        ).all()
        case_records.update_person(
            session,
            person.id,
            person.version,
            PersonInput("Dean Okonkwo", PartyRole.VICTIM),
            policy=policy,
        )
        assert refs(caseload.search_cases(session, "okonkwo", today=TODAY)) == ["FC-2026-0001"]
    with store.reading() as session:
        assert refs(caseload.search_cases(session, "okonkwo", today=TODAY)) == ["FC-2026-0001"]
        assert refs(caseload.search_cases(session, "farrow", today=TODAY)) == []


def test_quotes_and_short_words_in_a_query_are_taken_literally(
    store: Store, policy: Policy
) -> None:
    """A double quote or an FTS operator word in a query matches only itself."""
    open_case(store, policy, victim_only('Dean "Dee" Farrow', "40 Bellweather Road"))
    with store.reading() as session:
        assert refs(caseload.search_cases(session, '"dee"', today=TODAY)) == ["FC-2026-0001"]
        assert refs(caseload.search_cases(session, "AND OR NOT", today=TODAY)) == []
        assert refs(caseload.search_cases(session, "40 be", today=TODAY)) == ["FC-2026-0001"]
