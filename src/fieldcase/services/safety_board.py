"""The safety board: today's visits of the team with their check-in state, and colleagues' alerts.

An officer on a visit with a check-in time who has not said they are out by
then may be in danger. Their own laptop shows the alert (the check-in
watcher), but they may be the one person who cannot act on it. On a team
server the visit's buddy and every supervisor are alerted too, with the place,
the time and how to reach the officer safely; any of them can record that they
reached the officer, and who did is kept on the visit and in the audit trail.

Which visits an officer sees is the server's business: row-level security
limits an officer to their team's cases (a supervisor sees every team). On a
laptop the board holds the officer's own visits. The visit's officer is the
case's officer (the login on a team server).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import Session, col, select

from fieldcase.db.models import Case, Officer, Property, Visit
from fieldcase.db.store import OFFICER, OfficerIdentity
from fieldcase.domain.visits import (
    CheckinState,
    VisitStatus,
    checkin_state,
    kind_label,
    overdue_by,
)
from fieldcase.domain.visits import describe_minutes as minutes_text
from fieldcase.domain.when import format_time
from fieldcase.services.calendar import day_window
from fieldcase.services.errors import ValidationError
from fieldcase.services.records import editing
from fieldcase.services.visit_planning import get_visit, place_text


@dataclass(frozen=True)
class BoardVisit:
    """One visit on the board, detached so a timer can re-check its state without a query."""

    visit_id: uuid.UUID
    case_id: uuid.UUID
    reference: str
    kind: str
    status: str
    planned_at: datetime
    duration_minutes: int
    started_at: datetime | None
    finished_at: datetime | None
    checkin_at: datetime | None
    checkin_resolved_at: datetime | None
    checkin_resolved_by: str
    checkin_note: str
    place: str
    """Where, in words: the address, or the kind of place and its detail."""
    officer: str
    """The case's officer: the login on a team server."""
    officer_name: str
    """Their name as colleagues know it (team server), else empty."""
    safe_contact: str
    """How to reach the officer safely (team server, set by IT), else empty."""
    buddy: str

    @property
    def kind_label(self) -> str:
        """The type of visit, as officers say it."""
        return kind_label(self.kind)

    @property
    def who(self) -> str:
        """The officer, e.g. ``Alice Brook (abrook)``, or the login alone."""
        if self.officer_name and self.officer_name != self.officer:
            return f"{self.officer_name} ({self.officer})"
        return self.officer

    def state(self, now: datetime) -> CheckinState:
        """The check-in state at ``now``."""
        return checkin_state(self, now)

    def state_text(self, now: datetime) -> str:
        """The check-in state in the board's words, e.g. ``out, due at 11:45``."""
        state = self.state(now)
        due = format_time(self.checkin_at) if self.checkin_at else ""
        if state is CheckinState.OVERDUE:
            return f"OVERDUE {minutes_text(overdue_by(self, now))} (due {due})"
        if state is CheckinState.REACHED and self.checkin_resolved_at is not None:
            return f"resolved by {self.checkin_resolved_by} {format_time(self.checkin_resolved_at)}"
        if self.status == VisitStatus.CANCELLED:
            return "cancelled"
        if self.finished_at is not None or self.status != VisitStatus.PLANNED:
            return f"checked in {format_time(self.finished_at)}" if self.finished_at else "done"
        if state is CheckinState.AWAITING:
            return f"out, due at {due}"
        if state is CheckinState.NOT_STARTED:
            return f"planned, check-in {due}"
        return "planned, no check-in" if self.planned_at > now else "out, no check-in"


@dataclass
class CheckinResolution:
    """What a colleague records on resolving an overdue check-in."""

    note: str
    """How they reached the officer and how the officer is."""


def board(session: Session, *, now: datetime, zone: tzinfo | None = None) -> list[BoardVisit]:
    """Today's visits the officer may see, overdue check-ins first, then by time.

    A check-in still overdue from an earlier day stays on the board until resolved.
    """
    start, end = day_window(now, 0, zone)
    earlier_and_open = and_(col(Visit.planned_at) < start, *_can_go_overdue())
    today = and_(col(Visit.planned_at) >= start, col(Visit.planned_at) < end)
    found = [
        v
        for v in _board_visits(session, or_(today, earlier_and_open))
        if v.planned_at >= start or v.state(now) is CheckinState.OVERDUE
    ]
    return sorted(found, key=lambda v: (v.state(now) is not CheckinState.OVERDUE, v.planned_at))


def watched_checkins(
    session: Session, *, login: str, names: tuple[str, ...], supervisor: bool
) -> list[BoardVisit]:
    """Colleagues' visits that could go overdue and that this officer watches over.

    A supervisor watches every visit they can see; an officer, the visits whose
    buddy is named by their login or one of ``names``. Their own visits are left
    out: the check-in watcher alerts them about those.
    """
    pending = and_(col(Case.officer_name) != login, *_can_go_overdue())
    mine = {n.strip().casefold() for n in (login, *names) if n.strip()}
    return [
        v
        for v in _board_visits(session, pending)
        if supervisor or v.buddy.strip().casefold() in mine
    ]


def resolve_checkin(
    session: Session,
    visit_id: uuid.UUID,
    data: CheckinResolution,
    *,
    now: datetime,
    resolved_by: str,
) -> Visit:
    """Record that a colleague reached the officer whose check-in is overdue.

    On a team server who resolved it is the login, whatever ``resolved_by`` says.
    Resolving again as they did, with the same note (an earlier try saved it but
    its answer was lost), returns the visit as resolved then.

    Raises:
        NotFound: The visit is gone (or not visible to this officer).
        ValidationError: Nothing is overdue (any more), or no note was given.
        EditConflict: Someone else changed the visit meanwhile (resolved it, say).
    """
    visit = get_visit(session, visit_id)
    state = checkin_state(visit, now)
    officer = session.info.get(OFFICER)
    if isinstance(officer, OfficerIdentity):
        resolved_by = officer.login
    if state is CheckinState.REACHED and visit.checkin_resolved_at is not None:
        if (visit.checkin_resolved_by, visit.checkin_note) == (resolved_by, data.note.strip()):
            return visit
        raise ValidationError(
            {
                "note": f"{visit.checkin_resolved_by} already resolved this check-in at "
                f"{format_time(visit.checkin_resolved_at)}."
            }
        )
    if state is not CheckinState.OVERDUE:
        raise ValidationError({"note": "This check-in is not overdue: nothing to resolve."})
    if not data.note.strip():
        raise ValidationError({"note": "Say how you reached them and how they are."})
    with editing(session, visit, visit.version):
        visit.checkin_resolved_at = now
        visit.checkin_resolved_by = resolved_by
        visit.checkin_note = data.note.strip()
    return visit


def _can_go_overdue() -> tuple[ColumnElement[bool], ...]:
    return (
        col(Visit.status) == VisitStatus.PLANNED,
        col(Visit.finished_at).is_(None),
        col(Visit.checkin_at).is_not(None),
    )


def _board_visits(session: Session, where: ColumnElement[bool]) -> list[BoardVisit]:
    rows = session.exec(
        select(Visit, Case, Property, Officer)
        .join(Case, col(Case.id) == Visit.case_id)
        .outerjoin(Property, col(Property.id) == Visit.property_id)
        .outerjoin(Officer, col(Officer.login) == Case.officer_name)
        .where(col(Visit.status) != VisitStatus.CANCELLED, where)
        .order_by(col(Visit.planned_at))
    ).all()
    return [
        BoardVisit(
            visit_id=v.id,
            case_id=v.case_id,
            reference=case.reference,
            kind=v.kind,
            status=v.status,
            planned_at=v.planned_at,
            duration_minutes=v.duration_minutes,
            started_at=v.started_at,
            finished_at=v.finished_at,
            checkin_at=v.checkin_at,
            checkin_resolved_at=v.checkin_resolved_at,
            checkin_resolved_by=v.checkin_resolved_by,
            checkin_note=v.checkin_note,
            place=place_text(v.place_kind, v.place_detail, prop),
            officer=case.officer_name,
            officer_name=officer.full_name if officer else "",
            safe_contact=officer.safe_contact if officer else "",
            buddy=v.buddy_name,
        )
        for v, case, prop, officer in rows
    ]
