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
    next_review_on: date | None = Field(default=None, index=True)
    """When the next review falls, kept in step by the review service; overdue is worked out."""
    monitored_by: str = "housing,police"
    """Comma-separated: housing, police."""
    ended_on: date | None = None
    """When it was completed, marked breached or ended early."""
    end_reason: str = ""
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
    serious_harm: bool = False
    """A serious risk of harm was flagged: an incremental response may not be enough."""
    response: str = ""
    """warning, meeting or escalation; empty until decided."""
    response_notes: str = ""


class EnforcementStep(Entity, table=True):
    """A step on the landlord's ladder, or a partner's action, for one alleged perpetrator."""

    case_id: uuid.UUID = Field(foreign_key="case.id", index=True)
    person_id: uuid.UUID = Field(foreign_key="person.id", index=True)
    abc_id: uuid.UUID | None = Field(default=None, foreign_key="abcagreement.id")
    """The agreement, for the ABC rung."""
    kind: str
    """A rung of the landlord's ladder, or a partner action."""
    taken_on: date
    agency: str = ""
    """For a partner action, who took it (council or police)."""
    ground: str = ""
    """For a notice of seeking possession or a possession claim, the ground relied on."""
    served_how: str = ""
    court: str = ""
    terms: str = ""
    expires_on: date | None = None
    documents: str = ""
    notes: str = ""
