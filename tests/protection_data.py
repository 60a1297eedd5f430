"""Invented cases for the consent, disclosure, retention and subject access tests."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session, select

from fieldcase.db.models import CaseParty
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import Category, IncidentType, PartyRole, Strand
from fieldcase.services.case_records import IncidentInput, PersonInput
from fieldcase.services.intake import NewCaseInput, create_case

VICTIM = "Amira Haddad"
PERPETRATOR = "Ellis Crane"
WITNESS = "Dorothy Pike"


@dataclass(frozen=True)
class MadeCase:
    """Ids of an invented case and its people."""

    case_id: uuid.UUID
    reference: str
    victim_id: uuid.UUID
    perpetrator_id: uuid.UUID


def make_case(
    session: Session,
    *,
    victim: str = VICTIM,
    perpetrator: str = PERPETRATOR,
    address: str = "14 Larch Walk",
    description: str = "Shouted abuse about her nationality across the car park.",
    opened_on: date = date(2026, 3, 2),
    policy: Policy | None = None,
) -> MadeCase:
    """A hate case with one victim and one alleged perpetrator."""
    case = create_case(
        session,
        NewCaseInput(
            category=Category.HATE_INCIDENT,
            strands=[Strand.RACE],
            address=address,
            postcode="ZZ1 1ZZ",
            people=[
                PersonInput(full_name=victim, role=PartyRole.VICTIM, phone="07700 900111"),
                PersonInput(full_name=perpetrator, role=PartyRole.PERPETRATOR),
            ],
            incident=IncidentInput(
                occurred_at=datetime(2026, 3, 1, 18, 30, tzinfo=UTC),
                kinds=[IncidentType.VERBAL_ABUSE],
                who=perpetrator,
                description=description,
            ),
        ),
        officer_name="Officer Test",
        policy=policy or Policy(),
        today=opened_on,
    )
    parties = session.exec(select(CaseParty).where(CaseParty.case_id == case.id)).all()
    by_role = {p.role: p.person_id for p in parties}
    return MadeCase(
        case_id=case.id,
        reference=case.reference,
        victim_id=by_role[PartyRole.VICTIM],
        perpetrator_id=by_role[PartyRole.PERPETRATOR],
    )
