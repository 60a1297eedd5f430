"""A case's chronology: everything recorded in it, in one numbered, time-ordered list.

Derived on demand from the records themselves (see ``domain.chronology``), so
it can never disagree with them. A visit whose outcome was recorded appears
once, as the visit (the contact it logged is folded into it). Visits still to
come are not in the chronology until they happen. The ABC rung of the
enforcement ladder is the ABC's signing, listed once.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from fieldcase.db.models import (
    Case,
    CaseParty,
    Consent,
    Contact,
    Incident,
    Person,
    RiskAssessment,
    Visit,
)
from fieldcase.domain import dates
from fieldcase.domain.chronology import Draft, Entry, EntryKind, ThirdParty, number_entries
from fieldcase.domain.closure import ClosureOutcome, satisfaction_text
from fieldcase.domain.protection import ConsentKind, ConsentMethod, long_date, mentions
from fieldcase.domain.visits import PlaceKind, VisitStatus, attendees_from_json, visit_words
from fieldcase.domain.vocab import (
    CaseStatus,
    Category,
    ContactMethod,
    ContactOutcome,
    Direction,
    PartyRole,
    RiskLevel,
    incident_kinds_text,
)
from fieldcase.domain.when_format import format_when
from fieldcase.services.chronology_records import (
    abc_drafts,
    disclosure_drafts,
    guardians,
    step_drafts,
)
from fieldcase.services.closure import CLOSED, closures_of, kept_items
from fieldcase.services.errors import NotFound
from fieldcase.services.subject_access_markdown import label, labels
from fieldcase.services.visit_checkins import PLANNED_WITH_CONSENT

ATTEMPTS = frozenset({ContactOutcome.NO_ANSWER, ContactOutcome.NO_ACCESS})
"""Outcomes of a contact that tried and did not reach the person."""
THIRD_PARTY_ROLES = (PartyRole.HOUSEHOLD, PartyRole.WITNESS)
"""Roles whose names a redacted chronology replaces (see ``domain.chronology``)."""


@dataclass(frozen=True)
class ChronologyPerson:
    """Someone in the case, for filtering the chronology by person."""

    person_id: uuid.UUID
    name: str
    role: str
    """Their role's label, e.g. "Victim"; several roles are joined."""


@dataclass(frozen=True)
class Chronology:
    """A case's chronology and what its header and filters need."""

    case_id: uuid.UUID
    reference: str
    officer_name: str
    status: str
    entries: list[Entry]
    people: list[ChronologyPerson]
    third_parties: list[ThirdParty]
    """Who a redacted chronology replaces, in the order their labels run."""
    kept_names: list[str]
    """Names a redacted chronology keeps: victims, alleged perpetrators, professionals."""
    safe_details: tuple[list[str], list[str]]
    """Everyone's safe contact numbers and preferred contact times, to cut when redacting."""

    def filtered(self, kind: str | None = None, person_id: uuid.UUID | None = None) -> list[Entry]:
        """The entries of one kind and/or about one person, keeping their numbers."""
        return [
            e
            for e in self.entries
            if (kind is None or e.kind == kind) and (person_id is None or e.about(person_id))
        ]


@dataclass(frozen=True)
class _Parties:
    names: dict[uuid.UUID, str]
    roles: dict[uuid.UUID, list[str]]

    def name(self, person_id: uuid.UUID | None) -> str:
        if person_id is None:
            return "no one named"
        return self.names.get(person_id, "someone no longer in the case")

    def affected(self) -> frozenset[uuid.UUID]:
        """Victims and their household: every incident is about them."""
        return frozenset(
            pid
            for pid, roles in self.roles.items()
            if PartyRole.VICTIM in roles or PartyRole.HOUSEHOLD in roles
        )

    def mentioned(self, *texts: str) -> frozenset[uuid.UUID]:
        """People whose full name appears in any of the texts."""
        return frozenset(
            pid for pid, name in self.names.items() if any(mentions(t, name) for t in texts)
        )


def chronology(session: Session, case_id: uuid.UUID, *, now: datetime) -> Chronology:
    """Everything recorded in a case, numbered in time order.

    Raises:
        NotFound: There is no such case.
    """
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound("That case is not in this database.")
    rows = session.exec(
        select(CaseParty, Person)
        .join(Person, col(Person.id) == CaseParty.person_id)
        .where(CaseParty.case_id == case_id)
        .order_by(col(CaseParty.created_at))
    ).all()
    parties = _Parties(
        names={person.id: person.full_name for _, person in rows},
        roles={},
    )
    for party, person in rows:
        parties.roles.setdefault(person.id, []).append(party.role)
    drafts = [
        *_case_drafts(session, case),
        *_incident_drafts(session, case_id, parties),
        *_risk_drafts(session, case_id, parties),
        *_consent_drafts(session, case_id, parties),
        *_visit_and_contact_drafts(session, case_id, parties, now),
        *disclosure_drafts(session, case_id, parties.mentioned),
        *abc_drafts(session, case_id, parties.name),
        *step_drafts(session, case_id, parties.name),
    ]
    return Chronology(
        case_id=case.id,
        reference=case.reference,
        officer_name=case.officer_name,
        status=case.status,
        entries=number_entries(drafts),
        people=[
            ChronologyPerson(pid, parties.names[pid], labels(PartyRole, ",".join(roles)))
            for pid, roles in parties.roles.items()
        ],
        third_parties=_third_parties(session, case_id, rows),
        kept_names=[
            person.full_name for party, person in rows if party.role not in THIRD_PARTY_ROLES
        ],
        safe_details=(
            [p.safe_contact_number for _, p in rows if p.safe_contact_number.strip()],
            [p.preferred_contact_times for _, p in rows if p.preferred_contact_times.strip()],
        ),
    )


def _third_parties(
    session: Session, case_id: uuid.UUID, rows: Sequence[tuple[CaseParty, Person]]
) -> list[ThirdParty]:
    kept = {p.id for party, p in rows if party.role not in THIRD_PARTY_ROLES}
    out: list[ThirdParty] = []
    seen: set[uuid.UUID] = set()
    for party, person in rows:
        if party.role in THIRD_PARTY_ROLES and person.id not in kept and person.id not in seen:
            seen.add(person.id)
            out.append(ThirdParty(person.full_name, PartyRole(party.role).label))
    out += [ThirdParty(name, "Parent or guardian") for name in guardians(session, case_id)]
    return out


def _local(moment: datetime) -> date:
    return dates.to_local(moment).date()


def _case_drafts(session: Session, case: Case) -> list[Draft]:
    opened = Draft(
        day=case.opened_on,
        at=None,
        kind=EntryKind.CASE,
        summary=f"Case opened: {label(Category, case.category)}",
        by=case.officer_name,
        tiebreak="0",
    )
    drafts = [opened]
    records = closures_of(session, case.id)
    for record in records:
        if record.kind == CLOSED:
            outcome = label(ClosureOutcome, record.outcome) if record.outcome else "no outcome"
            satisfaction = satisfaction_text(
                record.victim_satisfaction, record.satisfaction_declined
            )
            summary = f"Case closed: {outcome}. Victim's satisfaction: {satisfaction}"
            notes = _closure_notes(record.reason, record.feedback, kept_items(record))
        else:
            summary, notes = "Case reopened", f"Reason: {record.reason}"
        drafts.append(
            Draft(
                day=record.day,
                at=record.at,
                kind=EntryKind.CASE,
                summary=summary,
                notes=notes,
                by=record.officer_name,
                tiebreak=record.created_at.isoformat(),
            )
        )
    if case.status == CaseStatus.CLOSED and case.closed_on and not records:
        drafts.append(_legacy_closure(case))
    return drafts


def _closure_notes(reason: str, feedback: str, kept: list[dict[str, str]]) -> str:
    lines = [f"Reason: {reason}"] if reason.strip() else []
    if feedback.strip():
        lines.append(f"Victim's words: “{feedback.strip()}”")
    if kept:
        lines.append("Still live when it closed:")
        for item in kept:
            why = f" Reason: {item.get('reason')}" if item.get("reason") else ""
            lines.append(f"- {item.get('description', '')}: {item.get('done', '')}.{why}")
    return "\n".join(lines)


def _legacy_closure(case: Case) -> Draft:
    """A case closed before closings were kept as records: what the case itself says."""
    assert case.closed_on is not None
    outcome = label(ClosureOutcome, case.closure_outcome) if case.closure_outcome else ""
    satisfaction = satisfaction_text(case.victim_satisfaction, case.satisfaction_declined)
    return Draft(
        day=case.closed_on,
        at=None,
        kind=EntryKind.CASE,
        summary=f"Case closed{': ' + outcome if outcome else ''}. "
        f"Victim's satisfaction: {satisfaction}",
        notes=_closure_notes(case.closure_reason, case.feedback, []),
        by=case.officer_name,
    )


def _incident_drafts(session: Session, case_id: uuid.UUID, parties: _Parties) -> list[Draft]:
    drafts = []
    for incident in session.exec(select(Incident).where(Incident.case_id == case_id)).all():
        summary = f"Incident: {incident_kinds_text(incident.kinds, incident.other_kind)}"
        if incident.who.strip():
            summary += f" (alleged: {incident.who.strip()})"
        if incident.location.strip():
            summary += f", at {incident.location.strip()}"
        if incident.police_crime_number.strip():
            summary += f"; police crime number {incident.police_crime_number.strip()}"
        drafts.append(
            Draft(
                day=_local(incident.occurred_at),
                at=incident.occurred_at,
                kind=EntryKind.INCIDENT,
                summary=summary,
                notes=incident.description,
                people=parties.affected() | parties.mentioned(incident.who, incident.description),
                withheld=incident.not_for_disclosure,
                tiebreak=incident.created_at.isoformat(),
            )
        )
    return drafts


def _risk_drafts(session: Session, case_id: uuid.UUID, parties: _Parties) -> list[Draft]:
    drafts = []
    rows = session.exec(select(RiskAssessment).where(RiskAssessment.case_id == case_id)).all()
    for row in rows:
        summary = (
            f"Risk assessment of {parties.name(row.person_id)}: "
            f"{label(RiskLevel, row.final_level)} (score {row.score})"
        )
        notes = ""
        if row.final_level != row.computed_level:
            summary += f"; the answers gave {label(RiskLevel, row.computed_level)}"
            notes = f"Reason for the officer's level: {row.override_reason}"
        drafts.append(
            Draft(
                day=_local(row.assessed_at),
                at=row.assessed_at,
                kind=EntryKind.RISK,
                summary=summary,
                notes=notes,
                by=row.assessor,
                people=frozenset({row.person_id}),
                tiebreak=row.created_at.isoformat(),
            )
        )
    return drafts


def _consent_drafts(session: Session, case_id: uuid.UUID, parties: _Parties) -> list[Draft]:
    drafts = []
    for row in session.exec(select(Consent).where(Consent.case_id == case_id)).all():
        decision = "gave" if row.given else "withdrew"
        kind = ConsentKind(row.kind).phrase if row.kind in set(ConsentKind) else row.kind
        how = label(ConsentMethod, row.method).lower()
        drafts.append(
            Draft(
                day=_local(row.recorded_at),
                at=row.recorded_at,
                kind=EntryKind.CONSENT,
                summary=f"{parties.name(row.person_id)} {decision} consent to {kind} ({how})",
                notes=row.notes,
                by=row.recorded_by,
                people=frozenset({row.person_id}),
                tiebreak=row.created_at.isoformat(),
            )
        )
    return drafts


def _visit_and_contact_drafts(
    session: Session, case_id: uuid.UUID, parties: _Parties, now: datetime
) -> list[Draft]:
    visits = session.exec(select(Visit).where(Visit.case_id == case_id)).all()
    contacts = session.exec(select(Contact).where(Contact.case_id == case_id)).all()
    logged_by_visits = {
        (v.person_id, v.started_at)
        for v in visits
        if v.status not in (VisitStatus.PLANNED, VisitStatus.CANCELLED) and v.started_at
    }
    drafts = [
        _visit_draft(visit, parties)
        for visit in visits
        if visit.status != VisitStatus.PLANNED or visit.planned_at <= now
    ]
    for contact in contacts:
        folded = contact.method == ContactMethod.VISIT and (
            (contact.person_id, contact.at) in logged_by_visits
        )
        if not folded:
            drafts.append(_contact_draft(contact, parties))
    return drafts


def _visit_draft(visit: Visit, parties: _Parties) -> Draft:
    place = visit.place_detail.strip() or label(PlaceKind, visit.place_kind).lower()
    if visit.place_kind == PlaceKind.NEUTRAL_VENUE and not visit.place_detail.strip():
        place = "a neutral venue"
    elif visit.place_kind == PlaceKind.POLICE_STATION and not visit.place_detail.strip():
        place = "the police station"
    status = label(VisitStatus, visit.status).lower()
    if visit.status == VisitStatus.PLANNED:
        status = "planned; outcome not yet recorded"
    who = f" to {parties.name(visit.person_id)}" if visit.person_id else ""
    attended = ", ".join(a.describe() for a in attendees_from_json(visit.attendees))
    moment = visit.started_at or visit.planned_at
    if visit.status == VisitStatus.CANCELLED:
        # Cancelled in advance: it belongs where it was called off (its last change).
        moment = min(visit.planned_at, visit.updated_at)
        status = f"planned for {format_when(visit.planned_at)}, cancelled"
    restricted: tuple[str, ...] = ()
    if visit.consent_override_reason.strip():
        restricted = (f"Reason for going ahead without consent: {visit.consent_override_reason}",)
    return Draft(
        day=_local(moment),
        at=moment,
        kind=EntryKind.VISIT,
        summary=f"{visit_words(visit.kind)}{who} at {place}: {status}",
        notes=visit.outcome_notes,
        by=attended,
        people=frozenset({visit.person_id}) if visit.person_id else frozenset(),
        withheld=visit.not_for_disclosure,
        restricted=restricted,
        tiebreak=visit.created_at.isoformat(),
    )


def _contact_draft(contact: Contact, parties: _Parties) -> Draft:
    method = label(ContactMethod, contact.method)
    towards = "from" if contact.direction == Direction.IN else "to"
    summary = f"{method} {towards} {parties.name(contact.person_id)}"
    if contact.outcome:
        summary += f": {label(ContactOutcome, contact.outcome).lower()}"
    if contact.outcome in ATTEMPTS:
        summary += " (attempt)"
    reason = contact.consent_override_reason.strip()
    restricted: tuple[str, ...] = ()
    if reason and reason != PLANNED_WITH_CONSENT:
        restricted = (f"Reason for going ahead without consent: {reason}",)
    return Draft(
        day=_local(contact.at),
        at=contact.at,
        kind=EntryKind.CONTACT,
        summary=summary,
        notes=contact.notes,
        by=contact.officer_name,
        people=frozenset({contact.person_id}) if contact.person_id else frozenset(),
        withheld=contact.not_for_disclosure,
        restricted=restricted,
        tiebreak=contact.created_at.isoformat(),
    )


def period(entries: list[Entry]) -> tuple[date, date] | None:
    """The first and last day the entries cover; None when there are none."""
    if not entries:
        return None
    return min(e.day for e in entries), max(e.day for e in entries)


def period_text(entries: list[Entry]) -> str:
    """The period covered, as a header says it."""
    span = period(entries)
    if span is None:
        return "nothing recorded"
    first, last = span
    return long_date(first) if first == last else f"{long_date(first)} to {long_date(last)}"
