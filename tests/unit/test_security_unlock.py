"""Unlocking the database: wrong passphrases change nothing and slow down repeats."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fieldcase.db.engine import WrongPassphrase
from fieldcase.db.store import Store
from fieldcase.services.security import (
    ENV_PASSPHRASE,
    UnlockDelayed,
    attempts_file,
    next_wait_seconds,
    passphrase_from_environment,
    read_attempts,
    unlock,
    verify_passphrase,
)
from tests.conftest import TEST_PASSPHRASE

# Unlocking and the back-off are tested with the key derivation officers get.
pytestmark = pytest.mark.real_kdf

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
WRONG = "not the right passphrase"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def closed_db(store: Store, db_path: Path) -> Path:
    """A database file with no connection open on it."""
    store.close()
    return db_path


class TestWrongPassphrase:
    def test_leaves_the_file_byte_for_byte_unchanged(self, closed_db: Path) -> None:
        """A wrong guess neither writes the database nor creates a -wal beside it."""
        before = _digest(closed_db)
        siblings = sorted(p.name for p in closed_db.parent.iterdir())
        with pytest.raises(WrongPassphrase):
            unlock(closed_db, WRONG, now=NOW)
        assert _digest(closed_db) == before
        after = sorted(p.name for p in closed_db.parent.iterdir())
        assert after == sorted([*siblings, attempts_file(closed_db).name])

    def test_is_counted_without_recording_the_guess(self, closed_db: Path) -> None:
        """The attempts file holds a count and a time, never the passphrase typed."""
        with pytest.raises(WrongPassphrase):
            unlock(closed_db, WRONG, now=NOW)
        raw = attempts_file(closed_db).read_text(encoding="utf-8")
        assert WRONG not in raw
        assert set(json.loads(raw)) == {"failures", "last_failure"}
        assert read_attempts(closed_db).failures == 1

    def test_repeats_are_refused_until_the_wait_is_over(self, closed_db: Path) -> None:
        """After two wrong guesses the next try within a second is refused unheard."""
        for _ in range(2):
            with pytest.raises(WrongPassphrase):
                unlock(closed_db, WRONG, now=NOW)
        assert next_wait_seconds(closed_db) == 1
        with pytest.raises(UnlockDelayed) as delayed:
            unlock(closed_db, TEST_PASSPHRASE, now=NOW + timedelta(milliseconds=500))
        assert "Wait 1 second " in str(delayed.value)
        assert read_attempts(closed_db).failures == 2
        opened = unlock(closed_db, TEST_PASSPHRASE, now=NOW + timedelta(seconds=2))
        opened.close()
        assert not attempts_file(closed_db).exists()

    def test_waits_grow_with_each_failure(self, closed_db: Path) -> None:
        """Each wrong guess, made once the wait is over, doubles the next wait."""
        waits = []
        moment = NOW
        for _ in range(5):
            with pytest.raises(WrongPassphrase):
                unlock(closed_db, WRONG, now=moment)
            waits.append(next_wait_seconds(closed_db))
            moment += timedelta(seconds=waits[-1])
        assert waits == [0, 1, 2, 4, 8]

    def test_restarting_does_not_reset_the_wait(self, closed_db: Path) -> None:
        """A fresh fieldcase process still refuses an attempt during the back-off."""
        for seconds_ago in (7, 7, 6, 4, 0):
            with pytest.raises(WrongPassphrase):
                unlock(closed_db, WRONG, now=NOW - timedelta(seconds=seconds_ago))
        assert next_wait_seconds(closed_db) == 8
        # The new process is told the time (a second later), not left to read the clock.
        code = (
            "import sys; from datetime import datetime; from pathlib import Path\n"
            "from fieldcase.services.security import UnlockDelayed, unlock\n"
            "now = datetime.fromisoformat(sys.argv[2])\n"
            "try:\n"
            "    unlock(Path(sys.argv[1]), sys.stdin.readline().strip(), now=now)\n"
            "except UnlockDelayed:\n"
            "    sys.exit(3)\n"
        )
        later = NOW + timedelta(seconds=1)
        result = subprocess.run(
            [sys.executable, "-c", code, str(closed_db), later.isoformat()],
            input=TEST_PASSPHRASE + "\n",
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
            timeout=60,
        )
        assert result.returncode == 3, result.stderr


class TestVerifyPassphrase:
    def test_right_passphrase_verifies_while_the_store_is_open(
        self, store: Store, db_path: Path
    ) -> None:
        """The lock screen can check the passphrase against the open database."""
        assert verify_passphrase(db_path, TEST_PASSPHRASE, now=NOW)
        assert not verify_passphrase(db_path, WRONG, now=NOW)
        assert read_attempts(db_path).failures == 1
        assert verify_passphrase(db_path, TEST_PASSPHRASE, now=NOW + timedelta(seconds=1))
        assert read_attempts(db_path).failures == 0

    def test_wrong_answers_share_the_back_off(self, store: Store, db_path: Path) -> None:
        """Guessing at the lock screen is slowed exactly like the unlock screen."""
        assert not verify_passphrase(db_path, WRONG, now=NOW)
        assert not verify_passphrase(db_path, WRONG, now=NOW)
        with pytest.raises(UnlockDelayed):
            verify_passphrase(db_path, TEST_PASSPHRASE, now=NOW)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class TestScriptedPassphrase:
    def test_environment_variable_is_used_and_removed(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """FIELDCASE_PASSPHRASE is read once and not left for child processes."""
        monkeypatch.setenv(ENV_PASSPHRASE, "kettle orbit Tuesday")
        assert passphrase_from_environment(None) == "kettle orbit Tuesday"
        assert ENV_PASSPHRASE not in os.environ

    def test_piped_stdin_gives_the_first_line(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A passphrase piped in is read up to the newline; spaces inside are kept."""
        monkeypatch.setenv(ENV_PASSPHRASE, "from the environment")
        stdin = io.StringIO(" kettle orbit Tuesday \r\nsecond line\n")
        assert passphrase_from_environment(stdin) == " kettle orbit Tuesday "
        assert ENV_PASSPHRASE not in os.environ

    def test_terminal_or_nothing_means_ask(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """At an interactive terminal nothing is read: the unlock screen asks instead."""
        monkeypatch.delenv(ENV_PASSPHRASE, raising=False)
        assert passphrase_from_environment(_Terminal("typed ahead\n")) is None
        assert passphrase_from_environment(None) is None
        assert passphrase_from_environment(io.StringIO("")) is None
