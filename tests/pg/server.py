"""Starting and stopping a throwaway PostgreSQL server from the machine's binaries.

The binaries are found on PATH, else where Debian and Ubuntu's ``postgresql``
package puts them (``/usr/lib/postgresql/<version>/bin``, newest first).
Logins are trusted, except members of ``PASSWORD_GROUP``, whose passwords are
checked (SCRAM), so tests can see a password asked for, refused and accepted.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

SERVER_USER = "postgres"
PASSWORD_GROUP = "fieldcase_test_password_checked"
"""Members of this role log in with a checked password; everyone else is trusted."""
PACKAGED_BINARIES = "/usr/lib/postgresql/*/bin"


@dataclass(frozen=True)
class PostgresServer:
    """A running server reachable through a socket in its own temporary folder."""

    socket_dir: Path
    port: int
    data_dir: Path | None = None
    """The cluster's folder (for ``stop`` and ``start``)."""
    pg_ctl: str = ""
    options: str = ""
    """The server's options, as it was started with them."""

    def stop(self, mode: str = "immediate") -> None:
        """Stop the server as a power cut or a crash would (``immediate``): no goodbyes."""
        assert self.data_dir is not None
        _run([self.pg_ctl, "-D", str(self.data_dir), "-m", mode, "-w", "stop"], self._log)

    def start(self) -> None:
        """Start it again on the same port and folder; returns once it accepts logins."""
        assert self.data_dir is not None
        command = [self.pg_ctl, "-D", str(self.data_dir), "-l", str(self._log), "-o"]
        _run([*command, self.options, "-w", "start"], self._log)

    @property
    def running(self) -> bool:
        """True while the server is up (``pg_ctl status``)."""
        assert self.data_dir is not None
        status = [self.pg_ctl, "status", "-D", str(self.data_dir)]
        done = subprocess.run(_as_server_user(status), capture_output=True, check=False)
        return done.returncode == 0

    @property
    def _log(self) -> Path:
        return self.socket_dir / "server.log"

    def url(self, database: str) -> str:
        """A SQLAlchemy URL for one database on this server."""
        return (
            f"postgresql+psycopg://{SERVER_USER}@/{database}"
            f"?host={self.socket_dir}&port={self.port}"
        )

    def connect(self, database: str) -> psycopg.Connection[tuple[object, ...]]:
        """A plain autocommit connection to one database, bypassing fieldcase."""
        return psycopg.connect(
            host=str(self.socket_dir),
            port=self.port,
            user=SERVER_USER,
            dbname=database,
            autocommit=True,
        )

    def admin(self) -> psycopg.Connection[tuple[object, ...]]:
        """A connection to the maintenance database, for CREATE and DROP DATABASE."""
        return self.connect("postgres")

    def conninfo(self, database: str, user: str = SERVER_USER) -> str:
        """A libpq address of one database for one login, as an officer's settings hold it."""
        return f"host={self.socket_dir} port={self.port} dbname={database} user={user}"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


def find_binaries() -> tuple[str, str] | None:
    """initdb and pg_ctl: on PATH, else from the newest packaged PostgreSQL."""
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return initdb, pg_ctl
    folders = sorted(glob.glob(PACKAGED_BINARIES), key=_version_of, reverse=True)
    for folder in folders:
        initdb, pg_ctl = os.path.join(folder, "initdb"), os.path.join(folder, "pg_ctl")
        if os.access(initdb, os.X_OK) and os.access(pg_ctl, os.X_OK):
            return initdb, pg_ctl
    return None


def _version_of(folder: str) -> float:
    try:
        return float(Path(folder).parent.name)
    except ValueError:
        return 0.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the postgres user."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", SERVER_USER, "--", *command]


def _run(command: list[str], log: Path) -> None:
    with log.open("ab") as out:
        result = subprocess.run(
            _as_server_user(command), stdout=out, stderr=subprocess.STDOUT, check=False
        )
    if result.returncode != 0:
        tail = log.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{command[0]} failed ({result.returncode}):\n{tail}")


@contextlib.contextmanager
def running_server(*, survives_stop: bool = False) -> Iterator[PostgresServer]:
    """Start a private PostgreSQL server in a temporary folder; stop and remove it after.

    Skips the calling test (fails it in CI) when the binaries are missing.
    ``survives_stop`` keeps every acknowledged commit through an immediate stop
    (``synchronous_commit=on``); the quicker default may lose the last ones.
    """
    found = find_binaries()
    if found is None:
        _unavailable(f"initdb and pg_ctl are not on PATH nor in {PACKAGED_BINARIES}")
    assert found is not None
    initdb, pg_ctl = found
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            _unavailable("running as root, and runuser is missing to drop to another user")
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            _unavailable(f"running as root, and there is no '{SERVER_USER}' user to run as")
    root = Path(tempfile.mkdtemp(prefix="fieldcase-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, user=SERVER_USER)
    data, log = root / "data", root / "server.log"
    log.touch()
    if os.geteuid() == 0:
        shutil.chown(log, user=SERVER_USER)
    port = _free_port()
    started = False
    try:
        _run(
            [
                initdb,
                "-D",
                str(data),
                "-U",
                SERVER_USER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
            log,
        )
        (data / "pg_hba.conf").write_text(
            f"local all +{PASSWORD_GROUP} scram-sha-256\nlocal all all trust\n"
        )
        options = (
            f"-p {port} -k '{root}' -c listen_addresses='' -c fsync=off "
            f"-c synchronous_commit={'on' if survives_stop else 'off'} "
            "-c full_page_writes=off -c max_connections=40"
        )
        _run([pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "start"], log)
        started = True
        server = PostgresServer(
            socket_dir=root, port=port, data_dir=data, pg_ctl=pg_ctl, options=options
        )
        with server.admin() as admin:
            admin.execute(f"CREATE ROLE {PASSWORD_GROUP} NOLOGIN")
        yield server
    finally:
        if started:
            with contextlib.suppress(RuntimeError):
                _run([pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"], log)
        shutil.rmtree(root, ignore_errors=True)
