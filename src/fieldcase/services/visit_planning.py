"""Planning visits with a safety plan, and finding a case's visits.

One function per user action. The code word of a visit is never stored: only
that one was agreed and who holds it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from fieldcase.db.models import Case, CaseParty, Person, Property, Visit
from fieldcase.domain.protection import ConsentKind
from fieldcase.domain.visits import (
    Attendee,
    PlaceKind,
    VisitStatus,
    attendees_from_json,
    attendees_to_json,
)
from fieldcase.domain.vocab import CautionKind, PartyRole
from fieldcase.services import consent
from fieldcase.services.cautions import CautionView, cautions_for
from fieldcase.services.errors import NotFound, ValidationError
from fieldcase.services.records import already_saved, editing
from fieldcase.services.visit_checks import (
    attendee_errors,
    place_errors,
    safety_plan_errors,
    time_errors,
)


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
        place=place_text(place_kind, place_detail, prop),
        cautions=cautions_for(session, property_id=prop.id if prop else None, person_id=person_id),
        approaches_perpetrator=approaches,
        consent_warning=missing_approach_consent(session, case_id) if approaches else None,
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
    case = session.get(Case, case_id)
    if case is None:
        return {"case": "That case is not in this database."}
    parties = {p.person_id: p for p in case_parties(session, case_id)}
    visited = parties.get(data.person_id) if data.person_id else None
    attendees = [a for a in data.attendees if a.name.strip() or a.collar_number.strip()]
    errors = {
        **time_errors(data, now=now, previous_planned_at=previous_planned_at),
        **place_errors(data),
        **attendee_errors(data, visited, attendees),
        **safety_plan_errors(data),
    }
    errors.update(
        _caution_and_consent_errors(
            session, case_id, data, visited, attendees, attendees_flagged="attendees" in errors
        )
    )
    return errors


def _caution_and_consent_errors(
    session: Session,
    case_id: uuid.UUID,
    data: VisitInput,
    visited: Party | None,
    attendees: list[Attendee],
    *,
    attendees_flagged: bool,
) -> dict[str, str]:
    """What a do-not-visit-alone caution or a missing consent to approach asks of the plan.

    ``attendees_flagged`` says a problem with the attendees is already reported.
    """
    if data.place_kind not in set(PlaceKind):
        return {}
    facts = planning_facts(
        session,
        case_id,
        person_id=visited.person_id if visited else None,
        place_kind=data.place_kind,
    )
    errors: dict[str, str] = {}
    alone = any(c.kind == CautionKind.DO_NOT_VISIT_ALONE for c in facts.cautions)
    if alone and len(attendees) < 2 and not attendees_flagged:
        errors["attendees"] = "A caution says do not visit alone: add a second attendee."
    if facts.consent_warning and not data.consent_override_reason.strip():
        errors["consent_override_reason"] = (
            "The victim has not consented to approaching the alleged perpetrator. "
            "Give the reason to go ahead, or record their consent first."
        )
    return errors


def save_visit_plan(
    session: Session,
    case_id: uuid.UUID,
    data: VisitInput,
    *,
    now: datetime,
    visit_id: uuid.UUID | None = None,
    expected_version: int = 0,
    unreadable: dict[str, str] | None = None,
    new_id: uuid.UUID | None = None,
) -> Visit:
    """Check and save the plan form: a new visit (keyed ``new_id``), or a change to ``visit_id``.

    ``unreadable`` holds the form's messages for what it could not read (a time,
    a duration); they are reported with every other problem, and nothing is saved.

    Raises:
        NotFound: The visit is gone.
        EditConflict: It was changed elsewhere since the form opened.
        ValidationError: Something typed cannot be saved; nothing is written.
    """
    if visit_id is None:
        return plan_visit(session, case_id, data, now=now, unreadable=unreadable, new_id=new_id)
    return update_visit(
        session, visit_id, data, expected_version=expected_version, now=now, unreadable=unreadable
    )


def plan_visit(
    session: Session,
    case_id: uuid.UUID,
    data: VisitInput,
    *,
    now: datetime,
    unreadable: dict[str, str] | None = None,
    new_id: uuid.UUID | None = None,
) -> Visit:
    """Plan a visit on a case with its safety plan.
    ``new_id`` is the key made when the form opened (see ``records.already_saved``).

    Raises:
        ValidationError: Something typed cannot be saved; nothing is written.
    """
    if saved := already_saved(session, Visit, new_id):
        return saved
    errors = validate_visit(session, case_id, data, now=now) | (unreadable or {})
    if errors:
        raise ValidationError(errors)
    visit = Visit(
        id=new_id or uuid.uuid4(),
        case_id=case_id,
        kind=data.kind,
        planned_at=_aware(data.planned_at),
    )
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
    unreadable: dict[str, str] | None = None,
) -> Visit:
    """Change a planned visit.

    Raises:
        NotFound: The visit is gone.
        EditConflict: It was changed elsewhere since the form opened.
        ValidationError: Something typed cannot be saved; nothing is written.
    """
    visit = _visit(session, visit_id)
    with editing(session, visit, expected_version):
        if visit.status != VisitStatus.PLANNED:
            raise ValidationError(
                {"status": "The outcome is recorded; the plan can no longer change."}
            )
        errors = validate_visit(
            session, visit.case_id, data, now=now, previous_planned_at=visit.planned_at
        ) | (unreadable or {})
        if errors:
            raise ValidationError(errors)
        visit.kind = data.kind
        visit.planned_at = _aware(data.planned_at)
        _apply(session, visit, data)
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


def visits_for_case(session: Session, case_id: uuid.UUID) -> list[Visit]:
    """A case's visits, the next planned first, then the rest newest first."""
    return list(
        session.exec(
            select(Visit)
            .where(Visit.case_id == case_id)
            .order_by(col(Visit.status) != VisitStatus.PLANNED, col(Visit.planned_at).desc())
        ).all()
    )


def missing_approach_consent(session: Session, case_id: uuid.UUID) -> str | None:
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
        if missing_approach_consent(session, visit.case_id)
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


def place_text(place_kind: str, detail: str, prop: Property | None) -> str:
    """Where a visit is, in words: the address (with any note) or the kind of place."""
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
