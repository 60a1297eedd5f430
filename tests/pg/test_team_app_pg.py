"""The app on a team server, driven by keyboard: logging in, whose cases, moving cases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static

from fieldcase.__main__ import main
from fieldcase.config import Settings
from fieldcase.db.postgres import ServerAddress
from fieldcase.db.store import Store
from fieldcase.db.team import open_team_store
from fieldcase.paths import locate
from fieldcase.services import team_admin
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.choice import ChoiceDialog
from fieldcase.ui.screens.dashboard import DashboardScreen
from fieldcase.ui.screens.lock import LockScreen
from fieldcase.ui.screens.server_login import ServerLoginScreen
from tests.builders import BuiltCase, a_case
from tests.pg.server import PASSWORD_GROUP
from tests.pg.team import TeamServer, rows
from tests.ui.helpers import open_case_file, screen_text, settle, table_text, type_text

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
PASSWORD = "quince harbour ladder 17"


def app_on(store: Store | None = None, server: ServerAddress | None = None) -> FieldcaseApp:
    """The app as ``fieldcase --server`` builds it: already logged in, or at the login screen."""
    locations = locate()
    return FieldcaseApp(
        locations=locations,
        settings=Settings(officer_name="Typed Name"),
        database=locations.database,
        store=store,
        server=server,
        clock=lambda: NOW,
    )


def case_of(team: TeamServer, name: str, victim: str) -> BuiltCase:
    with team.officer(name).transaction() as session:
        return a_case(session, victims=[victim], officer_name=team.login(name))


def page_info(pilot: Pilot[object]) -> str:
    return str(pilot.app.screen.query_one("#page-info", Static).render())


def listed(pilot: Pilot[object]) -> set[str]:
    """The victims on the caseload."""
    table = pilot.app.screen.query_one("#caseload", DataTable)
    victim = [str(c.label) for c in table.ordered_columns].index("Victim")
    return {row[victim] for row in table_text(table)}


async def choose(pilot: Pilot[object], words: str) -> None:
    """In a choice dialog, move to the answer containing ``words`` and press Enter."""
    dialog = pilot.app.screen
    assert isinstance(dialog, ChoiceDialog)
    options = dialog.query_one(OptionList)
    labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    target = next(i for i, label in enumerate(labels) if words in label)
    for _ in range(target):
        await pilot.press("down")
    await pilot.press("enter")
    await settle(pilot)


def checked_login(team: TeamServer, name: str) -> ServerAddress:
    """A new officer of South whose password the server checks (it trusts the cast)."""
    login = team.new_login(name)
    with team.owner_store().transaction() as session:
        team_admin.add_officer(session, login, team="South", password=PASSWORD)
    with team.server.admin() as admin:
        admin.execute(f'GRANT {PASSWORD_GROUP} TO "{login}"')
    return ServerAddress.parse(team.server.conninfo(team.database, login))


class TestLoggingIn:
    async def test_the_password_screen_when_libpq_has_none(self, team: TeamServer) -> None:
        """A login whose password libpq cannot find is asked for it; a wrong one is refused."""
        address = checked_login(team, "gwen")
        login = team.login("gwen")
        app = app_on(server=address)
        async with app.run_test(size=(110, 30)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, ServerLoginScreen)
            await type_text(pilot, "not my password")
            await pilot.press("enter")
            await settle(pilot)
            message = str(app.screen.query_one("#server-login-message", Static).render())
            assert "did not accept that password" in message
            assert app.screen.query_one("#server-password", Input).value == ""
            await type_text(pilot, PASSWORD)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, DashboardScreen)
            assert app.sub_title == f"{login} · team South · team server"
            assert app.officer_name == login

    def test_the_owner_role_cannot_open_the_app(
        self, team: TeamServer, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """fieldcase --server as IT's owner role stops with the reason, before any screen."""
        assert main(["--server", team.server.conninfo(team.database, team.owner)]) == 3
        assert "is not an officer" in capsys.readouterr().err

    async def test_hiding_the_screen_asks_the_server_for_the_password(
        self, team: TeamServer
    ) -> None:
        """Ctrl+L hides the cases on a team server too; only the login's password brings them
        back, checked by the server."""
        address = checked_login(team, "hana")
        store = open_team_store(address, PASSWORD)
        with store.transaction() as session:
            a_case(session, victims=["Marta Nowicka"], officer_name=store.actor)
        app = app_on(store, server=address)
        try:
            async with app.run_test(size=(110, 30)) as pilot:
                await settle(pilot)
                await pilot.press("ctrl+l")
                await settle(pilot)
                assert isinstance(app.screen, LockScreen)
                assert "Marta Nowicka" not in screen_text(pilot)
                assert "Type your password" in screen_text(pilot)
                await type_text(pilot, "not my password")
                await pilot.press("enter")
                await settle(pilot)
                assert isinstance(app.screen, LockScreen)
                assert "That is not your password" in screen_text(pilot)
                await type_text(pilot, PASSWORD)
                await pilot.press("enter")
                await settle(pilot)
                assert isinstance(app.screen, DashboardScreen)
                assert listed(pilot) == {"Marta Nowicka"}
        finally:
            store.close()


class TestWhoseCases:
    async def test_an_officer_steps_between_their_own_and_their_teams(
        self, team: TeamServer
    ) -> None:
        """alice sees her case, then North's (anna's too, with whose it is), never South's."""
        case_of(team, "alice", "Marta Nowicka")
        case_of(team, "anna", "Joy Mensah")
        case_of(team, "bob", "Idris Okafor")
        app = app_on(team.officer("alice"))
        async with app.run_test(size=(150, 30)) as pilot:
            await settle(pilot)
            assert listed(pilot) == {"Marta Nowicka"}
            assert "my cases" in page_info(pilot)
            await pilot.press("o")
            assert listed(pilot) == {"Marta Nowicka", "Joy Mensah"}
            assert "of 2 team North's cases" in page_info(pilot)
            table = app.screen.query_one("#caseload", DataTable)
            assert {row[-1] for row in table_text(table)} == {
                team.login("alice"),
                team.login("anna"),
            }
            await pilot.press("o")
            assert "my cases" in page_info(pilot)

    async def test_a_supervisor_also_sees_every_team(self, team: TeamServer) -> None:
        """sue's third view lists South's case too."""
        case_of(team, "alice", "Marta Nowicka")
        case_of(team, "bob", "Idris Okafor")
        app = app_on(team.officer("sue"))
        async with app.run_test(size=(150, 30)) as pilot:
            await settle(pilot)
            await pilot.press("o", "o")
            assert "every team's cases" in page_info(pilot)
            assert listed(pilot) == {"Marta Nowicka", "Idris Okafor"}


class TestMovingCases:
    async def test_a_supervisor_reassigns_from_the_case_file(self, team: TeamServer) -> None:
        """sue presses A on alice's case and gives it to bob: it is South's, under sue's name."""
        built = case_of(team, "alice", "Marta Nowicka")
        app = app_on(team.officer("sue"))
        async with app.run_test(size=(150, 40)) as pilot:
            await open_case_file(pilot, built.case_id)
            await pilot.press("A")
            await settle(pilot)
            await choose(pilot, team.login("bob"))
            header = str(app.screen.query_one("#case-header", Static).render())
            assert f"Officer: {team.login('bob')}" in header
        assert rows(team.officer("bob"), 'SELECT reference, team FROM "case"') == [
            (built.reference, "South")
        ]
        actors = rows(
            team.officer("bob"),
            "SELECT actor FROM auditevent WHERE action = 'update' AND entity = 'case'"
            f" AND changes LIKE '%South%' AND case_id = '{built.case_id}'",
        )
        assert actors == [(team.login("sue"),)]

    async def test_an_officer_is_not_offered_reassigning(self, team: TeamServer) -> None:
        """For alice the key does nothing and the command palette does not list it."""
        built = case_of(team, "alice", "Marta Nowicka")
        app = app_on(team.officer("alice"))
        async with app.run_test(size=(150, 40)) as pilot:
            await open_case_file(pilot, built.case_id)
            await pilot.press("A")
            await settle(pilot)
            assert not isinstance(app.screen, ChoiceDialog)
            commands = {c.title for c in app.get_system_commands(app.screen)}
            assert "Reassign" not in commands and "History" in commands

    async def test_a_supervisor_covers_an_absent_officer(self, team: TeamServer) -> None:
        """From the dashboard: c, the officer away, the colleague: every open case moves."""
        first = case_of(team, "alice", "Marta Nowicka")
        second = case_of(team, "alice", "Joy Mensah")
        app = app_on(team.officer("sue"))
        async with app.run_test(size=(150, 40)) as pilot:
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            await choose(pilot, team.login("alice"))
            await choose(pilot, f"Covered by Anna ({team.login('anna')}")
        held = rows(team.officer("anna"), 'SELECT reference, covered_from FROM "case"')
        assert sorted(held) == sorted(
            [(first.reference, team.login("alice")), (second.reference, team.login("alice"))]
        )
