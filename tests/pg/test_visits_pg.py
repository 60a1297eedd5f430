"""The visit specifications from tests/unit, run again on PostgreSQL.

The classes and functions are imported unchanged; this folder's ``store``
fixture puts them on a real PostgreSQL server instead of an SQLite file.
"""

from __future__ import annotations

from tests.unit.test_agenda import (  # noqa: F401 (collected by pytest from here)
    test_agenda_puts_action_first_then_days,
    test_overdue_checkins_lists_only_unresolved,
)
from tests.unit.test_visit_calendar import (  # noqa: F401
    test_address_is_added_only_when_asked,
    test_default_export_holds_only_reference_type_and_time,
    test_visits_before_today_are_left_out,
)
from tests.unit.test_visit_services import (  # noqa: F401
    TestBriefing,
    TestCautions,
    TestCheckin,
    TestConsent,
    TestOutcome,
    TestPlanning,
)
