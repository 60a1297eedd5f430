"""Case references like ``FC-2026-0007``."""

from __future__ import annotations

import re

REFERENCE_PATTERN = re.compile(r"^FC-(\d{4})-(\d{4,})$")


def format_reference(year: int, number: int) -> str:
    """The reference for the ``number``-th case opened in ``year``."""
    return f"FC-{year:04d}-{number:04d}"


def next_reference(year: int, existing: list[str]) -> str:
    """The next free reference in ``year``, given the references already used that year."""
    highest = 0
    for ref in existing:
        match = REFERENCE_PATTERN.match(ref)
        if match and int(match.group(1)) == year:
            highest = max(highest, int(match.group(2)))
    return format_reference(year, highest + 1)
