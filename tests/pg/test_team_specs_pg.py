"""Everyday case work as an officer under row-level security, not as the database's owner.

Some of the shared specifications from tests/unit (those touching the most
kinds of record: case files, people, addresses, incidents, actions, consent,
cautions, visits, edit conflicts, retried saves of every kind of new record,
the audit trail) run here with ``store`` opened as alice, an officer of team
North on a team server: every read and write goes through the policies of
``fieldcase.db.access``, so a rule that hid an officer's own records from them,
or refused their own saves, fails here.
"""

from __future__ import annotations

import pytest

from fieldcase.db.store import Store
from tests.pg.team import TeamServer
from tests.unit.test_cases_service import (  # noqa: F401 (collected by pytest from here)
    TestActions,
    TestCaseFile,
    TestEditConflict,
    TestIncidents,
)
from tests.unit.test_consent import TestLatestDecisionCounts, case  # noqa: F401
from tests.unit.test_retried_creates import (  # noqa: F401
    test_saved_again_with_its_key_it_is_one_record_added_once,
)
from tests.unit.test_retried_edits import (  # noqa: F401
    test_a_different_edit_from_the_same_old_form_is_still_refused,
    test_resolving_a_checkin_again_with_the_same_note_is_the_resolution_saved,
    test_the_same_edit_saved_again_is_the_officers_own_save,
)
from tests.unit.test_retried_saves import TestRetriedSaves  # noqa: F401
from tests.unit.test_visit_services import TestCautions, TestCheckin  # noqa: F401


@pytest.fixture
def store(team: TeamServer) -> Store:
    """An officer's own store on the team server, with no cases yet."""
    return team.officer("alice")
