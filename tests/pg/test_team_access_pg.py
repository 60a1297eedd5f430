"""Row-level security on a team server, proved with SQL typed by hand as an officer.

Nothing here goes through fieldcase's services to read or write: each test
connects with psycopg under an officer's own login and does what someone
with that password and psql could do. What they must not reach, the database
itself refuses.
"""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors

from tests.builders import a_case, a_contact, an_incident, an_incident_input
from tests.pg.team import TeamServer, rows


@pytest.fixture
def two_cases(team: TeamServer) -> dict[str, str]:
    """A case of team North opened by alice and one of team South opened by bob, by id."""
    with team.officer("alice").transaction() as session:
        north = a_case(
            session,
            victims=["Marta Nowicka"],
            perpetrators=["Ellis Crane"],
            address="3 Sorrel Way",
            officer_name=team.login("alice"),
            incident=an_incident_input(),
        )
        a_contact(session, north.case_id, notes="Letter about the car", officer_name="alice")
    with team.officer("bob").transaction() as session:
        south = a_case(
            session,
            victims=["Idris Okafor"],
            perpetrators=["Dean Voss"],
            address="9 Quarry Lane",
            officer_name=team.login("bob"),
            incident=an_incident_input(description="Graffiti on the door"),
        )
        an_incident(session, south.case_id, description="Eggs thrown at the window")
    return {"north": str(north.case_id), "south": str(south.case_id)}


def fetch(conn: psycopg.Connection[tuple[object, ...]], sql: str, *args: object) -> list[object]:
    """The first column of every row a query returns."""
    return [row[0] for row in conn.execute(sql, args).fetchall()]


class TestAnOfficerSeesOnlyTheirTeam:
    def test_cases_of_another_team_are_not_there(
        self, team: TeamServer, two_cases: dict[str, str]
    ) -> None:
        """alice (North) sees North's case only; bob (South) sees South's only."""
        with team.plain("alice") as alice, team.plain("bob") as bob:
            assert fetch(alice, 'SELECT id::text FROM "case"') == [two_cases["north"]]
            assert fetch(bob, 'SELECT id::text FROM "case"') == [two_cases["south"]]

    def test_records_attached_to_another_teams_case_are_not_there(
        self, team: TeamServer, two_cases: dict[str, str]
    ) -> None:
        """People, addresses, incidents and contacts of South's case are hidden from alice."""
        with team.plain("alice") as alice:
            assert sorted(fetch(alice, "SELECT full_name FROM person")) == [
                "Ellis Crane",
                "Marta Nowicka",
            ]
            assert fetch(alice, "SELECT address FROM property") == ["3 Sorrel Way"]
            assert fetch(alice, "SELECT description FROM incident") == [
                "Shouted abuse about her nationality across the car park."
            ]
            assert fetch(alice, "SELECT notes FROM contact") == ["Letter about the car"]
            assert fetch(
                alice, "SELECT count(*) FROM incident WHERE case_id::text = %s", two_cases["south"]
            ) == [0]

    def test_the_audit_trail_of_another_team_is_not_there(
        self, team: TeamServer, two_cases: dict[str, str]
    ) -> None:
        """Audit events about South's case, its people or its address are hidden from alice."""
        with team.plain("alice") as alice:
            texts = " ".join(str(c) for c in fetch(alice, "SELECT changes FROM auditevent"))
            assert "Marta Nowicka" in texts
            assert "Idris Okafor" not in texts and "Quarry Lane" not in texts
            assert "Dean Voss" not in texts

    def test_set_role_does_not_step_outside_the_team(
        self, team: TeamServer, two_cases: dict[str, str]
    ) -> None:
        """Switching to the officers' group role changes nothing: the login is what counts."""
        with team.plain("alice") as alice:
            alice.execute(f'SET ROLE "{team.database}_officers"')
            assert fetch(alice, 'SELECT id::text FROM "case"') == [two_cases["north"]]


class TestAnOfficerCannotChangeAnotherTeamsCase:
    def test_update_and_delete_reach_no_row(
        self, team: TeamServer, two_cases: dict[str, str]
    ) -> None:
        """UPDATE and DELETE of South's case and its incidents match nothing for alice."""
        south = two_cases["south"]
        with team.plain("alice") as alice:
            changed = alice.execute(
                "UPDATE \"case\" SET summary = 'x' WHERE id::text = %s", (south,)
            )
            assert changed.rowcount == 0
            deleted = alice.execute("DELETE FROM incident WHERE case_id::text = %s", (south,))
            assert deleted.rowcount == 0
        with team.plain("bob") as bob:
            assert fetch(bob, "SELECT count(*) FROM incident") == [2]
            assert fetch(bob, 'SELECT summary FROM "case"') == [""]

    def test_adding_a_record_to_another_teams_case_is_refused(
        self, team: TeamServer, two_cases: dict[str, str]
    ) -> None:
        """alice cannot slip a contact into South's case, even knowing its id."""
        with team.plain("alice") as alice, pytest.raises(errors.InsufficientPrivilege):
            alice.execute(
                "INSERT INTO contact (id, created_at, updated_at, version, case_id, at, method,"
                " direction, outcome, notes, officer_name, not_for_disclosure,"
                " consent_override_reason) VALUES (gen_random_uuid(), now(), now(), 1, %s,"
                " now(), 'call', 'out', '', 'planted', 'alice', false, '')",
                (two_cases["south"],),
            )

    def test_moving_a_case_to_another_team_is_refused(
        self, team: TeamServer, two_cases: dict[str, str]
    ) -> None:
        """alice cannot hand her case to South (it would leave her team's sight)."""
        with team.plain("alice") as alice, pytest.raises(errors.InsufficientPrivilege):
            alice.execute("UPDATE \"case\" SET team = 'South'")

    def test_an_officer_cannot_make_themselves_supervisor(
        self, team: TeamServer, two_cases: dict[str, str]
    ) -> None:
        """The officer list can be read, never changed, by an officer."""
        with team.plain("alice") as alice:
            assert team.login("sue") in fetch(alice, "SELECT login FROM officer")
            with pytest.raises(errors.InsufficientPrivilege):
                alice.execute("UPDATE officer SET supervisor = true")


class TestTheAuditTrailIsAppendOnly:
    def test_an_officer_cannot_update_or_delete_audit_events(
        self, team: TeamServer, two_cases: dict[str, str]
    ) -> None:
        """Not even events of their own cases: UPDATE, DELETE and TRUNCATE are refused."""
        with team.plain("alice") as alice:
            for sql in (
                "UPDATE auditevent SET actor = 'someone else'",
                "DELETE FROM auditevent",
                "TRUNCATE auditevent",
            ):
                with pytest.raises(errors.InsufficientPrivilege):
                    alice.execute(sql)

    def test_the_purge_flag_is_out_of_an_officers_reach(
        self, team: TeamServer, two_cases: dict[str, str]
    ) -> None:
        """The setting that lets a purge delete audit events cannot be written by an officer."""
        with team.plain("alice") as alice, pytest.raises(errors.InsufficientPrivilege):
            alice.execute("INSERT INTO setting (key, value) VALUES ('purge_in_progress', '1')")

    def test_who_did_it_is_the_login_whatever_is_typed(
        self, team: TeamServer, two_cases: dict[str, str]
    ) -> None:
        """An event claiming to be by someone else is recorded under the login that wrote it."""
        with team.plain("alice") as alice:
            alice.execute(
                "INSERT INTO auditevent (id, at, actor, action, entity, entity_id, case_id,"
                " changes) VALUES (gen_random_uuid(), now(), 'Sue Supervisor', 'view', 'case',"
                " %s, %s, '{}')",
                (two_cases["north"], two_cases["north"]),
            )
            actors = fetch(alice, "SELECT DISTINCT actor FROM auditevent")
        assert actors == [team.login("alice")]


class TestASupervisorSeesEveryTeam:
    def test_both_teams_cases_and_records(
        self, team: TeamServer, two_cases: dict[str, str]
    ) -> None:
        """sue (supervisor, in North) sees North's and South's cases, people and incidents."""
        with team.plain("sue") as sue:
            assert sorted(fetch(sue, 'SELECT id::text FROM "case"')) == sorted(two_cases.values())
            people = fetch(sue, "SELECT full_name FROM person")
            assert {"Marta Nowicka", "Idris Okafor"} <= set(map(str, people))
            assert fetch(sue, "SELECT count(*) FROM incident") == [3]


class TestTheOwnerIsNotAnOfficer:
    def test_the_app_refuses_the_owner_role(self, team: TeamServer) -> None:
        """IT's owner role sees everything, so the app will not run as it."""
        from fieldcase.db.team import NotAnOfficer, open_team_store

        with pytest.raises(NotAnOfficer, match="is not an officer"):
            open_team_store(team.address())

    def test_a_login_outside_the_officers_cannot_connect(self, team: TeamServer) -> None:
        """A login that is not in this database's officers group is turned away at the door."""
        stranger = f"stranger_{team.suffix}"
        with team.server.admin() as admin:
            admin.execute(f'CREATE ROLE "{stranger}" LOGIN')
        try:
            with pytest.raises(psycopg.OperationalError, match="permission denied"):
                psycopg.connect(team.server.conninfo(team.database, stranger))
        finally:
            with team.server.admin() as admin:
                admin.execute(f'DROP ROLE "{stranger}"')


def test_the_store_reports_the_login_as_the_officer(team: TeamServer) -> None:
    """The app's officer name comes from the server, not from anything typed."""
    store = team.officer("bob")
    assert store.officer is not None
    assert (store.actor, store.officer.team, store.officer.supervisor) == (
        team.login("bob"),
        "South",
        False,
    )
    assert rows(store, "SELECT session_user") == [(team.login("bob"),)]
