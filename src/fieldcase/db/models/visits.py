"""Visits and their safety plans."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field

from fieldcase.db.models.base import Entity
from fieldcase.db.types import UTCDateTime


class Visit(Entity, table=True):
    """A planned visit, its safety plan and its outcome."""

    case_id: uuid.UUID = Field(foreign_key="case.id", index=True)
    person_id: uuid.UUID | None = Field(default=None, foreign_key="person.id", index=True)
    """Who the visit is to see."""
    property_id: uuid.UUID | None = Field(default=None, foreign_key="property.id", index=True)
    kind: str
    """victim_support, perpetrator_interview, joint_police, abc_signing or witness."""
    planned_at: datetime = Field(sa_type=UTCDateTime, index=True)
    duration_minutes: int = 60
    place_kind: str = "property"
    """property, neutral_venue, police_station or other."""
    place_detail: str = ""
    attendees: str = "[]"
    """JSON list of {"name", "role", "collar_number"}."""
    plain_clothes: bool = False
    unmarked_vehicle: bool = False
    park_away: bool = False
    park_where: str = ""
    approach_route: str = ""
    no_branding: bool = False
    pre_call: bool = False
    in_pairs: bool = False
    buddy_name: str = ""
    checkin_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    checkin_resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    """When a colleague reached the officer after the check-in went overdue."""
    checkin_resolved_by: str = ""
    """Who did (the login on a team server)."""
    checkin_note: str = ""
    """What the colleague found, in their words."""
    code_word_agreed: bool = False
    code_word_holder: str = ""
    """Who holds the code word. The word itself is never recorded."""
    do_not_disclose: str = ""
    status: str = Field(default="planned", index=True)
    """planned, completed, no_access, refused or cancelled."""
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    outcome_notes: str = ""
    not_for_disclosure: bool = False
    """The outcome notes are not for disclosure: a subject access export leaves them out."""
    consent_override_reason: str = ""
