"""The retention specifications from tests/unit, run again on PostgreSQL."""

from __future__ import annotations

from tests.unit.test_retention import (  # noqa: F401 (collected by pytest from here)
    TestWhoIsDue,
    TestWholeGraph,
)
