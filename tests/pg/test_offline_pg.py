"""The team server stops, for real, while an officer is saving: nothing typed is lost.

A server of its own (started from the machine's binaries, keeping every
acknowledged commit through an immediate stop) is stopped with ``pg_ctl stop
-m immediate``, as a crash or a power cut would, and started again on the same
port and folder. The app, logged in as an officer, says it is offline next to
the Save, keeps what was typed, and saves it exactly once when asked again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import Session
from textual.widgets import TextArea

from fieldcase.db.models import Contact
from fieldcase.db.team import open_team_store
from fieldcase.ui.dialogs.contact import ContactDialog
from fieldcase.ui.screens.case_file import CaseFileScreen
from fieldcase.ui.screens.dashboard import DashboardScreen
from fieldcase.ui.watchers.server_link import OFFLINE_MARK
from tests.pg.server import running_server
from tests.pg.slow_link import slow_link
from tests.pg.team import TeamServer, rows, team_server
from tests.pg.test_team_app_pg import app_on, case_of, listed
from tests.ui.helpers import open_case_file, screen_text, type_text

NOTES = "Spoke to Mrs Quist at the door; she wants a call back on Friday"


@pytest.fixture(scope="module")
def outage_server() -> Iterator[TeamServer]:
    """A team server on a PostgreSQL server of its own, which the tests stop and start."""
    with running_server(survives_stop=True) as server, team_server(server) as team:
        yield team


@pytest.fixture
def outage(outage_server: TeamServer) -> Iterator[TeamServer]:
    """The outage server, empty; running again after the test whatever happened."""
    outage_server.empty()
    yield outage_server
    if not outage_server.server.running:
        outage_server.server.start()
    outage_server.close_stores()


def saved_contacts(team: TeamServer) -> list[tuple[object, ...]]:
    """The contacts with the test's notes, and how many times the audit trail has them added."""
    return rows(
        team.officer("alice"),
        "SELECT c.notes, (SELECT count(*) FROM auditevent a WHERE a.entity = 'contact' "
        "AND a.action = 'create' AND a.entity_id = c.id::text) FROM contact c",
    )


def offline_message(dialog: ContactDialog) -> str:
    return str(dialog.query_one("#form-errors").render())


async def test_saving_while_the_server_is_down_keeps_the_typing_and_saves_once_when_back(
    outage: TeamServer,
) -> None:
    """Server stopped, Ctrl+S: offline, typing kept (twice); started again, Ctrl+S: saved once."""
    built = case_of(outage, "alice", "Halima Quist")
    app = app_on(outage.officer("alice"))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_case_file(pilot, built.case_id)
        await pilot.press("l")
        dialog = app.screen
        assert isinstance(dialog, ContactDialog)
        dialog.query_one("#notes", TextArea).focus()
        await type_text(pilot, NOTES)

        outage.server.stop()
        for _ in range(2):  # asking again while it is still down changes nothing
            await pilot.press("ctrl+s")
            assert app.screen is dialog
            assert "Offline: fieldcase cannot reach the team server" in offline_message(dialog)
            assert "Traceback" not in screen_text(pilot)
            assert dialog.query_one("#notes", TextArea).text == NOTES
            assert app.sub_title.endswith(OFFLINE_MARK)
            assert not dialog.saving

        outage.server.start()
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, CaseFileScreen)
        assert NOTES[:20] in screen_text(pilot)
        assert not app.sub_title.endswith(OFFLINE_MARK)
    assert saved_contacts(outage) == [(NOTES, 1)]


async def test_an_app_left_idle_through_an_outage_carries_on_once_the_server_is_back(
    outage: TeamServer,
) -> None:
    """Server stopped under the caseload: the next actions say OFFLINE (a case file says it
    could not open), nothing crashes; once it is back the next action lists the cases."""
    case_of(outage, "alice", "Halima Quist")
    case_of(outage, "anna", "Joy Mensah")
    app = app_on(outage.officer("alice"))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert listed(pilot) == {"Halima Quist"}
        outage.server.stop()
        await pilot.press("o")  # the team's cases: a query the server cannot answer
        assert isinstance(app.screen, DashboardScreen)
        assert app.sub_title.endswith(OFFLINE_MARK)
        assert app.return_code is None, "the app is still running"
        await pilot.press("enter")  # open the highlighted case: it cannot load
        assert isinstance(app.screen, CaseFileScreen)
        assert "Offline: the team server did not answer" in screen_text(pilot)
        assert not app.screen.query_one("#case-body").loading
        await pilot.press("escape")

        outage.server.start()
        await pilot.press("o", "o")  # back round to the team's cases
        assert listed(pilot) == {"Halima Quist", "Joy Mensah"}
        assert not app.sub_title.endswith(OFFLINE_MARK)


async def test_a_save_cut_off_mid_transaction_is_rolled_back_then_saved_once(
    outage: TeamServer,
) -> None:
    """The server stops after the contact's INSERT, before COMMIT: nothing stays; Ctrl+S
    once it is back saves the contact once, audited once."""
    built = case_of(outage, "alice", "Halima Quist")
    app = app_on(outage.officer("alice"))
    cut = {"armed": False}

    def stop_mid_save(session: Session, context: Any) -> None:
        if cut["armed"] and any(isinstance(row, Contact) for row in session.new):
            cut["armed"] = False
            outage.server.stop()

    event.listen(Session, "after_flush", stop_mid_save)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await open_case_file(pilot, built.case_id)
            await pilot.press("l")
            dialog = app.screen
            assert isinstance(dialog, ContactDialog)
            dialog.query_one("#notes", TextArea).focus()
            await type_text(pilot, NOTES)
            cut["armed"] = True
            await pilot.press("ctrl+s")
            assert not cut["armed"], "the server was stopped in the middle of the save"
            assert app.screen is dialog
            assert "cannot reach the team server" in offline_message(dialog)
            assert dialog.query_one("#notes", TextArea).text == NOTES

            outage.server.start()
            assert saved_contacts(outage) == [], "the cut-off transaction was rolled back"
            await pilot.press("ctrl+s")
            assert isinstance(app.screen, CaseFileScreen)
    finally:
        event.remove(Session, "after_flush", stop_mid_save)
    assert saved_contacts(outage) == [(NOTES, 1)]


async def test_a_save_whose_answer_is_lost_is_saved_once_when_saved_again(
    outage: TeamServer,
) -> None:
    """The server commits the contact but the network drops before its answer comes back:
    the form says offline and keeps the notes; Ctrl+S again succeeds without a second one."""
    built = case_of(outage, "alice", "Halima Quist")
    with slow_link(outage, delay=0) as link:
        outage.opened.append(open_team_store(link.address(outage, "alice")))
        app = app_on(outage.opened[-1])
        async with app.run_test(size=(120, 40)) as pilot:
            await open_case_file(pilot, built.case_id)
            case_screen = app.screen
            await pilot.press("l")
            dialog = app.screen
            assert isinstance(dialog, ContactDialog)
            dialog.query_one("#notes", TextArea).focus()
            await type_text(pilot, NOTES)

            link.lose_commit_reply(b"INSERT INTO contact")
            await pilot.press("ctrl+s")
            assert link.reply_lost.is_set()
            assert app.screen is dialog
            assert "cannot reach the team server" in offline_message(dialog)
            assert dialog.query_one("#notes", TextArea).text == NOTES
            assert saved_contacts(outage) == [(NOTES, 1)], "the server did commit it"

            await pilot.press("ctrl+s")
            assert app.screen is case_screen
    assert saved_contacts(outage) == [(NOTES, 1)]
