"""A case's visits: planned ones first, then what happened on the others."""

from __future__ import annotations

import uuid
from datetime import datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from fieldcase.db.models import Visit
from fieldcase.domain.visits import (
    CheckinState,
    PlaceKind,
    VisitKind,
    VisitStatus,
    attendees_from_json,
    checkin_state,
    needs_outcome,
)
from fieldcase.domain.when import format_time, format_when
from fieldcase.services import visit_views
from fieldcase.services.errors import NotFound
from fieldcase.services.visit_views import CaseVisits
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.formatting import cell, label_of
from fieldcase.ui.widgets.footer import Footer
from fieldcase.ui.widgets.tables import highlighted_key, refill

COLUMNS = ("When", "Type", "Place", "Attendees", "Status", "Check-in")


class CaseVisitsScreen(FieldcaseScreen[None]):
    """The visits of one case."""

    HELP = (
        "The visits on this case, planned ones first. Enter opens the pre-visit briefing; "
        "n plans a new visit; o records the highlighted visit's outcome."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="back-from-visits", tooltip="Back to the case file"),
        Binding("n", "plan_visit", "Plan visit", id="plan-another-visit", tooltip="Plan a visit"),
        Binding(
            "o",
            "record_outcome",
            "Outcome",
            id="visit-list-outcome",
            tooltip="Record the highlighted visit's outcome",
        ),
    ]

    def __init__(self, case_id: uuid.UUID) -> None:
        super().__init__()
        self.case_id = case_id
        self.loaded = False
        """True once the first load has finished."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="visits-title", classes="form-title")
        yield DataTable(id="visits-table", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#visits-table", DataTable)
        for name in COLUMNS:
            table.add_column(name, key=name)
        table.loading = True
        self.reload()

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.reload()

    @work(exclusive=True, group="case-visits")
    async def reload(self) -> None:
        """Read the case's visits again, off the interface thread."""
        try:
            found = await self.app.run_service(visit_views.case_visits, self.case_id)
        except NotFound as exc:
            self.notify(str(exc), severity="error", markup=False)
            self.dismiss(None)
            return
        self._draw(found, self.app.now())
        table = self.query_one("#visits-table", DataTable)
        table.loading = False
        if not self.loaded:
            self.loaded = True
            table.focus()

    def _draw(self, found: CaseVisits, now: datetime) -> None:
        refill(
            self.query_one("#visits-table", DataTable),
            [(str(v.id), _visit_cells(v, now)) for v in found.visits],
        )
        self.sub_title = found.reference
        self.query_one("#visits-title", Static).update(
            Content(f"Visits — {found.reference} ({len(found.visits)})")
        )

    def _selected(self) -> uuid.UUID | None:
        key = highlighted_key(self.query_one("#visits-table", DataTable))
        if key is None:
            self.notify("There is no visit to choose yet. Press n to plan one.")
            return None
        return uuid.UUID(key)

    @on(DataTable.RowSelected, "#visits-table")
    def open_briefing(self) -> None:
        from fieldcase.ui.screens.visit_briefing import VisitBriefingScreen

        visit_id = self._selected()
        if visit_id is not None:
            self.app.push_screen(VisitBriefingScreen(visit_id))

    def action_back(self) -> None:
        """Back to the case file."""
        self.dismiss(None)

    def action_plan_visit(self) -> None:
        """Plan a new visit on this case."""
        from fieldcase.ui.screens.visit_plan import VisitPlanScreen

        self.app.push_screen(VisitPlanScreen(self.case_id))

    def action_record_outcome(self) -> None:
        """Record the highlighted visit's outcome."""
        from fieldcase.ui.dialogs.visit_outcome import record_visit_outcome

        visit_id = self._selected()
        if visit_id is not None:
            record_visit_outcome(self, visit_id)


def _visit_cells(v: Visit, now: datetime) -> list[Text]:
    """One visit as a row: when, type, place, who is going, status, check-in."""
    state = checkin_state(v, now)
    late = needs_outcome(v, now)
    status = label_of(VisitStatus, v.status) + (" · needs outcome" if late else "")
    checkin = f"{format_time(v.checkin_at)} {state.value.replace('_', ' ')}" if v.checkin_at else ""
    return [
        cell(format_when(v.planned_at)),
        cell(label_of(VisitKind, v.kind)),
        cell(label_of(PlaceKind, v.place_kind)),
        cell(", ".join(a.name for a in attendees_from_json(v.attendees)), 40),
        Text(status, style="bold yellow" if late else ""),
        Text(checkin, style="bold red" if state is CheckinState.OVERDUE else ""),
    ]
