"""``fieldcase server …`` as IT runs it: set up, people, cover, and passwords kept out of sight."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from fieldcase.__main__ import main
from fieldcase.cli_server import Console, run_server_command
from fieldcase.db.postgres import ServerAddress
from fieldcase.db.team import open_team_store
from tests.builders import a_case
from tests.pg.server import PASSWORD_GROUP, PostgresServer
from tests.pg.team import TeamServer, rows

PASSWORD = "plum orchard lantern 42"


def server(team: TeamServer, *job: str, stdin: str = "") -> tuple[int, str, str]:
    """Run ``fieldcase server JOB…`` as the team server's owner; the exit code, out and err."""
    return run(team.server.conninfo(team.database, team.owner), *job, stdin=stdin)


def run(address: str, *job: str, stdin: str = "") -> tuple[int, str, str]:
    """Run ``fieldcase server JOB… --server ADDRESS``, capturing what it prints."""
    out, err = io.StringIO(), io.StringIO()
    console = Console(io.StringIO(stdin), out, err, ask=_never_asked)
    from fieldcase.__main__ import build_parser

    args = build_parser().parse_args(["server", *job, "--server", address])
    code = run_server_command(args, server=None, console=console)
    return code, out.getvalue(), err.getvalue()


def _never_asked(prompt: str) -> str:
    raise AssertionError(f"asked {prompt!r} without a terminal")


@pytest.fixture
def empty_database(postgres_server: PostgresServer) -> Iterator[tuple[str, str]]:
    """A new empty database and its owner role, as IT makes them (README); dropped after."""
    suffix = uuid.uuid4().hex[:6]
    owner, database = f"itowner_{suffix}", f"fc_new_{suffix}"
    with postgres_server.admin() as admin:
        admin.execute(f'CREATE ROLE "{owner}" LOGIN CREATEROLE')
        admin.execute(f'CREATE DATABASE "{database}" OWNER "{owner}"')
    yield owner, database
    with postgres_server.admin() as admin:
        admin.execute(f'DROP DATABASE "{database}" WITH (FORCE)')
        admin.execute(f'DROP ROLE IF EXISTS "{database}_officers"')
        admin.execute(f'DROP ROLE "{owner}"')


class TestSettingUp:
    def test_init_then_upgrade(
        self, postgres_server: PostgresServer, empty_database: tuple[str, str]
    ) -> None:
        """The owner sets up an empty database once; upgrade then finds it up to date."""
        owner, database = empty_database
        address = postgres_server.conninfo(database, owner)
        code, out, _ = run(address, "init")
        assert code == 0 and "is set up as a team server" in out
        assert f"{database}_officers" in out
        code, _, err = run(address, "init")
        assert code == 3 and "already a team server" in err
        code, out, _ = run(address, "upgrade")
        assert code == 0 and "is up to date" in out

    def test_only_the_owner_sets_up(
        self, postgres_server: PostgresServer, empty_database: tuple[str, str]
    ) -> None:
        """Anyone else, even a superuser, is told to use the owner role; nothing is created."""
        owner, database = empty_database
        code, _, err = run(postgres_server.conninfo(database, "postgres"), "init")
        assert code == 3 and f"set it up and upgrade it as its owner role, {owner}" in err
        with postgres_server.connect(database) as conn:
            assert conn.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
            ).fetchone() == (0,)

    def test_a_database_holding_other_tables_is_left_alone(
        self, postgres_server: PostgresServer, empty_database: tuple[str, str]
    ) -> None:
        """Someone else's tables mean it is not fieldcase's: nothing is added."""
        owner, database = empty_database
        with psycopg.connect(postgres_server.conninfo(database, owner), autocommit=True) as c:
            c.execute("CREATE TABLE notes (body text)")
        code, _, err = run(postgres_server.conninfo(database, owner), "init")
        assert code == 3 and "not a fieldcase database" in err
        with postgres_server.connect(database) as conn:
            tables = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            assert tables.fetchall() == [("notes",)]


class TestPeople:
    def test_an_officer_logs_in_with_the_first_password_given(self, team: TeamServer) -> None:
        """add-officer reads the password from stdin; the server keeps only a SCRAM verifier."""
        login = team.new_login("carol")
        code, out, _ = server(
            team, "add-officer", login, "--team", "South", "--password-stdin", stdin=PASSWORD
        )
        assert code == 0 and f"{login} is an officer in South, with a new login" in out
        with team.server.admin() as admin:
            admin.execute(f'GRANT {PASSWORD_GROUP} TO "{login}"')
            stored = admin.execute(
                "SELECT rolpassword FROM pg_authid WHERE rolname = %s", (login,)
            ).fetchone()
        assert stored is not None and str(stored[0]).startswith("SCRAM-SHA-256$")
        assert PASSWORD not in str(stored[0])
        address = ServerAddress.parse(team.server.conninfo(team.database, login))
        store = open_team_store(address, PASSWORD)
        try:
            assert store.officer is not None and store.officer.team == "South"
        finally:
            store.close()
        with pytest.raises(Exception, match="did not accept that password"):
            open_team_store(address, "not the password at all")

    def test_weak_passwords_and_unknown_teams_are_refused(self, team: TeamServer) -> None:
        """The reason is given, and no login is made."""
        login = team.new_login("dev")
        code, _, err = server(
            team, "add-officer", login, "--team", "South", "--password-stdin", stdin="password1"
        )
        assert code == 1 and "too weak" in err
        code, _, err = server(team, "add-officer", login, "--team", "East", "--no-password")
        assert code == 1 and "There is no team called East" in err
        with team.server.admin() as admin:
            made = admin.execute("SELECT count(*) FROM pg_roles WHERE rolname = %s", (login,))
            assert made.fetchone() == (0,)

    def test_a_password_is_never_taken_without_being_asked_for(self, team: TeamServer) -> None:
        """Without --password-stdin or a terminal, add-officer says how to give one."""
        code, _, err = server(team, "add-officer", team.new_login("eve"), "--team", "South")
        assert code == 2 and "--password-stdin" in err

    def test_supervisors_and_the_list_of_officers(self, team: TeamServer) -> None:
        """make-supervisor shows in the list; --undo takes it back."""
        code, _, _ = server(team, "make-supervisor", team.login("anna"))
        assert code == 0
        _, listed, _ = server(team, "officers")
        assert f"{team.login('anna')}: Anna, supervisor in North" in listed
        assert f"{team.login('bob')}: Bob, officer in South, 0 open case(s)" in listed
        server(team, "make-supervisor", team.login("anna"), "--undo")
        _, listed, _ = server(team, "officers")
        assert f"{team.login('anna')}: Anna, officer in North" in listed

    def test_an_officer_cannot_manage_people(self, team: TeamServer) -> None:
        """alice running add-team is told it takes the owner role; nothing changes."""
        address = team.server.conninfo(team.database, team.login("alice"))
        code, _, err = run(address, "add-team", "Rogue")
        assert code == 1 and "may not do this" in err


class TestLeavingAndCover:
    def test_an_officer_with_open_cases_is_not_removed_until_they_are_covered(
        self, team: TeamServer
    ) -> None:
        """remove-officer says how many cases to move, and how; after cover, they can go."""
        login = team.new_login("fay")
        server(team, "add-officer", login, "--team", "North", "--no-password")
        fay = open_team_store(ServerAddress.parse(team.server.conninfo(team.database, login)))
        try:
            with fay.transaction() as session:
                a_case(session, officer_name=login)
        finally:
            fay.close()
        code, _, err = server(team, "remove-officer", login)
        assert code == 1 and "still holds 1 open case" in err
        assert f"fieldcase server cover {login} --by COLLEAGUE" in err
        code, out, _ = server(team, "cover", login, "--by", team.login("anna"))
        assert code == 0 and f"1 open case(s) of {login} now held by {team.login('anna')}" in out
        code, out, _ = server(team, "remove-officer", login)
        assert code == 0 and "can no longer use the team server" in out
        with pytest.raises(psycopg.OperationalError, match="permission denied"):
            psycopg.connect(team.server.conninfo(team.database, login))

    def test_a_supervisor_covers_from_the_command_line(self, team: TeamServer) -> None:
        """sue (a supervisor, not IT) moves alice's cases to anna and back."""
        with team.officer("alice").transaction() as session:
            built = a_case(session, officer_name=team.login("alice"))
        sue = team.server.conninfo(team.database, team.login("sue"))
        code, out, _ = run(sue, "cover", team.login("alice"), "--by", team.login("anna"))
        assert code == 0 and built.reference in out
        code, out, _ = run(sue, "cover", team.login("alice"), "--end")
        assert code == 0 and f"1 case(s) given back to {team.login('alice')}" in out
        assert rows(team.officer("alice"), 'SELECT officer_name FROM "case"') == [
            (team.login("alice"),)
        ]


class TestPasswords:
    def test_a_password_in_the_address_is_refused(self) -> None:
        """fieldcase will not take a password in --server, where others could read it."""
        code = main(["--server", "postgresql://alice:secret@db.example.org/fieldcase"])
        assert code == 2

    def test_libpq_finds_the_password_in_pgpass(
        self, team: TeamServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A .pgpass entry is used without asking, as libpq does for psql."""
        login = self._checked_login(team)
        pgpass = tmp_path / "pgpass"
        pgpass.write_text(f"*:*:{team.database}:{login}:{PASSWORD}\n")
        pgpass.chmod(0o600)
        monkeypatch.setenv("PGPASSFILE", str(pgpass))
        store = open_team_store(ServerAddress.parse(team.server.conninfo(team.database, login)))
        store.close()

    def test_a_service_file_names_the_server(
        self, team: TeamServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """--server service=NAME reads host, database and login from a service file."""
        login = self._checked_login(team)
        services = tmp_path / "pg_service.conf"
        services.write_text(
            f"[fieldcase]\nhost={team.server.socket_dir}\nport={team.server.port}\n"
            f"dbname={team.database}\nuser={login}\n"
        )
        monkeypatch.setenv("PGSERVICEFILE", str(services))
        monkeypatch.setenv("PGPASSWORD", PASSWORD)
        store = open_team_store(ServerAddress.parse("service=fieldcase"))
        try:
            assert store.actor == login
        finally:
            store.close()

    def test_without_a_terminal_the_command_says_where_a_password_goes(
        self, team: TeamServer, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """No .pgpass and no terminal: the command names libpq's ways instead of hanging."""
        login = self._checked_login(team)
        monkeypatch.setenv("PGPASSFILE", "/nonexistent")
        code, _, err = run(team.server.conninfo(team.database, login), "officers")
        assert code == 3 and ".pgpass" in err and "service file" in err

    def _checked_login(self, team: TeamServer) -> str:
        """An officer whose password the server checks (the test server trusts the others)."""
        login = team.new_login(f"pw{uuid.uuid4().hex[:4]}")
        server(team, "add-officer", login, "--team", "North", "--password-stdin", stdin=PASSWORD)
        with team.server.admin() as admin:
            admin.execute(f'GRANT {PASSWORD_GROUP} TO "{login}"')
        return login
