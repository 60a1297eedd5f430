"""Scripted passphrases on the command line: clear messages, the same back-off and rules."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fieldcase.__main__ import main
from fieldcase.db.store import Store
from fieldcase.services.security import read_attempts

# The child process is fieldcase itself, which keys with SQLCipher's default.
pytestmark = pytest.mark.real_kdf

WRONG = "not the passphrase at all"
LATER = datetime(2099, 1, 1, 9, 0, tzinfo=UTC)
"""After the real moment of the first wrong passphrase, whenever the tests run."""


def _run(data_dir: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return subprocess.run(
        [sys.executable, "-m", "fieldcase", "--data-dir", str(data_dir), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), **(env or {})},
    )


def test_wrong_piped_passphrase_is_refused_plainly_and_counted(
    store: Store,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A script with the wrong passphrase gets one line, exit code 3, and the wait grows."""
    store.close()
    first = _run(db_path.parent, "--passphrase-stdin", stdin=WRONG + "\n")
    assert first.returncode == 3
    assert "does not open this database" in first.stderr
    assert "Traceback" not in first.stderr and WRONG not in first.stderr
    # The rest runs in this process on a clock the test sets, so that "within the
    # wait" does not depend on how quickly a new process starts.
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    args = ["--data-dir", str(db_path.parent), "--passphrase-stdin"]
    monkeypatch.setattr(sys, "stdin", io.StringIO(WRONG + "\n"))
    assert main(args, clock=lambda: LATER) == 3
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.StringIO(WRONG + "\n"))
    assert main(args, clock=lambda: LATER + timedelta(milliseconds=500)) == 3
    third = capsys.readouterr().err
    assert "Too many wrong passphrases" in third
    assert "Traceback" not in third and WRONG not in third
    assert read_attempts(db_path).failures == 2


def test_environment_passphrase_goes_through_the_same_back_off(store: Store, db_path: Path) -> None:
    """FIELDCASE_PASSPHRASE is checked exactly like a typed one."""
    store.close()
    result = _run(db_path.parent, env={"FIELDCASE_PASSPHRASE": WRONG})
    assert result.returncode == 3
    assert read_attempts(db_path).failures == 1


def test_weak_passphrase_cannot_create_a_database(tmp_path: Path) -> None:
    """A script cannot create a new database with a passphrase the setup screen refuses."""
    data = tmp_path / "fresh"
    result = _run(data, "--passphrase-stdin", stdin="password2026\n")
    assert result.returncode == 3
    assert "too weak" in result.stderr and "common password" in result.stderr
    assert not (data / "fieldcase.db").exists()
