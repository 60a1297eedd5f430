"""Overdue actions show on the caseload and in the agenda; done ones and closed cases do not."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fieldcase.db.models import Case
from fieldcase.db.store import Store
from fieldcase.domain.vocab import CaseStatus
from fieldcase.services.calendar import agenda
from fieldcase.services.caseload import caseload_page
from tests.builders import a_case, an_action

NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
TODAY = date(2026, 6, 10)


def test_the_caseload_counts_each_cases_overdue_actions(store: Store) -> None:
    """Due yesterday counts, due today does not, done does not; a closed case shows nothing."""
    with store.transaction() as session:
        made = a_case(session)
        an_action(session, made.case_id, what="Write to him", due_on=date(2026, 6, 9))
        an_action(session, made.case_id, what="Ring the police", due_on=TODAY)
        done = an_action(session, made.case_id, what="Visit", due_on=date(2026, 6, 1))
        done.done_on = date(2026, 6, 2)
        closed = a_case(session)
        an_action(session, closed.case_id, due_on=date(2026, 6, 1))
        case = session.get(Case, closed.case_id)
        assert case is not None
        case.status = CaseStatus.CLOSED
        session.flush()
        rows = caseload_page(session, today=TODAY, include_closed=True).rows
    assert {r.id: r.overdue_actions for r in rows} == {made.case_id: 1, closed.case_id: 0}


def test_the_agenda_lists_overdue_actions_longest_overdue_first(store: Store) -> None:
    """Two overdue actions on two cases, the older first, each with its case reference."""
    with store.transaction() as session:
        first = a_case(session)
        second = a_case(session)
        an_action(session, second.case_id, what="Send the ABC", due_on=date(2026, 6, 1))
        an_action(session, first.case_id, what="Write to him", due_on=date(2026, 6, 8))
        found = agenda(session, now=NOW, zone=UTC)
    assert [(a.reference, a.what) for a in found.overdue_actions] == [
        (second.reference, "Send the ABC"),
        (first.reference, "Write to him"),
    ]
    assert not found.is_empty
