"""A long case opens on its first screenful and still shows every entry as the officer moves."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

from sqlmodel import Session
from textual.widgets import DataTable

from fieldcase.db.store import Store
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.screens.case_file import CaseFileScreen
from tests.builders import INCIDENT_AT, a_case, an_incident
from tests.conftest import FIXED_NOW
from tests.ui.helpers import open_case_file, settle

MakeApp = Callable[..., FieldcaseApp]
INCIDENTS = 60


def a_long_case(store: Store) -> uuid.UUID:
    """A case with ``INCIDENTS`` incidents a day apart, each described by its number."""
    case_id = store.run(a_case).case_id

    def add(session: Session) -> None:
        for n in range(INCIDENTS):
            when = INCIDENT_AT - timedelta(days=n)
            an_incident(
                session, case_id, occurred_at=when, description=f"report {n}", now=FIXED_NOW
            )

    store.run(add)
    return case_id


def description(table: DataTable[object]) -> str:
    """The highlighted incident's description."""
    return str(table.get_row_at(table.cursor_row)[-1])


class TestALongCase:
    """Incidents beyond the first screenful are added as the officer comes to them."""

    async def test_it_opens_on_a_screenful(self, store: Store, make_app: MakeApp) -> None:
        """At 80x24 the incidents table holds a screenful or so, not all sixty rows."""
        case_id = a_long_case(store)
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_case_file(pilot, case_id)
            incidents = app.screen.query_one("#incidents", DataTable)
            assert 10 <= incidents.row_count < INCIDENTS
            assert description(incidents) == "report 0"

    async def test_moving_down_reaches_every_incident(
        self, store: Store, make_app: MakeApp
    ) -> None:
        """Page Down to the end: every incident is there, in order, the oldest last."""
        case_id = a_long_case(store)
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_case_file(pilot, case_id)
            incidents = app.screen.query_one("#incidents", DataTable)
            incidents.focus()
            for _ in range(INCIDENTS // 5):
                await pilot.press("pagedown")
            await settle(pilot)
            assert incidents.row_count == INCIDENTS
            assert description(incidents) == f"report {INCIDENTS - 1}"
            shown = [str(incidents.get_row_at(i)[-1]) for i in range(INCIDENTS)]
            assert shown == [f"report {n}" for n in range(INCIDENTS)]

    async def test_ctrl_end_goes_to_the_oldest(self, store: Store, make_app: MakeApp) -> None:
        """Ctrl+End highlights the last incident of all, not the last of the first screenful."""
        case_id = a_long_case(store)
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_case_file(pilot, case_id)
            incidents = app.screen.query_one("#incidents", DataTable)
            incidents.focus()
            await pilot.press("ctrl+end")
            assert description(incidents) == f"report {INCIDENTS - 1}"

    async def test_the_highlight_stays_deep_in_the_list(
        self, store: Store, make_app: MakeApp
    ) -> None:
        """On the oldest incident, a reload (a new contact logged) keeps it highlighted."""
        case_id = a_long_case(store)
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_case_file(pilot, case_id)
            incidents = app.screen.query_one("#incidents", DataTable)
            incidents.focus()
            await pilot.press("ctrl+end")
            screen = app.screen
            assert isinstance(screen, CaseFileScreen)
            screen.refresh_file()
            await settle(pilot)
            assert description(incidents) == f"report {INCIDENTS - 1}"
