"""A case's chronology: every record, numbered in time order, filtered by kind or person."""

from __future__ import annotations

import uuid

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Header, Select, Static

from fieldcase.domain.chronology import Entry, EntryKind
from fieldcase.domain.text import one_line
from fieldcase.services.chronology import Chronology, chronology, period
from fieldcase.services.chronology_export import (
    ChronologyExport,
    ChronologyExportInput,
    details,
    export_chronology,
    when_text,
)
from fieldcase.services.errors import NotFound
from fieldcase.services.evidence_pack import (
    EvidencePackInput,
    EvidencePackWritten,
    export_evidence_pack,
)
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.formatting import cell
from fieldcase.ui.keys import BACK, reworded
from fieldcase.ui.text import file_lines, literal
from fieldcase.ui.widgets.footer import Footer
from fieldcase.ui.widgets.tables import highlighted_key, refill


class ChronologyScreen(FieldcaseScreen[None]):
    """Everything recorded in one case, oldest first; it cannot be edited here."""

    HELP = (
        "Everything recorded in the case, oldest first, numbered. Move up and down to read an "
        "entry in full below. K chooses a kind of record and W a person (Tab moves there too); "
        "the numbers stay those of the whole chronology. X exports what is shown as PDF, CSV "
        "or Markdown, optionally with third parties redacted. E writes the evidence pack for an "
        "injunction or possession hearing: one PDF of the whole case with a contents page."
    )
    BINDINGS = [
        reworded(BACK, tooltip="Back to the case file"),
        Binding("k", "filter_kind", "Kind", id="chronology-kind", tooltip="Show one kind"),
        Binding("w", "filter_person", "Who", id="chronology-person", tooltip="Show one person"),
        Binding(
            "x",
            "export",
            "Export",
            id="chronology-export",
            tooltip="Export the chronology shown as PDF, CSV or Markdown",
        ),
        Binding(
            "e",
            "evidence_pack",
            "Pack",
            id="chronology-evidence-pack",
            tooltip="Write the case's evidence pack for a court hearing as one PDF",
        ),
    ]
    AUTO_FOCUS = "#chronology-entries"

    def __init__(self, case_id: uuid.UUID) -> None:
        super().__init__()
        self.case_id = case_id
        self.chronology: Chronology | None = None
        """What the screen shows; None until it has loaded."""
        self.shown: list[Entry] = []
        """The entries the filters let through, in order."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Gathering the chronology…", id="chronology-title")
        with Horizontal(id="chronology-filters"):
            yield Select[str](
                [(k.label, k.value) for k in EntryKind], id="kind-filter", prompt="Every kind"
            )
            yield Select[str]([], id="person-filter", prompt="Everyone")
        with Vertical(id="chronology-body"):
            yield DataTable(id="chronology-entries", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="chronology-detail-area"):
                yield Static(id="chronology-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#chronology-entries", DataTable)
        table.add_column("No.", key="number", width=4)
        table.add_column("When", key="when", width=17)
        table.add_column("Kind", key="kind", width=15)
        table.add_column("What", key="what")
        self.query_one("#chronology-body").loading = True
        self.load()

    @work(exclusive=True, group="chronology")
    async def load(self) -> None:
        """Gather the chronology off the interface thread, then show it."""
        try:
            found = await self.app.run_service(chronology, self.case_id, now=self.app.now())
        except NotFound as exc:
            self.query_one("#chronology-title", Static).update(Content(str(exc)))
            self.query_one("#chronology-body").loading = False
            return
        self.chronology = found
        self.sub_title = found.reference
        people = self.query_one("#person-filter", Select)
        people.set_options(
            [(one_line(f"{p.name} ({p.role})", 60), str(p.person_id)) for p in found.people]
        )
        self._draw()
        self.query_one("#chronology-body").loading = False

    @property
    def kind(self) -> str | None:
        """The kind chosen in the filter, if any."""
        value = self.query_one("#kind-filter", Select).value
        return None if value is Select.NULL else str(value)

    @property
    def person_id(self) -> uuid.UUID | None:
        """The person chosen in the filter, if any."""
        value = self.query_one("#person-filter", Select).value
        return None if value is Select.NULL else uuid.UUID(str(value))

    @on(Select.Changed)
    def filter_changed(self) -> None:
        if self.chronology is not None:
            self._draw()

    def _draw(self) -> None:
        assert self.chronology is not None
        chron = self.chronology
        self.shown = chron.filtered(self.kind, self.person_id)
        total = len(chron.entries)
        count = f"all {total}" if len(self.shown) == total else f"{len(self.shown)} of {total}"
        self.query_one("#chronology-title", Static).update(
            Content.assemble(
                ("Chronology  ", "bold"),
                (one_line(chron.reference), "bold"),
                f"  ·  {count} entries  ·  {span_text(self.shown)}",
            )
        )
        table = self.query_one("#chronology-entries", DataTable)
        refill(
            table,
            (
                (
                    str(entry.number),
                    [
                        str(entry.number),
                        when_text(entry).split(" ", 1)[1],
                        entry.kind.label,
                        cell(entry.summary),
                    ],
                )
                for entry in self.shown
            ),
        )
        kept = highlighted_key(table)
        self._show_entry(next((e for e in self.shown if str(e.number) == kept), None))

    @on(DataTable.RowHighlighted, "#chronology-entries")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is None:
            return
        number = int(event.row_key.value)
        self._show_entry(next((e for e in self.shown if e.number == number), None))

    def _show_entry(self, entry: Entry | None) -> None:
        panel = self.query_one("#chronology-detail", Static)
        if entry is None:
            panel.update("Nothing recorded matches." if self.chronology else "")
            return
        body = "\n".join(details(entry))
        panel.update(
            Content.assemble(
                (f"{entry.number}. {when_text(entry)} · {entry.kind.label}", "bold"),
                "\n",
                literal(entry.summary),
                *(("\n", literal(body)) if body else ()),
                *(("\n", (f"By: {one_line(entry.by)}", "italic")) if entry.by.strip() else ()),
            )
        )

    def action_filter_kind(self) -> None:
        """Choose the kind of record to show."""
        self.query_one("#kind-filter", Select).focus()

    def action_filter_person(self) -> None:
        """Choose the person whose records to show."""
        self.query_one("#person-filter", Select).focus()

    def action_export(self) -> None:
        """Export what is shown as PDF, CSV or Markdown."""
        if self.chronology is not None:
            self._export(self.chronology)

    @work(exclusive=True, group="chronology-export")
    async def _export(self, chron: Chronology) -> None:
        from fieldcase.ui.dialogs.chronology_export import ChronologyExportDialog, ExportScope

        scope = ExportScope(
            reference=chron.reference,
            kind=self.kind,
            person_id=self.person_id,
            shown=len(self.shown),
            total=len(chron.entries),
        )
        app = self.app

        async def save(data: ChronologyExportInput) -> ChronologyExport:
            return await app.run_service(
                export_chronology, self.case_id, data, produced_by=app.officer_name, now=app.now()
            )

        dialog = ChronologyExportDialog(save, scope, app.locations.exports_dir)
        written = await app.ask(dialog)
        if written is not None:
            redacted = "third parties redacted" if written.redacted else "not redacted"
            self.notify(
                f"{file_lines(written.path)}\n{written.entries} entries, {redacted}. It is not "
                "encrypted: keep it safe and delete it when it is no longer needed.",
                title="Chronology exported",
                timeout=12,
                markup=False,
            )

    def action_evidence_pack(self) -> None:
        """Write the case's evidence pack as one PDF."""
        if self.chronology is not None:
            self._evidence_pack(self.chronology.reference)

    @work(exclusive=True, group="chronology-export")
    async def _evidence_pack(self, reference: str) -> None:
        from fieldcase.ui.dialogs.evidence_pack import EvidencePackDialog

        app = self.app

        async def save(data: EvidencePackInput) -> EvidencePackWritten:
            return await app.run_service(
                export_evidence_pack,
                self.case_id,
                data,
                produced_by=app.officer_name,
                now=app.now(),
            )

        written = await app.ask(EvidencePackDialog(save, reference, app.locations.exports_dir))
        if written is not None:
            self.notify(
                f"{file_lines(written.path)}\n{written.described()}. It is not encrypted: keep it "
                "safe and delete it when it is no longer needed.",
                title="Evidence pack written",
                timeout=12,
                markup=False,
            )

    def action_back(self) -> None:
        """Back to the case file."""
        self.dismiss(None)


def span_text(entries: list[Entry]) -> str:
    """The period the entries cover, short: ``21 Oct – 29 Nov 2026``."""
    span = period(entries)
    if span is None:
        return "nothing recorded"
    first, last = span
    start = f"{first.day} {first:%b}" if first.year == last.year else f"{first.day} {first:%b %Y}"
    return f"{start} – {last.day} {last:%b %Y}" if first != last else f"{last.day} {last:%b %Y}"
