"""fieldcase in a real terminal: a pseudo-terminal driven by key bytes, and real signals.

`tmux.py` runs it in a tmux pane instead, for key bursts and bracketed pastes.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import fieldcase
from tests.conftest import TEST_PASSPHRASE

ANSI = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)")
WAIT = 60.0


class Terminal:
    """fieldcase running under a pseudo-terminal, driven by key bytes."""

    def __init__(self, data_dir: Path) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = {
            **os.environ,
            "FIELDCASE_DATA_DIR": str(data_dir),
            "FIELDCASE_PASSPHRASE": TEST_PASSPHRASE,
            "PYTHONPATH": str(Path(fieldcase.__file__).parent.parent),
            "TERM": "xterm-256color",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "fieldcase"],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.seen = b""
        self.mark = 0
        """Where output after the last key press starts."""

    def wait_for(self, text: str, timeout: float = WAIT) -> None:
        """Read output until ``text`` has been drawn since the last key press."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in ANSI.sub(b"", self.seen[self.mark :]).decode("utf-8", "replace"):
                return
            if not self._drain():
                break
        raise AssertionError(f"{text!r} never appeared on the terminal")

    def _drain(self) -> bool:
        """Read what the app has written (it blocks if nobody reads); False once closed."""
        ready, _, _ = select.select([self.master], [], [], 0.2)
        if ready:
            try:
                self.seen += os.read(self.master, 65536)
            except OSError:
                return False
        return True

    def press(self, key: str, then: str) -> None:
        """Send one key and wait for its effect."""
        self.mark = len(self.seen)
        os.write(self.master, key.encode())
        self.wait_for(then)

    def kill(self) -> None:
        """Pull the plug: SIGKILL, no chance to clean up."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=WAIT)
        os.close(self.master)

    def stop(self, signum: int) -> int:
        """Send a real signal and wait for the process to end; returns its exit code."""
        self.process.send_signal(signum)
        deadline = time.monotonic() + WAIT
        while self.process.poll() is None and time.monotonic() < deadline:
            self._drain()
        code = self.process.wait(timeout=WAIT)
        os.close(self.master)
        return code

    def quit(self) -> None:
        """Quit with Ctrl+Q and wait for the process to end."""
        try:
            os.write(self.master, b"\x11")
            deadline = time.monotonic() + WAIT
            while self.process.poll() is None and time.monotonic() < deadline:
                self._drain()
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            os.close(self.master)


def wait_until(check: Callable[[], bool], timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError("condition never became true")
