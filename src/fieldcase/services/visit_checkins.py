"""During and after a visit: the check-in clock, and recording what happened."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from fieldcase.db.models import CaseParty, Visit
from fieldcase.domain.policy import Policy
from fieldcase.domain.visits import VisitStatus, kind_label
from fieldcase.domain.vocab import CautionKind, ContactMethod, ContactOutcome, Engagement, PartyRole
from fieldcase.domain.when import format_when
from fieldcase.services import case_records, contact_records
from fieldcase.services.case_records import ActionInput
from fieldcase.services.cautions import add_caution
from fieldcase.services.contact_records import ContactInput
from fieldcase.services.contacts import log_face_to_face
from fieldcase.services.errors import ValidationError
from fieldcase.services.record_checks import action_problems
from fieldcase.services.records import editing
from fieldcase.services.visit_checks import PAST_GRACE
from fieldcase.services.visit_planning import get_visit

PLANNED_WITH_CONSENT = "Planned while the victim's consent to approach was in place."
"""The reason kept with a visit's contact when consent lapsed between planning and the visit."""

_CONTACT_OUTCOME = {
    VisitStatus.COMPLETED: ContactOutcome.SPOKE,
    VisitStatus.NO_ACCESS: ContactOutcome.NO_ACCESS,
    VisitStatus.REFUSED: ContactOutcome.REFUSED,
}


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
    not_for_disclosure: bool = False
    """The notes are not for disclosure (left out of subject access exports)."""
    engagement: str | None = None
    """For a visit to an alleged perpetrator: their engagement now, if it changed."""
    follow_ups: list[FollowUp] = field(default_factory=list)
    unsafe: bool = False
    """The visit felt unsafe: add a 'previous unsafe visit' caution marker."""
    unsafe_note: str = ""


def start_visit(session: Session, visit_id: uuid.UUID, *, now: datetime) -> Visit:
    """Record that the visit has begun (the check-in clock is running)."""
    visit = _planned(session, visit_id)
    with editing(session, visit, visit.version):
        if visit.started_at is None:
            visit.started_at = now
    return visit


def finish_visit(session: Session, visit_id: uuid.UUID, *, now: datetime) -> Visit:
    """Record that the officers are out and safe; the outcome can follow."""
    visit = _planned(session, visit_id)
    with editing(session, visit, visit.version):
        if visit.started_at is None:
            visit.started_at = min(visit.planned_at, now)
        visit.finished_at = now
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
    with editing(session, visit, visit.version):
        visit.checkin_at = max(visit.checkin_at, now) + timedelta(minutes=minutes)
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
        problems = action_problems(item.what, item.due_on, None, today=now.date())
        if problems:
            errors[f"follow_ups.{i}"] = " ".join(problems.values())
    return errors


def record_outcome(
    session: Session,
    visit_id: uuid.UUID,
    data: OutcomeInput,
    *,
    now: datetime,
    officer_name: str,
    policy: Policy,
    expected_version: int | None = None,
) -> Visit:
    """Record what happened on a visit.

    A visit that took place is logged as a contact with the person seen (which
    moves an alleged perpetrator from 'not contacted' to 'attempting'); the
    officer's engagement choice then applies. Follow-ups become actions, and an
    unsafe visit leaves a caution marker on the address (or the person).

    Without ``expected_version`` the outcome is checked against the visit as
    loaded here, so it is still refused if someone else saves the visit meanwhile.

    Raises:
        NotFound: The visit is gone.
        ValidationError: The outcome cannot be saved; nothing is written.
        EditConflict: The visit was saved elsewhere since it was opened.
    """
    visit = get_visit(session, visit_id)
    expected = visit.version if expected_version is None else expected_version
    with editing(session, visit, expected):
        mine = visit.version != expected  # this officer's own save, its answer lost
        if not mine or (visit.status, visit.outcome_notes) != (data.status, data.notes.strip()):
            _record(session, visit, data, now=now, officer_name=officer_name, policy=policy)
    return visit


def _record(
    session: Session,
    visit: Visit,
    data: OutcomeInput,
    *,
    now: datetime,
    officer_name: str,
    policy: Policy,
) -> None:
    errors = validate_outcome(visit, data, now=now)
    party = _perpetrator_party(session, visit)
    if data.engagement is not None and party is None:
        errors["engagement"] = "Engagement is recorded for alleged perpetrators only."
    if errors:
        raise ValidationError(errors)
    visit.status = data.status
    visit.outcome_notes = data.notes.strip()
    visit.not_for_disclosure = data.not_for_disclosure
    if data.status != VisitStatus.CANCELLED:
        visit.started_at = visit.started_at or min(visit.planned_at, now)
        visit.finished_at = visit.finished_at or now
        _log_visit_contact(session, visit, data, now=now, officer_name=officer_name, policy=policy)
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


def _log_visit_contact(
    session: Session,
    visit: Visit,
    data: OutcomeInput,
    *,
    now: datetime,
    officer_name: str,
    policy: Policy,
) -> None:
    """Log the visit as a contact with the person visited: face to face when it took place."""
    assert visit.started_at is not None
    kind = kind_label(visit.kind)
    notes = f"{kind} visit: {VisitStatus(data.status).label.lower()}."
    if visit.outcome_notes:
        notes += f"\n{visit.outcome_notes}"
    # The plan was checked for consent; its reason (if any) covers the visit.
    reason = visit.consent_override_reason or PLANNED_WITH_CONSENT
    if data.status == VisitStatus.COMPLETED and visit.person_id is not None:
        log_face_to_face(
            session,
            visit.case_id,
            visit.person_id,
            at=visit.started_at,
            what=notes,
            officer_name=officer_name,
            policy=policy,
            not_for_disclosure=data.not_for_disclosure,
            consent_override_reason=reason,
            now=now,
        )
        return
    contact_records.add_contact(
        session,
        visit.case_id,
        ContactInput(
            at=visit.started_at,
            method=ContactMethod.VISIT,
            person_id=visit.person_id,
            outcome=_CONTACT_OUTCOME[VisitStatus(data.status)],
            notes=notes,
            not_for_disclosure=data.not_for_disclosure,
            consent_override_reason=reason,
        ),
        officer_name=officer_name,
        policy=policy,
        now=now,
    )


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


def _planned(session: Session, visit_id: uuid.UUID) -> Visit:
    visit = get_visit(session, visit_id)
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError({"status": "The outcome of this visit is already recorded."})
    return visit
