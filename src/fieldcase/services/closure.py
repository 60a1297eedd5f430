"""Closing a case and reopening it.

Closing asks how the case ended, why it is closing and how satisfied the
victim is with how it was handled (1 to 5, or declined), with their words if
they gave any. Everything still live (``closure_live``) must be dealt with or
kept with a reason; the decisions go with the closure record. A closed case
generates no due dates: no next contact, no risk review and no ABC reviews.

Reopening needs a reason. Every closing and reopening is kept (``CaseClosure``),
so the chronology shows them all; the case itself carries the current closure.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session, col, select

from fieldcase.db.models import AbcAgreement, Action, Case, CaseClosure
from fieldcase.domain.abc import AbcStatus
from fieldcase.domain.closure import (
    ClosureOutcome,
    Decision,
    LiveItem,
    LiveKind,
    Resolution,
    Satisfaction,
    decision_problem,
)
from fieldcase.domain.policy import Policy
from fieldcase.domain.visits import VisitStatus
from fieldcase.domain.vocab import CaseStatus
from fieldcase.services import abc_agreements, visit_checkins
from fieldcase.services.closure_live import live_items
from fieldcase.services.errors import NotFound, ValidationError
from fieldcase.services.records import already_saved, editing
from fieldcase.services.risk import update_case_risk

CLOSED = "closed"
REOPENED = "reopened"


@dataclass(frozen=True)
class ClosureCheck:
    """A case about to be closed: what the closing form needs to ask."""

    case_id: uuid.UUID
    reference: str
    version: int
    """The case's version when the form opens; the closing is saved against it."""
    live: list[LiveItem]


@dataclass
class ClosureInput:
    """What the closing form collects."""

    outcome: str
    reason: str
    satisfaction: str
    """A ``Satisfaction`` value: "1" to "5", or "declined"."""
    feedback: str = ""
    """The victim's words about how the case was handled (optional)."""
    decisions: dict[str, Decision] = field(default_factory=dict)
    """By live item key: what the officer did with it, or why it stays."""


@dataclass
class ReopenInput:
    """What the reopening form collects."""

    reason: str


def _case(session: Session, case_id: uuid.UUID) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound("That case is not in this database.")
    return case


def closure_check(
    session: Session, case_id: uuid.UUID, *, today: date, now: datetime
) -> ClosureCheck:
    """What is still live in a case about to close.

    Raises:
        NotFound: There is no such case.
        ValidationError: The case is already closed.
    """
    case = _case(session, case_id)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"": f"{case.reference} is already closed."})
    live = live_items(session, case, today=today, now=now)
    return ClosureCheck(case.id, case.reference, case.version, live)


def validate_closure(data: ClosureInput, live: list[LiveItem]) -> dict[str, str]:
    """Field -> message for every problem with a closing (a live item's by ``LiveItem.field``)."""
    errors: dict[str, str] = {}
    if data.outcome not in set(ClosureOutcome):
        errors["outcome"] = "Choose how the case ended."
    if not data.reason.strip():
        errors["reason"] = "Say why the case is closing."
    if data.satisfaction not in set(Satisfaction):
        errors["satisfaction"] = (
            "Record how satisfied the victim is with how the case was handled (1 to 5), "
            "or that they declined to say."
        )
    for item in live:
        decision = data.decisions.get(item.key)
        problem = decision_problem(item, decision)
        if problem:
            chose = decision is not None and bool(decision.resolution)
            errors[f"{item.field}_reason" if chose else item.field] = problem
    return errors


def close_case(
    session: Session,
    case_id: uuid.UUID,
    version: int,
    data: ClosureInput,
    *,
    officer_name: str,
    policy: Policy,
    today: date,
    now: datetime,
    new_id: uuid.UUID | None = None,
) -> Case:
    """Close a case: deal with what is live, keep the closure, stop its due dates.

    A retry with the closure's key ``new_id`` finds the case closed by the first try.

    Raises:
        NotFound: There is no such case.
        ValidationError: Something is missing, the case is already closed, or something
            became live since the form opened; nothing is written.
        EditConflict: The case was changed elsewhere since the form opened.
    """
    case = _case(session, case_id)
    if already_saved(session, CaseClosure, new_id):
        return case
    with editing(session, case, version):
        if case.status == CaseStatus.CLOSED:
            raise ValidationError({"": f"{case.reference} is already closed."})
        live = live_items(session, case, today=today, now=now)
        unforeseen = [i.description for i in live if i.key not in data.decisions]
        if unforeseen:
            raise ValidationError(
                {
                    "": "Something became live in this case after the form opened: "
                    + "; ".join(unforeseen)
                    + ". Close the form and start again."
                }
            )
        errors = validate_closure(data, live)
        if errors:
            raise ValidationError(errors)
        kept = [_deal_with(session, item, data, officer_name, policy, today, now) for item in live]
        _stop_abc_reviews(session, case.id)
        record = CaseClosure(
            id=new_id or uuid.uuid4(),
            case_id=case.id,
            kind=CLOSED,
            at=now,
            day=today,
            officer_name=officer_name,
            outcome=data.outcome,
            reason=data.reason.strip(),
            victim_satisfaction=Satisfaction(data.satisfaction).score,
            satisfaction_declined=data.satisfaction == Satisfaction.DECLINED,
            feedback=data.feedback.strip(),
            live_items=json.dumps(kept, ensure_ascii=False),
        )
        session.add(record)
        _mark_closed(case, record)
        update_case_risk(session, case, policy)
    return case


def _mark_closed(case: Case, record: CaseClosure) -> None:
    """The case carries its current closure: status, date, outcome, reason and the victim's
    answers; no review falls due."""
    case.status = CaseStatus.CLOSED
    case.closed_on = record.day
    case.closure_outcome = record.outcome
    case.closure_reason = record.reason
    case.victim_satisfaction = record.victim_satisfaction
    case.satisfaction_declined = record.satisfaction_declined
    case.feedback = record.feedback
    case.review_due = None


def _deal_with(
    session: Session,
    item: LiveItem,
    data: ClosureInput,
    officer_name: str,
    policy: Policy,
    today: date,
    now: datetime,
) -> dict[str, str]:
    """Carry out the officer's decision about one live item; returns it as kept on record."""
    decision = data.decisions[item.key]
    resolution = Resolution(decision.resolution)
    record_id = uuid.UUID(item.key.split(":", 1)[1])
    because = f"The case closed: {data.reason.strip()}"
    if item.kind is LiveKind.ABC and resolution is not Resolution.KEEP:
        target = AbcStatus.COMPLETED if resolution is Resolution.COMPLETE else AbcStatus.ENDED_EARLY
        abc_agreements.change_status(session, record_id, target, today=today, reason=because)
    elif item.kind is LiveKind.VISIT and resolution is Resolution.CANCEL:
        visit_checkins.record_outcome(
            session,
            record_id,
            visit_checkins.OutcomeInput(status=VisitStatus.CANCELLED, notes=because),
            now=now,
            officer_name=officer_name,
            policy=policy,
        )
    elif item.kind is LiveKind.ACTION and resolution is Resolution.DONE:
        action = session.get(Action, record_id)
        if action is not None:
            action.done_on = today
    return {
        "kind": item.kind.value,
        "description": item.description,
        "resolution": resolution.value,
        "done": item.choice_label(resolution),
        "reason": decision.reason.strip() if resolution is Resolution.KEEP else "",
    }


def _active_abcs(session: Session, case_id: uuid.UUID) -> list[AbcAgreement]:
    return list(
        session.exec(
            select(AbcAgreement).where(
                AbcAgreement.case_id == case_id, AbcAgreement.status == AbcStatus.ACTIVE
            )
        ).all()
    )


def _stop_abc_reviews(session: Session, case_id: uuid.UUID) -> None:
    """ABCs left in force on a closed case fall due for no more reviews."""
    for abc in _active_abcs(session, case_id):
        abc.next_review_on = None


def reopen_case(
    session: Session,
    case_id: uuid.UUID,
    version: int,
    data: ReopenInput,
    *,
    officer_name: str,
    policy: Policy,
    today: date,
    now: datetime,
    new_id: uuid.UUID | None = None,
) -> Case:
    """Reopen a closed case with a reason; its due dates come back.

    A retry with the reopening's key ``new_id`` finds the case reopened by the first try.

    Raises:
        NotFound: There is no such case.
        ValidationError: No reason, or the case is not closed; nothing is written.
        EditConflict: The case was changed elsewhere since the form opened.
    """
    case = _case(session, case_id)
    if already_saved(session, CaseClosure, new_id):
        return case
    with editing(session, case, version):
        if case.status != CaseStatus.CLOSED:
            raise ValidationError({"": f"{case.reference} is not closed."})
        if not data.reason.strip():
            raise ValidationError({"reason": "Say why the case is being reopened."})
        session.add(
            CaseClosure(
                id=new_id or uuid.uuid4(),
                case_id=case.id,
                kind=REOPENED,
                at=now,
                day=today,
                officer_name=officer_name,
                reason=data.reason.strip(),
            )
        )
        case.status = CaseStatus.OPEN
        case.closed_on = None
        case.closure_outcome = ""
        case.closure_reason = ""
        case.victim_satisfaction = None
        case.satisfaction_declined = False
        case.feedback = ""
        for abc in _active_abcs(session, case.id):
            abc.next_review_on = abc_agreements.scheduled_review(session, abc)
        update_case_risk(session, case, policy)
    return case


def closures_of(session: Session, case_id: uuid.UUID) -> list[CaseClosure]:
    """Every closing and reopening of a case, oldest first."""
    return list(
        session.exec(
            select(CaseClosure)
            .where(CaseClosure.case_id == case_id)
            .order_by(col(CaseClosure.at), col(CaseClosure.created_at))
        ).all()
    )


def latest_closure(session: Session, case_id: uuid.UUID) -> CaseClosure | None:
    """The case's latest closing, while it is closed; None otherwise."""
    case = session.get(Case, case_id)
    if case is None or case.status != CaseStatus.CLOSED:
        return None
    found = [c for c in closures_of(session, case_id) if c.kind == CLOSED]
    return found[-1] if found else None


def kept_items(closure: CaseClosure) -> list[dict[str, str]]:
    """What was live when the case closed and what was done with each (as recorded)."""
    try:
        items = json.loads(closure.live_items or "[]")
    except ValueError:
        return []
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []
