"""The agenda: overdue check-ins and visits needing an outcome first, then 7 days."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session

from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.visits import Attendee, CheckinState, VisitKind
from fieldcase.domain.vocab import Category
from fieldcase.services import calendar, case_records, intake, visit_checkins, visit_planning

NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)


def new_case(session: Session, address: str) -> uuid.UUID:
    return intake.create_case(
        session,
        intake.NewCaseInput(
            category=Category.NUISANCE_ASB,
            strands=[],
            address=address,
            people=[case_records.PersonInput("Alex Moor")],
        ),
        officer_name="Officer Test",
        policy=Policy(),
        today=date(2026, 6, 1),
    ).id


def add(
    session: Session, case_id: uuid.UUID, at: datetime, checkin: datetime | None = None
) -> uuid.UUID:
    return visit_planning.plan_visit(
        session,
        case_id,
        visit_planning.VisitInput(
            kind=VisitKind.VICTIM_SUPPORT,
            planned_at=at,
            attendees=[Attendee("Officer Test")],
            buddy_name="Jo Finch" if checkin else "",
            checkin_at=checkin,
        ),
        now=min(at, NOW),
    ).id


def test_agenda_puts_action_first_then_days(store: Store) -> None:
    """Overdue check-ins, then visits needing an outcome, then today and the next 7 days."""
    with store.transaction() as s:
        a = new_case(s, "1 Elm Row")
        b = new_case(s, "2 Elm Row")
        waiting = add(s, a, NOW - timedelta(days=2))
        overdue = add(s, b, NOW - timedelta(hours=2), checkin=NOW - timedelta(minutes=20))
        later_today = add(s, a, NOW + timedelta(hours=3))
        in_a_week = add(s, b, NOW + timedelta(days=7))
        add(s, a, NOW + timedelta(days=8, hours=1))
        cancelled = add(s, b, NOW + timedelta(days=1))
        visit_checkins.record_outcome(
            s,
            cancelled,
            visit_checkins.OutcomeInput(status="cancelled"),
            now=NOW,
            officer_name="Officer Test",
            policy=Policy(),
        )
    with store.reading() as s:
        result = calendar.agenda(s, now=NOW)
    assert [i.visit_id for i in result.attention] == [overdue, waiting]
    assert result.attention[0].flag == "Check-in overdue 20 min"
    assert result.attention[0].checkin is CheckinState.OVERDUE
    assert result.attention[1].flag == "Needs outcome"
    assert [(d, [i.visit_id for i in items]) for d, items in result.days] == [
        (date(2026, 6, 10), [later_today]),
        (date(2026, 6, 17), [in_a_week]),
    ]


def test_overdue_checkins_lists_only_unresolved(store: Store) -> None:
    """Finishing a visit resolves its overdue check-in."""
    with store.transaction() as s:
        case_id = new_case(s, "3 Elm Row")
        late = add(s, case_id, NOW - timedelta(hours=1), checkin=NOW - timedelta(minutes=5))
        add(s, case_id, NOW - timedelta(minutes=30), checkin=NOW + timedelta(minutes=30))
    with store.reading() as s:
        assert [i.visit_id for i in calendar.overdue_checkins(s, now=NOW)] == [late]
    with store.transaction() as s:
        visit_checkins.finish_visit(s, late, now=NOW)
    with store.reading() as s:
        assert calendar.overdue_checkins(s, now=NOW) == []
        assert calendar.agenda(s, now=NOW).attention[0].flag == "Needs outcome"
