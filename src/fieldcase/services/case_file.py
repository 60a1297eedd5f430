"""The case file: one case with everything on its screen, its details, and its derived columns."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC

from sqlalchemy import func
from sqlmodel import Session, col, select

from fieldcase.db import audit
from fieldcase.db.models import Action, Case, CaseParty, Contact, Incident, Person, Property
from fieldcase.domain import dates
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import CaseStatus, Category, PartyRole, RiskLevel, join_values
from fieldcase.services.errors import NotFound, ValidationError
from fieldcase.services.properties import search_words
from fieldcase.services.records import load_record as load_record
from fieldcase.services.records import update_record as update_record


@dataclass(frozen=True)
class PartyView:
    """A person in their role on a case."""

    party: CaseParty
    person: Person
    home: Property | None = None
    """Where they live, when known: the case's property or their own address."""


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


def refresh_case(session: Session, case: Case, policy: Policy) -> None:
    """Recompute the case's search text and due dates from its people and contacts."""
    refresh_search_text(session, case)
    refresh_due_dates(session, case, policy)


def refresh_search_text(session: Session, case: Case) -> None:
    """Recompute the words the caseload search finds the case by: its reference, police
    references, crime numbers, people's names and address."""
    names = session.exec(
        select(Person.full_name)
        .select_from(CaseParty)
        .join(Person, col(Person.id) == CaseParty.person_id)
        .where(CaseParty.case_id == case.id)
    ).all()
    prop = session.get(Property, case.property_id) if case.property_id else None
    crime_numbers = session.exec(
        select(Incident.police_crime_number).where(
            Incident.case_id == case.id, Incident.police_crime_number != ""
        )
    ).all()
    words = [case.reference, case.police_refs, *crime_numbers, *names]
    if prop is not None:
        words += search_words(prop)
    case.search_text = " | ".join(w for w in words if w).lower()
    session.flush()


def refresh_due_dates(session: Session, case: Case, policy: Policy) -> None:
    """Recompute when the victim was last contacted and when the next contact is due."""
    last = session.exec(
        select(func.max(Contact.at))
        .join(
            CaseParty,
            (col(CaseParty.person_id) == Contact.person_id)
            & (col(CaseParty.case_id) == Contact.case_id),
        )
        .where(Contact.case_id == case.id, CaseParty.role == PartyRole.VICTIM)
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
        PartyView(party=party, person=person, home=home)
        for party, person, home in session.exec(
            select(CaseParty, Person, Property)
            .join(Person, col(Person.id) == CaseParty.person_id)
            .outerjoin(Property, col(Property.id) == CaseParty.property_id)
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
            select(Contact)
            .where(Contact.case_id == case_id)
            .order_by(col(Contact.at).desc(), col(Contact.created_at).desc())
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


def case_by_reference(session: Session, reference: str) -> Case:
    """The case with this reference, however its letters are cased.

    Raises:
        NotFound: No case has that reference.
    """
    case = session.exec(
        select(Case).where(func.upper(Case.reference) == reference.strip().upper())
    ).first()
    if case is None:
        raise NotFound(f"There is no case {reference.strip()}.")
    return case


@dataclass
class CaseDetailsInput:
    """A case's category, strands, status, police references and summary, as edited."""

    category: str
    strands: list[str]
    status: str
    police_refs: str = ""
    summary: str = ""


def update_case_details(
    session: Session,
    case_id: uuid.UUID,
    version: int,
    data: CaseDetailsInput,
    *,
    policy: Policy,
) -> Case:
    """Edit a case's category, strands, status (open or monitoring), police references and
    summary. Closing and reopening have their own questions (``services.closure``).

    Raises:
        ValidationError: Something cannot be saved, or the status would close or reopen the
            case; nothing is written.
        EditConflict: The case was changed elsewhere since the form opened.
    """
    category, strands, status = data.category, data.strands, data.status
    police_refs, summary = data.police_refs, data.summary
    errors: dict[str, str] = {}
    if category not in set(Category):
        errors["category"] = "Choose a category."
    elif Category(category).is_hate and not strands:
        errors["strands"] = "A hate case needs at least one perceived strand."
    case = load_record(session, Case, case_id)
    if status not in set(CaseStatus):
        errors["status"] = "Choose a status."
    elif status == CaseStatus.CLOSED and case.status != CaseStatus.CLOSED:
        errors["status"] = (
            "Close the case with Close case (C on the case file): it records the outcome, "
            "the victim's satisfaction and what is still live."
        )
    elif case.status == CaseStatus.CLOSED and status != CaseStatus.CLOSED:
        errors["status"] = "Reopen the case with Reopen (C on the case file), giving the reason."
    if errors:
        raise ValidationError(errors)
    update_record(
        session,
        case,
        version,
        category=category,
        strands=join_values(strands),
        status=status,
        police_refs=police_refs.strip(),
        summary=summary,
    )
    refresh_case(session, case, policy)
    return case
