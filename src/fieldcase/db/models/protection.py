"""Consent and disclosure: what the victim agreed to and what was shared."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlmodel import Field

from fieldcase.db.models.base import Entity
from fieldcase.db.types import UTCDateTime


class Consent(Entity, table=True):
    """A victim's consent, given or withdrawn. The latest per kind counts."""

    case_id: uuid.UUID = Field(foreign_key="case.id", index=True)
    person_id: uuid.UUID = Field(foreign_key="person.id", index=True)
    kind: str
    """approach_perpetrator, share_police or refer_support."""
    given: bool
    recorded_at: datetime = Field(sa_type=UTCDateTime)
    method: str = "verbal"
    """verbal, written or email."""
    recorded_by: str = ""
    notes: str = ""


class Disclosure(Entity, table=True):
    """Information shared with another agency, and the legal gateway for it."""

    case_id: uuid.UUID = Field(foreign_key="case.id", index=True)
    agency: str
    agency_kind: str = ""
    """police, local_authority, social_care, health, probation, housing, support_service
    or other: a disclosure to police needs the victim's consent or a reason."""
    requesting_officer: str = ""
    requesting_rank: str = ""
    requested_on: date | None = None
    gateway: str = ""
    """s115_cda_1998, dpa_2018_sch2_para2, consent or other."""
    gateway_detail: str = ""
    purpose: str = ""
    data_subjects: str = ""
    requested_info: str = ""
    disclosed_info: str = ""
    necessity: str = ""
    approved_by: str = ""
    disclosed_on: date | None = None
    method: str = ""
    consent_override_reason: str = ""
    """Why it went ahead without the victim's consent to share, if it did."""
