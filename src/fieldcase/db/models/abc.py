"""Acceptable Behaviour Contracts and the enforcement ladder."""

from __future__ import annotations

import uuid
from datetime import date

from sqlmodel import Field

from fieldcase.db.models.base import Entity


class AbcAgreement(Entity, table=True):
    """An Acceptable Behaviour Contract with one alleged perpetrator."""

    case_id: uuid.UUID = Field(foreign_key="case.id", index=True)
    person_id: uuid.UUID = Field(foreign_key="person.id", index=True)
    start_on: date
    end_on: date
    status: str = Field(default="draft", index=True)
    """draft, active, completed, breached or ended_early."""
    review_weeks: int = 4
    monitored_by: str = "housing,police"
    notes: str = ""


class AbcCondition(Entity, table=True):
    """One condition of an ABC: a prohibition or a positive requirement."""

    abc_id: uuid.UUID = Field(foreign_key="abcagreement.id", index=True)
    kind: str = "prohibition"
    text: str
    position: int = 0


class AbcSignatory(Entity, table=True):
    """Someone who signs an ABC, and when they signed."""

    abc_id: uuid.UUID = Field(foreign_key="abcagreement.id", index=True)
    role: str
    """perpetrator, guardian, housing_officer or police_officer."""
    name: str
    collar_number: str = ""
    signed_on: date | None = None


class AbcReview(Entity, table=True):
    """A scheduled review of compliance."""

    abc_id: uuid.UUID = Field(foreign_key="abcagreement.id", index=True)
    reviewed_on: date
    compliance: str
    """complied, concerns or breached."""
    reviewer: str = ""
    notes: str = ""


class AbcBreach(Entity, table=True):
    """A reported breach of an ABC."""

    abc_id: uuid.UUID = Field(foreign_key="abcagreement.id", index=True)
    occurred_on: date
    conditions: str = ""
    """Comma-separated condition ids."""
    description: str = ""
    reported_by: str = ""
    substantiated: str = "pending"
    """yes, no or pending."""
    response: str = ""


class EnforcementStep(Entity, table=True):
    """One rung of the enforcement ladder for one alleged perpetrator."""

    case_id: uuid.UUID = Field(foreign_key="case.id", index=True)
    person_id: uuid.UUID = Field(foreign_key="person.id", index=True)
    kind: str
    taken_on: date
    served_how: str = ""
    court: str = ""
    terms: str = ""
    expires_on: date | None = None
    documents: str = ""
    notes: str = ""
