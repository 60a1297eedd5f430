"""The safety board on PostgreSQL: the laptop specifications again, then a team server's rules.

On a team server the board of an officer holds their team's visits only (row-level
security), a supervisor's every team's; the buddy and supervisors are alerted about a
colleague's visit; who resolves an overdue check-in is their login, in the audit trail too.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from fieldcase.db.store import Store
from fieldcase.services import safety_board
from fieldcase.services.safety_board import CheckinResolution
from tests.builders import a_case, a_visit
from tests.pg.team import TeamServer, rows
from tests.pg.test_server_cli_pg import server
from tests.unit.test_safety_board import (  # noqa: F401 (collected by pytest from here)
    NOW,
    PLANNED_ON,
    TestBoard,
    TestResolving,
    TestWatching,
)


def team_visit(team: TeamServer, name: str, buddy: str) -> uuid.UUID:
    """A visit on a new case of one of the cast, under way, with a check-in at 12:10."""
    store = team.officer(name)
    with store.transaction() as s:
        built = a_case(s, victims=[f"Victim of {name}"], officer_name=store.actor)
        return a_visit(
            s,
            built.case_id,
            built.victim_id,
            now=PLANNED_ON,
            planned_at=NOW - timedelta(minutes=30),
            checkin_at=NOW + timedelta(minutes=10),
            buddy_name=buddy,
        )


def board_of(store: Store, now: datetime = NOW) -> dict[uuid.UUID, str]:
    with store.reading() as s:
        return {v.visit_id: v.state_text(now) for v in safety_board.board(s, now=now, zone=UTC)}


def watched_by(team: TeamServer, name: str) -> set[uuid.UUID]:
    store = team.officer(name)
    assert store.officer is not None
    with store.reading() as s:
        found = safety_board.watched_checkins(
            s,
            login=store.officer.login,
            names=(store.officer.full_name,),
            supervisor=store.officer.supervisor,
        )
    return {v.visit_id for v in found}


class TestTeamBoard:
    def test_an_officer_sees_their_teams_visits_a_supervisor_every_teams(
        self, team: TeamServer
    ) -> None:
        """anna's board has alice's visit, not bob's; sue's has both; bob's only his own."""
        alices = team_visit(team, "alice", buddy="Anna")
        bobs = team_visit(team, "bob", buddy="Sue")
        assert set(board_of(team.officer("anna"))) == {alices}
        assert set(board_of(team.officer("sue"))) == {alices, bobs}
        assert set(board_of(team.officer("bob"))) == {bobs}

    def test_the_buddy_and_the_supervisor_are_alerted_not_the_rest(self, team: TeamServer) -> None:
        """alice names anna (by full name) as buddy: anna and sue watch it; bob, of South,
        cannot even see it; alice's own alert is the check-in watcher's."""
        alices = team_visit(team, "alice", buddy="anna")
        assert watched_by(team, "anna") == {alices}
        assert watched_by(team, "sue") == {alices}
        assert watched_by(team, "bob") == set()
        assert watched_by(team, "alice") == set()

    def test_the_officers_safe_contact_route_comes_with_the_visit(self, team: TeamServer) -> None:
        """IT records how to reach alice safely; her buddy's board row carries it."""
        code, said, _ = server(
            team, "safe-contact", team.login("alice"), "Work mobile 07700 900123"
        )
        assert code == 0 and "safe contact route is recorded" in said
        team_visit(team, "alice", buddy="Anna")
        with team.officer("anna").reading() as s:
            [row] = safety_board.board(s, now=NOW, zone=UTC)
        assert (row.officer, row.officer_name, row.safe_contact) == (
            team.login("alice"),
            "Alice",
            "Work mobile 07700 900123",
        )

    def test_resolving_records_the_buddys_login_in_the_audit_trail(self, team: TeamServer) -> None:
        """anna resolves alice's overdue check-in: the board names anna's login, and so does the
        audit trail, whatever name the app passed."""
        alices = team_visit(team, "alice", buddy="Anna")
        late = NOW + timedelta(minutes=25)
        with team.officer("anna").transaction() as s:
            safety_board.resolve_checkin(
                s, alices, CheckinResolution("Rang her: safe."), now=late, resolved_by="typed"
            )
        actors = rows(
            team.officer("alice"),
            "SELECT actor FROM auditevent WHERE entity = 'visit' AND action = 'update'"
            f" AND entity_id = '{alices}' AND changes LIKE '%checkin_resolved_at%'",
        )
        assert actors == [(team.login("anna"),)]
        resolved = f"resolved by {team.login('anna')} 12:25"
        assert board_of(team.officer("sue"), late) == {alices: resolved}
