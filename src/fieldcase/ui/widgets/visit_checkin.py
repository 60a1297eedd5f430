"""The red bar that names an overdue visit check-in; the check-in watcher places it."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.widgets import Static

from fieldcase.domain.visits import describe_minutes, overdue_by
from fieldcase.domain.when import format_time
from fieldcase.services.calendar import PendingCheckin


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
