"""Attaching a file to a case, and saving an attachment out of the database."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from fieldcase.services.attachments import AttachmentInput
from fieldcase.services.errors import ValidationError
from fieldcase.ui.dialogs.case_items import value_of
from fieldcase.ui.dialogs.form import FormDialog, Save
from fieldcase.ui.widgets.fields import text_field

LEAVES = (
    "The file is saved unencrypted outside fieldcase, readable by your account only and "
    "never over an existing file: keep it on encrypted storage and delete it when done."
)


class AttachDialog(FormDialog[AttachmentInput, object]):
    """Which file to copy into the case, and what it shows."""

    TITLE_TEXT = "Attach a file"
    HELP = (
        "Type the path of a photo, diary sheet, document or recording. Its bytes are copied "
        "into the encrypted database with its size, type and SHA-256; the original can then "
        "be deleted. fieldcase never opens an attachment."
    )

    def fields(self) -> ComposeResult:
        yield from text_field("File", "path", placeholder="~/Downloads/photo.jpg")
        yield from text_field("What it shows", "description")

    def collect(self) -> AttachmentInput:
        """The file and its description."""
        typed = value_of(self, "path").strip()
        if not typed:
            raise ValidationError({"path": "Type the path of the file to attach."})
        return AttachmentInput(Path(typed).expanduser(), value_of(self, "description"))


class SaveAttachmentDialog(FormDialog[Path, Path]):
    """Where to save an attachment's copy."""

    TITLE_TEXT = "Save a copy of the attachment"
    HELP = "Saves the attachment's bytes, checked against their SHA-256, where you say."

    def __init__(self, save: Save[Path, Path], default_path: Path) -> None:
        super().__init__(save)
        self.default_path = default_path

    def fields(self) -> ComposeResult:
        yield Static(Content(LEAVES), classes="field-label")
        yield from text_field("Save to", "path", str(self.default_path))

    def collect(self) -> Path:
        """Where to save it."""
        typed = value_of(self, "path").strip()
        if not typed:
            raise ValidationError({"path": "Say where to save the copy."})
        return Path(typed).expanduser()
