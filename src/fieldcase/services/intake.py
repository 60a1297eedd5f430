"""Intake: opening a new case, and finding the open case a new report belongs to."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, or_, text
from sqlmodel import Session, col, select

from fieldcase.db.models import Case, CaseParty, Person
from fieldcase.db.store import OFFICER, OfficerIdentity
from fieldcase.domain import dates
from fieldcase.domain.policy import Policy
from fieldcase.domain.reference import next_reference
from fieldcase.domain.vocab import CaseStatus, Category, PartyRole, Strand, join_values
from fieldcase.services.case_file import refresh_case
from fieldcase.services.case_links import EarlierCase, earlier_closed_case, link_to_earlier
from fieldcase.services.case_records import (
    IncidentInput,
    PersonInput,
    add_incident,
    add_party,
    validate_incident,
)
from fieldcase.services.errors import ValidationError
from fieldcase.services.people import KnownPerson, people_it_may_be
from fieldcase.services.properties import (
    find_or_add_property,
    open_cases_at,
    postcode_problem,
    typed_address,
)
from fieldcase.services.record_checks import person_problems
from fieldcase.services.records import already_saved


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
    if postcode_problem(data.postcode):
        errors["postcode"] = postcode_problem(data.postcode)
    victims = [p for p in data.people if p.role == PartyRole.VICTIM]
    if not victims:
        errors["people"] = "Add the victim (name required)."
    today = dates.local_today(now)
    for i, person in enumerate(data.people):
        label = PartyRole(person.role).label.lower()
        if not person.full_name.strip() and person.role != PartyRole.PERPETRATOR:
            errors[f"people.{i}"] = f"A {label} needs a name."
        born, age = person.date_of_birth, person.age_given
        errors.update(person_problems(born, age, today=today, prefix=f"people.{i}."))
    if data.incident is not None:
        errors.update(validate_incident(data.incident, prefix="incident.", now=now))
    return errors


@dataclass(frozen=True)
class OpenCaseMatch:
    """An open case a new report may belong to, and why."""

    case_id: uuid.UUID
    reference: str
    reason: str
    """E.g. "Marta Nowicka is the victim in open case FC-2026-0003"."""


@dataclass(frozen=True)
class MaybeKnown:
    """A person typed into the new-case form who may already be known."""

    index: int
    """Their place in ``NewCaseInput.people``."""
    matches: list[KnownPerson]
    """Who they may be, most likely first, each with why."""


@dataclass(frozen=True)
class NewCaseCheck:
    """What checking a new case before opening it found."""

    errors: dict[str, str]
    """Field -> message for every problem; nothing else is looked at while there are any."""
    open_cases: list[OpenCaseMatch] = field(default_factory=list)
    """Open cases the new report may belong to: the victim's own, and those at the address."""
    people_known: list[MaybeKnown] = field(default_factory=list)
    """People typed (not picked) who may already be known: ask before making new records."""
    earlier_case: EarlierCase | None = None
    """The closed case a new case would follow (and be linked to): the victim's, or the
    address's, most recently closed."""


def check_new_case(
    session: Session, data: NewCaseInput, *, now: datetime, new_id: uuid.UUID | None = None
) -> NewCaseCheck:
    """Check a new case; look for people already known and the open cases it may belong to.

    With ``new_id``, the key the form made for the case: when an earlier try
    already opened it, there is nothing to ask (its own victim and address are
    not another case, and its people are not someone else).
    """
    errors = validate_new_case(data, now=now)
    if errors or already_saved(session, Case, new_id):
        return NewCaseCheck(errors)
    known = [
        MaybeKnown(i, matches)
        for i, person in enumerate(data.people)
        if (matches := people_it_may_be(session, person))
    ]
    return NewCaseCheck(
        {},
        open_cases_for_report(session, data),
        known,
        earlier_closed_case(session, data.people, data.address, data.postcode),
    )


def create_case(
    session: Session,
    data: NewCaseInput,
    *,
    officer_name: str,
    policy: Policy,
    today: date | None = None,
    now: datetime | None = None,
    new_id: uuid.UUID | None = None,
) -> Case:
    """Open a new case with its property, people and first incident.

    A case following a closed case of the same victim or address is linked to it.
    ``new_id`` is the key made when the form opened: a case, its people and
    incident are saved in one transaction, so if an earlier try with this key
    committed (its answer lost on the way back), that case is returned and
    nothing is added twice.

    Raises:
        ValidationError: Something typed cannot be saved; nothing is written.
    """
    errors = validate_new_case(data, now=now)
    if errors:
        raise ValidationError(errors)
    if saved := already_saved(session, Case, new_id):
        return saved
    today = today or dates.local_today()
    earlier = earlier_closed_case(session, data.people, data.address, data.postcode)
    prop = find_or_add_property(session, data.address, data.postcode, data.tenancy_ref)
    case = Case(
        id=new_id or uuid.uuid4(),
        reference=next_reference(today.year, _references_used(session, today.year)),
        category=data.category,
        strands=join_values(data.strands),
        status=CaseStatus.OPEN,
        officer_name=officer_name,
        police_refs=data.police_refs.strip(),
        summary=data.summary.strip(),
        property_id=prop.id,
        opened_on=today,
        team=_team(session),
    )
    session.add(case)
    session.flush()
    for person in data.people:
        lives_there = person.role in (PartyRole.VICTIM, PartyRole.HOUSEHOLD)
        add_party(session, case.id, person, property_id=prop.id if lives_there else None)
    if data.incident is not None:
        add_incident(session, case.id, data.incident, policy=policy, now=now)
    if earlier is not None:
        link_to_earlier(session, case, earlier)
    refresh_case(session, case, policy)
    return case


def _team(session: Session) -> str | None:
    """On a team server, the officer's team: a new case belongs to it."""
    officer = session.info.get(OFFICER)
    return officer.team if isinstance(officer, OfficerIdentity) else None


def _references_used(session: Session, year: int) -> list[str]:
    """Every reference given out in ``year``, in every team.

    On PostgreSQL an officer sees only their team's cases, so the references
    come from a function that sees them all and holds a lock until this
    transaction ends: two officers opening cases at once get different numbers.
    """
    if session.get_bind().dialect.name == "postgresql":
        found = session.execute(text("SELECT fieldcase_case_references(:year)"), {"year": year})
        return [str(ref) for ref in found.scalars()]
    like = f"FC-{year:04d}-%"
    return list(session.exec(select(Case.reference).where(col(Case.reference).like(like))).all())


def find_open_case_for_person(
    session: Session, name: str, person_id: uuid.UUID | None = None
) -> list[Case]:
    """Open cases in which this person (by id when known, else by name) is a victim or
    household member: a new report belongs there."""
    same = (
        col(Person.id) == person_id
        if person_id is not None
        else func.lower(Person.full_name) == name.strip().lower()
    )
    return list(
        session.exec(
            select(Case)
            .join(CaseParty, col(CaseParty.case_id) == Case.id)
            .join(Person, col(Person.id) == CaseParty.person_id)
            .where(
                same,
                Case.status != CaseStatus.CLOSED,
                or_(
                    col(CaseParty.role) == PartyRole.VICTIM,
                    col(CaseParty.role) == PartyRole.HOUSEHOLD,
                ),
            )
        ).all()
    )


def open_cases_for_report(session: Session, data: NewCaseInput) -> list[OpenCaseMatch]:
    """Open cases a new report may belong to: the victim's own, and those at the same address.

    The address matches however it was typed (see ``properties.matching_properties``).
    """
    matches: dict[uuid.UUID, OpenCaseMatch] = {}
    for person in data.people:
        if person.role != PartyRole.VICTIM or not person.full_name.strip():
            continue
        for case in find_open_case_for_person(session, person.full_name, person.person_id):
            matches.setdefault(
                case.id,
                OpenCaseMatch(
                    case.id,
                    case.reference,
                    f"{person.full_name.strip()} is already in open case {case.reference}.",
                ),
            )
    try:
        typed = typed_address(data.address, data.postcode)
    except ValidationError:
        return list(matches.values())
    for case in open_cases_at(session, typed):
        matches.setdefault(
            case.id,
            OpenCaseMatch(
                case.id,
                case.reference,
                f"Open case {case.reference} is at the same address, {typed.address}.",
            ),
        )
    return list(matches.values())
