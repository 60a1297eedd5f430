"""Closing the design story's case by keyboard, then finding the closure in its chronology and
its satisfaction answer in the reports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.widgets import DataTable, Static

from fieldcase.db.models import Case
from fieldcase.db.store import Store
from fieldcase.demo.build import DEMO_OFFICER, STORY_VICTIM
from fieldcase.domain.dates import local_today
from fieldcase.domain.policy import Policy
from fieldcase.services import caseload, closure
from fieldcase.services.reports import period_report
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.closure import CloseCaseDialog
from fieldcase.ui.screens.case_file import CaseFileScreen
from fieldcase.ui.screens.chronology import ChronologyScreen
from fieldcase.ui.screens.reports import ReportsScreen, year_start
from tests.conftest import FIXED_NOW
from tests.ui.helpers import open_case_file, settle, table_text, type_text

REASON = "No incidents since the ABC; family content to close."
QUOTE = "You listened to us, and Zofia plays in the garden again."


async def choose_first(pilot: object) -> None:
    """Open the focused drop-down and take its first choice."""
    await pilot.press("enter", "down", "enter")  # type: ignore[attr-defined]


SATISFACTION_FIGURES = ("satisfied / answered", "Cases closed")


def satisfaction_rows(rows: list[list[str]]) -> dict[str, str]:
    """The reports' satisfaction and closed figures, by figure."""
    return {r[1].strip(): r[2] for r in rows if r[1].strip() in SATISFACTION_FIGURES}


async def test_close_the_story_case_and_find_it_in_the_chronology(
    open_demo_copy: Callable[[date], Store], make_app: Callable[..., FieldcaseApp]
) -> None:
    """Resolved, satisfaction 5 and Marta's words; each live thing dealt with; then the
    closure, with her words, is an entry of the chronology, and the reports for this
    reporting year so far count her answer: one more satisfied, one more answered, one more
    closed, and this month's satisfaction no longer "–"."""
    today = FIXED_NOW.date()
    store = open_demo_copy(local_today(FIXED_NOW))
    with store.reading() as session:
        (row,) = caseload.search_cases(session, STORY_VICTIM.split()[1], today=today)
    live = store.run(closure.closure_check, row.id, today=today, now=FIXED_NOW).live
    before = store.run(
        period_report, start=year_start(today), end=today, today=today, policy=Policy()
    )
    app = make_app(store, officer_name=DEMO_OFFICER)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_case_file(pilot, row.id)
        await pilot.press("C")
        await settle(pilot)  # the form opens once what is still live has been gathered
        assert isinstance(app.screen, CloseCaseDialog)
        await choose_first(pilot)  # Resolved
        await pilot.press("tab")
        await type_text(pilot, REASON)
        await pilot.press("tab")
        await choose_first(pilot)  # 5 – Very satisfied
        await pilot.press("tab")
        await type_text(pilot, QUOTE)
        for item in live:
            await pilot.press("tab")
            if len(item.choices) > 1:
                await choose_first(pilot)  # end it, cancel it, mark it done
                await pilot.press("tab")
            else:
                await type_text(pilot, "Discussed with PC Marsh: not needed now.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseFileScreen)
        header = str(app.screen.query_one("#case-header", Static).render())
        assert "Closed 25 Nov: Resolved  ·  Victim's satisfaction: 5/5 (very satisfied)" in header
        assert f"“{QUOTE}”" in header

        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ChronologyScreen)
        rows = table_text(app.screen.query_one("#chronology-entries", DataTable))
        assert [int(r[0]) for r in rows] == list(range(1, len(rows) + 1))
        closed = "Case closed: Resolved. Victim's satisfaction: 5/5 (very satisfied)"
        (number,) = [int(r[0]) for r in rows if r[2:] == ["Case", closed]]
        await pilot.press(*["down"] * (number - 1))
        detail = str(app.screen.query_one("#chronology-detail", Static).render())
        assert f"Reason: {REASON}" in detail
        assert f"Victim's words: “{QUOTE}”" in detail

        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "Reports")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReportsScreen)  # this reporting year so far, today in it
        rows = table_text(app.screen.query_one("#report-table", DataTable))
        sat = before.satisfaction
        assert satisfaction_rows(rows) == {
            "satisfied / answered": f"{sat.satisfied + 1} / {sat.answered + 1}",
            "Cases closed": str(before.closed + 1),
        }
        this_month = before.by_month[-1].satisfaction
        month = str(app.screen.query_one("#trend-satisfied", Static).render()).split()[-1]
        expected = this_month.satisfied + 1, this_month.answered + 1
        assert month == str(round(expected[0] * 100 / expected[1]))
    with store.reading() as session:
        case = session.get(Case, row.id)
        assert case is not None
        assert (case.status, case.closure_outcome, case.victim_satisfaction) == (
            "closed",
            "resolved",
            5,
        )
        assert (case.feedback, case.next_contact_due) == (QUOTE, None)
