"""Writing a case's evidence pack: where to, and whether to redact third parties."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.widgets import Checkbox, Static

from fieldcase.services.errors import ValidationError
from fieldcase.services.evidence_pack import EvidencePackInput, EvidencePackWritten
from fieldcase.services.export_files import LEAVES_THE_STORE
from fieldcase.ui.dialogs.case_items import value_of
from fieldcase.ui.dialogs.chronology_export import REDACT_LABEL, free_path
from fieldcase.ui.dialogs.form import FormDialog, Save
from fieldcase.ui.text import literal
from fieldcase.ui.widgets.fields import field_error, show_field_errors, text_field

PACK_HOLDS = (
    "One PDF with a contents page and page numbers: the case summary, the numbered "
    "chronology, incident accounts, letters, calls and visit attempts, the ABCs and their "
    "breaches, enforcement steps, and the exhibits with their SHA-256."
)


class EvidencePackDialog(FormDialog[EvidencePackInput, EvidencePackWritten]):
    """Write the evidence pack to a new PDF file; returns what was written."""

    TITLE_TEXT = "Write the evidence pack"
    HELP = (
        "Writes the whole case as one PDF for an injunction or possession hearing, to a new "
        "file: it is never written over another. Tick redaction before it leaves the "
        "organisation: household members, witnesses and guardians are named by role, and "
        "notes not for disclosure, safe contact details, who reported a breach and consent "
        "reasons are withheld."
    )

    def __init__(
        self, save: Save[EvidencePackInput, EvidencePackWritten], reference: str, folder: Path
    ) -> None:
        super().__init__(save)
        self.reference = reference
        self.suggested = free_path(folder, f"evidence-pack-{reference}", "pdf")

    def fields(self) -> ComposeResult:
        yield Static(literal(f"{self.reference} · {PACK_HOLDS}"), classes="field-label")
        yield from text_field("Save to (a new PDF file)", "path", str(self.suggested))
        yield field_error("path")
        yield Checkbox(REDACT_LABEL, False, id="redact")
        yield Static(literal(LEAVES_THE_STORE), classes="export-warning")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#path").focus()

    def show_errors(self, errors: dict[str, str]) -> None:
        """A problem with the file is shown under its name as well as at the foot."""
        super().show_errors(errors)
        show_field_errors(self, errors)

    def collect(self) -> EvidencePackInput:
        """The file and the redaction chosen."""
        typed = value_of(self, "path").strip()
        if not typed:
            raise ValidationError({"path": "Say where to save the evidence pack."})
        return EvidencePackInput(
            path=Path(typed).expanduser(), redact=self.query_one("#redact", Checkbox).value
        )
