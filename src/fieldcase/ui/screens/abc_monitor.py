"""ABC monitoring across every case: reviews due, ABCs ending, recent breaches, all active."""

from __future__ import annotations

import uuid
from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from fieldcase.services import abc_monitoring
from fieldcase.services.abc_monitoring import Monitoring, MonitorRow
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.formatting import cell, label_of, short_date
from fieldcase.ui.screens.abc_format import ends_text, review_text
from fieldcase.ui.widgets.footer import Footer
from fieldcase.ui.widgets.tables import Row, refill

ABC_COLUMNS = ("Case", "With", "Next review", "Ends", "Breaches", "Officer")
BREACH_COLUMNS = ("Date", "Case", "With", "What happened", "Harm risk", "Response")


class AbcMonitorScreen(FieldcaseScreen[None]):
    """Every active ABC that needs attention, across all cases."""

    HELP = (
        "ABC monitoring across all cases: reviews overdue or due within a week, ABCs "
        "ending in the next 14 days (or past their end and waiting to be completed), "
        "substantiated breaches in the last 30 days, and every active ABC. Tab moves "
        "between the tables; Enter opens the ABC. o shows only your cases, or everyone's."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="abc-monitor-back", tooltip="Back"),
        Binding(
            "o",
            "toggle_officers",
            "Mine/all",
            id="abc-monitor-officers",
            tooltip="Show only my cases' ABCs, or everyone's",
        ),
        Binding("f5", "refresh_view", "Refresh", id="abc-monitor-refresh", tooltip="Reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.mine_only = False
        self.monitoring: Monitoring | None = None
        """What the screen shows; None until the first load has finished."""
        self.breach_abcs: dict[str, uuid.UUID] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="monitor-summary")
        with VerticalScroll(id="monitor-body"):
            yield Static(id="monitor-due-title", classes="section-title")
            yield DataTable(id="monitor-due", cursor_type="row")
            yield Static(id="monitor-ending-title", classes="section-title")
            yield DataTable(id="monitor-ending", cursor_type="row")
            yield Static(id="monitor-breaches-title", classes="section-title")
            yield DataTable(id="monitor-breaches", cursor_type="row")
            yield Static(id="monitor-active-title", classes="section-title")
            yield DataTable(id="monitor-active", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "ABC monitoring"
        for table_id in ("#monitor-due", "#monitor-ending", "#monitor-active"):
            table = self.query_one(table_id, DataTable)
            for name in ABC_COLUMNS:
                table.add_column(name, key=name)
        breaches = self.query_one("#monitor-breaches", DataTable)
        for name in BREACH_COLUMNS:
            breaches.add_column(name, key=name)
        self.query_one("#monitor-body").loading = True
        self.query_one("#monitor-due").focus()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.monitoring is not None:
            self.reload()

    @work(exclusive=True, group="abc-monitor")
    async def reload(self) -> None:
        """Fetch the monitoring picture off the interface thread, and redraw."""
        app = self.app
        today = app.today()
        officer = app.officer_name if self.mine_only else None
        picture = await app.run_service(
            abc_monitoring.monitoring, today=today, officer_name=officer
        )
        self._show(picture, today)
        self.query_one("#monitor-body").loading = False

    def _show(self, picture: Monitoring, today: date) -> None:
        self.monitoring = picture
        scope = "your cases" if self.mine_only else "all cases"
        self.query_one("#monitor-summary", Static).update(
            Content.assemble(
                ("ABC monitoring", "bold"),
                f" ({scope})  ·  {len(picture.active)} active  ·  ",
                (_count(len(picture.reviews_due), "review") + " due or overdue", "bold"),
                f"  ·  {len(picture.ending_soon)} ending within 14 days  ·  ",
                _count(len(picture.recent_breaches), "substantiated breach") + " in 30 days",
            )
        )
        self._titles(picture)
        self._fill("#monitor-due", picture.reviews_due, today)
        self._fill("#monitor-ending", picture.ending_soon, today)
        self._fill("#monitor-active", picture.active, today)
        self.breach_abcs = {str(b.breach_id): b.abc_id for b in picture.recent_breaches}
        rows: list[Row] = [
            (
                str(b.breach_id),
                [
                    cell(short_date(b.occurred_on, today)),
                    cell(b.case_reference, style="bold"),
                    cell(b.person_name, 25),
                    cell(b.description, 45),
                    Text("SERIOUS", style="bold red") if b.serious_harm else Text(""),
                    cell(label_of(type(b.response), b.response)),
                ],
            )
            for b in picture.recent_breaches
        ]
        refill(self.query_one("#monitor-breaches", DataTable), rows or [_none(BREACH_COLUMNS)])

    def _titles(self, picture: Monitoring) -> None:
        titles = {
            "#monitor-due-title": f"Reviews due or overdue ({len(picture.reviews_due)})",
            "#monitor-ending-title": f"Ending in the next 14 days ({len(picture.ending_soon)})",
            "#monitor-breaches-title": (
                f"Substantiated breaches, last 30 days ({len(picture.recent_breaches)})"
            ),
            "#monitor-active-title": f"All active ABCs ({len(picture.active)})",
        }
        for selector, title in titles.items():
            self.query_one(selector, Static).update(title)

    def _fill(self, selector: str, rows: list[MonitorRow], today: date) -> None:
        shown: list[Row] = [
            (
                str(row.abc_id),
                [
                    cell(row.case_reference, style="bold"),
                    cell(row.person_name, 25),
                    review_text(row.next_review_on, row.review_state, today),
                    ends_text(row.end_on, today),
                    cell(str(row.substantiated_breaches) if row.substantiated_breaches else "—"),
                    cell(row.officer_name, 20),
                ],
            )
            for row in rows
        ]
        refill(self.query_one(selector, DataTable), shown or [_none(ABC_COLUMNS)])

    @on(DataTable.RowSelected)
    def open_abc(self, event: DataTable.RowSelected) -> None:
        """Enter opens the ABC."""
        key = event.row_key.value
        if not key:
            return
        abc_id = (
            self.breach_abcs.get(key)
            if event.data_table.id == "monitor-breaches"
            else uuid.UUID(key)
        )
        if abc_id is None:
            return
        from fieldcase.ui.screens.abc_detail import AbcScreen

        self.app.push_screen(AbcScreen(abc_id))

    def action_back(self) -> None:
        """Back."""
        self.dismiss(None)

    def action_toggle_officers(self) -> None:
        """Only my cases' ABCs, or everyone's."""
        self.mine_only = not self.mine_only
        self.reload()

    def action_refresh_view(self) -> None:
        """Reload the picture."""
        self.reload()


def _count(n: int, noun: str) -> str:
    """``1 review``, ``2 reviews``, ``1 breach``, ``2 breaches``."""
    plural = noun + ("es" if noun.endswith(("ch", "sh", "s")) else "s")
    return f"{n} {noun if n == 1 else plural}"


def _none(columns: tuple[str, ...]) -> Row:
    """The one row of an empty table, saying so."""
    return (None, [Text("none", style="dim"), *[Text("")] * (len(columns) - 1)])
