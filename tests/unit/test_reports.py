"""The figures for a period, from what is recorded."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlmodel import Session

from fieldcase.db.models import Case
from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.reports import Satisfaction
from fieldcase.domain.vocab import CaseStatus, Category, Strand
from fieldcase.services.case_records import add_incident
from fieldcase.services.reports import month_rows, period_report
from tests.builders import a_case, an_action, an_incident_input

POLICY = Policy(homes=2000)
START, END, TODAY = date(2026, 4, 1), date(2026, 6, 30), date(2026, 7, 1)


def _close(session: Session, case_id: uuid.UUID, on: date, satisfaction: int | None) -> None:
    # The closing rules are tested with the closure service; the report reads only these columns.
    case = session.get(Case, case_id)
    assert case is not None
    case.status, case.closed_on, case.victim_satisfaction = CaseStatus.CLOSED, on, satisfaction
    session.flush()


def test_a_new_report_on_an_open_case_is_not_a_new_case(store: Store) -> None:
    """Two cases opened in the period, one with three reports: NM01 counts two cases."""
    with store.transaction() as session:
        busy = a_case(
            session, category=Category.NUISANCE_ASB, strands=[], opened_on=date(2026, 4, 2)
        )
        for day in (3, 4, 5):
            at = datetime(2026, 4, day, 20, tzinfo=UTC)
            add_incident(session, busy.case_id, an_incident_input(occurred_at=at), policy=POLICY)
        a_case(session, opened_on=date(2026, 5, 1))
        a_case(session, opened_on=date(2026, 3, 31))
        report = period_report(session, start=START, end=END, today=TODAY, policy=POLICY)
    assert (report.nm01.asb_cases, report.nm01.hate_cases) == (2, 1)
    assert (report.nm01.asb_per_1000, report.nm01.hate_per_1000) == (1.0, 0.5)


def test_a_hate_strand_on_a_report_makes_an_asb_case_a_hate_case(store: Store) -> None:
    """A personal ASB case with a report perceived as religious hostility counts as hate."""
    with store.transaction() as session:
        a_case(
            session,
            category=Category.PERSONAL_ASB,
            strands=[],
            opened_on=date(2026, 4, 2),
            incident=an_incident_input(strands=[Strand.RELIGION]),
        )
        report = period_report(session, start=START, end=END, today=TODAY, policy=POLICY)
    assert report.nm01.hate_cases == 1
    assert report.by_strand == {Strand.RELIGION.value: 1}


def test_satisfaction_and_days_to_close_come_from_cases_closed_in_the_period(store: Store) -> None:
    """Answers 5, 3 and declined: one satisfied of two; days to close averaged over all three."""
    with store.transaction() as session:
        answers = [(5, date(2026, 4, 12)), (3, date(2026, 4, 22)), (None, date(2026, 5, 2))]
        for answer, closed_on in answers:
            made = a_case(session, opened_on=date(2026, 4, 2))
            _close(session, made.case_id, closed_on, answer)
        report = period_report(session, start=START, end=END, today=TODAY, policy=POLICY)
    assert (report.satisfaction.satisfied, report.satisfaction.answered) == (1, 2)
    assert report.satisfaction.share == 50.0
    assert report.average_days_to_close == 20.0
    assert [(m.first_day.month, m.opened, m.satisfaction) for m in report.by_month] == [
        (4, 3, Satisfaction(1, 2)),
        (5, 0, Satisfaction(0, 0)),
        (6, 0, Satisfaction(0, 0)),
    ]
    satisfied = [value for _, figure, value in month_rows(report) if "satisfied" in figure]
    assert satisfied == ["50.0% (1 / 2)", "no answers", "no answers"]


def test_open_cases_and_what_is_overdue_stand_as_of_today(store: Store) -> None:
    """An unassessed open case, its overdue contact and its overdue action; closed ones left out."""
    with store.transaction() as session:
        made = a_case(session, opened_on=date(2026, 4, 2))
        an_action(session, made.case_id, due_on=date(2026, 6, 1))
        an_action(session, made.case_id, due_on=date(2026, 8, 1))
        shut = a_case(session, opened_on=date(2026, 4, 2))
        an_action(session, shut.case_id, due_on=date(2026, 6, 1))
        _close(session, shut.case_id, date(2026, 5, 1), 4)
        report = period_report(session, start=START, end=END, today=TODAY, policy=POLICY)
    assert report.open_by_risk == {"high": 0, "medium": 0, "standard": 0, "": 1}
    assert (report.overdue_contacts, report.overdue_actions) == (1, 1)
