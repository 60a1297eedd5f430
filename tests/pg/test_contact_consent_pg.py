"""The contact consent specifications from tests/unit, run again on PostgreSQL."""

from __future__ import annotations

from tests.unit.test_contact_consent import (  # noqa: F401 (collected by pytest from here)
    TestApproachingThePerpetrator,
    TestEditingAContact,
    TestNotForDisclosureFlag,
    TestVisitOutcomes,
    case,
)
