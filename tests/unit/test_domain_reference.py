"""Case references like FC-2026-0007."""

from __future__ import annotations

import pytest

from fieldcase.domain.reference import REFERENCE_PATTERN, format_reference, next_reference


@pytest.mark.parametrize(
    ("year", "number", "expected"),
    [
        (2026, 1, "FC-2026-0001"),
        (2026, 7, "FC-2026-0007"),
        (2026, 123, "FC-2026-0123"),
        (2026, 9999, "FC-2026-9999"),
        (2027, 10000, "FC-2027-10000"),  # a busy year keeps counting
    ],
)
def test_format_reference(year: int, number: int, expected: str) -> None:
    """References are FC-<year>-<number padded to 4 digits>."""
    assert format_reference(year, number) == expected
    assert REFERENCE_PATTERN.match(expected)


@pytest.mark.parametrize(
    ("year", "existing", "expected"),
    [
        (2026, [], "FC-2026-0001"),
        (2026, ["FC-2026-0001", "FC-2026-0002"], "FC-2026-0003"),
        (2026, ["FC-2026-0002", "FC-2026-0010", "FC-2026-0003"], "FC-2026-0011"),
        (2027, ["FC-2026-0041"], "FC-2027-0001"),  # numbering restarts each year
        (2026, ["FC-2026-9999"], "FC-2026-10000"),
        (2026, ["imported-17", "FC-26-0009", "FC-2026-0004"], "FC-2026-0005"),
    ],
)
def test_next_reference(year: int, existing: list[str], expected: str) -> None:
    """The next reference follows the highest used that year, ignoring anything else."""
    assert next_reference(year, existing) == expected
