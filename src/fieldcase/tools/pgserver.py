"""A throwaway PostgreSQL server for the benchmark, started from the machine's binaries.

``initdb`` and ``pg_ctl`` are found on PATH, else where Debian and Ubuntu's
``postgresql`` package puts them. The server listens only on a socket in its
own temporary folder, on a free port, trusts local logins, and is stopped and
its folder removed when the ``with`` block ends, even on an error.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SERVER_USER = "postgres"
PACKAGED_BINARIES = "/usr/lib/postgresql/*/bin"


class NoServerBinaries(RuntimeError):
    """initdb and pg_ctl cannot be found or run here."""


@dataclass(frozen=True)
class LocalServer:
    """A running server reachable through a socket in its temporary folder."""

    socket_dir: Path
    port: int

    def conninfo(self, database: str, user: str = SERVER_USER) -> str:
        """A libpq address of one database for one login."""
        return f"host={self.socket_dir} port={self.port} dbname={database} user={user}"


def find_binaries() -> tuple[str, str]:
    """initdb and pg_ctl: on PATH, else from the newest packaged PostgreSQL.

    Raises:
        NoServerBinaries: Neither is there, or they cannot run as this user.
    """
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if not (initdb and pg_ctl):
        folders = sorted(glob.glob(PACKAGED_BINARIES), key=_version_of, reverse=True)
        found = [f for f in folders if os.access(os.path.join(f, "pg_ctl"), os.X_OK)]
        if not found:
            raise NoServerBinaries(f"initdb and pg_ctl are not on PATH nor in {PACKAGED_BINARIES}")
        initdb, pg_ctl = (os.path.join(found[0], name) for name in ("initdb", "pg_ctl"))
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        raise NoServerBinaries("running as root, and runuser is missing to drop to another user")
    return initdb, pg_ctl


def _version_of(folder: str) -> float:
    try:
        return float(Path(folder).parent.name)
    except ValueError:
        return 0.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(command: list[str], log: Path) -> None:
    if os.geteuid() == 0:  # initdb and postgres refuse to run as root
        command = ["runuser", "-u", SERVER_USER, "--", *command]
    with log.open("ab") as out:
        done = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, check=False)
    if done.returncode != 0:
        tail = log.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{command[0]} failed ({done.returncode}):\n{tail}")


@contextlib.contextmanager
def local_server() -> Iterator[LocalServer]:
    """Start a private server in a temporary folder; stop it and remove the folder after.

    Raises:
        NoServerBinaries: initdb and pg_ctl are missing.
    """
    initdb, pg_ctl = find_binaries()
    root = Path(tempfile.mkdtemp(prefix="fieldcase-bench-pg-"))
    data, log = root / "data", root / "server.log"
    log.touch()
    if os.geteuid() == 0:
        shutil.chown(root, user=SERVER_USER)
        shutil.chown(log, user=SERVER_USER)
    port = _free_port()
    started = False
    try:
        init = [initdb, "-D", str(data), "-U", SERVER_USER, "-A", "trust", "-E", "UTF8"]
        _run([*init, "--no-locale", "--no-sync"], log)
        options = (
            f"-p {port} -k '{root}' -c listen_addresses='' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        _run([pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "start"], log)
        started = True
        yield LocalServer(socket_dir=root, port=port)
    finally:
        if started:
            with contextlib.suppress(RuntimeError):
                _run([pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"], log)
        shutil.rmtree(root, ignore_errors=True)
