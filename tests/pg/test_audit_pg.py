"""The audit trail on a PostgreSQL team server: append-only in the database there too."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from fieldcase.db.store import Store
from fieldcase.services.audit_view import case_history
from tests.unit.test_audit_trail import (
    _assert_append_only,
    _assert_purge_may_delete,
    _events,
    _new_case,
    _one_event,
)


def test_raw_update_and_delete_are_refused(store: Store) -> None:
    """The team server refuses to rewrite or remove audit events, by trigger."""
    _one_event(store)
    _assert_append_only(store.engine)


def test_truncate_is_refused_outside_a_purge(store: Store) -> None:
    """TRUNCATE, which skips row triggers, has its own guard."""
    _one_event(store)
    with pytest.raises(DBAPIError, match="audit trail cannot be changed"):  # noqa: SIM117
        with store.engine.begin() as conn:
            conn.execute(text("TRUNCATE auditevent"))
    assert len(_events(store)) == 1


def test_only_a_purge_may_delete_and_never_update(store: Store) -> None:
    """The purge flag works the same way on PostgreSQL."""
    _one_event(store)
    _assert_purge_may_delete(store)


def test_services_audit_in_the_same_transaction(store: Store) -> None:
    """A rolled-back case leaves no event; a committed one leaves its events."""
    with pytest.raises(RuntimeError), store.transaction() as session:
        _new_case(session)
        raise RuntimeError("connection lost")
    assert _events(store) == []
    with store.transaction() as session:
        case = _new_case(session)
    with store.reading() as session:
        history = case_history(session, case.id)
    assert "Added case" in [e.headline for e in history.entries]
