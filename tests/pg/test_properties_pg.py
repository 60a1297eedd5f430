"""The property-matching specifications from tests/unit, run again on PostgreSQL.

The classes are imported unchanged; this folder's ``store`` fixture puts them
on a real PostgreSQL server instead of an SQLite file.
"""

from __future__ import annotations

from tests.unit.test_properties import (  # noqa: F401 (collected by pytest from here)
    TestDuplicates,
    TestOnePropertyPerAddress,
    TestPickingAnAddress,
    TestSearchAndOffers,
)
