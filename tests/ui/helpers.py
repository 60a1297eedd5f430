"""Small helpers for driving the app by keyboard in Pilot tests."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable


async def settle(pilot: Pilot[object]) -> None:
    """Let timers, workers and refreshes finish.

    ``pause`` waits for background work (see ``tests/conftest.py``), except a
    worker waiting for the officer to answer a dialog: the test answers it.
    """
    await pilot.pause()
    await pilot.pause()


async def type_text(pilot: Pilot[object], text: str) -> None:
    """Type text key by key, as an officer would."""
    keys = ["space" if ch == " " else ch for ch in text]
    await pilot.press(*keys)


def table_text(table: DataTable[object]) -> list[list[str]]:
    """Every row of a table as plain strings, for assertions on what is shown."""
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def screen_text(pilot: Pilot[object]) -> str:
    """Everything the current screen shows, as plain text."""
    from textual.widgets import Static

    parts: list[str] = []
    for widget in pilot.app.screen.query("*"):
        if isinstance(widget, DataTable):
            parts.extend(" | ".join(row) for row in table_text(widget))
        elif isinstance(widget, Static):
            parts.append(str(widget.render()))
    return "\n".join(parts)
