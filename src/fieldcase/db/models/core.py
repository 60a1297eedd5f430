"""Cases, people, properties and what happens in a case."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import event
from sqlmodel import Field, SQLModel

from fieldcase.db.models.base import Entity
from fieldcase.db.types import UTCDateTime, utcnow
from fieldcase.domain.people import name_key, phone_keys


class Person(Entity, table=True):
    """Someone who appears in one or more cases."""

    full_name: str = Field(index=True)
    name_key: str = Field(default="", index=True)
    """The name folded for matching (``domain.people.name_key``); kept in step on every save."""
    date_of_birth: date | None = Field(default=None, index=True)
    age_given: int | None = None
    """An age in years, when that is all that is known (e.g. a child in the household)."""
    age_given_on: date | None = None
    """When ``age_given`` was true, so the age shown keeps up."""
    phone: str = ""
    safe_contact_number: str = ""
    """For victims: the number it is safe to call."""
    preferred_contact_times: str = ""
    email: str = ""
    phone_key: str = Field(default="", index=True)
    """The digits of ``phone`` and ``safe_contact_number`` (``domain.people.phone_keys``)."""
    notes: str = ""
    not_for_disclosure: bool = False
    """The notes are not for disclosure: a subject access export leaves them out, saying so."""


@event.listens_for(Person, "before_insert")
@event.listens_for(Person, "before_update")
def _keep_match_keys(_mapper: object, _connection: object, person: Person) -> None:
    """Every way a person is saved keeps the keys that find them again."""
    person.name_key = name_key(person.full_name)
    person.phone_key = phone_keys(person.phone, person.safe_contact_number)


class Property(Entity, table=True):
    """An address, usually a tenancy of the association."""

    address: str = Field(index=True)
    """As first typed, without the postcode."""
    postcode: str = Field(default="", index=True)
    """Canonical, like ``EB2 7QL``; blank when not known."""
    address_key: str = Field(default="", index=True)
    """Flat, number or name, and street, normalised (``domain.address.address_key``)."""
    tenancy_ref: str = ""
    notes: str = ""


class Case(Entity, table=True):
    """One case: a victim's report and everything done about it."""

    reference: str = Field(unique=True, index=True)
    """Like ``FC-2026-0007``."""
    category: str
    strands: str = ""
    """Comma-separated hate strands, perception-based."""
    status: str = Field(default="open", index=True)
    officer_name: str = Field(default="", index=True)
    police_refs: str = ""
    summary: str = ""
    property_id: uuid.UUID | None = Field(default=None, foreign_key="property.id", index=True)
    opened_on: date
    closed_on: date | None = None
    closure_outcome: str = ""
    """How the case ended (``domain.closure.ClosureOutcome``), while it is closed."""
    closure_reason: str = ""
    """Why it closed, as the officer put it, while it is closed."""
    victim_satisfaction: int | None = None
    """1 to 5, as the victim rated how the case was handled."""
    satisfaction_declined: bool = False
    """The victim declined to rate how the case was handled."""
    feedback: str = ""
    """The victim's words about how the case was handled, as given."""
    legal_hold: bool = False
    risk_level: str = Field(default="", index=True)
    """The final level of the latest risk assessment, kept in step by the service."""
    last_contact_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    """Latest contact with a victim; kept in step by the contact service."""
    next_contact_due: date | None = Field(default=None, index=True)
    """When the victim is next due contact, from policy; overdue is worked out on display."""
    review_due: date | None = None
    """When the risk assessment is next due for review."""
    search_text: str = Field(default="", index=True)
    """Lower-cased reference, names, streets and police references, for SQL search."""
    team: str | None = Field(default=None, index=True)
    """On a team server, the team whose officers may see the case; None on a laptop."""
    covered_from: str = ""
    """The absent officer whose case this is while a colleague covers it; empty otherwise."""


class CaseParty(Entity, table=True):
    """A person's role in a case."""

    case_id: uuid.UUID = Field(foreign_key="case.id", index=True)
    person_id: uuid.UUID = Field(foreign_key="person.id", index=True)
    role: str
    engagement: str = ""
    """For alleged perpetrators: not_contacted, attempting, engaged, refused, left_address."""
    property_id: uuid.UUID | None = Field(default=None, foreign_key="property.id")
    """Where this person lives, if known (e.g. a perpetrator's address)."""
    relationship: str = ""
    notes: str = ""


class Incident(Entity, table=True):
    """Something that happened, reported within a case."""

    case_id: uuid.UUID = Field(foreign_key="case.id", index=True)
    occurred_at: datetime = Field(sa_type=UTCDateTime)
    kinds: str = ""
    """Comma-separated incident types."""
    other_kind: str = ""
    """What the incident was, when one of its types is "other"."""
    strands: str = ""
    location: str = ""
    who: str = ""
    police_crime_number: str = ""
    description: str = ""
    not_for_disclosure: bool = False
    """The description is not for disclosure: a subject access export leaves it out, saying so."""


class Contact(Entity, table=True):
    """A letter, call, visit or message: the engagement log."""

    case_id: uuid.UUID = Field(foreign_key="case.id", index=True)
    person_id: uuid.UUID | None = Field(default=None, foreign_key="person.id", index=True)
    at: datetime = Field(sa_type=UTCDateTime, index=True)
    method: str
    direction: str = "out"
    outcome: str = ""
    notes: str = ""
    officer_name: str = ""
    not_for_disclosure: bool = False
    """The notes are not for disclosure: a subject access export leaves them out, saying so."""
    consent_override_reason: str = ""
    """Why an approach to an alleged perpetrator went ahead without the victim's consent."""


class Action(Entity, table=True):
    """One item of the agreed action plan."""

    case_id: uuid.UUID = Field(foreign_key="case.id", index=True)
    what: str
    who: str = ""
    due_on: date | None = None
    done_on: date | None = None


class CautionMarker(Entity, table=True):
    """A reason for care that follows an address or person into every visit plan."""

    property_id: uuid.UUID | None = Field(default=None, foreign_key="property.id", index=True)
    person_id: uuid.UUID | None = Field(default=None, foreign_key="person.id", index=True)
    kind: str
    note: str = ""
    added_by: str = ""
    active: bool = True


class AuditEvent(SQLModel, table=True):
    """Append-only record of who did what, when. Never updated or deleted."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    actor: str = ""
    action: str
    """create, update, delete or view."""
    entity: str
    entity_id: str = ""
    case_id: uuid.UUID | None = Field(default=None, index=True)
    changes: str = ""
    """JSON object of field: [old, new]."""


class Draft(SQLModel, table=True):
    """A half-finished form, kept inside the encrypted database."""

    owner: str = Field(default="", primary_key=True)
    """Whose typing it is: the login on a team server (each officer sees only their own);
    empty on a laptop, which has one officer."""
    key: str = Field(primary_key=True)
    """What the draft is for, e.g. ``new-case`` or ``risk:<case id>:<person id>``."""
    title: str = ""
    payload: str = "{}"
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Setting(SQLModel, table=True):
    """A value that belongs with the data, e.g. the database's own identity."""

    key: str = Field(primary_key=True)
    value: str = ""
