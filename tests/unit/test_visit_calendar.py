"""Calendar export: an .ics file officers can import, with no personal data by default."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar
from sqlmodel import Session, select

from fieldcase.db.models import CaseParty
from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.visits import Attendee, AttendeeRole, PlaceKind, VisitKind
from fieldcase.domain.vocab import Category, PartyRole, Strand
from fieldcase.services import calendar, case_records, intake, visit_planning

NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)


def seed(session: Session) -> tuple[str, uuid.UUID]:
    case = intake.create_case(
        session,
        intake.NewCaseInput(
            category=Category.HATE_CRIME,
            strands=[Strand.RELIGION],
            address="7 Quarry Close",
            postcode="ZZ9 7QC",
            people=[case_records.PersonInput("Hana Okafor")],
        ),
        officer_name="Officer Test",
        policy=Policy(),
        today=date(2026, 6, 1),
    )
    parties = session.exec(select(CaseParty)).all()
    victim = next(p.person_id for p in parties if p.role == PartyRole.VICTIM)
    for hours, kind in ((26, VisitKind.VICTIM_SUPPORT), (50, VisitKind.JOINT_POLICE)):
        visit_planning.plan_visit(
            session,
            case.id,
            visit_planning.VisitInput(
                kind=kind,
                planned_at=NOW + timedelta(hours=hours),
                duration_minutes=45,
                person_id=victim,
                attendees=[
                    Attendee("Officer Test"),
                    Attendee("PC Lee Grant", AttendeeRole.POLICE, "5521"),
                ],
                buddy_name="Jo Finch",
                checkin_at=NOW + timedelta(hours=hours + 1),
            ),
            now=NOW,
        )
    visit_planning.plan_visit(
        session,
        case.id,
        visit_planning.VisitInput(
            kind=VisitKind.WITNESS,
            planned_at=NOW + timedelta(hours=30),
            place_kind=PlaceKind.NEUTRAL_VENUE,
            place_detail="Quarry Library meeting room",
            attendees=[Attendee("Officer Test")],
        ),
        now=NOW,
    )
    return case.reference, victim


def read(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def test_default_export_holds_only_reference_type_and_time(store: Store, tmp_path: Path) -> None:
    """No names, addresses, strands, attendees or notes leave fieldcase by default."""
    with store.transaction() as s:
        reference, _ = seed(s)
    path = tmp_path / "visits.ics"
    with store.reading() as s:
        count = calendar.export_ics(s, path, now=NOW)
    assert count == 3
    events = read(path).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [
        f"{reference} Victim support",
        f"{reference} Witness",
        f"{reference} Joint visit with police",
    ]
    first = events[0]
    assert first.decoded("DTSTART") == NOW + timedelta(hours=26)
    assert first.decoded("DTEND") == NOW + timedelta(hours=26, minutes=45)
    allowed = {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"}
    assert {key for e in events for key in e} == allowed
    text = path.read_text(encoding="utf-8")
    for personal in (
        "Hana",
        "Okafor",
        "Quarry Close",
        "ZZ9",
        "Library",
        "Religion",
        "religion",
        "Lee Grant",
        "5521",
        "Jo Finch",
    ):
        assert personal not in text


def test_address_is_added_only_when_asked(store: Store, tmp_path: Path) -> None:
    """With the explicit option, each entry carries where the visit is."""
    with store.transaction() as s:
        seed(s)
    path = tmp_path / "exports" / "visits.ics"
    with store.reading() as s:
        calendar.export_ics(s, path, now=NOW, include_address=True)
    locations = [str(e["LOCATION"]) for e in read(path).walk("VEVENT")]
    assert locations == [
        "7 Quarry Close, ZZ9 7QC",
        "Neutral venue: Quarry Library meeting room",
        "7 Quarry Close, ZZ9 7QC",
    ]
    assert "Hana" not in path.read_text(encoding="utf-8")


def test_visits_before_today_are_left_out(store: Store, tmp_path: Path) -> None:
    """Only visits planned from the start of today on are exported."""
    with store.transaction() as s:
        seed(s)
    later = NOW + timedelta(hours=29)
    with store.reading() as s:
        entries = calendar.calendar_visits(s, now=later + timedelta(days=1))
        assert [v.kind for v, _, _ in entries] == [VisitKind.JOINT_POLICE]
