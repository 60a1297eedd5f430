"""`fieldcase retention` and `fieldcase export-person` on the command line."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from fieldcase.__main__ import main
from fieldcase.db.models import Case
from fieldcase.db.store import Store, open_store
from fieldcase.domain.vocab import CaseStatus
from tests.conftest import TEST_PASSPHRASE
from tests.protection_data import VICTIM, make_case

ENV = "FIELDCASE_PASSPHRASE"


@pytest.fixture
def database(store: Store, db_path: Path) -> Path:
    """A database with one case closed in 2019 (due) and one open case; closed for the CLI."""
    with store.transaction() as session:
        old = make_case(
            session, victim="Old Victim", address="1 Old Row", opened_on=date(2019, 1, 7)
        )
        make_case(session)
        case = session.get(Case, old.case_id)
        assert case is not None
        case.status = CaseStatus.CLOSED
        case.closed_on = date(2019, 6, 30)
    store.close()
    return db_path


def _references(db_path: Path) -> list[str]:
    opened = open_store(db_path, TEST_PASSPHRASE)
    try:
        with opened.reading() as session:
            return sorted(c.reference for c in session.exec(select(Case)).all())
    finally:
        opened.close()


def _run(monkeypatch: pytest.MonkeyPatch, *argv: str, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(list(argv))


class TestRetention:
    def test_dry_run_lists_due_cases_and_changes_nothing(
        self, database: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--dry-run names the case due for purging and leaves the database alone."""
        monkeypatch.setenv(ENV, TEST_PASSPHRASE)
        assert _run(monkeypatch, "retention", "--dry-run") == 0
        out = capsys.readouterr().out
        assert "Closed cases are kept 6 years after closure" in out
        assert "1 case is due for purging:" in out
        assert "FC-2019-0001  closed 30 June 2019, purgeable since 30 June 2025" in out
        assert "Nothing has been changed." in out
        assert _references(database) == ["FC-2019-0001", "FC-2026-0001"]

    def test_purge_needs_yes_when_not_interactive(
        self, database: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A scripted purge without --yes is refused; nothing is removed."""
        assert _run(monkeypatch, "retention", "--purge", stdin=TEST_PASSPHRASE + "\n") == 2
        assert "add --yes" in capsys.readouterr().err
        assert len(_references(database)) == 2

    def test_purge_removes_due_cases(
        self, database: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--purge --yes, passphrase on stdin, removes the due case and reports counts."""
        code = _run(
            monkeypatch,
            "retention",
            "--purge",
            "--yes",
            "--passphrase-stdin",
            stdin=TEST_PASSPHRASE + "\n",
        )
        assert code == 0
        printed = capsys.readouterr()
        out = printed.out
        assert "Purged FC-2019-0001 (closed 30 June 2019):" in out
        assert "Purging the cases due, then rebuilding the file: 0 of 2 …" in printed.err
        assert "Purging the cases due, then rebuilding the file: 2 of 2" in printed.err
        assert TEST_PASSPHRASE not in out
        assert _references(database) == ["FC-2026-0001"]

    def test_legal_hold_from_the_command_line(
        self, database: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--hold keeps a due case out of the purge and the dry run says so."""
        monkeypatch.setenv(ENV, TEST_PASSPHRASE)
        assert _run(monkeypatch, "retention", "--hold", "FC-2019-0001") == 0
        assert "FC-2019-0001 is on legal hold" in capsys.readouterr().out
        monkeypatch.setenv(ENV, TEST_PASSPHRASE)
        assert _run(monkeypatch, "retention", "--purge", "--yes") == 0
        out = capsys.readouterr().out
        assert "On legal hold, kept:\n  FC-2019-0001" in out
        assert "No case is due for purging" in out
        assert len(_references(database)) == 2

    def test_wrong_passphrase_is_a_clear_error(
        self, database: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A wrong passphrase gives a message and exit code 3, no traceback."""
        monkeypatch.setenv(ENV, "not the passphrase")
        assert _run(monkeypatch, "retention", "--dry-run") == 3
        err = capsys.readouterr().err
        assert "passphrase does not open this database" in err
        assert "Traceback" not in err and "not the passphrase" not in err

    def test_no_passphrase_is_a_usage_error(
        self, database: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without the variable or anything on stdin, the command says how to give it."""
        monkeypatch.delenv(ENV, raising=False)
        assert _run(monkeypatch, "retention", "--dry-run") == 2
        assert ENV in capsys.readouterr().err

    def test_retention_needs_an_action(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """`fieldcase retention` alone is a usage error."""
        with pytest.raises(SystemExit) as raised:
            _run(monkeypatch, "retention")
        assert raised.value.code == 2


class TestExportPerson:
    def test_export_by_name_writes_the_file(
        self,
        database: Path,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """export-person finds the person by name and writes their export."""
        monkeypatch.setenv(ENV, TEST_PASSPHRASE)
        out_file = tmp_path / "export.md"
        assert _run(monkeypatch, "export-person", VICTIM.lower(), "--out", str(out_file)) == 0
        assert out_file.read_text(encoding="utf-8").startswith(f"# Subject access export: {VICTIM}")
        out = capsys.readouterr().out
        assert f"Wrote {out_file} (FC-2026-0001;" in out
        assert "not encrypted" in out

    def test_several_matches_list_ids_and_write_nothing(
        self,
        database: Path,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A name matching several people lists them with ids and roles; no file is written."""
        monkeypatch.setenv(ENV, TEST_PASSPHRASE)
        out_file = tmp_path / "export.md"
        assert _run(monkeypatch, "export-person", "Ellis Crane", "--out", str(out_file)) == 1
        out = capsys.readouterr().out
        assert "More than one person matches. Run again with one of these ids:" in out
        assert "Ellis Crane (Alleged perpetrator in FC-2019-0001)" in out
        assert "Ellis Crane (Alleged perpetrator in FC-2026-0001)" in out
        assert not out_file.exists()

    def test_existing_file_is_refused(
        self,
        database: Path,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """An existing output file is left as it was and the command fails."""
        monkeypatch.setenv(ENV, TEST_PASSPHRASE)
        out_file = tmp_path / "export.md"
        out_file.write_text("keep", encoding="utf-8")
        assert _run(monkeypatch, "export-person", VICTIM, "--out", str(out_file)) == 1
        assert "already exists" in capsys.readouterr().err
        assert out_file.read_text(encoding="utf-8") == "keep"
