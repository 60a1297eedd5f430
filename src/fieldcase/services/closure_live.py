"""What is still live in a case: listed before it closes, so nothing is left behind unsaid."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlmodel import Session, col, select

from fieldcase.db.models import AbcAgreement, AbcBreach, Action, Case, Person, Visit
from fieldcase.domain.abc import AbcStatus, Substantiated
from fieldcase.domain.closure import LiveItem, LiveKind, Resolution
from fieldcase.domain.protection import long_date
from fieldcase.domain.text import one_line
from fieldcase.domain.visits import VisitStatus, visit_words
from fieldcase.domain.when_format import format_when


def live_items(session: Session, case: Case, *, today: date, now: datetime) -> list[LiveItem]:
    """Everything still live in ``case``, in a steady order: ABCs, visits, actions, reviews,
    breaches."""
    return [
        *_abcs(session, case.id, today),
        *_visits(session, case.id, now),
        *_actions(session, case.id),
        *_risk_review(case, today),
        *_breaches(session, case.id),
    ]


def _names(session: Session, ids: set[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    rows = session.exec(select(Person.id, Person.full_name).where(col(Person.id).in_(wanted)))
    return {pid: one_line(name, 40) for pid, name in rows}


def _abcs(session: Session, case_id: uuid.UUID, today: date) -> list[LiveItem]:
    abcs = session.exec(
        select(AbcAgreement)
        .where(AbcAgreement.case_id == case_id, AbcAgreement.status == AbcStatus.ACTIVE)
        .order_by(col(AbcAgreement.start_on), col(AbcAgreement.created_at))
    ).all()
    names = _names(session, {a.person_id for a in abcs})
    items = []
    for abc in abcs:
        who = names.get(abc.person_id, "someone")
        text = f"ABC with {who}, in force until {long_date(abc.end_on)}"
        if abc.next_review_on is not None and abc.next_review_on < today:
            text += f"; review overdue since {long_date(abc.next_review_on)}"
        first = Resolution.COMPLETE if abc.end_on <= today else Resolution.END_EARLY
        items.append(LiveItem(f"abc:{abc.id}", LiveKind.ABC, text, (first, Resolution.KEEP)))
    return items


def _visits(session: Session, case_id: uuid.UUID, now: datetime) -> list[LiveItem]:
    visits = session.exec(
        select(Visit)
        .where(Visit.case_id == case_id, Visit.status == VisitStatus.PLANNED)
        .order_by(col(Visit.planned_at))
    ).all()
    names = _names(session, {v.person_id for v in visits})
    items = []
    for visit in visits:
        who = f" to {names[visit.person_id]}" if visit.person_id in names else ""
        text = f"{visit_words(visit.kind)}{who}, {format_when(visit.planned_at)}"
        if visit.planned_at <= now:
            # It may have happened: its outcome is recorded from the briefing, not cancelled here.
            text += ", waiting for its outcome"
            choices: tuple[Resolution, ...] = (Resolution.KEEP,)
        else:
            choices = (Resolution.CANCEL, Resolution.KEEP)
        items.append(LiveItem(f"visit:{visit.id}", LiveKind.VISIT, text, choices))
    return items


def _actions(session: Session, case_id: uuid.UUID) -> list[LiveItem]:
    actions = session.exec(
        select(Action)
        .where(Action.case_id == case_id, col(Action.done_on).is_(None))
        .order_by(col(Action.due_on).is_(None), col(Action.due_on), col(Action.created_at))
    ).all()
    items = []
    for action in actions:
        details = [one_line(action.who, 40)] if action.who.strip() else []
        if action.due_on is not None:
            details.append(f"due {long_date(action.due_on)}")
        text = f"Action: {one_line(action.what, 80)}"
        if details:
            text += f" ({', '.join(details)})"
        items.append(
            LiveItem(
                f"action:{action.id}", LiveKind.ACTION, text, (Resolution.DONE, Resolution.KEEP)
            )
        )
    return items


def _risk_review(case: Case, today: date) -> list[LiveItem]:
    if case.review_due is None or case.review_due >= today:
        return []
    text = f"Risk review overdue since {long_date(case.review_due)}"
    return [LiveItem(f"risk_review:{case.id}", LiveKind.RISK_REVIEW, text, (Resolution.KEEP,))]


def _breaches(session: Session, case_id: uuid.UUID) -> list[LiveItem]:
    rows = session.exec(
        select(AbcBreach, AbcAgreement.person_id)
        .join(AbcAgreement, col(AbcAgreement.id) == AbcBreach.abc_id)
        .where(AbcAgreement.case_id == case_id, AbcBreach.substantiated == Substantiated.PENDING)
        .order_by(col(AbcBreach.occurred_on), col(AbcBreach.created_at))
    ).all()
    names = _names(session, {person_id for _, person_id in rows})
    return [
        LiveItem(
            f"breach:{breach.id}",
            LiveKind.BREACH,
            f"Breach of {names.get(person_id, 'the person')}'s ABC on "
            f"{long_date(breach.occurred_on)}, not yet substantiated or dismissed",
            (Resolution.KEEP,),
        )
        for breach, person_id in rows
    ]
