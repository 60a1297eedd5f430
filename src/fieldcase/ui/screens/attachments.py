"""A case's attachments: what each file is, attaching another, saving a copy out."""

from __future__ import annotations

import uuid
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from fieldcase.db.models import Attachment
from fieldcase.services import attachments
from fieldcase.services.attachments import AttachmentInput
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.dialogs.attachment import AttachDialog, SaveAttachmentDialog
from fieldcase.ui.formatting import cell, local_datetime
from fieldcase.ui.keys import BACK
from fieldcase.ui.text import file_lines
from fieldcase.ui.widgets.footer import Footer
from fieldcase.ui.widgets.tables import refill

COLUMNS = ("File", "Type", "Size", "SHA-256", "Added", "By", "What it shows")


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(size // 1024, 1)} KB"


class AttachmentsScreen(FieldcaseScreen[None]):
    """Photos, documents and recordings kept with the case, never opened by fieldcase."""

    HELP = (
        "The case's attachments, kept inside the encrypted database with the size, type "
        "and SHA-256 recorded when each was added. n attaches a file; s saves a copy of "
        "the highlighted one where you say (its hash is checked first). fieldcase never "
        "opens an attachment."
    )
    BINDINGS = [
        BACK,
        Binding("n", "attach", "Attach", id="attach", tooltip="Copy a file into the case"),
        Binding(
            "s",
            "save_copy",
            "Save copy",
            id="save-attachment",
            tooltip="Save a copy of the highlighted attachment",
        ),
    ]

    def __init__(self, case_id: uuid.UUID, reference: str) -> None:
        super().__init__()
        self.case_id = case_id
        self.reference = reference
        self.rows: list[Attachment] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="attachments-info")
        yield DataTable(id="attachments", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"{self.reference} · attachments"
        table = self.query_one("#attachments", DataTable)
        for name in COLUMNS:
            table.add_column(name, key=name)
        table.focus()
        self.reload()

    @work(exclusive=True, group="attachments")
    async def reload(self) -> None:
        """Read the list again and redraw it."""
        self.rows = await self.app.run_service(attachments.case_attachments, self.case_id)
        refill(
            self.query_one("#attachments", DataTable),
            (
                (
                    str(a.id),
                    [
                        cell(a.file_name, 30),
                        cell(a.media_type),
                        _size(a.size_bytes),
                        a.sha256[:12] + "…",
                        local_datetime(a.created_at),
                        cell(a.added_by, 20),
                        cell(a.description, 40),
                    ],
                )
                for a in self.rows
            ),
        )
        info = f"{len(self.rows)} attached · n attach · s save a copy"
        self.query_one("#attachments-info", Static).update(Content(info))

    def action_back(self) -> None:
        """Back to the case file."""
        self.dismiss(None)

    def action_attach(self) -> None:
        """Copy a file into the case."""
        new_id = uuid.uuid4()  # before the first try: saving again never saves it twice

        async def save(data: AttachmentInput) -> object:
            return await self.app.run_service(
                attachments.add_attachment,
                self.case_id,
                data,
                added_by=self.app.officer_name,
                policy=self.app.settings.policy,
                new_id=new_id,
            )

        self.app.push_screen(AttachDialog(save), self._attached)

    def _attached(self, done: object) -> None:
        if done is not None:
            self.reload()

    def action_save_copy(self) -> None:
        """Save a copy of the highlighted attachment."""
        table = self.query_one("#attachments", DataTable)
        if not self.rows or table.cursor_row < 0:
            self.notify("There is no attachment to save.", severity="warning")
            return
        chosen = self.rows[table.cursor_row]

        async def save(path: Path) -> Path:
            return await self.app.run_service(attachments.export_attachment, chosen.id, path)

        default = self.app.locations.exports_dir / f"{self.reference}-{chosen.file_name}"
        self.app.push_screen(SaveAttachmentDialog(save, default), self._saved)

    def _saved(self, path: Path | None) -> None:
        if path is not None:
            self.notify(f"Saved:\n{file_lines(path)}", markup=False)
