"""People, incidents, contacts and actions on a case: adding them and editing them.

A contact that approaches an alleged perpetrator (anything going out to them:
a letter, call, message, meeting or visit) needs the victim's consent to
approach, as it stood when the contact was made; without it the contact is
refused on ``consent_override_reason`` until the officer gives the reason to go
ahead, which is kept with the contact. A contact coming in from them is not an
approach.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, col, select

from fieldcase.db.models import Action, Case, CaseParty, Contact, Incident, Person
from fieldcase.domain import dates
from fieldcase.domain.date_limits import moment_problem
from fieldcase.domain.people import age_now
from fieldcase.domain.policy import Policy
from fieldcase.domain.protection import ConsentKind
from fieldcase.domain.vocab import (
    ContactMethod,
    Direction,
    Engagement,
    IncidentType,
    PartyRole,
    join_values,
)
from fieldcase.services.case_file import refresh_case, refresh_due_dates, refresh_search_text
from fieldcase.services.consent import missing_consent
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
class ContactInput:
    """A letter, call, visit or message, as the officer logs it."""

    at: datetime
    method: str
    direction: str = Direction.OUT
    person_id: uuid.UUID | None = None
    outcome: str = ""
    notes: str = ""
    not_for_disclosure: bool = False
    """The notes are not for disclosure (left out of subject access exports)."""
    consent_override_reason: str = ""
    """Why an approach to an alleged perpetrator goes ahead without the victim's consent."""
    to_each_perpetrator: bool = False
    """One contact with each alleged perpetrator instead of ``person_id`` (see
    ``contacts.log_contacts``; ``add_contact`` logs the one with ``person_id``)."""


CONSENT_OVERRIDE = "consent_override_reason"
"""The error key on which a contact is refused for want of a reason to go ahead without consent."""


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


def validate_contact(
    *, at: datetime, method: str, direction: str, now: datetime | None = None
) -> dict[str, str]:
    """Check a contact, new or edited; returns field -> message."""
    errors: dict[str, str] = {}
    if method not in set(ContactMethod):
        errors["method"] = "Choose how the contact was made."
    if direction not in set(Direction):
        errors["direction"] = "Choose in or out."
    if problem := moment_problem(at, now or datetime.now(UTC), "A contact that has happened"):
        errors["at"] = problem
    return errors


def add_contact(
    session: Session,
    case_id: uuid.UUID,
    data: ContactInput,
    *,
    officer_name: str = "",
    policy: Policy,
    now: datetime | None = None,
    new_id: uuid.UUID | None = None,
) -> Contact:
    """Log a contact. Contacts with a perpetrator move their engagement on from 'not contacted'.

    ``new_id`` is the new contact's key, made when the form opened: logging
    again after a lost connection never logs it twice (see ``saved_before``).

    Raises:
        ValidationError: The contact cannot be saved as typed, or it approaches an
            alleged perpetrator without the victim's consent and no reason is given
            (on ``consent_override_reason``, with whose consent is missing).
    """
    columns = _checked_contact(session, case_id, data, now=now)
    if saved := saved_before(session, Contact, new_id, case_id=case_id, **columns):
        return saved
    person_id = data.person_id
    contact = Contact(
        id=new_id or uuid.uuid4(), case_id=case_id, officer_name=officer_name, **columns
    )
    session.add(contact)
    if person_id is not None:
        for party in session.exec(
            select(CaseParty).where(
                CaseParty.case_id == case_id,
                CaseParty.person_id == person_id,
                CaseParty.role == PartyRole.PERPETRATOR,
            )
        ):
            if party.engagement in ("", Engagement.NOT_CONTACTED):
                party.engagement = Engagement.ATTEMPTING
    session.flush()
    case = session.get(Case, case_id)
    if case is not None:
        # A contact changes when the next one is due, never what finds the case.
        refresh_due_dates(session, case, policy)
    return contact


def approach_consent_warning(
    session: Session, case_id: uuid.UUID, data: ContactInput
) -> str | None:
    """Whose consent is missing when this contact approaches an alleged perpetrator, else None.

    Consent counts as it stood when the contact was made; contacts coming in are
    not approaches.
    """
    if data.direction != Direction.OUT or data.person_id is None or data.at.tzinfo is None:
        return None
    perpetrator = session.exec(
        select(CaseParty.id).where(
            CaseParty.case_id == case_id,
            CaseParty.person_id == data.person_id,
            CaseParty.role == PartyRole.PERPETRATOR,
        )
    ).first()
    if perpetrator is None:
        return None
    why = missing_consent(session, case_id, ConsentKind.APPROACH_PERPETRATOR, at=data.at)
    if why is None:
        return None
    return f"{why} This contact approaches the alleged perpetrator: say why it goes ahead."


def _checked_contact(
    session: Session, case_id: uuid.UUID, data: ContactInput, *, now: datetime | None
) -> dict[str, Any]:
    """A contact's stored columns, once every rule holds.

    Raises:
        ValidationError: Every problem found, the missing consent reason included.
    """
    errors = validate_contact(at=data.at, method=data.method, direction=data.direction, now=now)
    warning = approach_consent_warning(session, case_id, data)
    reason = data.consent_override_reason.strip()
    if warning and not reason:
        errors[CONSENT_OVERRIDE] = warning
    if errors:
        raise ValidationError(errors)
    return {
        "person_id": data.person_id,
        "at": data.at,
        "method": data.method,
        "direction": data.direction,
        "outcome": data.outcome,
        "notes": data.notes,
        "not_for_disclosure": data.not_for_disclosure,
        "consent_override_reason": reason if warning else "",
    }


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


def update_contact(
    session: Session,
    contact_id: uuid.UUID,
    version: int,
    data: ContactInput,
    *,
    policy: Policy,
    now: datetime | None = None,
) -> Contact:
    """Edit a logged contact; an approach to an alleged perpetrator is checked as when logged.

    Raises:
        ValidationError: The contact cannot be saved as typed (see ``add_contact``).
        EditConflict: It changed elsewhere meanwhile. NotFound: it was deleted.
    """
    contact = load_record(session, Contact, contact_id)
    columns = _checked_contact(session, contact.case_id, data, now=now)
    update_record(session, contact, version, **columns)
    case = session.get(Case, contact.case_id)
    if case is not None:
        refresh_due_dates(session, case, policy)
    return contact


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
