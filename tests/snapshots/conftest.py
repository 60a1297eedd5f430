"""Snapshot fixtures: steady cursors, and demo scenes on a copy of the demo database."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from fieldcase.domain.dates import local_today
from fieldcase.paths import locate
from fieldcase.tools import screenshots


@pytest.fixture
def demo_dir(copy_demo: Callable[[Path, date], Path], tmp_path: Path) -> Path:
    """A data folder holding the demo database made for the screenshots' day.

    ``screenshots.demo_app`` opens it as it is instead of filling a new one.
    """
    data_dir = tmp_path / "demo"
    copy_demo(locate(data_dir).demo_database, local_today(screenshots.DEMO_NOW))
    return data_dir


async def steady_cursors(pilot: Pilot[Any]) -> None:
    """Stop text cursors blinking once the screen has settled.

    A blinking cursor is drawn or not depending on how long the run took
    since the last key. Without blinking an Input hides its cursor and a
    focused TextArea shows it, every time.
    """
    await pilot.pause()  # waits for background work, not for dialogs awaiting an answer
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False
    await pilot.pause()


@pytest.fixture
def snap_compare(snap_compare: Callable[..., bool]) -> Callable[..., bool]:
    """pytest-textual-snapshot's ``snap_compare``, with the cursors made steady last."""

    def compare(
        app: App[Any],
        *,
        terminal_size: tuple[int, int] = (80, 24),
        run_before: Callable[[Pilot[Any]], Awaitable[None] | None] | None = None,
    ) -> bool:
        async def run(pilot: Pilot[Any]) -> None:
            if run_before is not None:
                result = run_before(pilot)
                if inspect.isawaitable(result):
                    await result
            await steady_cursors(pilot)

        return snap_compare(app, terminal_size=terminal_size, run_before=run)

    return compare
