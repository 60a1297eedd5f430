"""How values look on screen: dates, risk levels, vocabulary labels."""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text

from fieldcase.domain import dates
from fieldcase.domain.text import one_line
from fieldcase.domain.vocab import STRAND_SHORT, LabelledEnum, RiskLevel, Strand

RISK_STYLES = {
    RiskLevel.HIGH: "bold white on dark_red",
    RiskLevel.MEDIUM: "bold black on dark_orange",
    RiskLevel.STANDARD: "green",
}


CASE_REVIEW_FLAG = "⚑"
"""Marks a case that meets the ASB Case Review (community trigger) threshold."""


def cell(text: str | None, limit: int = 0, style: str = "") -> Text:
    """Stored text for a table cell: one line, literal, never markup."""
    return Text(one_line(text or "", limit), style=style)


def label_of(enum: type[LabelledEnum], value: str) -> str:
    """The label for a stored vocabulary value (the raw value if it is unknown)."""
    try:
        return enum(value).label
    except ValueError:
        return one_line(value)


def risk_text(level: str) -> Text:
    """A risk level as a coloured badge; unassessed cases say so."""
    if not level:
        return Text("not assessed", style="dim")
    try:
        risk = RiskLevel(level)
    except ValueError:
        return Text(one_line(level))
    return Text(f" {risk.label} ", style=RISK_STYLES[risk])


def strands_text(strands: list[str]) -> str:
    """Hate strands in short form."""
    out = []
    for s in strands:
        try:
            out.append(STRAND_SHORT[Strand(s)])
        except ValueError:
            out.append(one_line(s))
    return ", ".join(out)


def short_date(day: date | None, today: date | None = None) -> str:
    """``3 Nov`` this year, ``3 Nov 2025`` otherwise, ``—`` for none."""
    if day is None:
        return "—"
    if today is not None and day.year == today.year:
        return f"{day.day} {day:%b}"
    return f"{day.day} {day:%b %Y}"


def local_datetime(moment: datetime | None) -> str:
    """A stored UTC moment as local ``Wed 3 Nov 2026 14:05``."""
    if moment is None:
        return "—"
    local = dates.to_local(moment)
    return f"{local:%a} {local.day} {local:%b %Y %H:%M}"


def due_text(due: date | None, today: date) -> Text:
    """The next-contact date, with overdue ones standing out."""
    if due is None:
        return Text("—", style="dim")
    if due < today:
        days = (today - due).days
        return Text(f"OVERDUE {days}d ({short_date(due, today)})", style="bold red")
    if due == today:
        return Text("today", style="bold yellow")
    return Text(short_date(due, today))
