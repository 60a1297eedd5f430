"""Officers working through fieldcase on a team server: teams, references, drafts, moving cases."""

from __future__ import annotations

import re
from typing import Any

import pytest

from fieldcase.db.models import Case
from fieldcase.db.store import Store
from fieldcase.services import assignment, caseload, drafts
from fieldcase.services.audit_view import case_history
from fieldcase.services.errors import EditConflict, NotAllowed, NotFound, ValidationError
from tests.builders import a_case
from tests.pg.team import TeamServer, rows


def open_case(team: TeamServer, name: str, victim: str) -> Case:
    """A case opened by one of the cast through the app's own service."""
    store = team.officer(name)
    with store.transaction() as session:
        built = a_case(session, victims=[victim], officer_name=store.actor)
        found = session.get(Case, built.case_id)
        assert found is not None
        return found


class TestOpeningCases:
    def test_a_new_case_belongs_to_its_officers_team(self, team: TeamServer) -> None:
        """alice's case is North's, bob's is South's, without anyone choosing."""
        north = open_case(team, "alice", "Marta Nowicka")
        south = open_case(team, "bob", "Idris Okafor")
        assert (north.team, south.team) == ("North", "South")

    def test_references_never_repeat_across_teams(self, team: TeamServer) -> None:
        """bob cannot see North's case, yet his first case does not take its reference."""
        north = open_case(team, "alice", "Marta Nowicka")
        south = open_case(team, "bob", "Idris Okafor")
        assert (north.reference, south.reference) == ("FC-2026-0001", "FC-2026-0002")

    def test_the_audit_trail_names_the_login(self, team: TeamServer) -> None:
        """The case history shows who opened it as the login that did."""
        case = open_case(team, "alice", "Marta Nowicka")
        with team.officer("alice").reading() as session:
            history = case_history(session, case.id)
        assert {entry.actor for entry in history.entries} == {team.login("alice")}


class TestDrafts:
    def test_each_officer_keeps_their_own_drafts(self, team: TeamServer) -> None:
        """Two officers half-way through a new case each get their own typing back."""
        alice, bob = team.officer("alice"), team.officer("bob")
        drafts.autosave(alice, "new-case", "New case", {"victim": "Marta Nowicka"})
        drafts.autosave(bob, "new-case", "New case", {"victim": "Idris Okafor"})
        with alice.reading() as session:
            assert drafts.load_draft(session, "new-case") == {"victim": "Marta Nowicka"}
            assert [d.key for d in drafts.list_drafts(session)] == ["new-case"]
        with bob.reading() as session:
            assert drafts.load_draft(session, "new-case") == {"victim": "Idris Okafor"}


class TestCaseloadViews:
    def test_my_cases_my_teams_cases_and_every_team(self, team: TeamServer) -> None:
        """alice's own, North's (hers and anna's), and for sue every team's."""
        mine = open_case(team, "alice", "Marta Nowicka")
        annas = open_case(team, "anna", "Joy Mensah")
        souths = open_case(team, "bob", "Idris Okafor")
        alice, sue = team.officer("alice"), team.officer("sue")

        def refs(store: Store, **filters: Any) -> set[str]:
            page = store.run(caseload.caseload_page, **filters)
            return {row.reference for row in page.rows}

        assert refs(alice, officer_name=team.login("alice")) == {mine.reference}
        assert refs(alice, team="North") == {mine.reference, annas.reference}
        assert refs(alice) == {mine.reference, annas.reference}
        assert refs(sue) == {mine.reference, annas.reference, souths.reference}


class TestReassigning:
    def test_a_supervisor_gives_a_case_to_another_team(self, team: TeamServer) -> None:
        """sue moves alice's case to bob: it is South's now, and alice no longer sees it."""
        case = open_case(team, "alice", "Marta Nowicka")
        moved = team.officer("sue").run(
            assignment.reassign_case, case.id, to=team.login("bob"), expected_version=case.version
        )
        assert (moved.officer_name, moved.team) == (team.login("bob"), "South")
        assert rows(team.officer("alice"), 'SELECT count(*) FROM "case"') == [(0,)]
        with team.officer("bob").reading() as session:
            history = case_history(session, case.id)
        latest = history.entries[0]
        assert latest.actor == team.login("sue")
        assert "Team: “North” → “South”" in latest.changes

    def test_an_officer_may_not_reassign(self, team: TeamServer) -> None:
        """Only a supervisor moves cases; alice is told so and nothing changes."""
        case = open_case(team, "alice", "Marta Nowicka")
        with pytest.raises(NotAllowed, match="Only a supervisor"):
            team.officer("alice").run(
                assignment.reassign_case,
                case.id,
                to=team.login("anna"),
                expected_version=case.version,
            )

    def test_a_case_changed_since_is_not_reassigned(self, team: TeamServer) -> None:
        """A reassignment from a stale screen is refused as an edit conflict."""
        case = open_case(team, "alice", "Marta Nowicka")
        sue, opened_at = team.officer("sue"), case.version
        sue.run(
            assignment.reassign_case, case.id, to=team.login("anna"), expected_version=opened_at
        )
        with pytest.raises(EditConflict, match=re.escape(f"changed by Sue ({team.login('sue')})")):
            sue.run(
                assignment.reassign_case, case.id, to=team.login("bob"), expected_version=opened_at
            )

    def test_only_an_active_officer_can_take_a_case(self, team: TeamServer) -> None:
        """A login that is no officer here is refused by name."""
        case = open_case(team, "alice", "Marta Nowicka")
        with pytest.raises(ValidationError, match="no active officer with the login nobody"):
            team.officer("sue").run(
                assignment.reassign_case, case.id, to="nobody", expected_version=case.version
            )


class TestCovering:
    def test_cover_and_give_back(self, team: TeamServer) -> None:
        """alice is away: her open cases go to bob in one action, then back to her."""
        first = open_case(team, "alice", "Marta Nowicka")
        second = open_case(team, "alice", "Joy Mensah")
        sue = team.officer("sue")
        moved = sue.run(assignment.cover_cases, team.login("alice"), by=team.login("bob"))
        assert sorted(moved.references) == sorted([first.reference, second.reference])
        bob_sees = rows(team.officer("bob"), 'SELECT reference, covered_from FROM "case"')
        assert sorted(bob_sees) == sorted(
            [(first.reference, team.login("alice")), (second.reference, team.login("alice"))]
        )
        back = sue.run(assignment.end_cover, team.login("alice"))
        assert back.count == 2
        assert rows(team.officer("bob"), 'SELECT count(*) FROM "case"') == [(0,)]
        assert (
            sorted(rows(team.officer("alice"), 'SELECT officer_name, team FROM "case"'))
            == [(team.login("alice"), "North")] * 2
        )

    def test_covering_is_in_the_audit_trail(self, team: TeamServer) -> None:
        """Who moved which cases to whom is recorded, under the supervisor's login."""
        case = open_case(team, "alice", "Marta Nowicka")
        team.officer("sue").run(assignment.cover_cases, team.login("alice"), by=team.login("anna"))
        found = rows(
            team.officer("sue"),
            "SELECT actor, entity_id, changes FROM auditevent WHERE action = 'cover'",
        )
        assert len(found) == 1
        actor, absent, changes = found[0]
        assert (actor, absent) == (team.login("sue"), team.login("alice"))
        assert case.reference in str(changes) and team.login("anna") in str(changes)

    def test_an_officer_may_not_cover(self, team: TeamServer) -> None:
        """anna cannot take alice's cases for herself."""
        open_case(team, "alice", "Marta Nowicka")
        with pytest.raises(NotAllowed):
            team.officer("anna").run(
                assignment.cover_cases, team.login("alice"), by=team.login("anna")
            )


def test_a_case_of_another_team_is_not_found(team: TeamServer) -> None:
    """bob opening North's case by its id is told it is not there, as for any missing case."""
    case = open_case(team, "alice", "Marta Nowicka")
    with pytest.raises(NotFound), team.officer("bob").reading() as session:
        case_history(session, case.id)
