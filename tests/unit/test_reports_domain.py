"""NM01 and the satisfaction share, counted as the regulator counts them."""

from __future__ import annotations

from datetime import date

import pytest

from fieldcase.domain.reports import OpenedCase, Satisfaction, nm01, satisfaction

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
