"""Writing a file that leaves the encrypted store: only where asked, never over another file.

Every export (a subject access response, a chronology) goes through here: the
file is created only if nothing is at that path (not even a link), readable
and writable by the officer's account alone, and is complete or absent: a
write that fails part-way removes what it wrote.
"""

from __future__ import annotations

import os
from pathlib import Path

from fieldcase.domain.vocab import LabelledEnum
from fieldcase.services.errors import ValidationError

LEAVES_THE_STORE = (
    "The file is not encrypted: it leaves fieldcase's encrypted store. Keep it on "
    "encrypted storage, share it only as the law allows, and delete it when it is no "
    "longer needed."
)
"""The warning every export gives, on screen, on the command line and in the file."""


def write_new_file(path: Path, data: bytes) -> Path:
    """Create ``path`` holding ``data``, readable by its owner alone; returns the path.

    Missing folders on the way are created (the last one private to the owner). The
    data is flushed to the disk before this returns.

    Raises:
        FileExistsError: Something is already at ``path``; it is left as it was.
        OSError: The file cannot be written there; nothing is left behind.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def write_export(path: Path, data: bytes) -> Path:
    """``write_new_file``, with what went wrong said to the officer under the file's name.

    Raises:
        ValidationError: ``path`` is already there (nothing is written over a file) or
            cannot be written; nothing is left behind.
    """
    try:
        return write_new_file(path, data)
    except FileExistsError:
        raise ValidationError(
            {
                "path": f"{path} already exists. fieldcase never writes over a file: "
                "choose another name."
            }
        ) from None
    except OSError as exc:
        raise ValidationError({"path": f"Cannot write {path}: {exc.strerror or exc}."}) from None


class ExportFormat(LabelledEnum):
    """The file types a chronology is exported as."""

    PDF = "pdf"
    CSV = "csv"
    MARKDOWN = "md"

    @property
    def label(self) -> str:
        """The words an officer reads."""
        return {"pdf": "PDF", "csv": "CSV (spreadsheet)", "md": "Markdown"}[self.value]
