"""A new case whose answer is lost after the team server committed it is opened once.

The network drops between the server's COMMIT and its answer (a proxy cuts the
link there): the new-case form says the server is offline and keeps the typing;
Ctrl+S again opens the case the first try saved, with no second case (which
would split the victim's history in two), no second victim and no questions
about "the victim's open case" that is this very case.
"""

from __future__ import annotations

from fieldcase.db.team import open_team_store
from fieldcase.ui.screens.case_file import CaseFileScreen
from fieldcase.ui.screens.new_case import NewCaseScreen
from fieldcase.ui.watchers.server_link import OFFLINE_MARK
from tests.pg.slow_link import slow_link
from tests.pg.team import TeamServer, rows
from tests.pg.test_team_app_pg import app_on
from tests.ui.helpers import screen_text, settle
from tests.ui.test_case_flow import open_new_case_by_keyboard


def saved_cases(team: TeamServer) -> list[tuple[object, ...]]:
    """Each case with its people, incidents, and how often the audit trail has it added."""
    return rows(
        team.officer("alice"),
        "SELECT c.reference, "
        "(SELECT count(*) FROM caseparty p WHERE p.case_id = c.id), "
        "(SELECT count(*) FROM incident i WHERE i.case_id = c.id), "
        "(SELECT count(*) FROM auditevent a WHERE a.entity = 'case' "
        "AND a.action = 'create' AND a.entity_id = c.id::text) FROM \"case\" c",
    )


async def test_a_new_case_whose_answer_is_lost_is_opened_once_when_saved_again(
    team: TeamServer,
) -> None:
    """COMMIT reaches the server, its answer does not: offline, typing kept; Ctrl+S: one case."""
    with slow_link(team, delay=0) as link:
        team.opened.append(open_team_store(link.address(team, "alice")))
        app = app_on(team.opened[-1])
        async with app.run_test(size=(120, 50)) as pilot:
            await settle(pilot)
            link.lose_commit_reply(b'INSERT INTO "case"')
            await open_new_case_by_keyboard(pilot)  # fills the form, then Ctrl+S
            assert link.reply_lost.is_set()
            form = app.screen
            assert isinstance(form, NewCaseScreen)
            assert app.sub_title.endswith(OFFLINE_MARK)
            kept = form.collect()
            assert [p.full_name for p in kept.people] == [
                "Halima Quist",
                "Idris Quist",
                "Dorian Vale",
            ]
            assert saved_cases(team) == [("FC-2026-0001", 3, 1, 1)], "the server did commit it"

            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, CaseFileScreen)
            assert "FC-2026-0001" in screen_text(pilot)
            assert not app.sub_title.endswith(OFFLINE_MARK)
    assert saved_cases(team) == [("FC-2026-0001", 3, 1, 1)]
