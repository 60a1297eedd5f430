"""Edits of a case's records while another officer deletes the record or closes the case.

The same specifications run on PostgreSQL in ``tests/pg``, so nothing here may
depend on SQLite.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from fieldcase.db.models import Case, Incident
from fieldcase.db.store import Store
from fieldcase.domain.closure import ClosureOutcome, Satisfaction
from fieldcase.domain.policy import Policy
from fieldcase.services import case_edits, case_records, closure
from fieldcase.services.closure import ClosureInput
from fieldcase.services.errors import EditConflict, NotFound
from tests.builders import BuiltCase, a_case, an_incident_input

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
OTHER_OFFICER = "Officer Two"


def case_with_incident(store: Store) -> tuple[BuiltCase, Incident]:
    with store.transaction() as session:
        built = a_case(session, incident=an_incident_input(), now=NOW)
        incident = session.exec(select(Incident).where(Incident.case_id == built.case_id)).one()
    return built, incident


def other_officer(store: Store) -> Store:
    return Store(engine=store.engine, actor=OTHER_OFFICER)


def close(store: Store, built: BuiltCase) -> None:
    with store.transaction() as session:
        case = session.get(Case, built.case_id)
        assert case is not None
        data = ClosureInput(ClosureOutcome.RESOLVED, "They moved away.", Satisfaction.DECLINED)
        closure.close_case(
            session,
            built.case_id,
            case.version,
            data,
            officer_name=OTHER_OFFICER,
            policy=Policy(),
            today=NOW.date(),
            now=NOW,
        )


def save_location(
    store: Store, built: BuiltCase, incident: Incident, *, seen_closed: bool
) -> Incident:
    """The incident form's save, as the case file sends it."""
    data = an_incident_input(location="Car park behind the shop")
    with store.transaction() as session:
        return case_edits.save_on_case(
            session,
            built.case_id,
            seen_closed,
            case_records.update_incident,
            incident.id,
            incident.version,
            data,
            now=NOW,
        )


class TestDeletedMeanwhile:
    def test_the_refusal_names_who_deleted_it_and_saves_nothing(self, store: Store) -> None:
        """“This incident was deleted by Officer Two on …”; it is not made again."""
        built, incident = case_with_incident(store)
        with other_officer(store).transaction() as session:
            session.delete(session.get(Incident, incident.id))
        with pytest.raises(NotFound) as caught:
            save_location(store, built, incident, seen_closed=False)
        assert str(caught.value).startswith(f"This incident was deleted by {OTHER_OFFICER} on ")
        assert "Nothing you typed has been saved" in str(caught.value)
        with store.reading() as session:
            assert session.get(Incident, incident.id) is None


class TestClosedMeanwhile:
    def test_a_form_opened_on_the_open_case_is_refused_naming_who_closed_it(
        self, store: Store
    ) -> None:
        """Closed by Officer Two after the form opened: refused, nothing written."""
        built, incident = case_with_incident(store)
        close(other_officer(store), built)
        with pytest.raises(EditConflict) as caught:
            save_location(store, built, incident, seen_closed=False)
        assert str(caught.value).startswith(f"{built.reference} was closed by {OTHER_OFFICER} on ")
        assert caught.value.changed_by == OTHER_OFFICER
        with store.reading() as session:
            kept = session.get(Incident, incident.id)
            assert kept is not None and kept.location == ""

    def test_once_the_closing_is_seen_the_edit_goes_onto_the_closed_case(
        self, store: Store
    ) -> None:
        """Loading the latest says the case is closed; saving then goes through."""
        built, incident = case_with_incident(store)
        close(other_officer(store), built)
        with store.reading() as session:
            latest = case_edits.latest_on_case(session, Incident, incident.id, built.case_id)
        assert latest.case_closed
        saved = save_location(store, built, latest.record, seen_closed=latest.case_closed)
        assert saved.location == "Car park behind the shop"
