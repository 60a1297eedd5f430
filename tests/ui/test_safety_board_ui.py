"""The safety board on a laptop, by keyboard: the officer's own visits and their check-ins."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable

from fieldcase.db.store import Store
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.choice import ChoiceDialog
from fieldcase.ui.screens import safety_board as board_screen
from fieldcase.ui.screens.dashboard import DashboardScreen
from fieldcase.ui.screens.safety_board import SafetyBoardScreen
from fieldcase.ui.watchers import checkins
from tests.ui.helpers import table_text, type_text
from tests.ui.test_app_shell import _help_text
from tests.ui.test_visit_ui import NOW, SIZE, Clock, plan, seed


@pytest.fixture(autouse=True)
def quick_ticks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The board and the check-in watcher look at the clock every 20 ms, not every second."""
    monkeypatch.setattr(board_screen, "TICK_SECONDS", 0.02)
    monkeypatch.setattr(checkins, "TICK_SECONDS", 0.02)
    yield


async def until(seen: Callable[[], bool], what: str) -> None:
    """Wait until the screen shows ``what`` (at most 10 s)."""
    for _ in range(1000):
        if seen():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"never saw {what}")


def states(pilot: Pilot[object]) -> list[str]:
    table = pilot.app.screen.query_one("#board-table", DataTable)
    return [row[1] for row in table_text(table)]


async def test_b_shows_my_visits_today_and_r_resolves_my_own_overdue_checkin(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """b from the dashboard: the visit and its check-in time; once it passes, OVERDUE on top;
    r asks as F2 does, and 'out and safe' makes it checked in."""
    case_id, victim, _ = seed(store)
    plan(store, case_id, victim, buddy_name="Jo Finch", checkin_at=NOW + timedelta(hours=1))
    plan(store, case_id, victim, planned_at=NOW + timedelta(days=1))
    clock = Clock(NOW)
    app = make_app(store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        assert "Board" in await _help_text(pilot)
        await pilot.press("b")
        assert isinstance(app.screen, SafetyBoardScreen)
        assert states(pilot) == ["planned, check-in 11:30"]
        assert "Your visits today: 1 visit" in str(app.screen.query_one("#board-info").render())
        assert "Resolve" in await _help_text(pilot)
        clock.now = NOW + timedelta(hours=1, minutes=12)
        await until(lambda: states(pilot) == ["OVERDUE 12 min (due 11:30)"], "OVERDUE")
        await pilot.press("r")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter")  # I am out and safe
        assert isinstance(app.screen, SafetyBoardScreen)
        await until(lambda: states(pilot) == ["checked in 11:42"], "checked in")
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)


async def test_the_board_is_in_the_command_palette(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """Ctrl+P, 'safety board', Enter opens the board."""
    seed(store)
    app = make_app(store, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "safety board")
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        await until(lambda: palette.query_one("CommandList").option_count > 0, "a match")
        await pilot.press("enter")
        assert isinstance(app.screen, SafetyBoardScreen)
