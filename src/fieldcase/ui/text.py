"""Showing stored text literally: never as markup, never as terminal control."""

from __future__ import annotations

from pathlib import Path

from textual.content import Content

from fieldcase.domain.text import one_line, visible


def literal(text: str | None) -> Content:
    """Stored text as content that renders exactly as typed (control characters made visible)."""
    return Content(visible(text or ""))


def literal_line(text: str | None, limit: int = 0) -> Content:
    """Stored text on one line, for tables and headers."""
    return Content(one_line(text or "", limit))


def file_lines(path: Path | str) -> str:
    """A written file for a message: its name alone on a line, then the folder it is in.

    A toast wraps a long path wherever the width runs out; on a line of its own the file
    name is never split, so the officer can read it whole and find it.
    """
    path = Path(path)
    return f"{path.name}\nin {path.parent}"
