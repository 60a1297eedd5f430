"""Opening, finding and keeping up a case file."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import case as sql_case
from sqlalchemy import func, or_
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from fieldcase.config import Policy
from fieldcase.db import audit
from fieldcase.db.models import (
    Action,
    Case,
    CaseParty,
    Contact,
    Incident,
    Person,
    Property,
)
from fieldcase.domain import dates
from fieldcase.domain.reference import next_reference
from fieldcase.domain.vocab import (
    CaseStatus,
    Category,
    ContactMethod,
    Direction,
    Engagement,
    IncidentType,
    PartyRole,
    RiskLevel,
    Strand,
    join_values,
    split_values,
)
from fieldcase.services.errors import EditConflict, NotFound, ValidationError

PAGE_SIZE = 50


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


@dataclass
class NewCaseInput:
    """Everything the new-case form collects."""

    category: str
    strands: list[str]
    address: str
    postcode: str = ""
    tenancy_ref: str = ""
    summary: str = ""
    police_refs: str = ""
    people: list[PersonInput] = field(default_factory=list)
    incident: IncidentInput | None = None


@dataclass(frozen=True)
class CaseRow:
    """One line of the caseload list."""

    id: uuid.UUID
    reference: str
    category: str
    strands: list[str]
    status: str
    victim: str
    risk_level: str
    last_contact_at: datetime | None
    next_contact_due: date | None
    review_due: date | None
    officer_name: str

    def overdue(self, today: date) -> bool:
        """True when the next contact was due before today."""
        return self.next_contact_due is not None and self.next_contact_due < today


@dataclass(frozen=True)
class PartyView:
    """A person in their role on a case."""

    party: CaseParty
    person: Person


@dataclass(frozen=True)
class CaseFile:
    """A case with everything shown on its case file screen."""

    case: Case
    property: Property | None
    parties: list[PartyView]
    incidents: list[Incident]
    contacts: list[Contact]
    actions: list[Action]

    def people_in(self, role: PartyRole) -> list[PartyView]:
        """The parties with one role, in the order they were added."""
        return [p for p in self.parties if p.party.role == role]


def validate_new_case(data: NewCaseInput, *, now: datetime | None = None) -> dict[str, str]:
    """Check a new case; returns field -> message for every problem found."""
    errors: dict[str, str] = {}
    if data.category not in set(Category):
        errors["category"] = "Choose a category."
    unknown = [s for s in data.strands if s not in set(Strand)]
    if unknown:
        errors["strands"] = f"Unknown strand: {', '.join(unknown)}."
    if data.category in (Category.HATE_INCIDENT, Category.HATE_CRIME) and not data.strands:
        errors["strands"] = "A hate case needs at least one perceived strand."
    if not data.address.strip():
        errors["address"] = "Give the address of the property where it happened."
    victims = [p for p in data.people if p.role == PartyRole.VICTIM]
    if not victims:
        errors["people"] = "Add the victim (name required)."
    for i, person in enumerate(data.people):
        if not person.full_name.strip() and person.role != PartyRole.PERPETRATOR:
            errors[f"people.{i}"] = f"A {person.role.label.lower()} needs a name."
    if data.incident is not None:
        errors.update(validate_incident(data.incident, prefix="incident.", now=now))
    return errors


def validate_incident(
    data: IncidentInput, prefix: str = "", *, now: datetime | None = None
) -> dict[str, str]:
    """Check an incident; returns field -> message. ``now`` is the current moment."""
    now = now or datetime.now(UTC)
    errors: dict[str, str] = {}
    if data.occurred_at.tzinfo is None:
        errors[prefix + "occurred_at"] = "The time must carry a time zone."
    elif data.occurred_at > now:
        errors[prefix + "occurred_at"] = "An incident cannot be in the future."
    bad = [k for k in data.kinds if k not in set(IncidentType)]
    if bad:
        errors[prefix + "kinds"] = f"Unknown incident type: {', '.join(bad)}."
    if not data.kinds:
        errors[prefix + "kinds"] = "Say what happened (at least one type)."
    if not data.description.strip():
        errors[prefix + "description"] = "Describe what happened."
    return errors


def create_case(
    session: Session,
    data: NewCaseInput,
    *,
    officer_name: str,
    policy: Policy,
    today: date | None = None,
    now: datetime | None = None,
) -> Case:
    """Open a new case with its property, people and first incident.

    Raises:
        ValidationError: Something typed cannot be saved; nothing is written.
    """
    errors = validate_new_case(data, now=now)
    if errors:
        raise ValidationError(errors)
    today = today or dates.local_today()
    prop = _find_or_add_property(session, data.address, data.postcode, data.tenancy_ref)
    existing = session.exec(
        select(Case.reference).where(col(Case.reference).like(f"FC-{today.year:04d}-%"))
    ).all()
    case = Case(
        reference=next_reference(today.year, list(existing)),
        category=data.category,
        strands=join_values(data.strands),
        status=CaseStatus.OPEN,
        officer_name=officer_name,
        police_refs=data.police_refs.strip(),
        summary=data.summary.strip(),
        property_id=prop.id,
        opened_on=today,
    )
    session.add(case)
    session.flush()
    for person in data.people:
        lives_there = person.role in (PartyRole.VICTIM, PartyRole.HOUSEHOLD)
        add_party(session, case.id, person, property_id=prop.id if lives_there else None)
    if data.incident is not None:
        add_incident(session, case.id, data.incident, policy=policy, now=now)
    refresh_case(session, case, policy)
    return case


def _find_or_add_property(session: Session, address: str, postcode: str, tenancy: str) -> Property:
    address = address.strip()
    postcode = postcode.strip().upper()
    found = session.exec(
        select(Property).where(
            func.lower(Property.address) == address.lower(),
            func.upper(Property.postcode) == postcode,
        )
    ).first()
    if found is not None:
        if tenancy and not found.tenancy_ref:
            found.tenancy_ref = tenancy.strip()
        return found
    prop = Property(address=address, postcode=postcode, tenancy_ref=tenancy.strip())
    session.add(prop)
    session.flush()
    return prop


def add_party(
    session: Session,
    case_id: uuid.UUID,
    data: PersonInput,
    *,
    property_id: uuid.UUID | None = None,
    person_id: uuid.UUID | None = None,
) -> CaseParty:
    """Add a person to a case in a role (an existing person when ``person_id`` is given)."""
    full_name = data.full_name.strip()
    if not full_name and person_id is None:
        if data.role != PartyRole.PERPETRATOR:
            raise ValidationError({"full_name": "A name is needed."})
        full_name = "Unknown"
    if person_id is None:
        person = Person(
            full_name=full_name,
            date_of_birth=data.date_of_birth,
            phone=data.phone.strip(),
            safe_contact_number=data.safe_contact_number.strip(),
            preferred_contact_times=data.preferred_contact_times.strip(),
            notes=data.notes,
        )
        session.add(person)
        session.flush()
        person_id = person.id
    if data.address.strip():
        property_id = _find_or_add_property(session, data.address, "", "").id
    party = CaseParty(
        case_id=case_id,
        person_id=person_id,
        role=data.role,
        engagement=Engagement.NOT_CONTACTED if data.role == PartyRole.PERPETRATOR else "",
        property_id=property_id,
    )
    session.add(party)
    session.flush()
    return party


def add_incident(
    session: Session,
    case_id: uuid.UUID,
    data: IncidentInput,
    *,
    policy: Policy,
    now: datetime | None = None,
) -> Incident:
    """Record a new report on a case as an incident of that case.

    Raises:
        ValidationError: The incident cannot be saved as typed.
    """
    errors = validate_incident(data, now=now)
    if errors:
        raise ValidationError(errors)
    incident = Incident(case_id=case_id, **_incident_columns(data))
    session.add(incident)
    session.flush()
    case = session.get(Case, case_id)
    if case is not None:
        refresh_case(session, case, policy)
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
    if at.tzinfo is None:
        errors["at"] = "The time must carry a time zone."
    elif at > (now or datetime.now(UTC)):
        errors["at"] = "A contact that has happened cannot be in the future."
    return errors


def add_contact(
    session: Session,
    case_id: uuid.UUID,
    *,
    at: datetime,
    method: str,
    direction: str = Direction.OUT,
    person_id: uuid.UUID | None = None,
    outcome: str = "",
    notes: str = "",
    officer_name: str = "",
    policy: Policy,
    now: datetime | None = None,
) -> Contact:
    """Log a contact. Contacts with a perpetrator move their engagement on from 'not contacted'.

    Raises:
        ValidationError: The contact cannot be saved as typed.
    """
    errors = validate_contact(at=at, method=method, direction=direction, now=now)
    if errors:
        raise ValidationError(errors)
    contact = Contact(
        case_id=case_id,
        person_id=person_id,
        at=at,
        method=method,
        direction=direction,
        outcome=outcome,
        notes=notes,
        officer_name=officer_name,
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
        refresh_case(session, case, policy)
    return contact


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
    session: Session, case_id: uuid.UUID, *, what: str, who: str = "", due_on: date | None = None
) -> Action:
    """Add an item to the action plan."""
    if not what.strip():
        raise ValidationError({"what": "Say what is to be done."})
    action = Action(case_id=case_id, what=what.strip(), who=who.strip(), due_on=due_on)
    session.add(action)
    session.flush()
    return action


def update_record(session: Session, record: Any, expected_version: int, **changes: Any) -> Any:
    """Apply edits to a loaded row, refusing if it changed since the form opened.

    Raises:
        EditConflict: Someone else saved the row in the meantime.
    """
    conflict = EditConflict("This record was changed elsewhere since you opened it.")
    if record.version != expected_version:
        raise conflict
    for name, value in changes.items():
        setattr(record, name, value)
    try:
        session.flush()
    except StaleDataError as exc:
        # The session's copy was older than the database's: the version check above
        # passed on stale data, and the versioned UPDATE matched no row.
        raise conflict from exc
    return record


def refresh_case(session: Session, case: Case, policy: Policy) -> None:
    """Recompute the case's search text and due dates from its people and contacts."""
    parties = session.exec(
        select(CaseParty, Person)
        .join(Person, col(Person.id) == CaseParty.person_id)
        .where(CaseParty.case_id == case.id)
    ).all()
    prop = session.get(Property, case.property_id) if case.property_id else None
    crime_numbers = session.exec(
        select(Incident.police_crime_number).where(Incident.case_id == case.id)
    ).all()
    words = [case.reference, case.police_refs, *crime_numbers]
    words += [person.full_name for _, person in parties]
    if prop is not None:
        words += [prop.address, prop.postcode, prop.tenancy_ref]
    case.search_text = " | ".join(w for w in words if w).lower()

    victim_ids = [p.person_id for p, _ in parties if p.role == PartyRole.VICTIM]
    last = None
    if victim_ids:
        last = session.exec(
            select(func.max(Contact.at)).where(
                Contact.case_id == case.id, col(Contact.person_id).in_(victim_ids)
            )
        ).one()
    last_aware = last.replace(tzinfo=UTC) if last is not None and last.tzinfo is None else last
    case.last_contact_at = last_aware
    level = RiskLevel(case.risk_level) if case.risk_level else None
    if case.status == CaseStatus.CLOSED:
        case.next_contact_due = None
    else:
        case.next_contact_due = dates.next_contact_due(
            policy,
            opened_on=case.opened_on,
            is_hate=Category(case.category).is_hate,
            level=level,
            last_victim_contact=dates.to_local(last_aware).date() if last_aware else None,
        )
    session.flush()


def search_cases(
    session: Session,
    query: str = "",
    *,
    officer_name: str | None = None,
    include_closed: bool = False,
    today: date | None = None,
    limit: int = PAGE_SIZE,
    offset: int = 0,
) -> list[CaseRow]:
    """One page of cases matching ``query``, most urgent first, filtered in SQL.

    Urgent means: High risk first, then cases not yet assessed (their risk is
    unknown, so they are treated as next most serious), then Medium, then
    Standard. Within each level, overdue contacts or reviews come first, then
    the earliest due date.
    """
    today = today or dates.local_today()
    stmt = _filtered(select(Case), query, officer_name, include_closed)
    overdue_first = sql_case(
        (col(Case.next_contact_due) < today, 0), (col(Case.review_due) < today, 0), else_=1
    )
    risk_rank = sql_case(
        (col(Case.risk_level) == RiskLevel.HIGH, 0),
        (col(Case.risk_level) == RiskLevel.MEDIUM, 2),
        (col(Case.risk_level) == RiskLevel.STANDARD, 3),
        else_=1,
    )
    closed_last = sql_case((col(Case.status) == CaseStatus.CLOSED, 1), else_=0)
    stmt = (
        stmt.order_by(
            closed_last,
            risk_rank,
            overdue_first,
            col(Case.next_contact_due).is_(None),
            col(Case.next_contact_due),
            col(Case.reference).desc(),
        )
        .limit(limit)
        .offset(offset)
    )
    cases = session.exec(stmt).all()
    victims = _victim_names(session, [c.id for c in cases])
    return [
        CaseRow(
            id=c.id,
            reference=c.reference,
            category=c.category,
            strands=split_values(c.strands),
            status=c.status,
            victim=victims.get(c.id, ""),
            risk_level=c.risk_level,
            last_contact_at=c.last_contact_at,
            next_contact_due=c.next_contact_due,
            review_due=c.review_due,
            officer_name=c.officer_name,
        )
        for c in cases
    ]


def count_cases(
    session: Session,
    query: str = "",
    *,
    officer_name: str | None = None,
    include_closed: bool = False,
) -> int:
    """How many cases match, for the list's footer."""
    stmt = _filtered(select(func.count()).select_from(Case), query, officer_name, include_closed)
    return int(session.exec(stmt).one())


def _filtered(stmt: Any, query: str, officer_name: str | None, include_closed: bool) -> Any:
    if not include_closed:
        stmt = stmt.where(Case.status != CaseStatus.CLOSED)
    if officer_name:
        stmt = stmt.where(Case.officer_name == officer_name)
    for word in query.lower().split():
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(col(Case.search_text).like(f"%{escaped}%", escape="\\"))
    return stmt


def _victim_names(session: Session, case_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not case_ids:
        return {}
    rows = session.exec(
        select(CaseParty.case_id, Person.full_name)
        .join(Person, col(Person.id) == CaseParty.person_id)
        .where(col(CaseParty.case_id).in_(case_ids), CaseParty.role == PartyRole.VICTIM)
        .order_by(col(CaseParty.created_at))
    ).all()
    names: dict[uuid.UUID, list[str]] = {}
    for case_id, name in rows:
        names.setdefault(case_id, []).append(name)
    return {cid: ", ".join(n) for cid, n in names.items()}


def load_case_file(session: Session, case_id: uuid.UUID, *, record_view: bool = True) -> CaseFile:
    """Everything the case file screen shows; opening it is recorded in the audit trail.

    Raises:
        NotFound: There is no such case.
    """
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound("That case is not in this database.")
    prop = session.get(Property, case.property_id) if case.property_id else None
    parties = [
        PartyView(party=party, person=person)
        for party, person in session.exec(
            select(CaseParty, Person)
            .join(Person, col(Person.id) == CaseParty.person_id)
            .where(CaseParty.case_id == case_id)
            .order_by(col(CaseParty.created_at))
        ).all()
    ]
    incidents = list(
        session.exec(
            select(Incident)
            .where(Incident.case_id == case_id)
            .order_by(col(Incident.occurred_at).desc())
        ).all()
    )
    contacts = list(
        session.exec(
            select(Contact).where(Contact.case_id == case_id).order_by(col(Contact.at).desc())
        ).all()
    )
    actions = list(
        session.exec(
            select(Action)
            .where(Action.case_id == case_id)
            .order_by(col(Action.done_on).is_not(None), col(Action.due_on))
        ).all()
    )
    if record_view:
        audit.record(session, action="view", entity="case", entity_id=str(case.id), case_id=case.id)
    return CaseFile(case, prop, parties, incidents, contacts, actions)


def find_open_case_for_person(session: Session, name: str) -> list[Case]:
    """Open cases in which a person of this name is a victim: a new report belongs there."""
    return list(
        session.exec(
            select(Case)
            .join(CaseParty, col(CaseParty.case_id) == Case.id)
            .join(Person, col(Person.id) == CaseParty.person_id)
            .where(
                func.lower(Person.full_name) == name.strip().lower(),
                Case.status != CaseStatus.CLOSED,
                or_(
                    col(CaseParty.role) == PartyRole.VICTIM,
                    col(CaseParty.role) == PartyRole.HOUSEHOLD,
                ),
            )
        ).all()
    )


def _load(session: Session, model: type[Any], record_id: uuid.UUID) -> Any:
    record = session.get(model, record_id)
    if record is None:
        raise NotFound("That record is no longer there; it may have been removed elsewhere.")
    return record


def update_person(
    session: Session, person_id: uuid.UUID, version: int, data: PersonInput, *, policy: Policy
) -> Person:
    """Edit a person's details.

    Raises:
        ValidationError: The name is missing. EditConflict: changed elsewhere meanwhile.
    """
    if not data.full_name.strip():
        raise ValidationError({"full_name": "A name is needed (use Unknown if not known)."})
    person = _load(session, Person, person_id)
    update_record(
        session,
        person,
        version,
        full_name=data.full_name.strip(),
        date_of_birth=data.date_of_birth,
        phone=data.phone.strip(),
        safe_contact_number=data.safe_contact_number.strip(),
        preferred_contact_times=data.preferred_contact_times.strip(),
        notes=data.notes,
    )
    for case in session.exec(
        select(Case)
        .join(CaseParty, col(CaseParty.case_id) == Case.id)
        .where(CaseParty.person_id == person_id)
    ).all():
        refresh_case(session, case, policy)
    return person  # type: ignore[no-any-return]


def _incident_columns(data: IncidentInput) -> dict[str, Any]:
    """An incident's stored columns, from what was typed."""
    return {
        "occurred_at": data.occurred_at,
        "kinds": join_values(data.kinds),
        "strands": join_values(data.strands),
        "location": data.location.strip(),
        "who": data.who.strip(),
        "police_crime_number": data.police_crime_number.strip(),
        "description": data.description,
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
    incident = _load(session, Incident, incident_id)
    update_record(session, incident, version, **_incident_columns(data))
    return incident  # type: ignore[no-any-return]


def update_contact(
    session: Session,
    contact_id: uuid.UUID,
    version: int,
    *,
    at: datetime,
    method: str,
    direction: str,
    person_id: uuid.UUID | None,
    outcome: str,
    notes: str,
    policy: Policy,
    now: datetime | None = None,
) -> Contact:
    """Edit a logged contact."""
    errors = validate_contact(at=at, method=method, direction=direction, now=now)
    if errors:
        raise ValidationError(errors)
    contact = _load(session, Contact, contact_id)
    update_record(
        session,
        contact,
        version,
        at=at,
        method=method,
        direction=direction,
        person_id=person_id,
        outcome=outcome,
        notes=notes,
    )
    case = session.get(Case, contact.case_id)
    if case is not None:
        refresh_case(session, case, policy)
    return contact  # type: ignore[no-any-return]


def update_action(
    session: Session,
    action_id: uuid.UUID,
    version: int,
    *,
    what: str,
    who: str,
    due_on: date | None,
    done_on: date | None,
) -> Action:
    """Edit an action, or mark it done."""
    if not what.strip():
        raise ValidationError({"what": "Say what is to be done."})
    action = _load(session, Action, action_id)
    update_record(
        session, action, version, what=what.strip(), who=who.strip(), due_on=due_on, done_on=done_on
    )
    return action  # type: ignore[no-any-return]


def update_case_details(
    session: Session,
    case_id: uuid.UUID,
    version: int,
    *,
    category: str,
    strands: list[str],
    status: str,
    police_refs: str,
    summary: str,
    policy: Policy,
    today: date,
) -> Case:
    """Edit a case's category, strands, status, police references and summary."""
    errors: dict[str, str] = {}
    if category not in set(Category):
        errors["category"] = "Choose a category."
    elif Category(category).is_hate and not strands:
        errors["strands"] = "A hate case needs at least one perceived strand."
    if status not in set(CaseStatus):
        errors["status"] = "Choose a status."
    if errors:
        raise ValidationError(errors)
    case = _load(session, Case, case_id)
    closed_on = case.closed_on
    if status == CaseStatus.CLOSED and case.status != CaseStatus.CLOSED:
        closed_on = today
    elif status != CaseStatus.CLOSED:
        closed_on = None
    update_record(
        session,
        case,
        version,
        category=category,
        strands=join_values(strands),
        status=status,
        police_refs=police_refs.strip(),
        summary=summary,
        closed_on=closed_on,
    )
    refresh_case(session, case, policy)
    return case  # type: ignore[no-any-return]
