"""Closures and reopenings of a case, and the link from a new case to an earlier one."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlmodel import Field

from fieldcase.db.models.base import Entity
from fieldcase.db.types import UTCDateTime


class CaseClosure(Entity, table=True):
    """One closing or reopening of a case; the history is kept, the latest counts."""

    case_id: uuid.UUID = Field(foreign_key="case.id", index=True)
    kind: str
    """closed or reopened."""
    at: datetime = Field(sa_type=UTCDateTime, index=True)
    day: date
    """The officer's local date: the case's closure date, for a closing."""
    officer_name: str = ""
    outcome: str = ""
    """For a closing: ``domain.closure.ClosureOutcome``."""
    reason: str = ""
    """Why it closed, or why it was reopened."""
    victim_satisfaction: int | None = None
    satisfaction_declined: bool = False
    feedback: str = ""
    """The victim's words about how the case was handled."""
    live_items: str = "[]"
    """JSON list of what was still live at closing: {kind, description, resolution, reason}."""


class CaseLink(Entity, table=True):
    """A case opened on a new report about the victim or address of an earlier, closed case."""

    case_id: uuid.UUID = Field(foreign_key="case.id", index=True)
    """The newer case."""
    earlier_case_id: uuid.UUID = Field(foreign_key="case.id", index=True)
    reason: str = ""
    """Why they are linked, e.g. "Marta Nowicka was the victim in FC-2026-0001"."""
