"""All tables, imported so the metadata is complete."""

from fieldcase.db.models.abc import (
    AbcAgreement,
    AbcBreach,
    AbcCondition,
    AbcReview,
    AbcSignatory,
    EnforcementStep,
)
from fieldcase.db.models.attachments import Attachment, AttachmentContent
from fieldcase.db.models.base import Entity, metadata
from fieldcase.db.models.closure import CaseClosure, CaseLink
from fieldcase.db.models.core import (
    Action,
    AuditEvent,
    Case,
    CaseParty,
    CautionMarker,
    Contact,
    Draft,
    Incident,
    Person,
    Property,
    Setting,
)
from fieldcase.db.models.protection import Consent, Disclosure
from fieldcase.db.models.risk import RiskAssessment
from fieldcase.db.models.team import Officer, Team
from fieldcase.db.models.visits import Visit

__all__ = [
    "AbcAgreement",
    "AbcBreach",
    "AbcCondition",
    "AbcReview",
    "AbcSignatory",
    "Action",
    "Attachment",
    "AttachmentContent",
    "AuditEvent",
    "Case",
    "CaseClosure",
    "CaseLink",
    "CaseParty",
    "CautionMarker",
    "Consent",
    "Contact",
    "Disclosure",
    "Draft",
    "EnforcementStep",
    "Entity",
    "Incident",
    "Officer",
    "Person",
    "Property",
    "RiskAssessment",
    "Setting",
    "Team",
    "Visit",
    "metadata",
]
