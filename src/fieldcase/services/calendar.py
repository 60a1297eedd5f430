"""The visit agenda across all cases, and calendar (.ics) export.

The agenda puts what needs action first: overdue check-ins, then visits
waiting for their outcome; then today and the next days. The calendar file is
for an officer's work calendar, which lives outside the encrypted database, so
by default an entry holds only the case reference, the type of visit and its
time: no names, addresses or hate strands.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from fieldcase.db.models import Case, Person, Property, Visit
from fieldcase.domain.dates import local_zone, to_local
from fieldcase.domain.visits import (
    CheckinState,
    PlaceKind,
    VisitKind,
    VisitStatus,
    checkin_state,
    describe_minutes,
    kind_label,
    needs_outcome,
    overdue_by,
)
from fieldcase.domain.vocab import CaseStatus
from fieldcase.domain.when import format_time
from fieldcase.services.actions_due import OverdueAction, overdue_actions
from fieldcase.services.cautions import cautions_for

AGENDA_DAYS = 7
"""The agenda shows today and this many days after it."""


@dataclass(frozen=True)
class AgendaItem:
    """One visit on the agenda."""

    visit_id: uuid.UUID
    case_id: uuid.UUID
    reference: str
    kind: str
    planned_at: datetime
    duration_minutes: int
    who: str
    """The person visited, if any."""
    place_kind: str
    checkin_at: datetime | None
    checkin: CheckinState
    needs_outcome: bool
    overdue_by: timedelta
    cautions: int
    """How many caution markers apply."""

    @property
    def kind_label(self) -> str:
        """The type of visit, as officers say it."""
        return kind_label(self.kind)

    @property
    def place_label(self) -> str:
        """Where, in one or two words."""
        return PlaceKind(self.place_kind).label if self.place_kind in set(PlaceKind) else ""

    @property
    def flag(self) -> str:
        """What needs doing about it, e.g. ``Check-in overdue 12 min``."""
        if self.checkin is CheckinState.OVERDUE:
            return f"Check-in overdue {describe_minutes(self.overdue_by)}"
        if self.needs_outcome:
            return "Needs outcome"
        if self.checkin in (CheckinState.AWAITING, CheckinState.NOT_STARTED) and self.checkin_at:
            return f"Check-in by {format_time(self.checkin_at)}"
        return ""


@dataclass(frozen=True)
class Agenda:
    """The officer's visits: what needs action, then day by day."""

    attention: list[AgendaItem]
    """Overdue check-ins (most overdue first), then visits needing an outcome (oldest first)."""
    days: list[tuple[date, list[AgendaItem]]]
    """Today and the next days that have visits, in time order."""
    overdue_actions: list[OverdueAction] = field(default_factory=list)
    """Actions on any open case's plan past their due day, the longest overdue first."""

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to show."""
        return not self.attention and not self.days and not self.overdue_actions


def agenda(
    session: Session, *, now: datetime, days: int = AGENDA_DAYS, zone: tzinfo | None = None
) -> Agenda:
    """Visits across all cases for today and the next ``days`` days, action first.

    Visits on closed cases are left out, unless their check-in is overdue: an
    officer out on a visit is looked after whatever became of the case.
    """
    start, end = day_window(now, days, zone)
    stmt = (
        select(Visit, Case.reference, Person.full_name, Case.status)
        .join(Case, col(Case.id) == Visit.case_id)
        .outerjoin(Person, col(Person.id) == Visit.person_id)
        .where(Visit.status == VisitStatus.PLANNED, col(Visit.planned_at) < end)
        .order_by(col(Visit.planned_at))
    )
    items = [
        item
        for v, ref, name, status in session.exec(stmt).all()
        if (item := _item(session, v, ref, name, now)).checkin is CheckinState.OVERDUE
        or status != CaseStatus.CLOSED
    ]
    overdue = sorted(
        (i for i in items if i.checkin is CheckinState.OVERDUE),
        key=lambda i: i.overdue_by,
        reverse=True,
    )
    waiting = [i for i in items if i.needs_outcome and i.checkin is not CheckinState.OVERDUE]
    on_top = {i.visit_id for i in overdue + waiting}
    by_day: dict[date, list[AgendaItem]] = {}
    for item in items:
        if item.visit_id in on_top or item.planned_at < start:
            continue
        by_day.setdefault(to_local(item.planned_at, zone).date(), []).append(item)
    return Agenda(
        attention=overdue + waiting,
        days=sorted(by_day.items()),
        overdue_actions=overdue_actions(session, to_local(now, zone).date()),
    )


def overdue_checkins(session: Session, *, now: datetime) -> list[AgendaItem]:
    """Visits whose check-in is overdue at ``now``, most overdue first."""
    stmt = (
        select(Visit, Case.reference, Person.full_name)
        .join(Case, col(Case.id) == Visit.case_id)
        .outerjoin(Person, col(Person.id) == Visit.person_id)
        .where(
            Visit.status == VisitStatus.PLANNED,
            col(Visit.finished_at).is_(None),
            col(Visit.checkin_at).is_not(None),
            col(Visit.checkin_at) < now,
        )
    )
    found = [
        _item(session, v, ref, name, now)
        for v, ref, name in session.exec(stmt).all()
        if checkin_state(v, now) is CheckinState.OVERDUE
    ]
    return sorted(found, key=lambda i: i.overdue_by, reverse=True)


@dataclass(frozen=True)
class PendingCheckin:
    """A planned visit with a check-in time, detached so a timer can re-check it cheaply."""

    visit_id: uuid.UUID
    reference: str
    kind: str
    status: str
    planned_at: datetime
    duration_minutes: int
    started_at: datetime | None
    finished_at: datetime | None
    checkin_at: datetime | None
    checkin_resolved_at: datetime | None = None

    @property
    def kind_label(self) -> str:
        """The type of visit, as officers say it."""
        return kind_label(self.kind)


def pending_checkins(session: Session, *, officer_name: str | None = None) -> list[PendingCheckin]:
    """Planned, unfinished visits that have a check-in time: the ones that can go overdue.

    Given ``officer_name`` (on a team server, the login), only that officer's cases' visits:
    colleagues' check-ins are the safety board's (``safety_board.watched_checkins``).
    """
    # Only the times the watch compares with the clock: never whole visits (their
    # briefing and outcome notes), since this runs on a timer beside the officer's typing.
    stmt = (
        sa_select(
            col(Visit.id),
            col(Case.reference),
            col(Visit.kind),
            col(Visit.status),
            col(Visit.planned_at),
            col(Visit.duration_minutes),
            col(Visit.started_at),
            col(Visit.finished_at),
            col(Visit.checkin_at),
            col(Visit.checkin_resolved_at),
        )
        .join(Case, col(Case.id) == Visit.case_id)
        .where(
            col(Visit.status) == VisitStatus.PLANNED,
            col(Visit.finished_at).is_(None),
            col(Visit.checkin_at).is_not(None),
        )
        .order_by(col(Visit.checkin_at))
    )
    if officer_name is not None:
        stmt = stmt.where(col(Case.officer_name) == officer_name)
    return [PendingCheckin(*row) for row in session.execute(stmt).all()]


def calendar_visits(
    session: Session, *, now: datetime, zone: tzinfo | None = None
) -> list[tuple[Visit, str, str]]:
    """Planned visits from the start of today on open cases, with case reference and address."""
    start, _ = day_window(now, 0, zone)
    rows = session.exec(
        select(Visit, Case.reference, Property)
        .join(Case, col(Case.id) == Visit.case_id)
        .outerjoin(Property, col(Property.id) == Visit.property_id)
        .where(
            Visit.status == VisitStatus.PLANNED,
            col(Visit.planned_at) >= start,
            Case.status != CaseStatus.CLOSED,
        )
        .order_by(col(Visit.planned_at))
    ).all()
    return [(visit, reference, _location(visit, prop)) for visit, reference, prop in rows]


def build_ics(
    entries: list[tuple[Visit, str, str]], *, now: datetime, include_address: bool = False
) -> bytes:
    """A calendar of visits: reference, type and time only, unless the address is asked for."""
    from icalendar import Calendar, Event  # only for an export, not each time visits are read

    cal = Calendar()
    cal.add("prodid", "-//fieldcase//visits//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "fieldcase visits")
    for visit, reference, location in entries:
        kind = VisitKind(visit.kind).label if visit.kind in set(VisitKind) else "Visit"
        event = Event()
        event.add("uid", f"{visit.id}@fieldcase")
        event.add("dtstamp", now)
        event.add("dtstart", visit.planned_at)
        event.add("dtend", visit.planned_at + timedelta(minutes=visit.duration_minutes))
        event.add("summary", f"{reference} {kind}")
        if include_address and location:
            event.add("location", location)
        cal.add_component(event)
    return bytes(cal.to_ical())


def export_ics(
    session: Session,
    path: Path,
    *,
    now: datetime,
    include_address: bool = False,
    zone: tzinfo | None = None,
) -> int:
    """Write planned visits from today on to an .ics file; returns how many.

    The file is written beside its destination and then renamed, so a failed
    export never leaves half a calendar behind.

    Raises:
        OSError: The file cannot be written there.
    """
    entries = calendar_visits(session, now=now, zone=zone)
    data = build_ics(entries, now=now, include_address=include_address)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return len(entries)


def _item(
    session: Session, visit: Visit, reference: str, name: str | None, now: datetime
) -> AgendaItem:
    return AgendaItem(
        visit_id=visit.id,
        case_id=visit.case_id,
        reference=reference,
        kind=visit.kind,
        planned_at=visit.planned_at,
        duration_minutes=visit.duration_minutes,
        who=name or "",
        place_kind=visit.place_kind,
        checkin_at=visit.checkin_at,
        checkin=checkin_state(visit, now),
        needs_outcome=needs_outcome(visit, now),
        overdue_by=overdue_by(visit, now),
        cautions=len(
            cautions_for(session, property_id=visit.property_id, person_id=visit.person_id)
        ),
    )


def day_window(now: datetime, days: int, zone: tzinfo | None) -> tuple[datetime, datetime]:
    """From the start of today (local) to the end of ``days`` days after it, in UTC terms."""
    today = to_local(now, zone).date()
    start = _local_midnight(today, zone)
    end = _local_midnight(today + timedelta(days=days + 1), zone)
    return start, end


def _local_midnight(day: date, zone: tzinfo | None) -> datetime:
    naive = datetime.combine(day, time())
    return naive.replace(tzinfo=local_zone() if zone is None else zone)


def _location(visit: Visit, prop: Property | None) -> str:
    if visit.place_kind == PlaceKind.PROPERTY:
        return ", ".join(x for x in (prop.address, prop.postcode) if x) if prop else ""
    label = PlaceKind(visit.place_kind).label if visit.place_kind in set(PlaceKind) else ""
    return ": ".join(x for x in (label, visit.place_detail) if x)
