"""Figures for a period: NM01 and the satisfaction share, as the regulator reads them.

NM01 counts ASB cases *opened* in the period per 1,000 homes, and of those the
ones involving a hate incident. Cases, not reports: a new report on a case
already open is an incident of that case and adds nothing.

Satisfaction with the handling of ASB comes from the closure answers of cases
closed in the period: 4 or 5 out of 5 is satisfied; a victim who declined to
answer is left out of both the count and the total.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

SATISFIED_FROM = 4
"""The lowest answer (out of 5) that counts as satisfied."""


@dataclass(frozen=True)
class OpenedCase:
    """A case as NM01 sees it: when it opened and whether it involves a hate incident."""

    opened_on: date
    hate: bool


@dataclass(frozen=True)
class Nm01:
    """NM01 for a period."""

    asb_cases: int
    hate_cases: int
    homes: int

    @property
    def asb_per_1000(self) -> float | None:
        """ASB cases opened per 1,000 homes; None until the number of homes is set."""
        return round(self.asb_cases * 1000 / self.homes, 2) if self.homes > 0 else None

    @property
    def hate_per_1000(self) -> float | None:
        """ASB cases involving hate incidents per 1,000 homes; None without homes."""
        return round(self.hate_cases * 1000 / self.homes, 2) if self.homes > 0 else None


def nm01(cases: Iterable[OpenedCase], *, start: date, end: date, homes: int) -> Nm01:
    """NM01 over the cases opened from ``start`` to ``end``, both days included."""
    opened = [c for c in cases if start <= c.opened_on <= end]
    return Nm01(len(opened), sum(1 for c in opened if c.hate), homes)


@dataclass(frozen=True)
class Satisfaction:
    """How many victims answered, and how many of them were satisfied."""

    satisfied: int
    answered: int

    @property
    def share(self) -> float | None:
        """The satisfied share as a percentage to one place; None when nobody answered."""
        return round(self.satisfied * 100 / self.answered, 1) if self.answered else None


def satisfaction(answers: Iterable[int | None]) -> Satisfaction:
    """The satisfaction share of closure answers (1–5); declined (None) or out of range left out."""
    given = [a for a in answers if a is not None and 1 <= a <= 5]
    return Satisfaction(sum(1 for a in given if a >= SATISFIED_FROM), len(given))


@dataclass(frozen=True)
class Month:
    """One calendar month of a period's trends."""

    first_day: date
    opened: int
    """ASB cases opened in the month (within the period)."""
    satisfaction: Satisfaction
    """Closure answers of cases closed in the month (within the period)."""


def months(start: date, end: date) -> list[date]:
    """The first day of each calendar month the period from ``start`` to ``end`` touches."""
    found: list[date] = []
    month = start.replace(day=1)
    while month <= end:
        found.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return found


def monthly(
    opened: Iterable[date],
    closed: Iterable[tuple[date, int | None]],
    *,
    start: date,
    end: date,
) -> list[Month]:
    """Cases opened and satisfaction answers month by month over the period, both days included.

    Args:
        opened: The day each case opened.
        closed: The day each case closed and the victim's answer (None for declined).
        start: The period's first day; a month it starts in part-way counts only from it.
        end: The period's last day.
    """
    firsts = months(start, end)
    opened_in: dict[date, int] = {m: 0 for m in firsts}
    answers: dict[date, list[int | None]] = {m: [] for m in firsts}
    for day in opened:
        if start <= day <= end:
            opened_in[day.replace(day=1)] += 1
    for day, answer in closed:
        if start <= day <= end:
            answers[day.replace(day=1)].append(answer)
    return [Month(m, opened_in[m], satisfaction(answers[m])) for m in firsts]
