"""The reports screen: the figures for the period typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.widgets import DataTable, Sparkline, Static

from fieldcase.config import Settings
from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.screens.dashboard import DashboardScreen
from fieldcase.ui.screens.reports import ReportsScreen
from tests.builders import OFFICER, a_case
from tests.ui.helpers import settle, table_text, type_text


async def test_f_on_the_caseload_shows_nm01_for_the_period_typed(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """f opens the reports; a period that leaves out the April case counts only the other."""
    with store.transaction() as session:
        a_case(session, opened_on=date(2026, 4, 2))
        a_case(session, opened_on=date(2026, 10, 5))
    settings = Settings(officer_name=OFFICER, policy=Policy(homes=1000))
    app = make_app(store, settings=settings)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(DashboardScreen())
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, ReportsScreen)
        rows = table_text(app.screen.query_one("#report-table", DataTable))
        assert rows[0] == ["NM01", "ASB cases opened", "2"] and rows[1][2] == "2.00"
        await pilot.press("tab")  # the "to" date
        await type_text(pilot, "30/09/2026")
        await pilot.press("enter")
        await settle(pilot)
        rows = table_text(app.screen.query_one("#report-table", DataTable))
        assert rows[0] == ["NM01", "ASB cases opened", "1"]
        # The trend beside its chart, as numbers: one case in April, none since, no answers.
        trends = [
            str(app.screen.query_one(f"#trend-{name}", Static).render())
            for name in ("months", "opened", "satisfied")
        ]
        assert trends == [
            "Apr May Jun Jul Aug Sep",
            "1   0   0   0   0   0",
            "–   –   –   –   –   –",
        ]
        assert app.screen.query_one("#trend-opened-chart", Sparkline).data == [1, 0, 0, 0, 0, 0]
