"""Small helpers for driving the app by keyboard in Pilot tests."""

from __future__ import annotations

import asyncio
import uuid

from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import DataTable


async def settle(pilot: Pilot[object]) -> None:
    """Let timers, workers and refreshes finish.

    ``pause`` waits for background work (see ``tests/conftest.py``), except a
    worker waiting for the officer to answer a dialog: the test answers it.
    """
    await pilot.pause()
    await pilot.pause()


async def open_case_file(pilot: Pilot[object], case_id: uuid.UUID) -> None:
    """Open a case file, as choosing the case on the dashboard does."""
    from fieldcase.ui.screens.case_file import CaseFileScreen

    await settle(pilot)
    await pilot.app.push_screen(CaseFileScreen(case_id))
    await settle(pilot)


async def type_text(pilot: Pilot[object], text: str) -> None:
    """Type text key by key into the focused field, as a quick officer would.

    Every character is its own key press, in order. ``pilot.press`` waits for
    the app to go idle after each key (about 70 ms); here the keys follow one
    another as from a keyboard, and the app has caught up when this returns.
    Only text: keys that move focus (Tab, Enter, Escape) go through
    ``pilot.press``, so none lands in a field it was not meant for.
    """
    if any(ch in "\t\r\n\x1b" for ch in text):
        raise ValueError("type_text types text; press Tab, Enter and Escape with pilot.press")
    app = pilot.app
    for ch in text:
        event = events.Key(_character_to_key(ch), ch)
        event.set_sender(app)
        app.post_message(event)
    # The first pause sees every key handed to the focused widget, the second
    # sees the widget handle them.
    await pilot.pause()
    await pilot.pause()


async def burst(pilot: Pilot[object], *keys: str) -> None:
    """Send keys in one burst, as a terminal hands on a fast typist's or a password manager's.

    Every key is queued before the app handles the first, so nothing waits for
    the screen to catch up between them. A key is a name (``tab``, ``space``)
    or a single character. Returns once the app has handled them all
    (``FieldcaseApp.type_ahead``), without waiting for background work.
    """
    app = pilot.app
    for key in keys:
        character = {"space": " ", "tab": "\t", "enter": "\r"}.get(key, key)
        name = key if len(key) > 1 else _character_to_key(key)
        event = events.Key(name, character if len(character) == 1 else None)
        event.set_sender(app)
        app.post_message(event)
    await _until_handled(pilot)


async def from_terminal(pilot: Pilot[object], data: str) -> None:
    """Send what a terminal sends, all at once: keys and bracketed pastes, as fieldcase reads them.

    Nothing waits between keys, as with a password manager or a fast typist
    (``pilot.press`` waits after each one). Returns once the app has handled
    them all (``FieldcaseApp.type_ahead``), without waiting for background work.
    """
    from fieldcase.ui.terminal import PasteParser

    app = pilot.app
    for message in PasteParser().feed(data):
        message.set_sender(app)
        app.post_message(message)
    await _until_handled(pilot)


async def _until_handled(pilot: Pilot[object]) -> None:
    """Wait until the app has taken every key in line and handled them all."""
    from fieldcase.ui.app import FieldcaseApp

    app = pilot.app
    assert isinstance(app, FieldcaseApp)
    await pilot._wait_for_screen()  # the app has taken every key in line
    await asyncio.wait_for(app.type_ahead.wait_until_handled(), 60)
    await pilot._wait_for_screen()


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
