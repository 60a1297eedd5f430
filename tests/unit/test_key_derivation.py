"""Officers' databases use SQLCipher's full key derivation, whatever the test suite does.

The suite derives keys cheaply (see ``tests/key_derivation.py``); these tests
prove the cheap setting cannot reach a database fieldcase makes for real.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3

from fieldcase.db.engine import quote_passphrase
from fieldcase.db.store import open_store
from tests.conftest import TEST_OFFICER, TEST_PASSPHRASE
from tests.key_derivation import REAL_KDF_ITER, TEST_KDF_ITER, default_kdf_iter

PRODUCTION_KDF_ITER = 256_000
"""SQLCipher 4's PBKDF2-HMAC-SHA512 iteration count, the one officers' files need."""


def _opens_with(path: Path, kdf_iter: int) -> bool:
    """True where the file opens with the test passphrase and exactly ``kdf_iter`` iterations."""
    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {quote_passphrase(TEST_PASSPHRASE)}")
        conn.execute(f"PRAGMA kdf_iter = {kdf_iter}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except sqlcipher3.DatabaseError:
        return False
    finally:
        conn.close()
    return True


def test_sqlcipher_default_is_the_production_strength() -> None:
    """Before the suite changed anything, SQLCipher's default was 256,000 iterations."""
    assert REAL_KDF_ITER == PRODUCTION_KDF_ITER


def test_the_suite_runs_with_a_cheap_default() -> None:
    """Unmarked tests derive keys with the test setting, so they stay fast."""
    assert default_kdf_iter() == TEST_KDF_ITER < PRODUCTION_KDF_ITER


@pytest.mark.real_kdf
def test_marked_tests_run_with_the_real_default(key_derivation: int) -> None:
    """Tests marked ``real_kdf`` key exactly as fieldcase does for an officer."""
    assert key_derivation == default_kdf_iter() == PRODUCTION_KDF_ITER


@pytest.mark.real_kdf
def test_open_store_outside_the_cheap_setting_needs_the_real_derivation(tmp_path: Path) -> None:
    """A database made by open_store opens with 256,000 iterations, not with the cheap count."""
    path = tmp_path / "real.db"
    store = open_store(path, TEST_PASSPHRASE, create=True, actor=TEST_OFFICER)
    with store.engine.connect() as conn:
        assert int(conn.exec_driver_sql("PRAGMA kdf_iter").scalar_one()) == PRODUCTION_KDF_ITER
    store.close()
    assert _opens_with(path, PRODUCTION_KDF_ITER)
    assert not _opens_with(path, TEST_KDF_ITER)


@pytest.mark.real_kdf
def test_a_fresh_fieldcase_process_creates_databases_with_the_real_derivation(
    tmp_path: Path,
) -> None:
    """fieldcase in a process of its own, where the suite sets nothing, keys at full strength."""
    path = tmp_path / "fresh.db"
    code = (
        "import sys; from pathlib import Path\n"
        "from fieldcase.db.store import open_store\n"
        "open_store(Path(sys.argv[1]), sys.stdin.readline()[:-1], create=True).close()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        input=TEST_PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert _opens_with(path, PRODUCTION_KDF_ITER)
    assert not _opens_with(path, TEST_KDF_ITER)


def test_a_cheap_test_database_does_not_open_at_the_real_strength(tmp_path: Path) -> None:
    """The settings really differ: a test database needs the cheap count to open."""
    path = tmp_path / "cheap.db"
    open_store(path, TEST_PASSPHRASE, create=True, actor=TEST_OFFICER).close()
    assert _opens_with(path, TEST_KDF_ITER)
    assert not _opens_with(path, PRODUCTION_KDF_ITER)
