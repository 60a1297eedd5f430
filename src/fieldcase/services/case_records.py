"""People, incidents and actions on a case: adding them and editing them.

Contacts (with the consent check for approaches to an alleged perpetrator) are
in ``contact_records``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, col, select

from fieldcase.db.models import Action, Case, CaseParty, Incident, Person
from fieldcase.domain import dates
from fieldcase.domain.date_limits import moment_problem
from fieldcase.domain.people import age_now
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import (
    Engagement,
    IncidentType,
    PartyRole,
    join_values,
)
from fieldcase.services.case_file import refresh_case, refresh_search_text
from fieldcase.services.errors import NotFound, ValidationError
from fieldcase.services.properties import find_or_add_property
from fieldcase.services.record_checks import action_problems, person_problems
from fieldcase.services.records import already_saved, load_record, saved_before, update_record


@dataclass
class PersonInput:
    """A person typed into a form."""

    full_name: str
    role: PartyRole = PartyRole.VICTIM
    date_of_birth: date | None = None
    phone: str = ""
    safe_contact_number: str = ""
    preferred_contact_times: str = ""
    address: str = ""
    """Where they live, if not the case property (e.g. a perpetrator's address)."""
    notes: str = ""
    not_for_disclosure: bool = False
    """The notes are not for disclosure (left out of subject access exports)."""
    person_id: uuid.UUID | None = None
    """A person already known, picked by the officer: they take this role, nothing is copied."""
    relationship: str = ""
    """How they are related to the victim, e.g. "son" (for household members)."""
    age_given: int | None = None
    """An age in years, when the date of birth is not known."""
    declined: list[uuid.UUID] = field(default_factory=list)
    """Known people the officer has said this is not: they are not offered again."""


@dataclass
class IncidentInput:
    """An incident typed into a form."""

    occurred_at: datetime
    kinds: list[str] = field(default_factory=list)
    strands: list[str] = field(default_factory=list)
    location: str = ""
    who: str = ""
    police_crime_number: str = ""
    description: str = ""
    other_kind: str = ""
    """What it was, when "other" is among the kinds."""
    not_for_disclosure: bool = False
    """The description is not for disclosure (left out of subject access exports)."""


@dataclass
class ActionInput:
    """An item of the action plan: what, who, due, and when it was done."""

    what: str
    who: str = ""
    due_on: date | None = None
    done_on: date | None = None


def validate_incident(
    data: IncidentInput, prefix: str = "", *, now: datetime | None = None
) -> dict[str, str]:
    """Check an incident; returns field -> message. ``now`` is the current moment."""
    now = now or datetime.now(UTC)
    errors: dict[str, str] = {}
    if problem := moment_problem(data.occurred_at, now, "An incident"):
        errors[prefix + "occurred_at"] = problem
    bad = [k for k in data.kinds if k not in set(IncidentType)]
    if bad:
        errors[prefix + "kinds"] = f"Unknown incident type: {', '.join(bad)}."
    if not data.kinds:
        errors[prefix + "kinds"] = "Say what happened (at least one type)."
    if IncidentType.OTHER in data.kinds and not data.other_kind.strip():
        errors[prefix + "other_kind"] = "Say what the other kind of incident was."
    if not data.description.strip():
        errors[prefix + "description"] = "Describe what happened."
    return errors


def add_party(
    session: Session,
    case_id: uuid.UUID,
    data: PersonInput,
    *,
    property_id: uuid.UUID | None = None,
    person_id: uuid.UUID | None = None,
    today: date | None = None,
    new_id: uuid.UUID | None = None,
) -> CaseParty:
    """Add a person to a case in a role.

    An existing person (``data.person_id``, or ``person_id``) keeps their record,
    and with it their cautions, ladder and other cases; a new one is created from
    what was typed.
    """
    person_id = data.person_id or person_id
    known = person_id is not None
    full_name = data.full_name.strip()
    if not full_name and person_id is None:
        if data.role != PartyRole.PERPETRATOR:
            raise ValidationError({"full_name": "A name is needed."})
        full_name = "Unknown"
    today = today or dates.local_today()
    if problems := person_problems(data.date_of_birth, data.age_given, today=today):
        raise ValidationError(problems)
    if person_id is None:
        person_id = _new_person(session, data, full_name, today).id
    elif session.get(Person, person_id) is None:
        raise NotFound("That person is no longer in the database.")
    elif session.exec(
        select(CaseParty.id).where(
            CaseParty.case_id == case_id,
            CaseParty.person_id == person_id,
            CaseParty.role == data.role,
        )
    ).first():
        raise ValidationError(
            {"full_name": f"{full_name or 'This person'} is already in this case in that role."}
        )
    if data.address.strip():
        property_id = find_or_add_property(
            session, data.address, "", "", postcode_field="address"
        ).id
    elif property_id is None and known:
        property_id = _last_known_address(session, person_id)
    party = CaseParty(
        id=new_id or uuid.uuid4(),
        case_id=case_id,
        person_id=person_id,
        role=data.role,
        engagement=Engagement.NOT_CONTACTED if data.role == PartyRole.PERPETRATOR else "",
        property_id=property_id,
        relationship=data.relationship.strip(),
    )
    session.add(party)
    session.flush()
    return party


def _new_person(session: Session, data: PersonInput, full_name: str, today: date) -> Person:
    """A person recorded for the first time, from what was typed."""
    person = Person(
        full_name=full_name,
        date_of_birth=data.date_of_birth,
        age_given=data.age_given if data.date_of_birth is None else None,
        age_given_on=today if data.age_given is not None and data.date_of_birth is None else None,
        phone=data.phone.strip(),
        safe_contact_number=data.safe_contact_number.strip(),
        preferred_contact_times=data.preferred_contact_times.strip(),
        notes=data.notes,
        not_for_disclosure=data.not_for_disclosure,
    )
    session.add(person)
    session.flush()
    return person


def add_incident(
    session: Session,
    case_id: uuid.UUID,
    data: IncidentInput,
    *,
    policy: Policy,
    now: datetime | None = None,
    new_id: uuid.UUID | None = None,
) -> Incident:
    """Record a new report on a case as an incident of that case.

    ``new_id`` is the new incident's key, made when the form opened: saving
    again after a lost connection never records it twice (see ``saved_before``).

    Raises:
        ValidationError: The incident cannot be saved as typed.
    """
    errors = validate_incident(data, now=now)
    if errors:
        raise ValidationError(errors)
    columns = _incident_columns(data)
    if saved := saved_before(session, Incident, new_id, case_id=case_id, **columns):
        return saved
    incident = Incident(id=new_id or uuid.uuid4(), case_id=case_id, **columns)
    session.add(incident)
    session.flush()
    case = session.get(Case, case_id)
    if case is not None and incident.police_crime_number:
        # A report changes no due date; only a crime number changes what finds the case.
        refresh_search_text(session, case)
    return incident


def set_engagement(session: Session, party_id: uuid.UUID, engagement: str) -> CaseParty:
    """Record an alleged perpetrator's engagement status."""
    if engagement not in set(Engagement):
        raise ValidationError({"engagement": "Choose an engagement status."})
    party = session.get(CaseParty, party_id)
    if party is None:
        raise NotFound("That person is no longer on the case.")
    if party.role != PartyRole.PERPETRATOR:
        raise ValidationError({"engagement": "Engagement is recorded for alleged perpetrators."})
    party.engagement = engagement
    session.flush()
    return party


def add_action(
    session: Session,
    case_id: uuid.UUID,
    data: ActionInput,
    *,
    today: date | None = None,
    new_id: uuid.UUID | None = None,
) -> Action:
    """Add an item to the action plan (already done, when ``done_on`` is given).

    ``new_id`` is the key made when the form opened (see ``saved_before``).
    """
    today = today or dates.local_today()
    if problems := action_problems(data.what, data.due_on, data.done_on, today=today):
        raise ValidationError(problems)
    columns: dict[str, Any] = {
        "what": data.what.strip(),
        "who": data.who.strip(),
        "due_on": data.due_on,
        "done_on": data.done_on,
    }
    if saved := saved_before(session, Action, new_id, case_id=case_id, **columns):
        return saved
    action = Action(id=new_id or uuid.uuid4(), case_id=case_id, **columns)
    session.add(action)
    session.flush()
    return action


def add_person(
    session: Session,
    case_id: uuid.UUID,
    data: PersonInput,
    *,
    policy: Policy,
    new_id: uuid.UUID | None = None,
) -> CaseParty:
    """Add a person to a case; they live at the case's property unless an address is given.

    A known person picked in a role other than victim or household member keeps the
    address they were last recorded at. ``new_id`` is the key of their place in the
    case, made when the form opened: adding them again after a lost answer returns
    the place (and person) the first try saved (see ``already_saved``).
    """
    if saved := already_saved(session, CaseParty, new_id):
        return saved
    case = load_record(session, Case, case_id)
    lives_there = data.person_id is None or data.role in (PartyRole.VICTIM, PartyRole.HOUSEHOLD)
    party = add_party(
        session,
        case_id,
        data,
        property_id=case.property_id if lives_there else None,
        new_id=new_id,
    )
    refresh_case(session, case, policy)
    return party


def _last_known_address(session: Session, person_id: uuid.UUID) -> uuid.UUID | None:
    """Where a known person was last recorded as living, in any case."""
    return session.exec(
        select(CaseParty.property_id)
        .where(CaseParty.person_id == person_id, col(CaseParty.property_id).is_not(None))
        .order_by(col(CaseParty.created_at).desc())
        .limit(1)
    ).first()


def set_action_done(
    session: Session, action_id: uuid.UUID, version: int, *, done_on: date | None
) -> Action:
    """Mark an action done on ``done_on``, or not done (None).

    Raises:
        EditConflict: The action changed elsewhere meanwhile. NotFound: it was deleted.
    """
    action = load_record(session, Action, action_id)
    update_record(session, action, version, done_on=done_on)
    return action


def update_person(
    session: Session,
    person_id: uuid.UUID,
    version: int,
    data: PersonInput,
    *,
    policy: Policy,
    today: date | None = None,
) -> Person:
    """Edit a person's details; an age given is taken as true ``today``.

    Raises:
        ValidationError: The name is missing or the age impossible. EditConflict: changed
            elsewhere meanwhile.
    """
    if not data.full_name.strip():
        raise ValidationError({"full_name": "A name is needed (use Unknown if not known)."})
    born, age = data.date_of_birth, data.age_given
    if problems := person_problems(born, age, today=dates.local_today()):
        raise ValidationError(problems)
    person = load_record(session, Person, person_id)
    today = today or dates.local_today()
    age = data.age_given if data.date_of_birth is None else None
    update_record(
        session,
        person,
        version,
        full_name=data.full_name.strip(),
        date_of_birth=data.date_of_birth,
        age_given=age,
        age_given_on=_age_given_on(person, age, today),
        phone=data.phone.strip(),
        safe_contact_number=data.safe_contact_number.strip(),
        preferred_contact_times=data.preferred_contact_times.strip(),
        notes=data.notes,
        not_for_disclosure=data.not_for_disclosure,
    )
    for case in session.exec(
        select(Case)
        .join(CaseParty, col(CaseParty.case_id) == Case.id)
        .where(CaseParty.person_id == person_id)
    ).all():
        refresh_case(session, case, policy)
    return person


def _age_given_on(person: Person, age: int | None, today: date) -> date | None:
    """When the age now recorded was given: kept while it is the age already known."""
    if age is None:
        return None
    if person.age_given is not None and age == age_now(
        person.age_given, person.age_given_on, today
    ):
        return person.age_given_on
    return today


def _incident_columns(data: IncidentInput) -> dict[str, Any]:
    """An incident's stored columns, from what was typed."""
    return {
        "occurred_at": data.occurred_at,
        "kinds": join_values(data.kinds),
        "other_kind": data.other_kind.strip() if IncidentType.OTHER in data.kinds else "",
        "strands": join_values(data.strands),
        "location": data.location.strip(),
        "who": data.who.strip(),
        "police_crime_number": data.police_crime_number.strip(),
        "description": data.description,
        "not_for_disclosure": data.not_for_disclosure,
    }


def update_incident(
    session: Session,
    incident_id: uuid.UUID,
    version: int,
    data: IncidentInput,
    *,
    now: datetime | None = None,
) -> Incident:
    """Edit an incident.

    Raises:
        ValidationError: The incident cannot be saved as typed.
    """
    errors = validate_incident(data, now=now)
    if errors:
        raise ValidationError(errors)
    incident = load_record(session, Incident, incident_id)
    crime_number = incident.police_crime_number
    update_record(session, incident, version, **_incident_columns(data))
    case = session.get(Case, incident.case_id)
    if case is not None and incident.police_crime_number != crime_number:
        refresh_search_text(session, case)
    return incident


def update_action(
    session: Session, action_id: uuid.UUID, version: int, data: ActionInput
) -> Action:
    """Edit an action, or mark it done."""
    today = dates.local_today()
    if problems := action_problems(data.what, data.due_on, data.done_on, today=today):
        raise ValidationError(problems)
    action = load_record(session, Action, action_id)
    update_record(
        session,
        action,
        version,
        what=data.what.strip(),
        who=data.who.strip(),
        due_on=data.due_on,
        done_on=data.done_on,
    )
    return action
