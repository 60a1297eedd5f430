"""ABC monitoring across all cases: reviews due, agreements ending soon, recent breaches."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from fieldcase.db.models import AbcAgreement, AbcBreach, Case, Person
from fieldcase.domain import abc as rules
from fieldcase.domain.abc import AbcStatus, BreachResponse, ReviewState, Substantiated
from fieldcase.domain.vocab import CaseStatus
from fieldcase.services.abc_views import counts_per_abc

ENDING_SOON_DAYS = 14
RECENT_BREACH_DAYS = 30


@dataclass(frozen=True)
class MonitorRow:
    """One ABC on the monitoring screen."""

    abc_id: uuid.UUID
    case_id: uuid.UUID
    case_reference: str
    person_id: uuid.UUID
    person_name: str
    officer_name: str
    start_on: date
    end_on: date
    next_review_on: date | None
    review_state: ReviewState | None
    substantiated_breaches: int

    def days_left(self, today: date) -> int:
        """Days until the end date (negative once it has passed)."""
        return (self.end_on - today).days


@dataclass(frozen=True)
class BreachRow:
    """One substantiated breach on the monitoring screen."""

    breach_id: uuid.UUID
    abc_id: uuid.UUID
    case_id: uuid.UUID
    case_reference: str
    person_name: str
    occurred_on: date
    description: str
    response: BreachResponse
    serious_harm: bool


@dataclass(frozen=True)
class Monitoring:
    """Every ABC that needs attention, across all cases."""

    active: list[MonitorRow]
    """Active ABCs, the next review first."""
    reviews_due: list[MonitorRow]
    """Active ABCs whose review is overdue or due within the week."""
    ending_soon: list[MonitorRow]
    """Active ABCs ending within 14 days, or past their end date and not yet completed."""
    recent_breaches: list[BreachRow]
    """Substantiated breaches in the last 30 days, newest first."""


def monitoring(
    session: Session,
    *,
    today: date,
    officer_name: str | None = None,
    ending_days: int = ENDING_SOON_DAYS,
    breach_days: int = RECENT_BREACH_DAYS,
) -> Monitoring:
    """The cross-case ABC monitoring picture on ``today``, filtered in SQL.

    Closed cases are left out: an ABC left in force when its case closed is no
    longer monitored here (the closure records why it stayed in force).
    """
    stmt = (
        select(AbcAgreement, Case.reference, Case.officer_name, Person.full_name)
        .join(Case, col(Case.id) == AbcAgreement.case_id)
        .join(Person, col(Person.id) == AbcAgreement.person_id)
        .where(AbcAgreement.status == AbcStatus.ACTIVE, Case.status != CaseStatus.CLOSED)
        .order_by(
            col(AbcAgreement.next_review_on).is_(None),
            col(AbcAgreement.next_review_on),
            col(AbcAgreement.end_on),
            col(Case.reference),
        )
    )
    if officer_name:
        stmt = stmt.where(Case.officer_name == officer_name)
    rows = session.exec(stmt).all()
    breaches = counts_per_abc(session, AbcBreach, [a.id for a, *_ in rows], substantiated_only=True)
    active = [
        MonitorRow(
            abc_id=abc.id,
            case_id=abc.case_id,
            case_reference=ref,
            person_id=abc.person_id,
            person_name=name,
            officer_name=officer,
            start_on=abc.start_on,
            end_on=abc.end_on,
            next_review_on=abc.next_review_on,
            review_state=(
                rules.review_state(abc.next_review_on, today) if abc.next_review_on else None
            ),
            substantiated_breaches=breaches.get(abc.id, 0),
        )
        for abc, ref, officer, name in rows
    ]
    due = [r for r in active if r.review_state in (ReviewState.OVERDUE, ReviewState.DUE)]
    horizon = today + timedelta(days=ending_days)
    ending = sorted((r for r in active if r.end_on <= horizon), key=lambda r: r.end_on)
    return Monitoring(
        active=active,
        reviews_due=due,
        ending_soon=ending,
        recent_breaches=_recent_breaches(
            session, today - timedelta(days=breach_days), officer_name
        ),
    )


def _recent_breaches(session: Session, since: date, officer_name: str | None) -> list[BreachRow]:
    stmt = (
        select(AbcBreach, AbcAgreement.case_id, Case.reference, Person.full_name)
        .join(AbcAgreement, col(AbcAgreement.id) == AbcBreach.abc_id)
        .join(Case, col(Case.id) == AbcAgreement.case_id)
        .join(Person, col(Person.id) == AbcAgreement.person_id)
        .where(
            AbcBreach.substantiated == Substantiated.YES,
            col(AbcBreach.occurred_on) >= since,
            Case.status != CaseStatus.CLOSED,
        )
        .order_by(col(AbcBreach.occurred_on).desc(), col(Case.reference))
    )
    if officer_name:
        stmt = stmt.where(Case.officer_name == officer_name)
    return [
        BreachRow(
            breach_id=breach.id,
            abc_id=breach.abc_id,
            case_id=case_id,
            case_reference=ref,
            person_name=name,
            occurred_on=breach.occurred_on,
            description=breach.description,
            response=BreachResponse(breach.response)
            if breach.response in set(BreachResponse)
            else BreachResponse.NONE,
            serious_harm=breach.serious_harm,
        )
        for breach, case_id, ref, name in session.exec(stmt).all()
    ]
