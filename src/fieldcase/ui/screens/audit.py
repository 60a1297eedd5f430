"""A case's audit history: who created, changed, deleted or opened what, and when."""

from __future__ import annotations

import uuid

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from fieldcase.domain.dates import to_local
from fieldcase.domain.text import one_line
from fieldcase.services.audit_view import PAGE_SIZE, AuditEntry, AuditPage, case_history
from fieldcase.services.errors import NotFound
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.formatting import cell
from fieldcase.ui.keys import BACK, reworded
from fieldcase.ui.text import literal
from fieldcase.ui.widgets.footer import Footer


class AuditScreen(FieldcaseScreen[None]):
    """The audit trail of one case, newest first; it cannot be edited."""

    HELP = (
        "Every change to this case and its people, and every time the case file was opened, "
        "newest first. Move up and down to see what changed in each event. N shows older "
        "events, P newer ones. The trail is append-only: nothing here can be edited."
    )
    BINDINGS = [
        reworded(BACK, tooltip="Back to the case file"),
        Binding("n", "older", "Older", id="audit-older", tooltip="Show older events"),
        Binding("p", "newer", "Newer", id="audit-newer", tooltip="Show newer events"),
    ]
    AUTO_FOCUS = "#audit-events"

    def __init__(self, case_id: uuid.UUID, *, page_size: int = PAGE_SIZE) -> None:
        """Show the history of ``case_id``, ``page_size`` events at a time."""
        super().__init__()
        self.case_id = case_id
        self.page_size = page_size
        self.history: AuditPage | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="audit-title")
        with Vertical(id="audit-body"):
            yield DataTable(id="audit-events", cursor_type="row", zebra_stripes=True)
            yield Static(id="audit-changes")
        yield Static(id="audit-page")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#audit-events", DataTable)
        table.add_column("When", key="when", width=17)
        table.add_column("Who", key="who", width=20)
        table.add_column("What", key="what")
        self.query_one("#audit-body").loading = True
        self.show_page(0)

    @work(exclusive=True, group="audit")
    async def show_page(self, page: int) -> None:
        """Load one page of the history off the interface thread (0 is the newest), then show it."""
        try:
            history = await self.app.run_service(
                case_history, self.case_id, page=page, page_size=self.page_size
            )
        except NotFound as exc:
            self.query_one("#audit-title", Static).update(Content(str(exc)))
            self.query_one("#audit-body").loading = False
            return
        self.history = history
        self._draw(history)
        self.query_one("#audit-body").loading = False
        self.refresh_bindings()

    def _draw(self, history: AuditPage) -> None:
        self.query_one("#audit-title", Static).update(
            Content.assemble(
                ("Audit history  ", "bold"),
                (one_line(history.case_reference), "bold"),
                "  ·  ",
                f"{history.total} event{'s' if history.total != 1 else ''}, newest first",
            )
        )
        table = self.query_one("#audit-events", DataTable)
        table.clear()
        for index, entry in enumerate(history.entries):
            table.add_row(
                to_local(entry.at).strftime("%d %b %Y %H:%M"),
                cell(entry.actor or "(unknown)", 20),
                cell(entry.headline),
                key=str(index),
            )
        self.query_one("#audit-page", Static).update(
            f"Page {history.page + 1} of {history.pages}"
            + ("  ·  N older" if history.has_next else "")
            + ("  ·  P newer" if history.has_previous else "")
        )
        self._show_changes(history.entries[0] if history.entries else None)

    @on(DataTable.RowHighlighted, "#audit-events")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.history is None or event.row_key.value is None:
            return
        index = int(event.row_key.value)
        if 0 <= index < len(self.history.entries):
            self._show_changes(self.history.entries[index])

    def _show_changes(self, entry: AuditEntry | None) -> None:
        panel = self.query_one("#audit-changes", Static)
        if entry is None:
            panel.update("No events recorded.")
            return
        if entry.changes:
            lines = entry.changes
        elif entry.action == "view":
            lines = ["Nothing was changed; the record was only looked at."]
        else:
            lines = ["(no field changes recorded)"]
        panel.update(
            Content.assemble(
                (one_line(entry.headline), "bold"),
                "\n",
                literal("\n".join(lines)),
            )
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out Older and Newer at the ends of the history."""
        if self.history is None:
            return True
        if action == "older":
            return True if self.history.has_next else None
        if action == "newer":
            return True if self.history.has_previous else None
        return True

    def action_older(self) -> None:
        """Show the next, older page."""
        if self.history is not None and self.history.has_next:
            self.show_page(self.history.page + 1)

    def action_newer(self) -> None:
        """Show the previous, newer page."""
        if self.history is not None and self.history.has_previous:
            self.show_page(self.history.page - 1)

    def action_back(self) -> None:
        """Return to the case file."""
        self.dismiss(None)
