"""Cases linked across a closure: a new report about the victim or address of a closed case.

A report about a victim, or an address, whose case is closed opens a new case
(a closed case takes no more incidents); the new case is linked to the most
recently closed of the earlier cases, so its history is one key away.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from fieldcase.db.models import Case, CaseLink, CaseParty, Person
from fieldcase.domain.protection import long_date
from fieldcase.domain.vocab import CaseStatus, PartyRole
from fieldcase.services.case_records import PersonInput
from fieldcase.services.errors import ValidationError
from fieldcase.services.properties import open_cases_at, typed_address


@dataclass(frozen=True)
class EarlierCase:
    """A closed case a new one follows, and why."""

    case_id: uuid.UUID
    reference: str
    closed_on: date | None
    reason: str
    """E.g. "Marta Nowicka was in FC-2026-0001, closed on 3 November 2026"."""


@dataclass(frozen=True)
class LinkedCase:
    """A case linked to the one on screen: the one it follows, or one that follows it."""

    case_id: uuid.UUID
    reference: str
    status: str
    earlier: bool
    """True for the case this one follows; False for a later case following this one."""
    reason: str


def earlier_closed_case(
    session: Session, people: list[PersonInput], address: str, postcode: str
) -> EarlierCase | None:
    """The most recently closed case of a victim in a new report, or at its address."""
    found: dict[uuid.UUID, EarlierCase] = {}
    for person in people:
        if person.role != PartyRole.VICTIM or not (person.full_name.strip() or person.person_id):
            continue
        for case, name in _closed_cases_of(session, person):
            reason = f"{name} was in {case.reference}{_closed(case)}."
            found.setdefault(case.id, EarlierCase(case.id, case.reference, case.closed_on, reason))
    try:
        typed = typed_address(address, postcode)
    except ValidationError:
        typed = None
    for case in open_cases_at(session, typed, closed=True) if typed else []:
        reason = f"{case.reference}{_closed(case)}, was at the same address."
        found.setdefault(case.id, EarlierCase(case.id, case.reference, case.closed_on, reason))
    if not found:
        return None
    return max(found.values(), key=lambda c: (c.closed_on or date.min, c.reference))


def _closed(case: Case) -> str:
    return f", closed on {long_date(case.closed_on)}" if case.closed_on else ", closed"


def _closed_cases_of(session: Session, person: PersonInput) -> list[tuple[Case, str]]:
    same = func.lower(Person.full_name) == person.full_name.strip().lower()
    who = or_(col(Person.id) == person.person_id, same) if person.person_id else same
    return [
        (case, name)
        for case, name in session.exec(
            select(Case, Person.full_name)
            .join(CaseParty, col(CaseParty.case_id) == Case.id)
            .join(Person, col(Person.id) == CaseParty.person_id)
            .where(
                who,
                Case.status == CaseStatus.CLOSED,
                col(CaseParty.role).in_([PartyRole.VICTIM, PartyRole.HOUSEHOLD]),
            )
        ).all()
    ]


def link_to_earlier(session: Session, case: Case, earlier: EarlierCase) -> CaseLink:
    """Link a newly opened case to the closed case it follows."""
    link = CaseLink(case_id=case.id, earlier_case_id=earlier.case_id, reason=earlier.reason)
    session.add(link)
    session.flush()
    return link


def linked_cases(session: Session, case_id: uuid.UUID) -> list[LinkedCase]:
    """The case this one follows, then the cases that follow it, oldest first."""
    rows = session.exec(
        select(CaseLink, Case)
        .join(
            Case,
            or_(
                (col(CaseLink.case_id) == case_id) & (col(Case.id) == CaseLink.earlier_case_id),
                (col(CaseLink.earlier_case_id) == case_id) & (col(Case.id) == CaseLink.case_id),
            ),
        )
        .where(or_(col(CaseLink.case_id) == case_id, col(CaseLink.earlier_case_id) == case_id))
        .order_by(col(Case.opened_on), col(Case.reference))
    ).all()
    return [
        LinkedCase(
            case_id=case.id,
            reference=case.reference,
            status=case.status,
            earlier=link.case_id == case_id,
            reason=link.reason,
        )
        for link, case in rows
    ]
