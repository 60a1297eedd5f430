"""The agenda: visits across all cases, what needs action on top, then day by day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from fieldcase.domain.dates import to_local
from fieldcase.domain.when import format_time
from fieldcase.services import calendar
from fieldcase.services.actions_due import OverdueAction
from fieldcase.services.calendar import AGENDA_DAYS, Agenda, AgendaItem
from fieldcase.services.errors import ValidationError
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.formatting import cell, short_date
from fieldcase.ui.text import file_lines
from fieldcase.ui.widgets.footer import Footer
from fieldcase.ui.widgets.tables import highlighted_key

REFRESH_SECONDS = 30
COLUMNS = ("When", "Attention", "Case", "Cautions", "Type", "Seeing", "Place")


class AgendaScreen(FieldcaseScreen[None]):
    """Visits for today and the next 7 days, overdue check-ins and missing outcomes first."""

    HELP = (
        "Every case's visits: overdue check-ins and visits waiting for their outcome on top, "
        "then today and the next 7 days. Enter opens the pre-visit briefing; o records an "
        "outcome; c opens the case file; x exports planned visits to a calendar (.ics) file."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="back-from-agenda", tooltip="Back"),
        Binding(
            "enter",
            "open_briefing",
            "Briefing",
            id="open-briefing",
            tooltip="Open the highlighted visit's pre-visit briefing",
            show=False,
        ),
        Binding(
            "o",
            "record_outcome",
            "Outcome",
            id="agenda-outcome",
            tooltip="Record the highlighted visit's outcome",
        ),
        Binding("c", "open_case", "Case", id="agenda-case", tooltip="Open the visit's case file"),
        Binding(
            "x",
            "export_calendar",
            "Export .ics",
            id="export-calendar",
            tooltip="Export planned visits to a calendar file",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.agenda: Agenda | None = None
        self.items: dict[str, AgendaItem] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="agenda-info")
        table: DataTable[object] = DataTable(id="agenda-table", cursor_type="row")
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Agenda"
        table = self.query_one("#agenda-table", DataTable)
        for name in COLUMNS:
            table.add_column(name, key=name)
        table.loading = True
        self.reload()
        self.set_interval(REFRESH_SECONDS, self.reload)

    def on_screen_resume(self) -> None:
        if self.agenda is not None:
            self.reload()

    @work(exclusive=True, group="agenda")
    async def reload(self) -> None:
        """Read the agenda again, off the interface thread, and redraw keeping the highlight."""
        agenda = await self.app.run_service(calendar.agenda, now=self.app.now())
        first = self.agenda is None
        self.agenda = agenda
        self._draw(agenda, self.app.today())
        table = self.query_one("#agenda-table", DataTable)
        table.loading = False
        if first:
            table.focus()

    def _draw(self, agenda: Agenda, today: date) -> None:
        table = self.query_one("#agenda-table", DataTable)
        selected = self._selected()
        table.clear()
        self.items = {}
        if agenda.attention:
            table.add_row(Text("Needs attention", style="bold red"), key="section-attention")
            for item in agenda.attention:
                self._add(table, item, today, with_date=True)
        for day, items in agenda.days:
            table.add_row(Text(_day_title(day, today), style="bold"), key=f"section-{day}")
            for item in items:
                self._add(table, item, today, with_date=False)
        _add_actions(table, agenda.overdue_actions, today)
        count = sum(len(i) for _, i in agenda.days)
        actions = (
            f" · {len(agenda.overdue_actions)} actions overdue" if agenda.overdue_actions else ""
        )
        info = (
            f"{len(agenda.attention)} need attention · {count} planned today and the next "
            f"{AGENDA_DAYS} days{actions} · Enter: briefing · o: outcome · x: export .ics"
        )
        if not agenda.attention and not agenda.days:
            info = f"No visits planned for today or the next {AGENDA_DAYS} days.{actions}"
        self.query_one("#agenda-info", Static).update(Content(info))
        if selected is not None and selected in self.items:
            table.move_cursor(row=table.get_row_index(selected))
        elif self.items:
            table.move_cursor(row=table.get_row_index(next(iter(self.items))))

    def _add(
        self, table: DataTable[object], item: AgendaItem, today: date, *, with_date: bool
    ) -> None:
        key = str(item.visit_id)
        self.items[key] = item
        when = format_time(item.planned_at)
        if with_date:
            day = to_local(item.planned_at).date()
            when = f"{_day_title(day, today, short=True)} {when}"
        style = (
            "bold red"
            if item.flag.startswith("Check-in overdue")
            else ("bold yellow" if item.needs_outcome else "")
        )
        table.add_row(
            cell(when),
            Text(item.flag, style=style),
            cell(item.reference, style="bold"),
            Text(f"⚠ {item.cautions}", style="bold red") if item.cautions else Text(""),
            cell(item.kind_label),
            cell(item.who, 25),
            cell(item.place_label),
            key=key,
        )

    def _selected(self) -> str | None:
        key = highlighted_key(self.query_one("#agenda-table", DataTable))
        return key if key in self.items else None

    def _selected_item(self) -> AgendaItem | None:
        key = self._selected()
        if key is None:
            self.notify("Highlight a visit first.", severity="warning")
            return None
        return self.items[key]

    @on(DataTable.RowSelected, "#agenda-table")
    def row_chosen(self) -> None:
        self.action_open_briefing()

    def action_back(self) -> None:
        """Back to where the agenda was opened from."""
        self.dismiss(None)

    def action_open_briefing(self) -> None:
        """Open the highlighted visit's briefing."""
        from fieldcase.ui.screens.visit_briefing import VisitBriefingScreen

        item = self._selected_item()
        if item is not None:
            self.app.push_screen(VisitBriefingScreen(item.visit_id))

    def action_record_outcome(self) -> None:
        """Record the highlighted visit's outcome."""
        from fieldcase.ui.dialogs.visit_outcome import record_visit_outcome

        item = self._selected_item()
        if item is not None:
            record_visit_outcome(self, item.visit_id, self._changed)

    def action_open_case(self) -> None:
        """Open the highlighted visit's case file."""
        from fieldcase.ui.screens.case_file import CaseFileScreen

        item = self._selected_item()
        if item is not None:
            self.app.push_screen(CaseFileScreen(item.case_id))

    def action_export_calendar(self) -> None:
        """Export planned visits to an .ics file."""
        from fieldcase.ui.dialogs.visit_export import CALENDAR_FILE, VisitExportDialog

        default = self.app.locations.exports_dir / CALENDAR_FILE

        async def save(data: tuple[Path, bool]) -> tuple[Path, int]:
            path, include = data
            try:
                count = await self.app.run_service(
                    calendar.export_ics, path, now=self.app.now(), include_address=include
                )
            except OSError as exc:
                raise ValidationError(
                    {"path": f"Cannot write there: {exc.strerror or 'unknown error'}."}
                ) from None
            return path, count

        def done(result: tuple[Path, int] | None) -> None:
            if result is not None:
                path, count = result
                self.notify(
                    f"{count} visit(s) written to\n{file_lines(path)}",
                    title="Calendar exported",
                    markup=False,
                )

        self.app.push_screen(VisitExportDialog(save, default), done)

    def _changed(self, result: object) -> None:
        if result is not None:
            self.app.checkins.refresh_now()
            self.reload()


def _day_title(day: date, today: date, *, short: bool = False) -> str:
    if day == today:
        name = "Today"
    elif (day - today).days == 1:
        name = "Tomorrow"
    elif (today - day).days == 1:
        name = "Yesterday"
    else:
        name = f"{day:%a}"
    relative = name in ("Today", "Tomorrow", "Yesterday")
    if short:
        return name if relative else f"{day:%a} {day.day}/{day.month}"
    return f"{name} {day.day} {day:%b}" if relative else f"{day:%a} {day.day} {day:%b}"


def _add_actions(table: DataTable[object], actions: list[OverdueAction], today: date) -> None:
    """The overdue actions of every open case, under the visits: due day, case, what, who."""
    if not actions:
        return
    table.add_row(Text("Actions overdue", style="bold red"), key="section-actions")
    for action in actions:
        table.add_row(
            short_date(action.due_on, today),
            Text("action overdue", style="red"),
            cell(action.reference, style="bold"),
            "",
            cell(action.what, 40),
            cell(action.who, 24),
            "",
            key=f"action-{action.action_id}",
        )
