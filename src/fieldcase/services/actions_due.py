"""Actions on the plan whose due day has passed and that are not done, on cases not closed.

Overdue is worked out from the due day and today, never stored.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, select

from fieldcase.db.models import Action, Case
from fieldcase.domain.vocab import CaseStatus


@dataclass(frozen=True)
class OverdueAction:
    """One action past its due day."""

    action_id: uuid.UUID
    case_id: uuid.UUID
    reference: str
    what: str
    who: str
    due_on: date


def _overdue(today: date) -> tuple[ColumnElement[bool], ...]:
    return (
        col(Case.status) != CaseStatus.CLOSED,
        col(Action.done_on).is_(None),
        col(Action.due_on) < today,
    )


def overdue_actions(session: Session, today: date) -> list[OverdueAction]:
    """Every overdue action, the longest overdue first."""
    rows = session.exec(
        select(Action, Case.reference)
        .join(Case, col(Case.id) == Action.case_id)
        .where(*_overdue(today))
        .order_by(col(Action.due_on), col(Case.reference))
    ).all()
    return [
        OverdueAction(a.id, a.case_id, ref, a.what, a.who, a.due_on)
        for a, ref in rows
        if a.due_on is not None
    ]


def overdue_action_counts(
    session: Session, case_ids: list[uuid.UUID], today: date
) -> dict[uuid.UUID, int]:
    """Case id -> how many of its actions are overdue, for those of ``case_ids`` with any."""
    if not case_ids:
        return {}
    rows = session.exec(
        select(Action.case_id, func.count())
        .join(Case, col(Case.id) == Action.case_id)
        .where(col(Action.case_id).in_(case_ids), *_overdue(today))
        .group_by(col(Action.case_id))
    ).all()
    return {case_id: int(n) for case_id, n in rows}
