"""Two officers' apps (and a supervisor's) on one team server: a colleague's overdue check-in.

alice is out on a visit with anna named as her buddy. When alice's check-in passes,
anna's app (and sue's, the supervisor's) alerts on its own, by polling the server;
anna resolves it; alice's and sue's apps then show who did, and so does the audit trail.
The apps share one clock the test moves on; the watchers' timers are made quick, and
the test waits for what an officer would see, never for a fixed time.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from fieldcase.config import Settings
from fieldcase.db.postgres import ServerAddress
from fieldcase.db.store import Store
from fieldcase.paths import locate
from fieldcase.services import team_admin
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.checkin_resolve import CheckinResolveDialog
from fieldcase.ui.screens import safety_board as board_screen
from fieldcase.ui.screens.safety_board import SafetyBoardScreen
from fieldcase.ui.watchers import checkins, colleagues
from fieldcase.ui.widgets.visit_checkin import CheckinAlert, ColleagueAlert
from tests.builders import ADDRESS, a_case, a_visit
from tests.pg.team import TeamServer, rows
from tests.ui.helpers import table_text, type_text

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
SIZE = (120, 30)


class Clock:
    """One clock for every app, moved on by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(autouse=True)
def quick_watchers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tick every 20 ms and poll the server every other tick, instead of every 15-20 s."""
    for module in (checkins, colleagues, board_screen):
        monkeypatch.setattr(module, "TICK_SECONDS", 0.05)
    monkeypatch.setattr(checkins, "RELOAD_TICKS", 4)
    monkeypatch.setattr(colleagues, "POLL_TICKS", 4)
    monkeypatch.setattr(board_screen, "POLL_TICKS", 4)
    yield


def app_of(store: Store, clock: Clock, server: ServerAddress | None = None) -> FieldcaseApp:
    """An officer's app, logged in (with ``server``, it can also hide behind the lock)."""
    locations = locate()
    return FieldcaseApp(
        locations=locations,
        settings=Settings(officer_name="Typed Name"),
        database=locations.database,
        store=store,
        clock=clock,
        server=server,
    )


async def until(pilot: Pilot[object], seen: Callable[[], bool], what: str) -> None:
    """Wait until the officer would see ``what`` (at most 10 s, then fail saying what)."""
    for _ in range(1000):
        if seen():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{pilot.app.officer_name} never saw {what}")


def alert_of(app: FieldcaseApp, kind: type[CheckinAlert | ColleagueAlert]) -> str:
    found = app.screen.query(kind)
    return str(found.first().render()) if found else ""


def board_row(app: FieldcaseApp, reference: str) -> list[str]:
    screen = app.screen
    if not isinstance(screen, SafetyBoardScreen):
        return []
    table = screen.query_one("#board-table", DataTable)
    return next((row for row in table_text(table) if reference in row), [])


def alices_visit(team: TeamServer) -> tuple[str, uuid.UUID]:
    """alice's case and visit: under way since 10:00, check-in at 10:40, buddy Anna."""
    store = team.officer("alice")
    with store.transaction() as s:
        built = a_case(s, victims=["Marta Nowicka"], officer_name=store.actor)
        visit_id = a_visit(
            s,
            built.case_id,
            built.victim_id,
            now=NOW - timedelta(days=1),
            planned_at=NOW - timedelta(minutes=30),
            checkin_at=NOW + timedelta(minutes=10),
            buddy_name="Anna",
        )
    return built.reference, visit_id


class TestColleaguesCheckin:
    async def test_the_buddy_is_alerted_resolves_and_everyone_sees_who(
        self, team: TeamServer
    ) -> None:
        """anna's and sue's apps alert with place, time and alice's safe contact route;
        anna resolves with a note; alice's alert ends and every board says anna did."""
        with team.owner_store().transaction() as s:
            team_admin.set_safe_contact(s, team.login("alice"), "Work mobile 07700 900123")
        reference, visit_id = alices_visit(team)
        clock = Clock(NOW)
        alice, anna, sue = (app_of(team.officer(n), clock) for n in ("alice", "anna", "sue"))
        async with (
            alice.run_test(size=SIZE) as alice_pilot,
            sue.run_test(size=SIZE) as sue_pilot,
            anna.run_test(size=SIZE) as anna_pilot,
        ):
            await anna_pilot.press("b")
            assert isinstance(anna.screen, SafetyBoardScreen)
            assert board_row(anna, reference)[1] == "out, due at 10:40"
            await sue_pilot.press("b")
            assert not alert_of(anna, ColleagueAlert)

            clock.now = NOW + timedelta(minutes=25)
            await until(anna_pilot, lambda: alert_of(anna, ColleagueAlert), "the alert")
            alert = alert_of(anna, ColleagueAlert)
            assert "COLLEAGUE'S CHECK-IN OVERDUE" in alert
            assert f"Alice ({team.login('alice')})" in alert
            assert "at 10:00" in alert and ADDRESS in alert and "due 10:40, 15 min ago" in alert
            assert "Reach them: Work mobile 07700 900123" in alert
            await until(
                anna_pilot,
                lambda: board_row(anna, reference)[1:2] == ["OVERDUE 15 min (due 10:40)"],
                "the board row go OVERDUE",
            )
            await until(sue_pilot, lambda: alert_of(sue, ColleagueAlert), "the supervisor alert")
            await until(alice_pilot, lambda: alert_of(alice, CheckinAlert), "her own alert")
            assert not alert_of(alice, ColleagueAlert)

            await anna_pilot.press("f2")
            assert isinstance(anna.screen, CheckinResolveDialog)
            await type_text(anna_pilot, "Rang her work mobile: safe, leaving now.")
            await anna_pilot.press("ctrl+s")
            assert isinstance(anna.screen, SafetyBoardScreen)
            resolved = f"resolved by {team.login('anna')} 10:55"
            assert board_row(anna, reference)[1] == resolved
            assert not alert_of(anna, ColleagueAlert)

            await until(alice_pilot, lambda: not alert_of(alice, CheckinAlert), "her alert end")
            await until(sue_pilot, lambda: board_row(sue, reference)[1:2] == [resolved], "it")
            # The board and the alert bar each ask the server on their own round.
            await until(sue_pilot, lambda: not alert_of(sue, ColleagueAlert), "sue's alert end")
            await alice_pilot.press("b")
            assert board_row(alice, reference)[1] == resolved

        assert rows(
            team.officer("sue"),
            "SELECT actor, changes LIKE '%leaving now%' FROM auditevent WHERE entity = 'visit'"
            f" AND action = 'update' AND entity_id = '{visit_id}'",
        ) == [(team.login("anna"), True)]

    async def test_another_teams_officer_is_neither_alerted_nor_shown_it(
        self, team: TeamServer
    ) -> None:
        """bob, of South, has an empty board and no alert while anna's app alerts; hidden
        (Ctrl+L), anna's screen says a colleague is overdue and names no one."""
        alices_visit(team)
        clock = Clock(NOW + timedelta(minutes=25))
        bob = app_of(team.officer("bob"), clock)
        anna = app_of(team.officer("anna"), clock, team.address("anna"))
        async with bob.run_test(size=SIZE) as pilot, anna.run_test(size=SIZE) as anna_pilot:
            await pilot.press("b")
            await until(anna_pilot, lambda: alert_of(anna, ColleagueAlert), "the alert")
            info = str(bob.screen.query_one("#board-info").render())
            assert info == "South's visits today: 0 visits"
            assert not alert_of(bob, ColleagueAlert)
            await anna_pilot.press("ctrl+l")
            await until(anna_pilot, lambda: "Unlock" in alert_of(anna, ColleagueAlert), "it")
            hidden = alert_of(anna, ColleagueAlert)
            assert "COLLEAGUE'S CHECK-IN IS OVERDUE" in hidden
            assert "Alice" not in hidden and "FC-" not in hidden and ADDRESS not in hidden
