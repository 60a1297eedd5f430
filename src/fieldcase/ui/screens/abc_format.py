"""How ABC and ladder values look on screen, shared by the ABC screens and dialogs."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from fieldcase.domain.abc import AbcStatus, ReviewState, Substantiated
from fieldcase.ui.formatting import short_date

STATUS_STYLES = {
    AbcStatus.DRAFT: "italic",
    AbcStatus.ACTIVE: "bold green",
    AbcStatus.COMPLETED: "dim",
    AbcStatus.BREACHED: "bold red",
    AbcStatus.ENDED_EARLY: "dim",
}

SUBSTANTIATED_STYLES = {
    Substantiated.YES: "bold red",
    Substantiated.PENDING: "yellow",
    Substantiated.NO: "dim",
}


def status_text(status: AbcStatus) -> Text:
    """An ABC's status, styled."""
    return Text(status.label, style=STATUS_STYLES.get(status, ""))


def review_text(next_review_on: date | None, state: ReviewState | None, today: date) -> Text:
    """When the next review falls, with overdue and due ones standing out."""
    if next_review_on is None or state is None:
        return Text("—", style="dim")
    when = short_date(next_review_on, today)
    if state == ReviewState.OVERDUE:
        days = (today - next_review_on).days
        return Text(f"OVERDUE {days}d ({when})", style="bold red")
    if next_review_on == today:
        return Text("today", style="bold yellow")
    if state == ReviewState.DUE:
        return Text(f"due {when}", style="yellow")
    return Text(when)


def ends_text(end_on: date, today: date) -> Text:
    """The end date, with days left, or how long ago it passed."""
    days = (end_on - today).days
    when = short_date(end_on, today)
    if days < 0:
        return Text(f"ended {-days}d ago ({when}) — complete it", style="bold red")
    if days == 0:
        return Text(f"ends today ({when})", style="bold yellow")
    return Text(f"{when} ({days}d left)", style="yellow" if days <= 14 else "")


def substantiated_text(value: str) -> Text:
    """Whether a breach was made out, styled."""
    try:
        sub = Substantiated(value)
    except ValueError:
        return Text(value)
    return Text(sub.label, style=SUBSTANTIATED_STYLES[sub])
