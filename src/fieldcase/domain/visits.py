"""Visits: their vocabularies, attendees and the check-in rule.

Whether a check-in is overdue, or a visit still needs its outcome, is worked
out from the visit's times and an injected ``now``; it is never stored.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from fieldcase.domain.vocab import LabelledEnum


class VisitKind(LabelledEnum):
    """What a visit is for."""

    VICTIM_SUPPORT = "victim_support"
    PERPETRATOR_INTERVIEW = "perpetrator_interview"
    JOINT_POLICE = "joint_police"
    ABC_SIGNING = "abc_signing"
    WITNESS = "witness"

    @property
    def label(self) -> str:
        """The words an officer reads."""
        return _KIND_LABELS[self]


def kind_label(kind: str) -> str:
    """The type of a visit as officers say it; a kind this version does not know, as stored."""
    return VisitKind(kind).label if kind in set(VisitKind) else kind


def visit_words(kind: str) -> str:
    """A kind of visit as a sentence starts: "Victim support visit", "Joint visit with police"."""
    label = VisitKind(kind).label if kind in set(VisitKind) else kind.replace("_", " ")
    return label if " visit" in label or "meeting" in label else f"{label} visit"


_KIND_LABELS = {
    VisitKind.VICTIM_SUPPORT: "Victim support",
    VisitKind.PERPETRATOR_INTERVIEW: "Perpetrator interview",
    VisitKind.JOINT_POLICE: "Joint visit with police",
    VisitKind.ABC_SIGNING: "ABC signing meeting",
    VisitKind.WITNESS: "Witness",
}


class PlaceKind(LabelledEnum):
    """Where a visit happens."""

    PROPERTY = "property"
    NEUTRAL_VENUE = "neutral_venue"
    POLICE_STATION = "police_station"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The words an officer reads."""
        return _PLACE_LABELS[self]


_PLACE_LABELS = {
    PlaceKind.PROPERTY: "The property",
    PlaceKind.NEUTRAL_VENUE: "Neutral venue",
    PlaceKind.POLICE_STATION: "Police station",
    PlaceKind.OTHER: "Other",
}


class VisitStatus(LabelledEnum):
    """Where a visit is: planned, or its outcome."""

    PLANNED = "planned"
    COMPLETED = "completed"
    NO_ACCESS = "no_access"
    REFUSED = "refused"
    CANCELLED = "cancelled"

    @classmethod
    def outcomes(cls) -> list[VisitStatus]:
        """The statuses an officer can record after a visit."""
        return [s for s in cls if s is not cls.PLANNED]


class AttendeeRole(LabelledEnum):
    """Who is going."""

    OFFICER = "officer"
    POLICE = "police"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The words an officer reads."""
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    AttendeeRole.OFFICER: "Housing officer",
    AttendeeRole.POLICE: "Police officer",
    AttendeeRole.OTHER: "Other",
}


@dataclass(frozen=True)
class Attendee:
    """Someone going on a visit."""

    name: str
    role: str = AttendeeRole.OFFICER
    collar_number: str = ""
    """For police officers."""

    def describe(self) -> str:
        """Like ``PC Amir Shah (Police officer, collar 4471)``."""
        role = AttendeeRole(self.role).label if self.role in set(AttendeeRole) else self.role
        collar = f", collar {self.collar_number}" if self.collar_number else ""
        return f"{self.name} ({role}{collar})"


def attendees_to_json(attendees: list[Attendee]) -> str:
    """Store attendees as a JSON list of objects."""
    return json.dumps([asdict(a) for a in attendees], ensure_ascii=False)


def attendees_from_json(stored: str) -> list[Attendee]:
    """Read attendees back; anything unreadable gives an empty list."""
    try:
        raw = json.loads(stored or "[]")
    except json.JSONDecodeError:
        return []
    if not isinstance(raw, list):
        return []
    out = []
    for item in raw:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            out.append(
                Attendee(
                    name=item["name"],
                    role=str(item.get("role", AttendeeRole.OFFICER)),
                    collar_number=str(item.get("collar_number", "")),
                )
            )
    return out


def validate_attendees(attendees: list[Attendee]) -> dict[str, str]:
    """Field -> message for attendees that cannot be saved (``attendees.N``)."""
    errors: dict[str, str] = {}
    for i, person in enumerate(attendees):
        if not person.name.strip():
            errors[f"attendees.{i}"] = "Each attendee needs a name."
        elif person.role not in set(AttendeeRole):
            errors[f"attendees.{i}"] = "Choose the attendee's role."
        elif person.collar_number.strip() and person.role != AttendeeRole.POLICE:
            errors[f"attendees.{i}"] = "Only police officers have a collar number."
    return errors


class VisitTimes(Protocol):
    """The times of a visit that decide its check-in state (a ``Visit`` row fits)."""

    @property
    def status(self) -> str: ...
    @property
    def planned_at(self) -> datetime: ...
    @property
    def duration_minutes(self) -> int: ...
    @property
    def started_at(self) -> datetime | None: ...
    @property
    def finished_at(self) -> datetime | None: ...
    @property
    def checkin_at(self) -> datetime | None: ...
    @property
    def checkin_resolved_at(self) -> datetime | None: ...


class CheckinState(StrEnum):
    """Where a visit's check-in stands."""

    NONE = "none"
    """No check-in time was set."""
    NOT_STARTED = "not_started"
    """The visit has not started yet."""
    AWAITING = "awaiting"
    """The visit is under way and the check-in time has not come."""
    OVERDUE = "overdue"
    """Under way and not finished by the check-in time: raise the alarm."""
    RESOLVED = "resolved"
    """Finished, an outcome recorded, or cancelled."""
    REACHED = "reached"
    """Overdue, then a colleague reached the officer (until a later check-in time)."""


def has_started(visit: VisitTimes, now: datetime) -> bool:
    """True once the planned time has passed or the officer said they had started."""
    return visit.started_at is not None or visit.planned_at <= now


def is_finished(visit: VisitTimes) -> bool:
    """True once the officer marked the visit finished or recorded an outcome."""
    return visit.finished_at is not None or visit.status != VisitStatus.PLANNED


def checkin_state(visit: VisitTimes, now: datetime) -> CheckinState:
    """The check-in state of ``visit`` at ``now``.

    Overdue when a visit with a check-in time has started (planned time passed
    or started) and was not finished by the check-in time.
    """
    if visit.checkin_at is None:
        return CheckinState.NONE
    if is_finished(visit):
        return CheckinState.RESOLVED
    if not has_started(visit, now):
        return CheckinState.NOT_STARTED
    if now > visit.checkin_at:
        reached = visit.checkin_resolved_at
        if reached is not None and reached >= visit.checkin_at:
            return CheckinState.REACHED
        return CheckinState.OVERDUE
    return CheckinState.AWAITING


def ends_at(visit: VisitTimes) -> datetime:
    """When the visit is expected to end."""
    start = visit.started_at or visit.planned_at
    return start + timedelta(minutes=visit.duration_minutes)


def needs_outcome(visit: VisitTimes, now: datetime) -> bool:
    """True for a planned visit whose expected end (or marked finish) has passed."""
    if visit.status != VisitStatus.PLANNED:
        return False
    return visit.finished_at is not None or ends_at(visit) <= now


def overdue_by(visit: VisitTimes, now: datetime) -> timedelta:
    """How long past the check-in time it is (zero when not overdue)."""
    if checkin_state(visit, now) is not CheckinState.OVERDUE or visit.checkin_at is None:
        return timedelta(0)
    return now - visit.checkin_at


def describe_minutes(delta: timedelta) -> str:
    """Like ``12 min`` or ``1 h 5 min``."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    if hours:
        return f"{hours} h"
    return f"{rest} min"
