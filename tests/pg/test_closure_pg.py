"""The closure and chronology specifications from tests/unit, run again on PostgreSQL."""

from __future__ import annotations

from tests.unit.test_chronology import TestOrderAndNumbering  # noqa: F401 (collected here)
from tests.unit.test_closure import (  # noqa: F401 (collected by pytest from here)
    TestClosing,
    TestClosingRules,
    TestLinkedCases,
    TestReopening,
    story,
)
