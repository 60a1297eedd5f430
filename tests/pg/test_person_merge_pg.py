"""The person-merge specifications from tests/unit, run again on PostgreSQL.

The classes and their fixture are imported unchanged; this folder's ``store``
fixture puts them on a real PostgreSQL server instead of an SQLite file.
"""

from __future__ import annotations

from tests.unit.test_person_merge import (  # noqa: F401 (collected by pytest from here)
    TestListing,
    TestMerging,
    TestMergingByIds,
    ellis,
)
