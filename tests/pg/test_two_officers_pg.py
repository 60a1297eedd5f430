"""Two officers of one team, each in their own app on one team server, editing the same record.

alice and anna (both of team North) run an app each, logged in as their own
PostgreSQL login. alice opens an incident; meanwhile anna saves it, deletes it
or closes its case. alice's save is refused with who did what and when (the
audit trail's login, with the officer's name), and nothing either typed is lost.
"""

from __future__ import annotations

from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import Button, Footer, Input

from fieldcase.db.models import Case, Incident
from fieldcase.domain.closure import ClosureOutcome, Satisfaction
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import CaseStatus
from fieldcase.services import closure
from fieldcase.services.closure import ClosureInput
from fieldcase.ui.dialogs.case_items import IncidentDialog
from fieldcase.ui.screens.case_file import CaseFileScreen
from tests.builders import BuiltCase, a_case, an_incident_input
from tests.pg.team import TeamServer, rows
from tests.pg.test_team_app_pg import NOW, app_on
from tests.ui.helpers import settle, type_text

SIZE = (100, 40)


def alices_case(team: TeamServer) -> tuple[BuiltCase, Incident]:
    """alice's case with one incident, where and by whom not yet written down."""
    with team.officer("alice").transaction() as session:
        built = a_case(
            session,
            victims=["Marta Nowicka"],
            incident=an_incident_input(),
            now=NOW,
            officer_name=team.login("alice"),
        )
        incident = session.exec(select(Incident).where(Incident.case_id == built.case_id)).one()
    return built, incident


async def open_the_incident(pilot: Pilot[object], *, team_view: bool = False) -> IncidentDialog:
    """From the caseload (``o`` first for the team's cases): Enter on the case, Tab to the
    incidents, Enter on the incident.

    Keys only: with two apps in one test, each app must do its own work (a screen
    pushed from the test would find the other app).
    """
    await settle(pilot)
    if team_view:
        await pilot.press("o")
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CaseFileScreen)
    await pilot.press("tab")
    assert pilot.app.focused is not None and pilot.app.focused.id == "incidents"
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, IncidentDialog)
    return pilot.app.screen


async def type_into(pilot: Pilot[object], field_id: str, text: str) -> None:
    """Tab to a field of the open form and type over what it holds."""
    for _ in range(20):
        if pilot.app.focused is not None and pilot.app.focused.id == field_id:
            break
        await pilot.press("tab")
    assert pilot.app.focused is not None and pilot.app.focused.id == field_id
    await type_text(pilot, text)


def field(pilot: Pilot[object], field_id: str) -> str:
    return pilot.app.screen.query_one(f"#{field_id}", Input).value


def message(pilot: Pilot[object]) -> str:
    return str(pilot.app.screen.query_one("#form-errors").render())


def stored(team: TeamServer, incident: Incident) -> list[tuple[object, ...]]:
    return rows(
        team.officer("alice"),
        f"SELECT location, who, police_crime_number FROM incident WHERE id = '{incident.id}'",
    )


class TestTwoOfficersSaveTheSameRecord:
    async def test_the_second_save_names_who_changed_what_and_keeps_both(
        self, team: TeamServer
    ) -> None:
        """anna saves first; alice's save names Anna and her fields; F5 then Save keeps both."""
        built, incident = alices_case(team)
        anna = f"Anna ({team.login('anna')})"
        app_a, app_b = app_on(team.officer("alice")), app_on(team.officer("anna"))
        async with app_a.run_test(size=SIZE) as a, app_b.run_test(size=SIZE) as b:
            await open_the_incident(a)
            await type_into(a, "location", "Car park behind the shop")
            await type_into(a, "who", "Two men, one in a red jacket")

            await open_the_incident(b, team_view=True)
            await type_into(b, "who", "Dean and his brother")
            await type_into(b, "police-crime-number", "CR/4471/26")
            await b.press("ctrl+s")
            await settle(b)
            assert isinstance(b.app.screen, CaseFileScreen)

            await a.press("ctrl+s")
            await settle(a)
            assert isinstance(a.app.screen, IncidentDialog), "the stale save must not close"
            shown = message(a)
            assert f"This incident was changed by {anna} on " in shown
            assert "(Who, Police crime number)" in shown
            assert "Nothing you typed has been saved" in shown
            assert a.app.screen.query_one("#reload", Button).display
            assert stored(team, incident) == [("", "Dean and his brother", "CR/4471/26")]

            await a.press("f5")
            await settle(a)
            assert "Loaded the latest version" in message(a)
            assert f"{anna} also changed “Who”, to “Dean and his brother”; yours is kept" in (
                message(a)
            )
            assert field(a, "location") == "Car park behind the shop"
            assert field(a, "who") == "Two men, one in a red jacket"
            assert field(a, "police-crime-number") == "CR/4471/26"
            assert a.app.screen.query(Footer), "the keys stay listed"

            await a.press("ctrl+s")
            await settle(a)
            assert isinstance(a.app.screen, CaseFileScreen)
        assert stored(team, incident) == [
            ("Car park behind the shop", "Two men, one in a red jacket", "CR/4471/26")
        ]
        actors = rows(
            team.officer("alice"),
            f"SELECT actor FROM auditevent WHERE entity_id = '{incident.id}'"
            " AND action = 'update' ORDER BY at",
        )
        assert actors == [(team.login("anna"),), (team.login("alice"),)]


class TestRemovedOrClosedWhileOpen:
    async def test_a_record_deleted_meanwhile_is_not_saved_again(self, team: TeamServer) -> None:
        """anna's login deletes the incident alice has open: her save says who, and keeps
        her typing; the incident is not made again."""
        built, incident = alices_case(team)
        app_a = app_on(team.officer("alice"))
        async with app_a.run_test(size=SIZE) as a:
            await open_the_incident(a)
            await type_into(a, "location", "Car park behind the shop")
            with team.officer("anna").transaction() as session:
                session.delete(session.get(Incident, incident.id))

            await a.press("ctrl+s")
            await settle(a)
            assert isinstance(a.app.screen, IncidentDialog)
            shown = message(a)
            assert f"This incident was deleted by Anna ({team.login('anna')}) on " in shown
            assert "Nothing you typed has been saved" in shown
            assert field(a, "location") == "Car park behind the shop"
            assert not a.app.screen.query_one("#reload", Button).display
        assert stored(team, incident) == []

    async def test_a_case_closed_meanwhile_refuses_the_save_until_seen(
        self, team: TeamServer
    ) -> None:
        """anna closes the case while alice edits its incident: alice is told who closed it;
        after F5 her save goes onto the closed case, which stays closed."""
        built, incident = alices_case(team)
        app_a = app_on(team.officer("alice"))
        async with app_a.run_test(size=SIZE) as a:
            await open_the_incident(a)
            await type_into(a, "location", "Car park behind the shop")
            anna_closes(team, built)

            await a.press("ctrl+s")
            await settle(a)
            assert isinstance(a.app.screen, IncidentDialog)
            shown = message(a)
            assert f"{built.reference} was closed by Anna ({team.login('anna')}) on " in shown
            assert "saves it on the closed case" in shown
            assert stored(team, incident)[0][0] == ""

            await a.press("f5")
            await settle(a)
            assert field(a, "location") == "Car park behind the shop"
            await a.press("ctrl+s")
            await settle(a)
            assert isinstance(a.app.screen, CaseFileScreen)
        assert stored(team, incident)[0][0] == "Car park behind the shop"
        status = rows(
            team.officer("alice"), f"SELECT status FROM \"case\" WHERE id = '{built.case_id}'"
        )
        assert status == [(CaseStatus.CLOSED.value,)]


def anna_closes(team: TeamServer, built: BuiltCase) -> None:
    """anna closes alice's case (through the closing service, as her app does)."""
    store = team.officer("anna")
    with store.transaction() as session:
        case = session.get(Case, built.case_id)
        assert case is not None
        closure.close_case(
            session,
            built.case_id,
            case.version,
            ClosureInput(ClosureOutcome.RESOLVED, "They moved away.", Satisfaction.SATISFIED),
            officer_name=store.actor,
            policy=Policy(),
            today=NOW.date(),
            now=NOW,
        )
