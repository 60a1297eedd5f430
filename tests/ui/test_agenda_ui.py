"""The agenda by keyboard: reached from the dashboard and the palette, exports a calendar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from icalendar import Calendar
from textual.widgets import Input

from fieldcase.db.store import Store
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.visit_export import VisitExportDialog
from fieldcase.ui.screens.agenda import AgendaScreen
from tests.ui.helpers import type_text
from tests.ui.test_visit_ui import NOW, SIZE, plan, seed


async def test_export_calendar_from_the_agenda(
    store: Store, make_app: Callable[..., FieldcaseApp], tmp_path: Path
) -> None:
    """x, a file name, Ctrl+S: an .ics with the reference and type, and no name or address."""
    case_id, victim, _ = seed(store)
    plan(store, case_id, victim, planned_at=NOW + timedelta(days=1))
    target = tmp_path / "out" / "visits.ics"
    app = make_app(store, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, VisitExportDialog)
        app.screen.query_one("#path", Input).value = ""
        await type_text(pilot, str(target))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["FC-2026-0001 Victim support"]
    text = target.read_text(encoding="utf-8")
    assert "Mira" not in text and "Alder" not in text and "LOCATION" not in text


async def test_agenda_is_in_the_command_palette(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """Ctrl+P, 'agenda', Enter opens the agenda from any screen."""
    seed(store)
    app = make_app(store, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await type_text(pilot, "agenda")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
