"""NM01 and the satisfaction share, counted as the regulator counts them."""

from __future__ import annotations

from datetime import date

import pytest

from fieldcase.domain.reports import OpenedCase, Satisfaction, monthly, nm01, satisfaction

START, END = date(2026, 4, 1), date(2027, 3, 31)


@pytest.mark.parametrize(
    ("cases", "homes", "expected"),
    [
        ([], 2000, (0, 0, 0.0, 0.0)),
        (
            [OpenedCase(date(2026, 4, 1), False), OpenedCase(date(2027, 3, 31), True)],
            2000,
            (2, 1, 1.0, 0.5),
        ),
        (
            [OpenedCase(date(2026, 3, 31), True), OpenedCase(date(2027, 4, 1), False)],
            2000,
            (0, 0, 0.0, 0.0),
        ),
        ([OpenedCase(date(2026, 5, 1), True)] * 3, 1500, (3, 3, 2.0, 2.0)),
        ([OpenedCase(date(2026, 5, 1), False)], 0, (1, 0, None, None)),
        ([OpenedCase(date(2026, 5, 1), False)] * 2, 3, (2, 0, 666.67, 0.0)),
    ],
    ids=[
        "no cases",
        "the first and last days count",
        "the day before and the day after do not",
        "per 1,000 homes",
        "homes not set: counts, no rate",
        "rounded to two places",
    ],
)
def test_nm01(cases: list[OpenedCase], homes: int, expected: tuple[object, ...]) -> None:
    """Cases opened in the period, those involving hate, and each per 1,000 homes."""
    got = nm01(cases, start=START, end=END, homes=homes)
    assert (got.asb_cases, got.hate_cases, got.asb_per_1000, got.hate_per_1000) == expected


@pytest.mark.parametrize(
    ("answers", "expected", "share"),
    [
        ([], Satisfaction(0, 0), None),
        ([5, 4, 3, 2, 1], Satisfaction(2, 5), 40.0),
        ([5, None, None], Satisfaction(1, 1), 100.0),
        ([3, None], Satisfaction(0, 1), 0.0),
        ([4, 4, 1], Satisfaction(2, 3), 66.7),
        ([0, 6, 5], Satisfaction(1, 1), 100.0),
    ],
    ids=[
        "nobody answered",
        "4 and 5 are satisfied, 3 is not",
        "declined is left out",
        "only a 3 and a refusal",
        "rounded to one place",
        "answers outside 1 to 5 are left out",
    ],
)
def test_satisfaction(
    answers: list[int | None], expected: Satisfaction, share: float | None
) -> None:
    """The share of victims answering 4 or 5, among those who answered."""
    got = satisfaction(answers)
    assert got == expected and got.share == share


D = date


@pytest.mark.parametrize(
    ("start", "end", "opened", "closed", "expected"),
    [
        (D(2026, 4, 1), D(2026, 4, 30), [], [], [("2026-04", 0, 0, 0)]),
        (
            D(2026, 4, 1),
            D(2026, 6, 30),
            [D(2026, 4, 1), D(2026, 4, 30), D(2026, 6, 2)],
            [(D(2026, 5, 3), 5), (D(2026, 5, 9), 2), (D(2026, 6, 30), None)],
            [("2026-04", 2, 0, 0), ("2026-05", 0, 1, 2), ("2026-06", 1, 0, 0)],
        ),
        (
            D(2026, 4, 15),
            D(2026, 5, 10),
            [D(2026, 4, 14), D(2026, 4, 15), D(2026, 5, 10), D(2026, 5, 11)],
            [(D(2026, 4, 1), 5), (D(2026, 5, 10), 4)],
            [("2026-04", 1, 0, 0), ("2026-05", 1, 1, 1)],
        ),
        (
            D(2026, 11, 20),
            D(2027, 2, 3),
            [D(2026, 12, 25), D(2027, 1, 1)],
            [(D(2027, 2, 3), 4)],
            [
                ("2026-11", 0, 0, 0),
                ("2026-12", 1, 0, 0),
                ("2027-01", 1, 0, 0),
                ("2027-02", 0, 1, 1),
            ],
        ),
    ],
    ids=[
        "a quiet month is still a month",
        "each case in the month it opened or closed; declined left out",
        "part-months count only the days in the period",
        "across the new year",
    ],
)
def test_monthly(
    start: date,
    end: date,
    opened: list[date],
    closed: list[tuple[date, int | None]],
    expected: list[tuple[str, int, int, int]],
) -> None:
    """Cases opened and satisfaction answers month by month, every month of the period shown."""
    got = monthly(opened, closed, start=start, end=end)
    assert [
        (f"{m.first_day:%Y-%m}", m.opened, m.satisfaction.satisfied, m.satisfaction.answered)
        for m in got
    ] == expected
