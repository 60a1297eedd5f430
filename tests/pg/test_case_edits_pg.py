"""Edits of a case's records while the record is deleted or the case closed, on PostgreSQL."""

from __future__ import annotations

from tests.unit.test_case_edits import (  # noqa: F401 (collected by pytest from here)
    TestClosedMeanwhile,
    TestDeletedMeanwhile,
)
