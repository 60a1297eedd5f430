"""Searching the caseload does only the work a keystroke needs: one query when the list
opens, and no redrawing when another letter finds the same cases."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import DataTable, Input, Static

from fieldcase.db.store import Store
from fieldcase.services import caseload
from fieldcase.ui.screens.dashboard import DashboardScreen
from tests.builders import a_case
from tests.ui.helpers import settle, table_text, type_text


@pytest.fixture
def queries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The search text of every caseload query the app runs, in order."""
    asked: list[str] = []
    real = caseload.caseload_page

    def counted(*args: Any, **kwargs: Any) -> caseload.CaseloadPage:
        asked.append(args[1] if len(args) > 1 else kwargs.get("query", ""))
        return real(*args, **kwargs)

    monkeypatch.setattr(caseload, "caseload_page", counted)
    return asked


def _two_cases(store: Store) -> None:
    with store.transaction() as session:
        a_case(session, victims=["Ivo Brandt"], address="3 Wren Row")
        a_case(session, victims=["Ivy Brandon"], address="5 Wren Row")


async def test_the_caseload_is_queried_once_when_it_opens(
    store: Store, make_app: Any, queries: list[str]
) -> None:
    _two_cases(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert len(table_text(app.screen.query_one("#caseload", DataTable))) == 2
        assert queries == [""], "the first list comes from one query"


async def test_a_letter_that_finds_the_same_cases_keeps_the_list_and_its_highlight(
    store: Store, make_app: Any, queries: list[str]
) -> None:
    _two_cases(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#caseload", DataTable)
        info = screen.query_one("#page-info", Static)
        table.move_cursor(row=1)
        highlighted = table.get_row_at(1)
        drawn = list(table.rows.values())

        screen.query_one("#search", Input).focus()
        await type_text(pilot, "bran")  # both victims are Bran…
        assert queries[-1] == "bran"
        assert list(table.rows.values()) == drawn, "the same rows, not drawn again"
        assert all(new is old for new, old in zip(table.rows.values(), drawn, strict=True))
        assert table.cursor_row == 1 and table.get_row_at(1) == highlighted
        assert 'matching "bran"' in str(info.render()), "the footer says what was searched"

        await type_text(pilot, "dt")  # only Ivo Brandt now
        rows = table_text(table)
        assert [r[2] for r in rows] == ["Ivo Brandt"]
        assert 'matching "brandt"' in str(info.render())
