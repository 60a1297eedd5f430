"""SQLCipher key derivation for the test suite: cheap by default, real where it matters.

Keying a connection runs PBKDF2 with SQLCipher's default 256,000 iterations,
about 100 ms each time. The suite sets SQLCipher's process-wide default
(``PRAGMA cipher_default_kdf_iter``) to a few iterations at session start, so
databases created and opened by tests derive keys cheaply. fieldcase itself
never sets an iteration count: a real officer's database, made by a fresh
process, always has SQLCipher's default; ``tests/unit/test_key_derivation.py``
checks that from a child process.

Tests marked ``real_kdf`` (unlocking, re-keying, data at rest, the back-off,
and tests whose child processes open the test's database) run with the real
default restored. A file made with one setting does not open with the other:
the key comes out different, so SQLCipher reports "not a database".
"""

from __future__ import annotations

import sqlcipher3

TEST_KDF_ITER = 64
"""PBKDF2 iterations for test databases: enough to exercise the code path, no more."""


def default_kdf_iter() -> int:
    """SQLCipher's current process-wide PBKDF2 iteration count for new connections."""
    conn = sqlcipher3.connect(":memory:")
    try:
        return int(conn.execute("PRAGMA cipher_default_kdf_iter").fetchone()[0])
    finally:
        conn.close()


def set_default_kdf_iter(iterations: int) -> None:
    """Set the iteration count every connection keyed from now on (in this process) uses."""
    conn = sqlcipher3.connect(":memory:")
    try:
        conn.execute(f"PRAGMA cipher_default_kdf_iter = {int(iterations)}")
    finally:
        conn.close()


REAL_KDF_ITER = default_kdf_iter()
"""SQLCipher's own default, read when this module is first imported, before any change."""
