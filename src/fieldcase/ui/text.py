"""Showing stored text literally: never as markup, never as terminal control."""

from __future__ import annotations

from textual.content import Content

from fieldcase.domain.text import one_line, visible


def literal(text: str | None) -> Content:
    """Stored text as content that renders exactly as typed (control characters made visible)."""
    return Content(visible(text or ""))


def literal_line(text: str | None, limit: int = 0) -> Content:
    """Stored text on one line, for tables and headers."""
    return Content(one_line(text or "", limit))
