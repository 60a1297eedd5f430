"""``fieldcase server import``: an officer's laptop database moves onto the team server."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from fieldcase.__main__ import build_parser
from fieldcase.cli_server import Console, run_server_command
from fieldcase.db import migrate
from fieldcase.db.engine import APPLICATION_ID, sqlcipher_engine
from fieldcase.db.models import Case, metadata
from fieldcase.db.store import open_store
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import PartyRole
from fieldcase.services import attachments, drafts
from fieldcase.services.audit_view import case_history
from fieldcase.services.case_file import CaseDetailsInput, update_case_details
from tests.builders import a_case, a_contact, an_abc, an_action, an_incident_input
from tests.pg.team import TeamServer, rows

PASSPHRASE = "laptop moving day 7 lanterns"
LAPTOP_OFFICER = "Sam Patel"
MOVED = [t.name for t in metadata.sorted_tables if t.name not in {"draft", "setting"}]
PHOTO = b"\x89PNG invented photo of a scratched car door" * 50


@dataclass(frozen=True)
class Laptop:
    """An officer's laptop database, as built through the services, and what it holds."""

    path: Path
    counts: dict[str, int]
    first_case: uuid.UUID
    references: tuple[str, ...]

    def digest(self) -> str:
        """The file's SHA-256: proof it was not changed."""
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def laptop(tmp_path_factory: pytest.TempPathFactory) -> Laptop:
    """Two cases with an incident, contact, action, ABC, attachment, an edit and a draft."""
    folder = tmp_path_factory.mktemp("laptop")
    photo = folder / "car-door.png"
    photo.write_bytes(PHOTO)
    path = folder / "fieldcase.db"
    store = open_store(path, PASSPHRASE, create=True, actor=LAPTOP_OFFICER)
    try:
        with store.transaction() as session:
            first = a_case(session, incident=an_incident_input(), officer_name=LAPTOP_OFFICER)
            second = a_case(session, victims=["Nadia Okoro"], address="3 Rowan Court")
            a_contact(session, first.case_id, notes="Wrote to both households.")
            an_action(session, first.case_id)
            an_abc(session, first.case_id, first.party_ids[PartyRole.PERPETRATOR][0])
            attachments.add_attachment(
                session,
                first.case_id,
                attachments.AttachmentInput(path=photo, description="The car door"),
                added_by=LAPTOP_OFFICER,
                policy=Policy(),
            )
        with store.transaction() as session:
            update_case_details(
                session,
                first.case_id,
                _version(session, first.case_id),
                CaseDetailsInput("hate_incident", ["race"], "open", summary="Verbal abuse"),
                policy=Policy(),
            )
            drafts.save_draft(session, "new-case", "New case", {"summary": "half typed"})
        with store.reading() as session:
            counts = {
                name: int(
                    session.execute(
                        select(func.count()).select_from(metadata.tables[name])
                    ).scalar_one()
                )
                for name in MOVED
            }
    finally:
        store.close()
    return Laptop(path, counts, first.case_id, (first.reference, second.reference))


def _version(session: Session, case_id: uuid.UUID) -> int:
    case = session.get(Case, case_id)
    assert case is not None
    return case.version


def server(
    team: TeamServer, *job: str, login: str | None = None, stdin: str = ""
) -> tuple[int, str, str]:
    """Run ``fieldcase server JOB…`` as the owner (or a login); the exit code, out and err."""
    out, err = io.StringIO(), io.StringIO()
    console = Console(io.StringIO(stdin), out, err, ask=_never_asked)
    address = team.server.conninfo(team.database, login or team.owner)
    args = build_parser().parse_args(["server", *job, "--server", address])
    return run_server_command(args, server=None, console=console), out.getvalue(), err.getvalue()


def _never_asked(prompt: str) -> str:
    raise AssertionError(f"asked {prompt!r} without a terminal")


def move(
    team: TeamServer, laptop: Path, *extra: str, stdin: str = PASSPHRASE
) -> tuple[int, str, str]:
    """Import a laptop file for alice, as IT (the owner role) runs it."""
    return server(
        team, "import", str(laptop), "--officer", team.login("alice"), *extra, stdin=stdin
    )


def counts(team: TeamServer) -> dict[str, int]:
    """Rows in each moved table on the server, every team's (read as the superuser)."""
    found = {}
    with team.server.connect(team.database) as conn:
        for name in MOVED:
            if name not in {"team", "officer"}:
                row = conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()
                found[name] = int(str(row[0])) if row else 0
    return found


def nothing_moved(team: TeamServer) -> bool:
    return not any(counts(team).values())


@pytest.fixture(autouse=True)
def no_passphrase_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIELDCASE_PASSPHRASE", raising=False)


class TestMovingIn:
    def test_every_record_moves_with_its_history(self, team: TeamServer, laptop: Laptop) -> None:
        """Counts match the laptop's, the cases are alice's in North, the history keeps its who."""
        before = laptop.digest()
        code, out, err = move(team, laptop.path)
        assert code == 0, err
        assert f"its cases are {team.login('alice')}'s, in team North" in out
        assert "cases" in out and "2 moved, 0 already there" in out
        assert "1 half-typed form(s) stay on the laptop" in out
        total = sum(n for name, n in laptop.counts.items() if name != "auditevent")
        assert f"Moving records: {total + laptop.counts['auditevent']} of " in err
        found = counts(team)
        for name, expected in laptop.counts.items():
            if name == "auditevent":
                # Each case's import, and the file's.
                assert found[name] == expected + 3
            elif name not in {"team", "officer"}:
                assert found[name] == expected, name
        assert laptop.digest() == before
        with team.server.connect(team.database) as conn:
            case = conn.execute(
                'SELECT reference, team, officer_name FROM "case" WHERE id = %s',
                (laptop.first_case,),
            ).fetchone()
            history = conn.execute(
                "SELECT action, entity, actor, changes FROM auditevent WHERE case_id = %s "
                "ORDER BY at",
                (laptop.first_case,),
            ).fetchall()
            photo = conn.execute("SELECT data FROM attachmentcontent").fetchone()
        assert case == (laptop.references[0], "North", team.login("alice"))
        assert ("create", "case", LAPTOP_OFFICER) in [h[:3] for h in history]
        assert any(h[:3] == ("update", "case", LAPTOP_OFFICER) for h in history)
        imported = history[-1]
        assert imported[:3] == ("import", "case", team.owner)
        assert json.loads(str(imported[3]))["officer_name"] == [
            LAPTOP_OFFICER,
            team.login("alice"),
        ]
        assert photo is not None and bytes(photo[0]) == PHOTO

    def test_the_officer_sees_the_cases_and_their_history(
        self, team: TeamServer, laptop: Laptop
    ) -> None:
        """Row security shows alice her moved cases and their history; bob of South sees none."""
        assert move(team, laptop.path)[0] == 0
        alice, bob = team.officer("alice"), team.officer("bob")
        seen = rows(alice, 'SELECT reference FROM "case" ORDER BY reference')
        assert [r[0] for r in seen] == sorted(laptop.references)
        actors = rows(
            alice, f"SELECT DISTINCT actor FROM auditevent WHERE case_id = '{laptop.first_case}'"
        )
        assert {a[0] for a in actors} == {LAPTOP_OFFICER, team.owner}
        assert rows(bob, 'SELECT count(*) FROM "case"') == [(0,)]
        with alice.reading() as session:
            history = case_history(session, laptop.first_case).entries
        moved = history[0]
        assert (moved.headline, moved.actor) == ("Moved the case onto the team server", team.owner)
        assert "From the laptop file: “fieldcase.db”" in moved.changes
        assert f"Officer: “{LAPTOP_OFFICER}” → “{team.login('alice')}”" in moved.changes
        earlier = {(entry.headline, entry.actor) for entry in history[1:]}
        assert ("Added case", LAPTOP_OFFICER) in earlier
        assert ("Changed case", LAPTOP_OFFICER) in earlier

    def test_a_second_run_adds_nothing(self, team: TeamServer, laptop: Laptop) -> None:
        """Run twice: every record is already there, nothing is duplicated or audited again."""
        assert move(team, laptop.path)[0] == 0
        first = counts(team)
        code, out, _ = move(team, laptop.path)
        assert code == 0
        assert "Nothing new to move" in out
        assert "0 moved, 2 already there" in out
        assert f"0 moved, {laptop.counts['auditevent']} already there" in out
        assert counts(team) == first

    def test_a_case_changed_on_the_server_is_reported_and_kept(
        self, team: TeamServer, laptop: Laptop
    ) -> None:
        """alice edits a moved case; importing again names it and keeps her edit."""
        assert move(team, laptop.path)[0] == 0
        alice = team.officer("alice")
        with alice.reading() as session:
            version = _version(session, laptop.first_case)
        alice.run(
            update_case_details,
            laptop.first_case,
            version,
            CaseDetailsInput("hate_incident", ["race"], "open", summary="Edited on the server"),
            policy=Policy(),
        )
        code, out, _ = move(team, laptop.path)
        assert code == 0
        assert "0 moved, 1 already there, 1 changed there since" in out
        assert f"Changed on the server, not overwritten (cases): {laptop.references[0]}" in out
        summary = rows(alice, f"SELECT summary FROM \"case\" WHERE id = '{laptop.first_case}'")
        assert summary == [("Edited on the server",)]

    def test_a_reference_already_used_is_renumbered(self, team: TeamServer, laptop: Laptop) -> None:
        """bob already has FC-2026-0001: the laptop's case gets the next free number, said so."""
        bob = team.officer("bob")
        with bob.transaction() as session:
            taken = a_case(session, victims=["Joy Mensah"], officer_name=bob.actor).reference
        assert taken == laptop.references[0]
        code, out, _ = move(team, laptop.path, "--team", "South")
        assert code == 0
        with team.server.connect(team.database) as conn:
            moved = conn.execute(
                'SELECT reference, team, search_text FROM "case" WHERE id = %s',
                (laptop.first_case,),
            ).fetchone()
        assert moved is not None and moved[1] == "South"
        assert moved[0] not in laptop.references and moved[0] != taken
        assert f"{taken} was already used on the server: that case is now {moved[0]}." in out
        assert str(moved[0]).lower() in str(moved[2])

    def test_the_passphrase_may_come_from_the_environment(
        self, team: TeamServer, laptop: Laptop, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """FIELDCASE_PASSPHRASE, as for the laptop's other scripted commands."""
        monkeypatch.setenv("FIELDCASE_PASSPHRASE", PASSPHRASE)
        code, out, _ = move(team, laptop.path, stdin="")
        assert code == 0 and "2 moved" in out

    def test_at_a_terminal_the_passphrase_is_asked_for(
        self, team: TeamServer, laptop: Laptop
    ) -> None:
        """A prompt that does not echo, naming the file; the passphrase is never an argument."""
        asked: list[str] = []

        def answer(prompt: str) -> str:
            asked.append(prompt)
            return PASSPHRASE

        out = io.StringIO()
        console = Console(_Terminal(), out, io.StringIO(), ask=answer)
        address = team.server.conninfo(team.database, team.owner)
        job = ["server", "import", str(laptop.path), "--officer", team.login("alice")]
        args = build_parser().parse_args([*job, "--server", address])
        assert run_server_command(args, server=None, console=console) == 0
        assert asked == ["Passphrase of fieldcase.db: "] and "2 moved" in out.getvalue()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class TestRefused:
    def test_a_wrong_passphrase_moves_nothing(self, team: TeamServer, laptop: Laptop) -> None:
        """Told plainly; the server and the file are untouched."""
        before = laptop.digest()
        code, out, err = move(team, laptop.path, stdin="not the passphrase")
        assert code == 3 and "That passphrase does not open this database" in err
        assert out == "" and nothing_moved(team) and laptop.digest() == before

    def test_a_damaged_file_moves_nothing(
        self, team: TeamServer, laptop: Laptop, tmp_path: Path
    ) -> None:
        """A file with a scrambled page is named damaged, not a wrong passphrase."""
        damaged = tmp_path / "fieldcase.db"
        shutil.copyfile(laptop.path, damaged)
        with damaged.open("r+b") as fh:
            fh.seek(4096 * 2 + 100)
            fh.write(b"\x00" * 64)
        code, _, err = move(team, damaged)
        assert code == 3 and "is damaged" in err and "passphrase is right" in err
        assert nothing_moved(team)

    def test_a_file_at_an_older_schema_is_refused(self, team: TeamServer, tmp_path: Path) -> None:
        """No upgrade behind the officer's back: the message says how to upgrade it."""
        older = tmp_path / "old.db"
        engine = sqlcipher_engine(older, PASSPHRASE)
        try:
            with engine.begin() as conn:
                conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            migrate.upgrade(engine, "0012")
        finally:
            engine.dispose()
        code, _, err = move(team, older)
        assert code == 3
        assert "older schema (0012)" in err and f"fieldcase --database {older}" in err
        assert migrate.head_revision() in err
        assert nothing_moved(team)

    def test_a_file_from_a_newer_fieldcase_is_refused(
        self, team: TeamServer, tmp_path: Path
    ) -> None:
        """A file a later version wrote: upgrade fieldcase and the server first."""
        newer = tmp_path / "new.db"
        open_store(newer, PASSPHRASE, create=True).close()
        engine = sqlcipher_engine(newer, PASSPHRASE)
        try:
            with engine.begin() as conn:
                conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
        finally:
            engine.dispose()
        code, _, err = move(team, newer)
        assert code == 3 and "newer version of fieldcase (schema 9999)" in err
        assert "fieldcase server upgrade" in err and nothing_moved(team)

    def test_an_officer_login_may_not_import(self, team: TeamServer, laptop: Laptop) -> None:
        """Only IT's owner role writes a laptop's history with its original who."""
        code, _, err = server(
            team,
            "import",
            str(laptop.path),
            "--officer",
            team.login("alice"),
            login=team.login("alice"),
            stdin=PASSPHRASE,
        )
        assert code == 1 and "for IT, as the database's owner role" in err
        assert nothing_moved(team)

    def test_a_failure_late_in_the_run_leaves_nothing_behind(
        self, team: TeamServer, laptop: Laptop
    ) -> None:
        """The server refuses the last table's rows: the whole import is rolled back."""
        with team.server.connect(team.database) as conn:
            conn.execute(
                "CREATE FUNCTION refuse_bytes() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'no room for attachments'; END; $$"
            )
            conn.execute(
                "CREATE TRIGGER refuse_bytes BEFORE INSERT ON attachmentcontent "
                "FOR EACH ROW EXECUTE FUNCTION refuse_bytes()"
            )
        try:
            code, out, err = move(team, laptop.path)
        finally:
            with team.server.connect(team.database) as conn:
                conn.execute("DROP TRIGGER refuse_bytes ON attachmentcontent")
                conn.execute("DROP FUNCTION refuse_bytes()")
        assert code == 3 and "no room for attachments" in err and "Nothing was moved" in err
        assert "moved," not in out
        assert nothing_moved(team)

    def test_a_server_that_would_rewrite_the_history_is_told_to_upgrade(
        self, team: TeamServer, laptop: Laptop
    ) -> None:
        """Rules from before importing existed stamp the owner as "who": refused, then upgrade."""
        with team.server.connect(team.database) as conn:
            conn.execute(
                "CREATE OR REPLACE FUNCTION fieldcase_audit_actor() RETURNS trigger "
                "LANGUAGE plpgsql AS $$ BEGIN NEW.actor := session_user; RETURN NEW; END; $$"
            )
        try:
            code, _, err = move(team, laptop.path)
            assert code == 3 and "wrote its own login over the laptop's audit history" in err
            assert "fieldcase server upgrade" in err and nothing_moved(team)
        finally:
            assert server(team, "upgrade")[0] == 0
        assert move(team, laptop.path)[0] == 0
