"""The app on a slow link to the team server: 50 ms added each way by a proxy.

Typing is handled while a query is on its way, a case file says it is loading
until its data arrives, and saving works. The tests wait on what the screen
shows and on the proxy holding a query, never on the clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from fieldcase.db.store import Store
from fieldcase.db.team import open_team_store
from fieldcase.ui.dialogs.contact import ContactDialog
from fieldcase.ui.screens.case_file import CaseFileScreen
from tests.pg.slow_link import SlowLink, slow_link
from tests.pg.team import TeamServer, rows
from tests.pg.test_team_app_pg import app_on, case_of, listed
from tests.ui.helpers import screen_text, type_text

pytestmark = pytest.mark.keys_while_busy

NOTES = "Left a card; Mrs Quist rang back from her sister's"


@pytest.fixture
def link(team: TeamServer) -> Iterator[SlowLink]:
    """The slow link to the module's team server."""
    with slow_link(team) as made:
        yield made


def alice_through(link: SlowLink, team: TeamServer) -> Store:
    """alice's store, connected through the slow link (closed after the test)."""
    team.opened.append(open_team_store(link.address(team, "alice")))
    return team.opened[-1]


async def until(pilot: Pilot[object], condition: Callable[[], object]) -> None:
    """Wait until ``condition()`` holds (at most 20 s)."""
    for _ in range(2_000):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the screen never got there")


def caseload_shown(pilot: Pilot[object]) -> bool:
    return not pilot.app.screen.query_one("#caseload-area").loading


def contacts_saved(team: TeamServer) -> list[tuple[object, ...]]:
    """Each contact's notes and how many times the audit trail has it added (read directly)."""
    return rows(
        team.officer("alice"),
        "SELECT c.notes, (SELECT count(*) FROM auditevent a WHERE a.entity = 'contact' "
        "AND a.action = 'create' AND a.entity_id = c.id::text) FROM contact c",
    )


async def test_typing_is_handled_while_a_query_is_on_its_way(
    team: TeamServer, link: SlowLink
) -> None:
    """While the search's query is held on the link, every key typed shows in the field;
    once the answer comes, the caseload shows the match."""
    case_of(team, "alice", "Halima Quist")
    case_of(team, "alice", "Joy Mensah")
    app = app_on(alice_through(link, team))
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: caseload_shown(pilot) and len(listed(pilot)) == 2)
        link.hold()
        await pilot.press("slash")
        await type_text(pilot, "Hal")
        await until(pilot, link.waiting.is_set)
        await type_text(pilot, "ima")
        assert app.screen.query_one("#search", Input).value == "Halima"
        assert any(w.group == "caseload" and not w.is_finished for w in app.workers)
        link.release()
        await until(pilot, lambda: listed(pilot) == {"Halima Quist"})


async def test_a_case_file_shows_it_is_loading_then_its_data_and_saves(
    team: TeamServer, link: SlowLink
) -> None:
    """Enter on a case: 'Opening the case file…' and a loading indicator while the link holds
    it, then the case; a contact logged over the slow link is saved."""
    case_of(team, "alice", "Halima Quist")
    app = app_on(alice_through(link, team))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: caseload_shown(pilot) and listed(pilot))
        link.hold()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CaseFileScreen))
        await until(pilot, link.waiting.is_set)
        screen = app.screen
        assert isinstance(screen, CaseFileScreen)
        assert screen.query_one("#case-body").loading
        assert "Opening the case file" in str(screen.query_one("#case-header", Static).render())
        link.release()
        await until(pilot, lambda: screen.overview is not None)
        await until(pilot, lambda: not screen.query_one("#case-body").loading)
        assert "Halima Quist" in screen_text(pilot)

        await pilot.press("l")
        await until(pilot, lambda: isinstance(app.screen, ContactDialog))
        app.screen.query_one("#notes", TextArea).focus()
        await type_text(pilot, NOTES)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
    assert contacts_saved(team) == [(NOTES, 1)]
