"""The caseload dashboard: the first screen, most urgent case on top."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, datetime
from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Header, Input, Static

from fieldcase.domain.dates import to_local
from fieldcase.domain.vocab import Category
from fieldcase.services import caseload
from fieldcase.services.caseload import CaseloadPage, CaseRow
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.formatting import (
    CASE_REVIEW_FLAG,
    cell,
    due_text,
    label_of,
    risk_text,
    short_date,
    strands_text,
)
from fieldcase.ui.screens.team_launch import can_move_cases, start_cover
from fieldcase.ui.widgets.footer import SteadyFooter
from fieldcase.ui.widgets.tables import ScreenfulTable, refill

MINE, TEAM, EVERYONE = "mine", "team", "everyone"
COLUMNS = (
    "Reference",
    CASE_REVIEW_FLAG,
    "Victim",
    "Risk",
    "Next contact",
    "Review",
    "Actions",
    "Last contact",
    "Category",
    "Strands",
)
"""What triage needs first: on an 80-column terminal the reference, victim, risk and when
the next contact is due fit without scrolling sideways."""


def _case_review(row: CaseRow) -> Text:
    """⚑ when the case meets the ASB Case Review threshold; blank when not."""
    return Text(CASE_REVIEW_FLAG, style="bold yellow") if row.case_review else Text("")


def _late_actions(count: int) -> Text:
    """How many actions on the case's plan are overdue, in red; blank when none."""
    return Text(f"{count} overdue", style="bold red") if count else Text("")


def _last_contact(moment: datetime | None, today: date) -> str:
    """When the victim was last contacted, as a short local date."""
    return short_date(to_local(moment).date(), today) if moment else "none yet"


def _retrieved(task: asyncio.Task[CaseloadPage]) -> None:
    """Mark a query's failure as seen: a stale query's result is never awaited."""
    if not task.cancelled():
        task.exception()


def _cells(row: CaseRow, today: date, on_server: bool) -> list[Text]:
    """One line of the caseload (on a team server, with whose case it is)."""
    return [
        cell(row.reference, style="bold" if row.closed_on is None else "dim"),
        _case_review(row),
        cell(row.victim, 30),
        risk_text(row.risk_level),
        cell(f"Closed {short_date(row.closed_on, today)}", style="dim")
        if row.closed_on is not None
        else due_text(row.next_contact_due, today),
        due_text(row.review_due, today),
        _late_actions(row.overdue_actions),
        cell(_last_contact(row.last_contact_at, today)),
        cell(label_of(Category, row.category)),
        cell(strands_text(row.strands)),
        *([cell(row.officer_name, 16)] if on_server else []),
    ]


class DashboardScreen(FieldcaseScreen[None]):
    """My open cases, searchable and paged, with overdue contacts standing out."""

    HELP = (
        "Your caseload, most urgent first: High risk, then cases not yet assessed, then "
        "Medium and Standard; within each, overdue contacts and risk reviews (in red) "
        "first. Type to find a case by reference, name, street or police reference. "
        "Enter opens the highlighted case. ⚑ marks a case that meets the ASB Case Review "
        "threshold; Actions counts actions on the plan past their due day. f shows the "
        "reports; b the safety board (today's visits and their check-ins)."
    )
    BINDINGS = [
        Binding("n", "new_case", "New case", id="new-case", tooltip="Open a new case"),
        Binding("q", "app.quit", "Quit", id="quit-q", tooltip="Quit fieldcase", show=False),
        Binding("slash", "find", "Find", id="find", tooltip="Find a case", key_display="/"),
        Binding("a", "agenda", "Agenda", id="agenda", tooltip="Visits today and the next 7 days"),
        Binding(
            "b",
            "safety_board",
            "Board",
            id="safety-board",
            tooltip="Safety board: today's visits of the team and where each check-in stands",
        ),
        Binding(
            "f",
            "reports",
            "Reports",
            id="reports",
            show=False,
            tooltip="Figures for a period: NM01, satisfaction, risk, overdue work, strands",
        ),
        Binding(
            "right_square_bracket",
            "next_page",
            "Next page",
            id="next-page",
            tooltip="Show the next page of cases",
            key_display="]",
            show=False,
        ),
        Binding(
            "left_square_bracket",
            "previous_page",
            "Previous page",
            id="previous-page",
            tooltip="Show the previous page of cases",
            key_display="[",
            show=False,
        ),
        Binding(
            "o",
            "toggle_officers",
            "Mine/all",
            id="toggle-officers",
            tooltip="Show only my cases, my team's (on a team server), or everyone's",
        ),
        Binding(
            "c",
            "cover",
            "Cover",
            id="cover",
            show=False,
            tooltip="Move an absent officer's open cases to a colleague, or give them back "
            "(supervisors, team server)",
        ),
        Binding(
            "m",
            "abc_monitor",
            "ABCs",
            id="abc-monitor",
            tooltip="ABC monitoring: reviews due, ABCs ending, recent breaches",
        ),
        Binding(
            "d",
            "duplicates",
            "Duplicates",
            id="duplicates",
            tooltip="People and addresses that may be recorded twice, to merge",
            show=False,
        ),
        Binding(
            "x",
            "toggle_closed",
            "Closed",
            id="toggle-closed",
            tooltip="Include closed cases",
            show=False,
        ),
        Binding(
            "escape",
            "focus_list",
            "List",
            id="focus-list",
            tooltip="Back to the list of cases",
            show=False,
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""
        self.page = 0
        self.scope = MINE
        """Whose cases are listed: MINE, TEAM (on a team server) or EVERYONE."""
        self.include_closed = False
        self.total = 0
        self._query: asyncio.Task[CaseloadPage] | None = None
        """The caseload query running in its thread, if one is."""
        self._listed: tuple[list[CaseRow], date, bool] | None = None
        """What the list shows now: its rows, the day they were drawn for, and whether
        with whose case each is."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            placeholder="Find a case: reference, name, street or police reference  ( / )",
            id="search",
        )
        with Vertical(id="caseload-area"):
            yield ScreenfulTable(id="caseload", cursor_type="row", zebra_stripes=True)
        yield Static(id="page-info")
        yield SteadyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#caseload", DataTable)
        # On a team server colleagues' cases are listed too: say whose each one is.
        for name in COLUMNS + (("Officer",) if self.app.officer is not None else ()):
            table.add_column(name, key=name)
        table.focus()
        self.query_one("#caseload-area").loading = True

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown: the first list is queried once, here.
        self.reload()

    @property
    def page_size(self) -> int:
        return caseload.PAGE_SIZE

    def reload(self) -> None:
        """Fetch the current page from the database."""
        self._load(self.query_text, self.page, self.scope, self.include_closed)

    @property
    def scopes(self) -> tuple[str, ...]:
        """The views ``o`` steps through: a team server adds the team's cases."""
        officer = self.app.officer
        if officer is None:
            return (MINE, EVERYONE)
        return (MINE, TEAM, EVERYONE) if officer.supervisor else (MINE, TEAM)

    @work(exclusive=True, group="caseload")
    async def _load(self, query: str, page: int, scope: str, include_closed: bool) -> None:
        today = self.app.today()
        # A newer keystroke cancels this worker, but not a query already running in its
        # thread: the next query waits for that one instead of running beside it, so stale
        # queries never pile up and slow the one the officer is waiting for.
        if self._query is not None:
            await asyncio.wait([self._query])
        self._query = query_task = asyncio.ensure_future(
            self._query_page(query, page, scope, include_closed, today)
        )
        query_task.add_done_callback(_retrieved)
        found = await asyncio.shield(query_task)
        self._show(found, today)

    async def _query_page(
        self, query: str, page: int, scope: str, include_closed: bool, today: date
    ) -> CaseloadPage:
        app = self.app
        officer = app.officer
        return await app.run_service(
            caseload.caseload_page,
            query,
            officer_name=app.officer_name if scope == MINE else None,
            team=officer.team if officer is not None and scope == TEAM else None,
            include_closed=include_closed,
            today=today,
            page=page,
            page_size=self.page_size,
            policy=app.settings.policy,
        )

    def _show(self, found: CaseloadPage, today: date) -> None:
        rows = found.rows
        on_server = self.app.officer is not None
        # Another letter of a word mostly finds the same cases: the list on screen is
        # kept as it is (drawing a table again costs more than the query that filled it).
        if self._listed != (rows, today, on_server):
            self._listed = (rows, today, on_server)
            refill(
                self.query_one("#caseload", DataTable),
                [(str(row.id), partial(_cells, row, today, on_server)) for row in rows],
            )
        self.query_one("#caseload-area").loading = False
        self.total = total = found.total
        first = found.page * found.page_size + 1 if rows else 0
        last = found.page * found.page_size + len(rows)
        scope = self.scope_text()
        closed = ", closed included" if self.include_closed else ""
        matching = f' matching "{self.query_text}"' if self.query_text else ""
        info = (
            f"{first}–{last} of {total} {scope}{closed}{matching}"
            f" · page {found.page + 1} of {found.pages}"
            + (" ( ] next, [ back )" if found.pages > 1 else "")
        )
        if any(row.case_review for row in rows):
            info += f" · {CASE_REVIEW_FLAG} meets the ASB Case Review threshold"
        if not rows and not self.query_text:
            info = f"No open cases ({scope}). Press n to open a new case."
        self.query_one("#page-info", Static).update(Content(info))
        self.app.quiet_start.list_drawn()

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value.strip()
        self.page = 0
        # No pause before querying: the index answers within a keystroke, and _load is
        # exclusive, so a newer keystroke cancels the query it overtakes.
        self.reload()

    @on(Input.Submitted, "#search")
    def search_submitted(self) -> None:
        self.query_one("#caseload").focus()

    @on(DataTable.RowSelected, "#caseload")
    def row_chosen(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.open_case(uuid.UUID(event.row_key.value))

    def open_case(self, case_id: uuid.UUID) -> None:
        """Show a case file."""
        from fieldcase.ui.screens.case_file import CaseFileScreen

        self.app.push_screen(CaseFileScreen(case_id))

    def action_new_case(self) -> None:
        """Open the new-case form."""
        from fieldcase.ui.screens.new_case import NewCaseScreen

        def opened(case_id: uuid.UUID | None) -> None:
            if case_id is not None:
                self.open_case(case_id)

        self.app.push_screen(NewCaseScreen(), opened)

    def action_agenda(self) -> None:
        """Show the visit agenda across all cases."""
        self.app.show_agenda()

    def action_safety_board(self) -> None:
        """Show today's visits of the team and their check-ins."""
        self.app.show_safety_board()

    def action_reports(self) -> None:
        """Show the figures for a period."""
        self.app.show_reports()

    def action_abc_monitor(self) -> None:
        """ABC monitoring across all cases."""
        from fieldcase.ui.screens.abc_monitor import AbcMonitorScreen

        self.app.push_screen(AbcMonitorScreen())

    def action_duplicates(self) -> None:
        """People and addresses that may be recorded twice."""
        self.app.show_duplicates()

    def action_find(self) -> None:
        """Jump to the search box."""
        self.query_one("#search").focus()

    def action_focus_list(self) -> None:
        """Back to the list."""
        self.query_one("#caseload").focus()

    def action_next_page(self) -> None:
        """Show the next page."""
        if (self.page + 1) * self.page_size < self.total:
            self.page += 1
            self.reload()

    def action_previous_page(self) -> None:
        """Show the previous page."""
        if self.page > 0:
            self.page -= 1
            self.reload()

    def scope_text(self) -> str:
        """Whose cases are listed, in words: "my cases", "team North's cases"…"""
        officer = self.app.officer
        if self.scope == MINE:
            return "my cases"
        if officer is None:
            return "all officers' cases"
        return f"team {officer.team}'s cases" if self.scope == TEAM else "every team's cases"

    def action_toggle_officers(self) -> None:
        """Switch between my cases, my team's (on a team server) and everyone's."""
        scopes = self.scopes
        self.scope = scopes[(scopes.index(self.scope) + 1) % len(scopes)]
        self.page = 0
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Cover is offered to a supervisor on a team server only."""
        return can_move_cases(self.app) if action == "cover" else True

    def action_cover(self) -> None:
        """Move an absent officer's open cases to a colleague, or give them back."""
        start_cover(self.app, self.reload)

    def action_toggle_closed(self) -> None:
        """Include or leave out closed cases."""
        self.include_closed = not self.include_closed
        self.page = 0
        self.reload()
