"""Exporting a chronology: which format, where, and whether to redact third parties."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Label, Select, Static

from fieldcase.domain.chronology import EntryKind
from fieldcase.services.chronology_export import (
    ChronologyExport,
    ChronologyExportInput,
    ExportFormat,
)
from fieldcase.services.errors import ValidationError
from fieldcase.services.export_files import LEAVES_THE_STORE
from fieldcase.ui.dialogs.case_items import choice_of, value_of
from fieldcase.ui.dialogs.form import FormDialog, Save
from fieldcase.ui.text import literal
from fieldcase.ui.widgets.fields import field_error, show_field_errors, text_field
from fieldcase.ui.widgets.ticks import TickBox

REDACT_LABEL = "Redact third parties: household, witnesses, guardians"


@dataclass(frozen=True)
class ExportScope:
    """What the chronology screen shows, and so what an export holds."""

    reference: str
    kind: str | None
    person_id: uuid.UUID | None
    shown: int
    total: int


def free_path(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem.suffix``, or ``stem-2.suffix`` and so on when that is taken."""
    path = folder / f"{stem}.{suffix}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}.{suffix}"
        n += 1
    return path


class ChronologyExportDialog(FormDialog[ChronologyExportInput, ChronologyExport]):
    """Write the chronology to a new file; returns what was written."""

    TITLE_TEXT = "Export the chronology"
    HELP = (
        "Writes the entries shown (with their numbers) to a new file: PDF to print or send, "
        "CSV for a spreadsheet, Markdown to edit. The file is never written over another. "
        "Tick redaction before it leaves the organisation: household members, witnesses and "
        "guardians are named by role, and notes not for disclosure, safe contact details, "
        "who reported a breach and consent reasons are withheld."
    )

    def __init__(
        self, save: Save[ChronologyExportInput, ChronologyExport], scope: ExportScope, folder: Path
    ) -> None:
        super().__init__(save)
        self.scope = scope
        self.folder = folder
        self._suggested = self._suggest(ExportFormat.PDF)

    def _suggest(self, fmt: str) -> str:
        return str(free_path(self.folder, f"chronology-{self.scope.reference}", fmt))

    def fields(self) -> ComposeResult:
        s = self.scope
        what = f"All {s.total} entries" if s.shown == s.total else f"{s.shown} of {s.total} entries"
        if s.kind:
            what += f": {EntryKind(s.kind).label} only"
        if s.person_id:
            what += ", about the person chosen and the case as a whole"
        yield Static(literal(f"{s.reference} · {what}"), classes="field-label")
        yield Label("Format", classes="field-label")
        yield Select(ExportFormat.choices(), id="fmt", value=ExportFormat.PDF, allow_blank=False)
        yield from text_field("Save to (a new file)", "path", self._suggested)
        yield field_error("path")
        yield TickBox(REDACT_LABEL, False, id="redact")
        yield Static(literal(LEAVES_THE_STORE), classes="export-warning")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#fmt").focus()

    @on(Select.Changed, "#fmt")
    def format_changed(self, event: Select.Changed) -> None:
        """A suggested name follows the format; a name the officer typed is left alone."""
        field = self.query_one("#path", Input)
        if field.value == self._suggested and event.value is not Select.NULL:
            self._suggested = self._suggest(str(event.value))
            field.value = self._suggested

    def show_errors(self, errors: dict[str, str]) -> None:
        """A problem with the file is shown under its name as well as at the foot."""
        super().show_errors(errors)
        show_field_errors(self, errors)

    def collect(self) -> ChronologyExportInput:
        """The format, the file and the redaction chosen."""
        typed = value_of(self, "path").strip()
        if not typed:
            raise ValidationError({"path": "Say where to save the chronology."})
        return ChronologyExportInput(
            path=Path(typed).expanduser(),
            fmt=choice_of(self, "fmt"),
            redact=self.query_one("#redact", Checkbox).value,
            kind=self.scope.kind,
            person_id=self.scope.person_id,
        )
