"""The red bars that name an overdue visit check-in: the officer's own, and a colleague's.

The check-in watchers (``fieldcase.ui.watchers``) place them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual.app import App
from textual.command import CommandPalette
from textual.content import Content
from textual.widgets import Static

from fieldcase.domain.text import one_line
from fieldcase.domain.visits import describe_minutes, overdue_by
from fieldcase.domain.when import format_time
from fieldcase.services.calendar import PendingCheckin
from fieldcase.services.safety_board import BoardVisit


class CheckinAlert(Static):
    """A red bar naming the overdue check-in(s) and how to resolve them."""


def alert_text(overdue: list[PendingCheckin], now: datetime) -> Content:
    """The words of the alert: which visit, how late, and how to resolve it."""
    first = overdue[0]
    due = format_time(first.checkin_at) if first.checkin_at else "?"
    more = f"  (+{len(overdue) - 1} more)" if len(overdue) > 1 else ""
    return Content(
        f"⚠ CHECK-IN OVERDUE — {first.reference} {first.kind_label} at "
        f"{format_time(first.planned_at)}: check-in was due {due}, "
        f"{describe_minutes(overdue_by(first, now))} ago.{more}  "
        f"Press F2 to resolve."
    )


class ColleagueAlert(Static):
    """A red bar naming a colleague whose check-in is overdue, and how to reach them."""


def colleague_alert_text(overdue: list[BoardVisit], now: datetime) -> Content:
    """Whose check-in, which visit and where, how late, how to reach them, how to resolve it."""
    first = overdue[0]
    due = format_time(first.checkin_at) if first.checkin_at else "?"
    reach = f" Reach them: {first.safe_contact}." if first.safe_contact else ""
    more = f"  (+{len(overdue) - 1} more)" if len(overdue) > 1 else ""
    return Content(
        one_line(
            f"⚠ COLLEAGUE'S CHECK-IN OVERDUE — {first.who}: {first.reference} "
            f"{first.kind_label} at {format_time(first.planned_at)}, {first.place}; due {due}, "
            f"{describe_minutes(overdue_by(first, now))} ago.{reach}{more}  Press F2 to resolve."
        )
    )


def place_alert(app: App[Any], bar: type[Static], text: Content | None) -> None:
    """Put the red ``bar`` with ``text`` on the screen showing (or bring its words up to date).

    ``None`` takes the bar away from every screen. The command palette gets no
    bar: the screen beneath it keeps its own.
    """
    if text is None:
        for screen in app.screen_stack:
            screen.query(bar).remove()
        return
    screen = app.screen
    if isinstance(screen, CommandPalette):
        return
    found = screen.query(bar)
    if found:
        found.first().update(text)
    else:
        screen.mount(bar(text))
