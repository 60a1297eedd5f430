"""Before a visit: the briefing, the safety plan in sentences, and a visit in one line."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, col, select

from fieldcase.db import audit
from fieldcase.db.models import Case, Contact, Person, Property, Visit
from fieldcase.domain.visits import Attendee, attendees_from_json, kind_label
from fieldcase.domain.vocab import PartyRole
from fieldcase.domain.when import format_time, format_when
from fieldcase.services.cautions import CautionView, cautions_for
from fieldcase.services.consent import CONSENTING_ROLES
from fieldcase.services.errors import NotFound
from fieldcase.services.visit_planning import (
    Party,
    case_parties,
    case_reference,
    get_visit,
    missing_approach_consent,
    place_text,
)


@dataclass(frozen=True)
class Briefing:
    """Everything to know before knocking."""

    visit: Visit
    case: Case
    place: str
    visited: Party | None
    residents: list[Party]
    cautions: list[CautionView]
    safety_plan: list[str]
    attendees: list[Attendee]
    do_not_disclose: list[str]
    consent: str
    recent_contacts: list[tuple[Contact, str]]
    """The last three contacts on the case, with whom; for a visit to an alleged
    perpetrator, none with the victim or their household (their notes stay off the doorstep)."""


@dataclass(frozen=True)
class VisitSummary:
    """One visit in a line, for dialogs and alerts; detached from the session."""

    visit_id: uuid.UUID
    case_id: uuid.UUID
    reference: str
    kind: str
    planned_at: datetime
    status: str
    visited: Party | None
    property_id: uuid.UUID | None
    place: str

    @property
    def title(self) -> str:
        """Like ``FC-2026-0001 · Joint visit with police · Thu 26 Nov 2026 10:30``."""
        kind = kind_label(self.kind)
        return f"{self.reference} · {kind} · {format_when(self.planned_at)}"


def visit_summary(session: Session, visit_id: uuid.UUID) -> VisitSummary:
    """A visit in a line, with the person visited.

    Raises:
        NotFound: There is no such visit.
    """
    visit = get_visit(session, visit_id)
    parties = case_parties(session, visit.case_id)
    prop = session.get(Property, visit.property_id) if visit.property_id else None
    return VisitSummary(
        visit_id=visit.id,
        case_id=visit.case_id,
        reference=case_reference(session, visit.case_id),
        kind=visit.kind,
        planned_at=visit.planned_at,
        status=visit.status,
        visited=next((p for p in parties if p.person_id == visit.person_id), None),
        property_id=visit.property_id,
        place=place_text(visit.place_kind, visit.place_detail, prop),
    )


def briefing(session: Session, visit_id: uuid.UUID) -> Briefing:
    """Everything to know before the visit; opening it is recorded in the audit trail.

    Raises:
        NotFound: There is no such visit.
    """
    visit = get_visit(session, visit_id)
    case = session.get(Case, visit.case_id)
    if case is None:
        raise NotFound("That case is not in this database.")
    parties = case_parties(session, case.id)
    visited = next((p for p in parties if p.person_id == visit.person_id), None)
    prop = session.get(Property, visit.property_id) if visit.property_id else None
    residents = [p for p in parties if prop is not None and p.property_id == prop.id]
    approaches = visited is not None and visited.role == PartyRole.PERPETRATOR
    do_not = [line for line in visit.do_not_disclose.splitlines() if line.strip()]
    if approaches:
        do_not.insert(0, "Who reported, and anything that would identify the victim.")
    if approaches:
        warning = missing_approach_consent(session, case.id)
        if warning is None:
            consent_text = "The victim has consented to approaching the alleged perpetrator."
        elif visit.consent_override_reason:
            consent_text = f"{warning} Going ahead because: {visit.consent_override_reason}"
        else:
            consent_text = warning
    else:
        consent_text = "Not a visit to an alleged perpetrator."
    contacts_query = (
        select(Contact, Person.full_name)
        .outerjoin(Person, col(Person.id) == Contact.person_id)
        .where(Contact.case_id == case.id)
    )
    if approaches:
        affected = [p.person_id for p in parties if p.role in CONSENTING_ROLES]
        contacts_query = contacts_query.where(
            or_(col(Contact.person_id).is_(None), col(Contact.person_id).not_in(affected))
        )
    contacts = session.exec(contacts_query.order_by(col(Contact.at).desc()).limit(3)).all()
    audit.record(session, action="view", entity="visit", entity_id=str(visit.id), case_id=case.id)
    return Briefing(
        visit=visit,
        case=case,
        place=place_text(visit.place_kind, visit.place_detail, prop),
        visited=visited,
        residents=residents,
        cautions=cautions_for(session, property_id=visit.property_id, person_id=visit.person_id),
        safety_plan=safety_plan_lines(visit, parties),
        attendees=attendees_from_json(visit.attendees),
        do_not_disclose=do_not,
        consent=consent_text,
        recent_contacts=[(c, name or "") for c, name in contacts],
    )


def safety_plan_lines(visit: Visit, parties: list[Party] | None = None) -> list[str]:
    """The safety plan in plain sentences, in the order officers check it."""
    lines = []
    if visit.plain_clothes:
        lines.append("Police in plain clothes.")
    if visit.unmarked_vehicle:
        lines.append("Unmarked vehicle.")
    if visit.park_away:
        lines.append(f"Park away from the property: {visit.park_where}.")
        if visit.approach_route:
            lines.append(f"Approach route: {visit.approach_route}.")
    if visit.no_branding:
        lines.append("No lanyards or branded items.")
    if visit.pre_call:
        numbers = [
            f"{p.name} {p.safe_contact_number}"
            for p in parties or []
            if p.role == PartyRole.VICTIM and p.safe_contact_number
        ]
        where = f" ({'; '.join(numbers)})" if numbers else " (no safe number recorded)"
        lines.append(f"Call the victim beforehand on their safe number{where}.")
    if visit.in_pairs:
        lines.append("Go in pairs.")
    if visit.buddy_name and visit.checkin_at is not None:
        lines.append(
            f"Buddy {visit.buddy_name} expects a check-in by {format_time(visit.checkin_at)}."
        )
    if visit.code_word_agreed:
        lines.append(f"Code word agreed; held by {visit.code_word_holder}.")
    return lines or ["No safety measures recorded."]
