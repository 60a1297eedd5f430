"""Visit rules: attendees, check-in state and visits needing an outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from fieldcase.domain.visits import (
    Attendee,
    AttendeeRole,
    CheckinState,
    PlaceKind,
    VisitKind,
    VisitStatus,
    attendees_from_json,
    attendees_to_json,
    checkin_state,
    describe_minutes,
    needs_outcome,
    overdue_by,
    validate_attendees,
)

T = datetime(2026, 6, 10, 10, 0, tzinfo=UTC)


@dataclass
class FakeVisit:
    planned_at: datetime = T
    duration_minutes: int = 60
    status: str = VisitStatus.PLANNED
    started_at: datetime | None = None
    finished_at: datetime | None = None
    checkin_at: datetime | None = T + timedelta(hours=1)
    checkin_resolved_at: datetime | None = None


def at(minutes: int) -> datetime:
    return T + timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("visit", "now", "state"),
    [
        (FakeVisit(checkin_at=None), at(500), CheckinState.NONE),
        (FakeVisit(), at(-10), CheckinState.NOT_STARTED),
        (FakeVisit(), at(0), CheckinState.AWAITING),
        (FakeVisit(), at(60), CheckinState.AWAITING),
        (FakeVisit(), at(61), CheckinState.OVERDUE),
        (FakeVisit(started_at=at(-30)), at(-5), CheckinState.AWAITING),
        (
            FakeVisit(planned_at=at(30), started_at=at(0), checkin_at=at(20)),
            at(25),
            CheckinState.OVERDUE,
        ),
        (FakeVisit(finished_at=at(50)), at(90), CheckinState.RESOLVED),
        (FakeVisit(status=VisitStatus.COMPLETED), at(90), CheckinState.RESOLVED),
        (FakeVisit(status=VisitStatus.CANCELLED), at(90), CheckinState.RESOLVED),
    ],
)
def test_checkin_state(visit: FakeVisit, now: datetime, state: CheckinState) -> None:
    """Overdue only once started and unfinished past the check-in time."""
    assert checkin_state(visit, now) is state


def test_overdue_by_counts_from_the_checkin_time() -> None:
    """How late the check-in is, for the alert."""
    assert overdue_by(FakeVisit(), at(72)) == timedelta(minutes=12)
    assert overdue_by(FakeVisit(), at(30)) == timedelta(0)
    assert describe_minutes(timedelta(minutes=65)) == "1 h 5 min"
    assert describe_minutes(timedelta(minutes=12)) == "12 min"


@pytest.mark.parametrize(
    ("visit", "now", "expected"),
    [
        (FakeVisit(), at(59), False),
        (FakeVisit(), at(60), True),
        (FakeVisit(finished_at=at(20)), at(20), True),
        (FakeVisit(started_at=at(30)), at(80), False),
        (FakeVisit(status=VisitStatus.NO_ACCESS), at(500), False),
    ],
)
def test_needs_outcome(visit: FakeVisit, now: datetime, expected: bool) -> None:
    """A planned visit past its expected end, or marked finished, needs its outcome."""
    assert needs_outcome(visit, now) is expected


def test_attendees_round_trip_through_json() -> None:
    """Attendees are kept as JSON with name, role and collar number."""
    people = [
        Attendee("Officer Test"),
        Attendee("PC Amir Shah", AttendeeRole.POLICE, "4471"),
    ]
    stored = attendees_to_json(people)
    assert '"collar_number": "4471"' in stored
    assert attendees_from_json(stored) == people
    assert attendees_from_json("not json") == []
    assert people[1].describe() == "PC Amir Shah (Police officer, collar 4471)"


def test_attendee_validation_messages() -> None:
    """Nameless attendees and collar numbers on non-police are refused."""
    errors = validate_attendees(
        [Attendee(""), Attendee("Sam Hill", AttendeeRole.OFFICER, "12"), Attendee("A", "x")]
    )
    assert errors == {
        "attendees.0": "Each attendee needs a name.",
        "attendees.1": "Only police officers have a collar number.",
        "attendees.2": "Choose the attendee's role.",
    }


def test_labels_read_as_officers_say_them() -> None:
    """Vocabularies carry the labels shown on screen."""
    assert VisitKind.JOINT_POLICE.label == "Joint visit with police"
    assert PlaceKind.PROPERTY.label == "The property"
    assert VisitStatus.NO_ACCESS.label == "No access"
    assert VisitStatus.PLANNED not in VisitStatus.outcomes()
