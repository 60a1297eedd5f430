"""Planning visits with a safety plan, briefing before them, recording what happened.

One function per user action. The code word of a visit is never stored: only
that one was agreed and who holds it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from fieldcase.config import Policy
from fieldcase.db import audit
from fieldcase.db.models import Case, CaseParty, Contact, Person, Property, Visit
from fieldcase.domain.protection import ConsentKind
from fieldcase.domain.visits import (
    Attendee,
    AttendeeRole,
    PlaceKind,
    VisitKind,
    VisitStatus,
    attendees_from_json,
    attendees_to_json,
    validate_attendees,
)
from fieldcase.domain.vocab import CautionKind, ContactMethod, ContactOutcome, Engagement, PartyRole
from fieldcase.domain.when import format_time, format_when
from fieldcase.services import case_records, consent
from fieldcase.services.case_records import ActionInput, ContactInput
from fieldcase.services.cautions import CautionView, add_caution, cautions_for
from fieldcase.services.errors import EditConflict, NotFound, ValidationError

PAST_GRACE = timedelta(minutes=15)
"""A visit 'planned' this far in the past is still accepted (the officer is setting off)."""
MAX_DURATION_MINUTES = 8 * 60
MAX_CHECKIN_AFTER = timedelta(hours=12)

PERPETRATOR_KINDS = (VisitKind.PERPETRATOR_INTERVIEW, VisitKind.ABC_SIGNING)
"""Visit types that are always with an alleged perpetrator."""

_CONTACT_OUTCOME = {
    VisitStatus.COMPLETED: ContactOutcome.SPOKE,
    VisitStatus.NO_ACCESS: ContactOutcome.NO_ACCESS,
    VisitStatus.REFUSED: ContactOutcome.REFUSED,
}


@dataclass
class VisitInput:
    """Everything the plan-a-visit form collects."""

    kind: str
    planned_at: datetime | None
    """Aware; ``None`` when nothing usable was typed."""
    duration_minutes: int = 60
    place_kind: str = PlaceKind.PROPERTY
    place_detail: str = ""
    """The venue or station; for the property, a note such as 'side door'."""
    person_id: uuid.UUID | None = None
    attendees: list[Attendee] = field(default_factory=list)
    plain_clothes: bool = False
    unmarked_vehicle: bool = False
    park_away: bool = False
    park_where: str = ""
    approach_route: str = ""
    no_branding: bool = False
    pre_call: bool = False
    in_pairs: bool = False
    buddy_name: str = ""
    checkin_at: datetime | None = None
    code_word_agreed: bool = False
    code_word_holder: str = ""
    """Who holds the code word. There is deliberately no field for the word."""
    do_not_disclose: str = ""
    consent_override_reason: str = ""


@dataclass(frozen=True)
class Party:
    """A person on the case, as the visit form offers them."""

    person_id: uuid.UUID
    name: str
    role: str
    engagement: str
    property_id: uuid.UUID | None
    safe_contact_number: str

    @property
    def label(self) -> str:
        """Like ``Dan Reeve (Alleged perpetrator)``."""
        role = PartyRole(self.role).label if self.role in set(PartyRole) else self.role
        return f"{self.name} ({role})"


@dataclass(frozen=True)
class PlanningFacts:
    """What the plan form shows for a choice of person and place."""

    property_id: uuid.UUID | None
    """The address visited, when the visit is at a property."""
    place: str
    """Where the visit is, in words."""
    cautions: list[CautionView]
    approaches_perpetrator: bool
    consent_warning: str | None
    """Set when the visit contacts an alleged perpetrator without the victim's consent."""
    victim_safe_numbers: list[str]


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
    """The last three contacts on the case, with whom."""


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
        kind = VisitKind(self.kind).label if self.kind in set(VisitKind) else self.kind
        return f"{self.reference} · {kind} · {format_when(self.planned_at)}"


@dataclass
class FollowUp:
    """A follow-up action agreed after a visit."""

    what: str
    who: str = ""
    due_on: date | None = None


@dataclass
class OutcomeInput:
    """What the outcome dialog collects."""

    status: str
    notes: str = ""
    engagement: str | None = None
    """For a visit to an alleged perpetrator: their engagement now, if it changed."""
    follow_ups: list[FollowUp] = field(default_factory=list)
    unsafe: bool = False
    """The visit felt unsafe: add a 'previous unsafe visit' caution marker."""
    unsafe_note: str = ""


def case_parties(session: Session, case_id: uuid.UUID) -> list[Party]:
    """The people on a case, in the order they were added."""
    rows = session.exec(
        select(CaseParty, Person)
        .join(Person, col(Person.id) == CaseParty.person_id)
        .where(CaseParty.case_id == case_id)
        .order_by(col(CaseParty.created_at))
    ).all()
    return [_party(p, person) for p, person in rows]


def case_reference(session: Session, case_id: uuid.UUID) -> str:
    """A case's reference, e.g. ``FC-2026-0007``.

    Raises:
        NotFound: There is no such case.
    """
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound("That case is not in this database.")
    return case.reference


def planning_facts(
    session: Session,
    case_id: uuid.UUID,
    *,
    person_id: uuid.UUID | None,
    place_kind: str,
    place_detail: str = "",
) -> PlanningFacts:
    """Where a visit would be, its caution markers and any consent warning.

    Raises:
        NotFound: There is no such case.
    """
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound("That case is not in this database.")
    parties = case_parties(session, case_id)
    visited = next((p for p in parties if p.person_id == person_id), None)
    prop = _property_for(session, case, visited, place_kind)
    approaches = visited is not None and visited.role == PartyRole.PERPETRATOR
    return PlanningFacts(
        property_id=prop.id if prop else None,
        place=_place_text(place_kind, place_detail, prop),
        cautions=cautions_for(session, property_id=prop.id if prop else None, person_id=person_id),
        approaches_perpetrator=approaches,
        consent_warning=_missing_approach_consent(session, case_id) if approaches else None,
        victim_safe_numbers=[
            f"{p.name}: {p.safe_contact_number}"
            for p in parties
            if p.role == PartyRole.VICTIM and p.safe_contact_number
        ],
    )


def validate_visit(
    session: Session,
    case_id: uuid.UUID,
    data: VisitInput,
    *,
    now: datetime,
    previous_planned_at: datetime | None = None,
) -> dict[str, str]:
    """Check a visit plan; returns field -> message for every problem found."""
    errors: dict[str, str] = {}
    case = session.get(Case, case_id)
    if case is None:
        return {"case": "That case is not in this database."}
    if data.kind not in set(VisitKind):
        errors["kind"] = "Choose the type of visit."
    if data.planned_at is None:
        errors["planned_at"] = "Say when the visit is, e.g. tomorrow 10:30."
    elif data.planned_at.tzinfo is None:
        errors["planned_at"] = "The time must carry a time zone."
    elif data.planned_at < now - PAST_GRACE and data.planned_at != previous_planned_at:
        errors["planned_at"] = (
            f"{format_when(data.planned_at)} has passed: plan the visit for a time to come."
        )
    if not 5 <= data.duration_minutes <= MAX_DURATION_MINUTES:
        errors["duration_minutes"] = "A visit lasts between 5 minutes and 8 hours."
    if data.place_kind not in set(PlaceKind):
        errors["place_kind"] = "Choose where the visit is."
    elif data.place_kind in (PlaceKind.NEUTRAL_VENUE, PlaceKind.OTHER) and not (
        data.place_detail.strip()
    ):
        errors["place_detail"] = "Say where the visit is."

    parties = {p.person_id: p for p in case_parties(session, case_id)}
    visited = parties.get(data.person_id) if data.person_id else None
    if data.person_id is not None and visited is None:
        errors["person_id"] = "Choose someone on this case."
    elif data.kind in PERPETRATOR_KINDS and (
        visited is None or visited.role != PartyRole.PERPETRATOR
    ):
        errors["person_id"] = "Choose the alleged perpetrator this visit is with."

    attendees = [a for a in data.attendees if a.name.strip() or a.collar_number.strip()]
    errors.update(validate_attendees(attendees))
    police = [a for a in attendees if a.role == AttendeeRole.POLICE]
    if not attendees:
        errors["attendees"] = "Add who is going."
    elif data.kind == VisitKind.JOINT_POLICE and not police:
        errors["attendees"] = "A joint visit needs the police officer attending."
    elif data.plain_clothes and not police:
        errors["plain_clothes"] = "Plain clothes is for police attending: add them as attendees."
    elif data.in_pairs and len(attendees) < 2:
        errors["attendees"] = "Going in pairs needs two attendees."

    if data.park_away and not data.park_where.strip():
        errors["park_where"] = "Say where to park."
    if data.buddy_name.strip() and data.checkin_at is None:
        errors["checkin_at"] = "Give the time to check in with the buddy."
    if data.checkin_at is not None:
        if not data.buddy_name.strip():
            errors["buddy_name"] = "Name the buddy who expects the check-in."
        if data.checkin_at.tzinfo is None:
            errors["checkin_at"] = "The time must carry a time zone."
        elif data.planned_at is not None and data.planned_at.tzinfo is not None:
            if data.checkin_at <= data.planned_at:
                errors["checkin_at"] = (
                    f"Check in after the visit starts ({format_time(data.planned_at)})."
                )
            elif data.checkin_at > data.planned_at + MAX_CHECKIN_AFTER:
                errors["checkin_at"] = "Check in within 12 hours of the start."
    if data.code_word_agreed and not data.code_word_holder.strip():
        errors["code_word_holder"] = "Say who holds the code word (never the word itself)."

    if data.place_kind in set(PlaceKind):
        facts = planning_facts(
            session,
            case_id,
            person_id=visited.person_id if visited else None,
            place_kind=data.place_kind,
        )
        alone = any(c.kind == CautionKind.DO_NOT_VISIT_ALONE for c in facts.cautions)
        if alone and len(attendees) < 2 and "attendees" not in errors:
            errors["attendees"] = "A caution says do not visit alone: add a second attendee."
        if facts.consent_warning and not data.consent_override_reason.strip():
            errors["consent_override_reason"] = (
                "The victim has not consented to approaching the alleged perpetrator. "
                "Give the reason to go ahead, or record their consent first."
            )
    return errors


def plan_visit(session: Session, case_id: uuid.UUID, data: VisitInput, *, now: datetime) -> Visit:
    """Plan a visit on a case with its safety plan.

    Raises:
        ValidationError: Something typed cannot be saved; nothing is written.
    """
    errors = validate_visit(session, case_id, data, now=now)
    if errors:
        raise ValidationError(errors)
    visit = Visit(case_id=case_id, kind=data.kind, planned_at=_aware(data.planned_at))
    _apply(session, visit, data)
    session.add(visit)
    session.flush()
    return visit


def update_visit(
    session: Session,
    visit_id: uuid.UUID,
    data: VisitInput,
    *,
    expected_version: int,
    now: datetime,
) -> Visit:
    """Change a planned visit.

    Raises:
        NotFound: The visit is gone.
        EditConflict: It was changed elsewhere since the form opened.
        ValidationError: Something typed cannot be saved; nothing is written.
    """
    visit = _visit(session, visit_id)
    if visit.version != expected_version:
        raise EditConflict("This visit was changed elsewhere since you opened it.")
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError({"status": "The outcome is recorded; the plan can no longer change."})
    errors = validate_visit(
        session, visit.case_id, data, now=now, previous_planned_at=visit.planned_at
    )
    if errors:
        raise ValidationError(errors)
    visit.kind = data.kind
    visit.planned_at = _aware(data.planned_at)
    _apply(session, visit, data)
    session.flush()
    return visit


def visit_input_of(visit: Visit) -> VisitInput:
    """A stored visit as the form's input, for editing."""
    return VisitInput(
        kind=visit.kind,
        planned_at=visit.planned_at,
        duration_minutes=visit.duration_minutes,
        place_kind=visit.place_kind,
        place_detail=visit.place_detail,
        person_id=visit.person_id,
        attendees=attendees_from_json(visit.attendees),
        plain_clothes=visit.plain_clothes,
        unmarked_vehicle=visit.unmarked_vehicle,
        park_away=visit.park_away,
        park_where=visit.park_where,
        approach_route=visit.approach_route,
        no_branding=visit.no_branding,
        pre_call=visit.pre_call,
        in_pairs=visit.in_pairs,
        buddy_name=visit.buddy_name,
        checkin_at=visit.checkin_at,
        code_word_agreed=visit.code_word_agreed,
        code_word_holder=visit.code_word_holder,
        do_not_disclose=visit.do_not_disclose,
        consent_override_reason=visit.consent_override_reason,
    )


def get_visit(session: Session, visit_id: uuid.UUID) -> Visit:
    """One visit.

    Raises:
        NotFound: There is no such visit.
    """
    return _visit(session, visit_id)


def visit_summary(session: Session, visit_id: uuid.UUID) -> VisitSummary:
    """A visit in a line, with the person visited.

    Raises:
        NotFound: There is no such visit.
    """
    visit = _visit(session, visit_id)
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
        place=_place_text(visit.place_kind, visit.place_detail, prop),
    )


def visits_for_case(session: Session, case_id: uuid.UUID) -> list[Visit]:
    """A case's visits, the next planned first, then the rest newest first."""
    return list(
        session.exec(
            select(Visit)
            .where(Visit.case_id == case_id)
            .order_by(col(Visit.status) != VisitStatus.PLANNED, col(Visit.planned_at).desc())
        ).all()
    )


def briefing(session: Session, visit_id: uuid.UUID) -> Briefing:
    """Everything to know before the visit; opening it is recorded in the audit trail.

    Raises:
        NotFound: There is no such visit.
    """
    visit = _visit(session, visit_id)
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
        warning = _missing_approach_consent(session, case.id)
        if warning is None:
            consent_text = "The victim has consented to approaching the alleged perpetrator."
        elif visit.consent_override_reason:
            consent_text = f"{warning} Going ahead because: {visit.consent_override_reason}"
        else:
            consent_text = warning
    else:
        consent_text = "Not a visit to an alleged perpetrator."
    contacts = session.exec(
        select(Contact, Person.full_name)
        .outerjoin(Person, col(Person.id) == Contact.person_id)
        .where(Contact.case_id == case.id)
        .order_by(col(Contact.at).desc())
        .limit(3)
    ).all()
    audit.record(session, action="view", entity="visit", entity_id=str(visit.id), case_id=case.id)
    return Briefing(
        visit=visit,
        case=case,
        place=_place_text(visit.place_kind, visit.place_detail, prop),
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


def start_visit(session: Session, visit_id: uuid.UUID, *, now: datetime) -> Visit:
    """Record that the visit has begun (the check-in clock is running)."""
    visit = _planned(session, visit_id)
    if visit.started_at is None:
        visit.started_at = now
    session.flush()
    return visit


def finish_visit(session: Session, visit_id: uuid.UUID, *, now: datetime) -> Visit:
    """Record that the officers are out and safe; the outcome can follow."""
    visit = _planned(session, visit_id)
    if visit.started_at is None:
        visit.started_at = min(visit.planned_at, now)
    visit.finished_at = now
    session.flush()
    return visit


def extend_checkin(session: Session, visit_id: uuid.UUID, minutes: int, *, now: datetime) -> Visit:
    """Move the check-in time on by ``minutes`` from now (or from the current check-in).

    Raises:
        ValidationError: The visit has no check-in, or the extension is not 5 to 240 minutes.
    """
    visit = _planned(session, visit_id)
    if visit.checkin_at is None:
        raise ValidationError({"checkin_at": "This visit has no check-in time."})
    if not 5 <= minutes <= 240:
        raise ValidationError({"minutes": "Extend by 5 minutes to 4 hours."})
    visit.checkin_at = max(visit.checkin_at, now) + timedelta(minutes=minutes)
    session.flush()
    return visit


def validate_outcome(visit: Visit, data: OutcomeInput, *, now: datetime) -> dict[str, str]:
    """Check an outcome; returns field -> message."""
    errors: dict[str, str] = {}
    if visit.status != VisitStatus.PLANNED:
        errors["status"] = "The outcome of this visit is already recorded."
        return errors
    if data.status not in set(VisitStatus.outcomes()):
        errors["status"] = "Choose what happened: completed, no access, refused or cancelled."
    elif data.status != VisitStatus.CANCELLED and visit.planned_at > now + PAST_GRACE:
        errors["status"] = "The visit has not happened yet: it can only be cancelled."
    if data.engagement is not None and data.engagement not in set(Engagement):
        errors["engagement"] = "Choose the engagement status."
    if data.unsafe and not data.unsafe_note.strip():
        errors["unsafe_note"] = "Say what made the visit unsafe."
    elif data.unsafe and visit.property_id is None and visit.person_id is None:
        errors["unsafe"] = "The visit has no address or person to put a caution on."
    for i, item in enumerate(data.follow_ups):
        if not item.what.strip():
            errors[f"follow_ups.{i}"] = "Say what is to be done."
    return errors


def record_outcome(
    session: Session,
    visit_id: uuid.UUID,
    data: OutcomeInput,
    *,
    now: datetime,
    officer_name: str,
    policy: Policy,
) -> Visit:
    """Record what happened on a visit.

    A visit that took place is logged as a contact with the person seen (which
    moves an alleged perpetrator from 'not contacted' to 'attempting'); the
    officer's engagement choice then applies. Follow-ups become actions, and an
    unsafe visit leaves a caution marker on the address (or the person).

    Raises:
        NotFound: The visit is gone.
        ValidationError: The outcome cannot be saved; nothing is written.
    """
    visit = _visit(session, visit_id)
    errors = validate_outcome(visit, data, now=now)
    party = _perpetrator_party(session, visit)
    if data.engagement is not None and party is None:
        errors["engagement"] = "Engagement is recorded for alleged perpetrators only."
    if errors:
        raise ValidationError(errors)
    visit.status = data.status
    visit.outcome_notes = data.notes.strip()
    if data.status != VisitStatus.CANCELLED:
        visit.started_at = visit.started_at or min(visit.planned_at, now)
        visit.finished_at = visit.finished_at or now
        kind = VisitKind(visit.kind).label if visit.kind in set(VisitKind) else visit.kind
        notes = f"{kind} visit: {VisitStatus(data.status).label.lower()}."
        if visit.outcome_notes:
            notes += f"\n{visit.outcome_notes}"
        case_records.add_contact(
            session,
            visit.case_id,
            ContactInput(
                at=visit.started_at,
                method=ContactMethod.VISIT,
                person_id=visit.person_id,
                outcome=_CONTACT_OUTCOME[VisitStatus(data.status)],
                notes=notes,
            ),
            officer_name=officer_name,
            policy=policy,
            now=now,
        )
    if party is not None and data.engagement is not None:
        case_records.set_engagement(session, party.id, data.engagement)
    for item in data.follow_ups:
        case_records.add_action(
            session, visit.case_id, ActionInput(what=item.what, who=item.who, due_on=item.due_on)
        )
    if data.unsafe:
        add_caution(
            session,
            kind=CautionKind.UNSAFE_VISIT,
            property_id=visit.property_id,
            person_id=None if visit.property_id else visit.person_id,
            note=f"{format_when(visit.planned_at)}: {data.unsafe_note.strip()}",
            added_by=officer_name,
        )
    session.flush()
    return visit


def suggested_engagement(status: str, current: str) -> str:
    """The engagement the outcome dialog proposes for a perpetrator visit."""
    match status:
        case VisitStatus.COMPLETED:
            return Engagement.ENGAGED
        case VisitStatus.REFUSED:
            return Engagement.REFUSED
        case VisitStatus.NO_ACCESS if current in ("", Engagement.NOT_CONTACTED):
            return Engagement.ATTEMPTING
        case _:
            return current or Engagement.NOT_CONTACTED


def _perpetrator_party(session: Session, visit: Visit) -> CaseParty | None:
    if visit.person_id is None:
        return None
    return session.exec(
        select(CaseParty).where(
            CaseParty.case_id == visit.case_id,
            CaseParty.person_id == visit.person_id,
            CaseParty.role == PartyRole.PERPETRATOR,
        )
    ).first()


def _missing_approach_consent(session: Session, case_id: uuid.UUID) -> str | None:
    """Why approaching the perpetrator lacks the victim's consent, or None when it stands."""
    return consent.missing_consent(session, case_id, ConsentKind.APPROACH_PERPETRATOR)


def _apply(session: Session, visit: Visit, data: VisitInput) -> None:
    case = session.get(Case, visit.case_id)
    assert case is not None
    parties = case_parties(session, visit.case_id)
    visited = next((p for p in parties if p.person_id == data.person_id), None)
    prop = _property_for(session, case, visited, data.place_kind)
    visit.person_id = data.person_id
    visit.property_id = prop.id if prop else None
    visit.duration_minutes = data.duration_minutes
    visit.place_kind = data.place_kind
    visit.place_detail = data.place_detail.strip()
    visit.attendees = attendees_to_json(
        [
            Attendee(a.name.strip(), a.role, a.collar_number.strip())
            for a in data.attendees
            if a.name.strip()
        ]
    )
    visit.plain_clothes = data.plain_clothes
    visit.unmarked_vehicle = data.unmarked_vehicle
    visit.park_away = data.park_away
    visit.park_where = data.park_where.strip() if data.park_away else ""
    visit.approach_route = data.approach_route.strip() if data.park_away else ""
    visit.no_branding = data.no_branding
    visit.pre_call = data.pre_call
    visit.in_pairs = data.in_pairs
    visit.buddy_name = data.buddy_name.strip()
    visit.checkin_at = data.checkin_at
    visit.code_word_agreed = data.code_word_agreed
    visit.code_word_holder = data.code_word_holder.strip() if data.code_word_agreed else ""
    visit.do_not_disclose = data.do_not_disclose.strip()
    visit.consent_override_reason = (
        data.consent_override_reason.strip()
        if _missing_approach_consent(session, visit.case_id)
        and visited
        and visited.role == PartyRole.PERPETRATOR
        else ""
    )


def _property_for(
    session: Session, case: Case, visited: Party | None, place_kind: str
) -> Property | None:
    if place_kind != PlaceKind.PROPERTY:
        return None
    property_id = visited.property_id if visited and visited.property_id else case.property_id
    return session.get(Property, property_id) if property_id else None


def _place_text(place_kind: str, detail: str, prop: Property | None) -> str:
    if place_kind == PlaceKind.PROPERTY:
        address = ", ".join(x for x in (prop.address, prop.postcode) if x) if prop else "No address"
        return f"{address} ({detail.strip()})" if detail.strip() else address
    label = PlaceKind(place_kind).label if place_kind in set(PlaceKind) else place_kind
    return f"{label}: {detail.strip()}" if detail.strip() else label


def _party(party: CaseParty, person: Person) -> Party:
    return Party(
        person_id=person.id,
        name=person.full_name,
        role=party.role,
        engagement=party.engagement,
        property_id=party.property_id,
        safe_contact_number=person.safe_contact_number,
    )


def _visit(session: Session, visit_id: uuid.UUID) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound("That visit is no longer in the database.")
    return visit


def _planned(session: Session, visit_id: uuid.UUID) -> Visit:
    visit = _visit(session, visit_id)
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError({"status": "The outcome of this visit is already recorded."})
    return visit


def _aware(moment: datetime | None) -> datetime:
    assert moment is not None
    return moment


def count_planned(session: Session, case_id: uuid.UUID) -> int:
    """How many visits on the case are still planned, for the case file summary."""
    return int(
        session.exec(
            select(func.count())
            .select_from(Visit)
            .where(Visit.case_id == case_id, Visit.status == VisitStatus.PLANNED)
        ).one()
    )


def next_planned(session: Session, case_id: uuid.UUID, *, now: datetime) -> Visit | None:
    """The case's next planned visit from now, if any."""
    return session.exec(
        select(Visit)
        .where(
            Visit.case_id == case_id,
            Visit.status == VisitStatus.PLANNED,
            col(Visit.planned_at) >= now,
        )
        .order_by(col(Visit.planned_at))
    ).first()
