"""The subject access specifications from tests/unit, run again on PostgreSQL."""

from __future__ import annotations

from tests.unit.test_subject_access import (  # noqa: F401 (collected by pytest from here)
    TestFindingThePerson,
    TestNeverForThePerpetrator,
    TestNotForDisclosure,
    TestPerpetratorExport,
    TestVictimExport,
    TestWritingTheFile,
    case,
    sensitive,
)
