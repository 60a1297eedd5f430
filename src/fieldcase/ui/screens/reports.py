"""The reports screen: NM01, satisfaction, risk, overdue work and hate strands for a period."""

from __future__ import annotations

from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import DataTable, Header, Input, Label, Sparkline, Static

from fieldcase.domain.reports import Month
from fieldcase.domain.when import WhenError, parse_day
from fieldcase.services.errors import ValidationError
from fieldcase.services.reports import period_report, report_rows
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.keys import BACK
from fieldcase.ui.widgets.footer import Footer

TREND_MONTHS = 12
"""The most months the trends show: the last ones of the period. At 4 columns a month
they fit an 80-column terminal beside their labels and charts."""


def trend_rows(months: list[Month]) -> tuple[str, str, str]:
    """The trends as text, a month to 4 columns: month names, cases opened, % satisfied.

    A month in which no victim answered shows "–" for satisfaction, not 0.
    """
    shown = months[-TREND_MONTHS:]
    names = "".join(f"{m.first_day:%b} " for m in shown)
    opened = "".join(f"{m.opened:<3} " for m in shown)
    satisfied = "".join(
        f"{'–' if m.satisfaction.share is None else round(m.satisfaction.share):<3} " for m in shown
    )
    return names.rstrip(), opened.rstrip(), satisfied.rstrip()


def year_start(today: date) -> date:
    """1 April of the reporting year ``today`` is in: the regulator's year."""
    return date(today.year if today.month >= 4 else today.year - 1, 4, 1)


class ReportsScreen(FieldcaseScreen[None]):
    """The figures for a period, counted from what is recorded."""

    HELP = (
        "The figures for the period you give (both days included; by default this "
        "reporting year so far): NM01 (ASB cases opened per 1,000 homes, and those "
        "involving hate incidents; a new report on an open case is not a new case), "
        "satisfaction with ASB handling from closure answers (4 or 5 out of 5; declined "
        "left out), cases closed and average days to close, open cases by risk level, "
        "what is overdue today, and cases by hate strand. Above them, month by month (the "
        "last 12 months of a longer period): cases opened and the % satisfied, as a small "
        "chart and as numbers; – is a month in which no victim answered. "
        "Type a date and press Enter. "
        "The same figures: fieldcase report --from DATE --to DATE [--csv]."
    )
    BINDINGS = [
        BACK,
        Binding("ctrl+r", "refresh", "Refresh", id="refresh", tooltip="Count the figures again"),
    ]

    def compose(self) -> ComposeResult:
        today = self.app.today()
        yield Header()
        with Horizontal(id="report-period"):
            yield Label("From ", classes="field-label")
            yield Input(f"{year_start(today):%d/%m/%Y}", id="report-from")
            yield Label(" to ", classes="field-label")
            yield Input(f"{today:%d/%m/%Y}", id="report-to")
        yield Static("", id="report-message")
        with Horizontal(classes="report-trend"):
            yield Label("By month", id="trend-title")
            yield Static("", id="trend-months", classes="trend-numbers")
        with Horizontal(classes="report-trend"):
            yield Label("Cases opened", classes="trend-label")
            yield Static("", id="trend-opened", classes="trend-numbers")
            yield Sparkline([], id="trend-opened-chart", summary_function=max)
        with Horizontal(classes="report-trend"):
            yield Label("Satisfied %", classes="trend-label")
            yield Static("", id="trend-satisfied", classes="trend-numbers")
            yield Sparkline([], id="trend-satisfied-chart", summary_function=max)
        yield DataTable(id="report-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#report-table", DataTable)
        # Fixed widths: the figures fit an 80-column terminal, and a table counted
        # again keeps its columns where they were.
        for name, width in (("Section", 20), ("Figure", 41), ("Value", 10)):
            table.add_column(name, key=name, width=width)
        self.sub_title = "Reports"
        self.action_refresh()

    @on(Input.Submitted)
    def action_refresh(self) -> None:
        """Count the figures for the period typed."""
        today = self.app.today()
        message = self.query_one("#report-message", Static)
        try:
            start = parse_day(
                self.query_one("#report-from", Input).value, today=today, prefer="past"
            )
            end = parse_day(self.query_one("#report-to", Input).value, today=today, prefer="past")
        except WhenError as exc:
            message.update(Content(str(exc)))
            return
        self._load(start, end, today)

    @work(exclusive=True, group="reports")
    async def _load(self, start: date, end: date, today: date) -> None:
        message = self.query_one("#report-message", Static)
        try:
            report = await self.app.run_service(
                period_report, start=start, end=end, today=today, policy=self.app.settings.policy
            )
        except ValidationError as exc:
            message.update(Content(" ".join(exc.errors.values())))
            return
        message.update(Content(f"Figures for {start:%d %B %Y} to {end:%d %B %Y}"))
        self._show_trends(report.by_month)
        table = self.query_one("#report-table", DataTable)
        table.clear()
        shown = ""
        for section, figure, value in report_rows(report):
            table.add_row(section if section != shown else "", figure, value)
            shown = section

    def _show_trends(self, months: list[Month]) -> None:
        shown = months[-TREND_MONTHS:]
        names, opened, satisfied = trend_rows(months)
        title = "By month" if len(months) <= TREND_MONTHS else f"Last {TREND_MONTHS} months"
        self.query_one("#trend-title", Label).update(Content(title))
        self.query_one("#trend-months", Static).update(Content(names))
        self.query_one("#trend-opened", Static).update(Content(opened))
        self.query_one("#trend-satisfied", Static).update(Content(satisfied))
        # One column a month, after the numbers it draws.
        opened_chart = self.query_one("#trend-opened-chart", Sparkline)
        opened_chart.data = [m.opened for m in shown]
        satisfied_chart = self.query_one("#trend-satisfied-chart", Sparkline)
        # A month nobody answered is charted at the foot; its number reads "–".
        satisfied_chart.data = [m.satisfaction.share or 0.0 for m in shown]
        for chart in (opened_chart, satisfied_chart):
            chart.styles.width = len(shown)

    def action_back(self) -> None:
        """Back to the previous screen."""
        self.dismiss(None)
