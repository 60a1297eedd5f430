"""A case's disclosure log: what was shared with which agency, on what gateway, and why."""

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

from fieldcase.db.models import Disclosure
from fieldcase.domain.protection import AgencyKind, DisclosureMethod, Gateway, long_date
from fieldcase.services import disclosure
from fieldcase.services.disclosure import DisclosureInput, DisclosureLog
from fieldcase.services.errors import NotFound
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.dialogs.disclosure_record import DisclosureDialog
from fieldcase.ui.formatting import cell, label_of, short_date
from fieldcase.ui.keys import BACK, reworded
from fieldcase.ui.text import literal
from fieldcase.ui.widgets.footer import Footer
from fieldcase.ui.widgets.tables import highlighted_key, refill

_DETAIL_FIELDS = [
    ("agency", "Agency"),
    ("agency_kind", "Kind"),
    ("requesting_officer", "Requested by"),
    ("requesting_rank", "Rank or role"),
    ("requested_on", "Requested"),
    ("gateway", "Legal gateway"),
    ("gateway_detail", "Gateway detail"),
    ("purpose", "Purpose"),
    ("data_subjects", "About"),
    ("requested_info", "Asked for"),
    ("disclosed_info", "Disclosed"),
    ("necessity", "Necessary and proportionate because"),
    ("approved_by", "Approved by"),
    ("disclosed_on", "Disclosed on"),
    ("method", "How"),
    ("consent_override_reason", "Went ahead without consent because"),
]


def _shown(name: str, value: object) -> str:
    if value is None or value == "":
        return ""
    if name == "agency_kind":
        return label_of(AgencyKind, str(value))
    if name == "gateway":
        return label_of(Gateway, str(value))
    if name == "method":
        return label_of(DisclosureMethod, str(value))
    if isinstance(value, date):
        return long_date(value)
    return str(value)


class DisclosureLogScreen(FieldcaseScreen[None]):
    """The disclosure log: every sharing of this case's information with another agency."""

    HELP = (
        "Each row is one disclosure; the highlighted one is shown in full below. Press a to "
        "record a disclosure. A disclosure to the police without the victim's consent to "
        "share needs s115 Crime and Disorder Act 1998 or DPA 2018 Schedule 2 para 2 as its "
        "gateway, or a reason you give when asked."
    )
    BINDINGS = [
        reworded(BACK, tooltip="Back to the case file"),
        Binding(
            "a",
            "add_disclosure",
            "Record",
            id="add-disclosure",
            tooltip="Record a disclosure to another agency",
        ),
    ]

    def __init__(self, case_id: uuid.UUID) -> None:
        super().__init__()
        self.case_id = case_id
        self.rows: list[Disclosure] = []
        """The disclosures shown, most recent first."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="disclosure-header")
        with VerticalScroll(id="disclosure-body"):
            yield DataTable(id="disclosure-log", cursor_type="row")
            yield Static("", id="disclosure-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#disclosure-log", DataTable)
        table.add_columns("Disclosed", "Agency", "Gateway", "Requested by", "Disclosed", "Approved")
        table.focus()
        self.query_one("#disclosure-body").loading = True
        self.load()

    @work(exclusive=True, group="disclosures")
    async def load(self) -> None:
        """Read the log off the interface thread, then redraw."""
        try:
            log = await self.app.run_service(disclosure.disclosure_log, self.case_id)
        except NotFound as exc:
            self.notify(str(exc), severity="error")
            self.dismiss(None)
            return
        self._draw(log)
        self.query_one("#disclosure-body").loading = False

    def _draw(self, log: DisclosureLog) -> None:
        today = self.app.today()
        reference = log.case_reference
        self.rows = log.disclosures
        self.sub_title = f"{reference} · disclosures"
        count = len(self.rows)
        summary = f"{count} disclosure{'s' if count != 1 else ''}" if count else "none recorded"
        self.query_one("#disclosure-header", Static).update(
            Content.assemble((reference, "bold"), "  ·  Disclosure log  ·  ", summary)
        )
        table = self.query_one("#disclosure-log", DataTable)
        refill(table, [(str(d.id), _disclosure_cells(d, today)) for d in self.rows])
        key = highlighted_key(table)
        self._show_detail(next((r for r in self.rows if str(r.id) == key), None))

    def _show_detail(self, row: Disclosure | None) -> None:
        detail = self.query_one("#disclosure-detail", Static)
        if row is None:
            detail.update(Content("No disclosure has been recorded on this case."))
            return
        lines = []
        for name, label in _DETAIL_FIELDS:
            shown = _shown(name, getattr(row, name))
            if shown:
                lines.append(Content.assemble((f"{label}: ", "bold"), literal(shown)))
        detail.update(Content("\n").join(lines))

    @on(DataTable.RowHighlighted, "#disclosure-log")
    def show_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Show the highlighted disclosure in full."""
        key = event.row_key.value
        self._show_detail(next((r for r in self.rows if str(r.id) == key), None))

    def action_add_disclosure(self) -> None:
        """Record a disclosure."""
        new_id = uuid.uuid4()  # before the first try: saving again never saves it twice

        async def save(data: DisclosureInput) -> object:
            return await self.app.run_service(
                disclosure.record_disclosure,
                self.case_id,
                data,
                today=self.app.today(),
                new_id=new_id,
            )

        self.app.push_screen(
            DisclosureDialog(save, today=self.app.today()).keep_case_draft(
                "disclosure", self.case_id, f"Disclosure ({self.sub_title})"
            ),
            self._saved,
        )

    def _saved(self, result: object) -> None:
        if result is not None:
            self.load()
            self.notify("Disclosure recorded.")

    def action_back(self) -> None:
        """Back to the case file."""
        self.dismiss(None)


def _disclosure_cells(d: Disclosure, today: date) -> list[Text]:
    """One disclosure as a row of the log."""
    gateway = Text(label_of(Gateway, d.gateway))
    if d.consent_override_reason:
        gateway.append("  without consent", style="bold red")
    return [
        cell(short_date(d.disclosed_on, today)),
        cell(d.agency, 25, style="bold"),
        gateway,
        cell(d.requesting_officer, 20),
        cell(d.disclosed_info, 40),
        cell(d.approved_by, 20),
    ]
