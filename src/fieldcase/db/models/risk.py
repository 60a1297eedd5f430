"""Risk assessments: answers, score and level, history kept."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlmodel import Field

from fieldcase.db.models.base import Entity
from fieldcase.db.types import UTCDateTime


class RiskAssessment(Entity, table=True):
    """One completed assessment of one victim. The latest sets the case's level."""

    case_id: uuid.UUID = Field(foreign_key="case.id", index=True)
    person_id: uuid.UUID = Field(foreign_key="person.id", index=True)
    questionnaire_id: str = ""
    questionnaire_version: str = ""
    answers: str = "{}"
    """JSON object: question id -> {"answer": ..., "note": ...}."""
    score: int = 0
    computed_level: str
    final_level: str
    override_reason: str = ""
    assessor: str = ""
    assessed_at: datetime = Field(sa_type=UTCDateTime, index=True)
    next_review_on: date | None = None
