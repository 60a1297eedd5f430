"""Exporting planned visits to a calendar (.ics) file."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.widgets import Checkbox, Static

from fieldcase.services.errors import ValidationError
from fieldcase.ui.dialogs.case_items import value_of
from fieldcase.ui.dialogs.form import FormDialog, Save
from fieldcase.ui.widgets.fields import text_field
from fieldcase.ui.widgets.ticks import TickBox

CALENDAR_FILE = "fieldcase-visits.ics"


class VisitExportDialog(FormDialog[tuple[Path, bool], tuple[Path, int]]):
    """Write planned visits to an .ics file; returns the file and how many visits.

    The opener's ``save`` writes it (``calendar.export_ics``).
    """

    TITLE_TEXT = "Export visits to a calendar file"
    HELP = (
        "Writes every planned visit from today on to an .ics file your work calendar can "
        "import. Each entry holds only the case reference, type of visit and time — no "
        "names, addresses or strands — unless you tick 'include the address'."
    )

    def __init__(self, save: Save[tuple[Path, bool], tuple[Path, int]], default_path: Path) -> None:
        super().__init__(save)
        self.default_path = default_path

    def fields(self) -> ComposeResult:
        yield Static(
            "Entries hold the case reference, type of visit and time only. "
            "Calendars are often shared or synced: add addresses only if you must.",
            classes="field-label",
        )
        yield from text_field("Save to", "path", str(self.default_path))
        yield TickBox("Include the address of each visit", False, id="include-address")

    def on_mount(self) -> None:
        self.query_one("#path").focus()

    def collect(self) -> tuple[Path, bool]:
        """Where to write the file, and whether to include addresses."""
        typed = value_of(self, "path").strip()
        if not typed:
            raise ValidationError({"path": "Say where to save the calendar file."})
        path = Path(typed).expanduser()
        if path.suffix.lower() != ".ics":
            path = path.with_name(path.name + ".ics")
        return path, self.query_one("#include-address", Checkbox).value
