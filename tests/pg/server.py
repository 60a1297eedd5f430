"""Starting and stopping a throwaway PostgreSQL server from the machine's binaries."""

from __future__ import annotations

import contextlib
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


@dataclass(frozen=True)
class PostgresServer:
    """A running server reachable through a socket in its own temporary folder."""

    socket_dir: Path
    port: int

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


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


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
def running_server() -> Iterator[PostgresServer]:
    """Start a private PostgreSQL server in a temporary folder; stop and remove it after.

    Skips the calling test (fails it in CI) when the binaries are missing.
    """
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb is None or pg_ctl is None:
        _unavailable("initdb and pg_ctl are not on PATH")
    assert initdb is not None and pg_ctl is not None
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
        options = (
            f"-p {port} -k '{root}' -c listen_addresses='' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=40"
        )
        _run([pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "start"], log)
        started = True
        yield PostgresServer(socket_dir=root, port=port)
    finally:
        if started:
            with contextlib.suppress(RuntimeError):
                _run([pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"], log)
        shutil.rmtree(root, ignore_errors=True)
