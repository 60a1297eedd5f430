"""The safety board: today's visits of the team and where each check-in stands.

On a team server it lists the visits of the officer's team (a supervisor's,
every team's: the server decides); on a laptop, the officer's own. An overdue
check-in is on top, in red, until the officer checks in or a colleague
resolves it, and then says who did.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import DataTable, Header, Static

from fieldcase.domain.visits import CheckinState
from fieldcase.domain.when import format_time
from fieldcase.services import safety_board
from fieldcase.services.safety_board import BoardVisit
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.formatting import cell
from fieldcase.ui.widgets.footer import Footer
from fieldcase.ui.widgets.tables import highlighted_key, refill

TICK_SECONDS = 1.0
"""How often the check-in states are compared with the clock."""
POLL_TICKS = 15
"""Read the board from the database again every this many ticks."""
COLUMNS = ("Time", "Check-in", "Case", "Officer", "Buddy", "Visit", "Place")
"""The state comes second, so it shows on an 80-column terminal."""

_STYLES = {
    CheckinState.OVERDUE: "bold red",
    CheckinState.REACHED: "yellow",
    CheckinState.AWAITING: "bold",
}


class SafetyBoardScreen(FieldcaseScreen[None]):
    """Today's visits of the team with their check-in state, overdue first."""

    HELP = (
        "Today's visits of your team (a supervisor sees every team; on a laptop, your own) "
        "with where each check-in stands: planned, out and due at a time, checked in, "
        "OVERDUE, or resolved by a colleague. An overdue check-in stays on top, from any "
        "day, until it is resolved. r resolves the highlighted one once you have reached "
        "the officer; Enter opens the visit's briefing. The board follows the server on "
        "its own."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="back-from-board", tooltip="Back"),
        Binding(
            "r",
            "resolve",
            "Resolve",
            id="board-resolve",
            tooltip="I have reached them: resolve the highlighted overdue check-in",
        ),
        Binding(
            "enter",
            "open_briefing",
            "Briefing",
            id="board-briefing",
            tooltip="Open the highlighted visit's briefing",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.visits: dict[str, BoardVisit] = {}
        self.loaded = False
        self._ticks = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="board-info")
        yield DataTable(id="board-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Safety board"
        table = self.query_one("#board-table", DataTable)
        for name in COLUMNS:
            table.add_column(name, key=name)
        table.loading = True
        self.reload()
        self.set_interval(TICK_SECONDS, self._tick)

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.reload()

    def _tick(self) -> None:
        self._ticks += 1
        if self._ticks >= POLL_TICKS:
            self._ticks = 0
            self.reload()
        elif self.loaded:
            self._draw(self.app.now())

    @work(exclusive=True, group="safety-board")
    async def reload(self) -> None:
        """Read the board again, off the interface thread, and redraw keeping the highlight."""
        visits = await self.app.run_service(safety_board.board, now=self.app.now())
        self.visits = {str(v.visit_id): v for v in visits}
        first = not self.loaded
        self.loaded = True
        try:
            self._draw(self.app.now())
        except NoMatches:  # the board was closed (or the app quit) while the visits were read
            return
        table = self.query_one("#board-table", DataTable)
        table.loading = False
        if first:
            table.focus()

    def _draw(self, now: datetime) -> None:
        table = self.query_one("#board-table", DataTable)
        refill(table, ((key, _cells(v, now)) for key, v in self.visits.items()))
        late = sum(v.state(now) is CheckinState.OVERDUE for v in self.visits.values())
        officer = self.app.officer
        whose = (
            "Your visits today"
            if officer is None
            else (
                "Every team's visits today"
                if officer.supervisor
                else f"{officer.team}'s visits today"
            )
        )
        count = f"{len(self.visits)} visit{'s' if len(self.visits) != 1 else ''}"
        overdue = (
            f" · {late} CHECK-IN{'S' if late != 1 else ''} OVERDUE: r resolves" if late else ""
        )
        self.query_one("#board-info", Static).update(Content(f"{whose}: {count}{overdue}"))

    def _highlighted(self) -> BoardVisit | None:
        key = highlighted_key(self.query_one("#board-table", DataTable))
        if key is None or key not in self.visits:
            self.notify("Highlight a visit first.", severity="warning")
            return None
        return self.visits[key]

    @on(DataTable.RowSelected, "#board-table")
    def row_chosen(self) -> None:
        self.action_open_briefing()

    def action_back(self) -> None:
        """Back to where the board was opened from."""
        self.dismiss(None)

    def action_open_briefing(self) -> None:
        """Open the highlighted visit's briefing."""
        from fieldcase.ui.screens.visit_briefing import VisitBriefingScreen

        visit = self._highlighted()
        if visit is not None:
            self.app.push_screen(VisitBriefingScreen(visit.visit_id))

    def action_resolve(self) -> None:
        """Resolve the highlighted overdue check-in: one's own as F2 does, a colleague's here."""
        visit = self._highlighted()
        if visit is None:
            return
        if visit.state(self.app.now()) is not CheckinState.OVERDUE:
            self.notify("That check-in is not overdue.", severity="warning")
        elif self.app.officer is None or visit.officer == self.app.officer_name:
            self.app.checkins.resolve()
        else:
            self._resolve(visit)

    @work(group="checkin-resolve", exclusive=True)
    async def _resolve(self, visit: BoardVisit) -> None:
        from fieldcase.ui.dialogs.checkin_resolve import resolve_colleague_checkin

        if await resolve_colleague_checkin(self.app, visit):
            self.app.colleagues.refresh_now()
            self.reload()


def _cells(v: BoardVisit, now: datetime) -> list[Text]:
    state = v.state(now)
    return [
        cell(format_time(v.planned_at)),
        Text(v.state_text(now), style=_STYLES.get(state, "")),
        cell(v.reference, style="bold"),
        cell(v.who, 24),
        cell(v.buddy, 16),
        cell(v.kind_label),
        cell(v.place, 40),
    ]
