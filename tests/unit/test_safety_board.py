"""The safety board: today's visits with their check-in state, and colleagues resolving one."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from fieldcase.db.models import AuditEvent, Visit
from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.visits import CheckinState
from fieldcase.services import calendar, safety_board, visit_checkins
from fieldcase.services.errors import ValidationError
from fieldcase.services.safety_board import CheckinResolution
from tests.builders import a_case, a_visit

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
"""Midday on a Wednesday in November (London time is UTC then)."""
PLANNED_ON = NOW - timedelta(days=3)


def visit(store: Store, officer: str = "Officer Test", **plan: object) -> uuid.UUID:
    """A visit on a new case of ``officer`` (``planned_at``, ``checkin_at``, ``buddy_name``...)."""
    plan.setdefault("planned_at", NOW - timedelta(minutes=30))
    if plan.get("checkin_at"):
        plan.setdefault("buddy_name", "Jo Finch")
    with store.transaction() as s:
        built = a_case(s, victims=[f"Victim {uuid.uuid4().hex[:6]}"], officer_name=officer)
        return a_visit(s, built.case_id, built.victim_id, now=PLANNED_ON, **plan)


def state_words(store: Store, now: datetime = NOW) -> dict[uuid.UUID, str]:
    with store.reading() as s:
        return {v.visit_id: v.state_text(now) for v in safety_board.board(s, now=now, zone=UTC)}


def resolve(store: Store, visit_id: uuid.UUID, note: str, now: datetime = NOW) -> None:
    with store.transaction() as s:
        safety_board.resolve_checkin(
            s, visit_id, CheckinResolution(note), now=now, resolved_by="Jo Finch"
        )


class TestBoard:
    def test_todays_visits_with_their_checkin_state_overdue_first(self, store: Store) -> None:
        """Planned, out and due, checked in and OVERDUE; other days' finished visits are not on
        it, and a check-in still overdue from yesterday is."""
        later = visit(
            store, planned_at=NOW + timedelta(hours=3), checkin_at=NOW + timedelta(hours=4)
        )
        out = visit(
            store, planned_at=NOW - timedelta(minutes=30), checkin_at=NOW + timedelta(minutes=45)
        )
        late = visit(
            store, planned_at=NOW - timedelta(hours=2), checkin_at=NOW - timedelta(minutes=20)
        )
        done = visit(
            store, planned_at=NOW - timedelta(hours=3), checkin_at=NOW - timedelta(hours=1)
        )
        no_checkin = visit(store, planned_at=NOW + timedelta(hours=1))
        yesterday_late = visit(
            store, planned_at=NOW - timedelta(hours=20), checkin_at=NOW - timedelta(hours=19)
        )
        visit(store, planned_at=NOW - timedelta(days=1))
        visit(
            store, planned_at=NOW + timedelta(days=1), checkin_at=NOW + timedelta(days=1, hours=1)
        )
        with store.transaction() as s:
            visit_checkins.finish_visit(s, done, now=NOW - timedelta(hours=1, minutes=10))
        words = state_words(store)
        assert list(words) == [yesterday_late, late, done, out, no_checkin, later]
        assert words[late] == "OVERDUE 20 min (due 11:40)"
        assert words[yesterday_late] == "OVERDUE 19 h (due 17:00)"
        assert words[out] == "out, due at 12:45"
        assert words[done] == "checked in 10:50"
        assert words[no_checkin] == "planned, no check-in"
        assert words[later] == "planned, check-in 16:00"

    def test_a_cancelled_visit_is_not_on_the_board(self, store: Store) -> None:
        """Cancelled: nobody goes, nothing to watch."""
        cancelled = visit(store, planned_at=NOW + timedelta(hours=1))
        with store.transaction() as s:
            visit_checkins.record_outcome(
                s,
                cancelled,
                visit_checkins.OutcomeInput(status="cancelled"),
                now=NOW,
                officer_name="Officer Test",
                policy=Policy(),
            )
        assert state_words(store) == {}


class TestResolving:
    def test_a_colleague_resolves_with_a_note_and_is_named(self, store: Store) -> None:
        """'I have reached them': the board says who and when; the note and the change are kept."""
        late = visit(
            store, planned_at=NOW - timedelta(hours=2), checkin_at=NOW - timedelta(minutes=20)
        )
        resolve(store, late, "Rang her work mobile: safe, leaving in 10 minutes.")
        assert state_words(store)[late] == "resolved by Jo Finch 12:00"
        with store.reading() as s:
            stored = s.get(Visit, late)
            assert stored is not None
            assert stored.checkin_note == "Rang her work mobile: safe, leaving in 10 minutes."
            events = s.exec(
                select(AuditEvent).where(
                    AuditEvent.entity == "visit", AuditEvent.entity_id == str(late)
                )
            ).all()
        assert any("checkin_resolved_by" in (e.changes or "") for e in events)

    def test_nothing_to_resolve_before_it_is_overdue_nor_twice(self, store: Store) -> None:
        """Not yet overdue, no note, or already resolved: refused, and nothing changes."""
        late = visit(
            store, planned_at=NOW - timedelta(hours=2), checkin_at=NOW - timedelta(minutes=20)
        )
        with pytest.raises(ValidationError, match="not overdue"):
            resolve(store, late, "Spoke to her.", now=NOW - timedelta(minutes=30))
        with pytest.raises(ValidationError, match="Say how you reached them"):
            resolve(store, late, "   ")
        assert state_words(store)[late].startswith("OVERDUE")
        resolve(store, late, "Spoke to her.")
        with pytest.raises(ValidationError, match="Jo Finch already resolved"):
            resolve(store, late, "Me too.", now=NOW + timedelta(minutes=1))

    def test_an_extended_checkin_can_go_overdue_again(self, store: Store) -> None:
        """Reached at 12:00, the officer stays on and extends to 12:30: at 12:31 it is overdue."""
        late = visit(
            store, planned_at=NOW - timedelta(hours=2), checkin_at=NOW - timedelta(minutes=20)
        )
        resolve(store, late, "Spoke to her.")
        with store.transaction() as s:
            visit_checkins.extend_checkin(s, late, 30, now=NOW)
        assert state_words(store, NOW + timedelta(minutes=31))[late] == "OVERDUE 1 min (due 12:30)"
        with store.reading() as s:
            [mine] = calendar.pending_checkins(s)
        assert mine.visit_id == late


class TestWatching:
    def test_the_buddy_and_supervisors_watch_colleagues_visits(self, store: Store) -> None:
        """Ana is Ben's buddy (by login or name); a supervisor watches all; no one their own."""
        bens = visit(store, "ben", buddy_name="Ana Lee", checkin_at=NOW + timedelta(hours=1))
        by_login = visit(store, "ben", buddy_name=" ANA ", checkin_at=NOW + timedelta(hours=1))
        visit(store, "ben", buddy_name="Cal", checkin_at=NOW + timedelta(hours=1))
        visit(store, "ana", buddy_name="Ana Lee", checkin_at=NOW + timedelta(hours=1))
        with store.reading() as s:
            ana = safety_board.watched_checkins(
                s, login="ana", names=("Ana Lee",), supervisor=False
            )
            sue = safety_board.watched_checkins(s, login="sue", names=(), supervisor=True)
            own = calendar.pending_checkins(s, officer_name="ana")
        assert {v.visit_id for v in ana} == {bens, by_login}
        assert len(sue) == 4
        assert len(own) == 1 and own[0].visit_id not in {bens, by_login}
        assert all(v.officer == "ben" for v in ana)

    def test_a_reached_checkin_is_no_longer_overdue_for_anyone(self, store: Store) -> None:
        """Once resolved, the state the watchers compute is 'reached', not overdue."""
        late = visit(
            store,
            "ben",
            buddy_name="ana",
            checkin_at=NOW - timedelta(minutes=5),
            planned_at=NOW - timedelta(hours=1),
        )
        with store.reading() as s:
            [watched] = safety_board.watched_checkins(s, login="ana", names=(), supervisor=False)
        assert watched.state(NOW) is CheckinState.OVERDUE
        resolve(store, late, "Spoke to him.")
        with store.reading() as s:
            [watched] = safety_board.watched_checkins(s, login="ana", names=(), supervisor=False)
            [own] = calendar.pending_checkins(s, officer_name="ben")
        assert watched.state(NOW) is CheckinState.REACHED
        assert own.checkin_resolved_at == NOW
