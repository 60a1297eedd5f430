"""Problems shown next to the fields they are about, where the officer is looking.

A message goes directly under its field (under the row, for a field in a row
of fields), the first such field takes the focus, and both are scrolled into
view: a date refused at the top of a long form is never reported only at its
bottom.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Static

from fieldcase.ui.text import literal

FIELD_ERROR = "field-error"
"""The class of a message shown under a field."""

FieldFor = Callable[[str], Widget | None]
"""Finds the widget a problem's name belongs to."""


def show_field_errors(root: Widget, errors: dict[str, str], field_for: FieldFor) -> Widget | None:
    """Replace the messages under ``root``'s fields with ``errors``; returns the first field.

    The first field with a problem takes the focus and is scrolled into view
    together with its message.
    """
    for old in root.query(f".{FIELD_ERROR}"):
        old.remove()
    first: tuple[Widget, Static] | None = None
    for name, message in errors.items():
        field = field_for(name)
        if field is None or field.parent is None:
            continue
        anchor = field.parent if isinstance(field.parent, Horizontal) else field
        note = Static(literal(message), classes=f"{FIELD_ERROR} error")
        container = anchor.parent
        if not isinstance(container, Widget):
            continue
        container.mount(note, after=anchor)
        if first is None:
            first = (field, note)
    if first is None:
        return None
    field, note = first
    if field.focusable:
        field.focus()
    root.call_after_refresh(note.scroll_visible)
    return field
