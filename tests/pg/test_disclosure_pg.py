"""The disclosure specifications from tests/unit, run again on PostgreSQL."""

from __future__ import annotations

from tests.unit.test_disclosure import (  # noqa: F401 (collected by pytest from here)
    TestConsentOverride,
    TestRecording,
    TestValidation,
    case,
)
