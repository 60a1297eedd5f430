"""The command line: options explained, version, and a foreign file left alone."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from fieldcase import __version__
from fieldcase.__main__ import EXIT_DATABASE, main


def test_help_explains_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    """`fieldcase --help` names each option and the data-folder environment variable."""
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    shown = " ".join(capsys.readouterr().out.split())
    for option in (
        "--version",
        "--demo",
        "--data-dir DIR",
        "--database PATH",
        "--passphrase-stdin",
    ):
        assert option in shown, option
    assert "FIELDCASE_DATA_DIR" in shown
    assert "never accepted as an argument" in shown


def test_version_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    """`fieldcase --version` prints the package version and exits cleanly."""
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"fieldcase {__version__}"


@pytest.mark.parametrize("kind", ["text", "plain-sqlite"])
def test_a_file_that_is_not_a_fieldcase_database_is_refused_and_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """--database on someone else's file: a clear message, exit code 3, the file untouched."""
    foreign = tmp_path / "notes.db"
    if kind == "text":
        foreign.write_text("shopping list: milk, bread\n" * 40)
    else:
        with sqlite3.connect(foreign) as plain:
            plain.execute("create table t (x)")
            plain.execute("insert into t values ('keep me')")
        plain.close()
    before = foreign.read_bytes()
    assert main(["--database", str(foreign)]) == EXIT_DATABASE
    message = capsys.readouterr().err
    assert "not a fieldcase database" in message
    assert "has not been changed" in message
    assert foreign.read_bytes() == before
