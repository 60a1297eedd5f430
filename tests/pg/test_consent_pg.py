"""The consent specifications from tests/unit, run again on PostgreSQL."""

from __future__ import annotations

from tests.unit.test_consent import (  # noqa: F401 (collected by pytest from here)
    TestBadInput,
    TestLatestDecisionCounts,
    case,
)
