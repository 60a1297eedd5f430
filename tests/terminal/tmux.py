"""fieldcase in a real terminal: a tmux pane driven by key bursts and bracketed pastes.

tmux sends keys as a terminal does (``send-keys -l`` writes a whole burst at
once, as a password manager does) and pastes as a terminal does
(``paste-buffer -p`` wraps the text in bracketed-paste markers). What the
officer would see is read back with ``capture-pane``.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
WAIT = 60.0
"""Longest wait for the screen to show something (a loaded machine can be slow)."""

LAUNCH = (
    "import sys;"
    "from tests.key_derivation import TEST_KDF_ITER, set_default_kdf_iter;"
    "set_default_kdf_iter(TEST_KDF_ITER);"
    "from fieldcase.__main__ import main;"
    "sys.exit(main())"
)
"""Runs fieldcase with the suite's cheap key derivation (see ``tests/key_derivation.py``)."""


def needs_tmux() -> None:
    """Skip the calling test where tmux is missing; in CI (``CI=true``) that is a failure."""
    if shutil.which("tmux"):
        return
    reason = "tmux is not installed"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"terminal tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def wait_until(check: Callable[[], bool], timeout: float = WAIT) -> None:
    """Poll ``check`` until it is true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("the condition never came true")


class Tmux:
    """fieldcase running in a tmux pane of its own tmux server."""

    def __init__(self, data_dir: Path, *, env: dict[str, str] | None = None) -> None:
        needs_tmux()
        self.socket = f"fieldcase-test-{uuid.uuid4().hex[:12]}"
        self.files = data_dir.parent
        environment = {
            **os.environ,
            "FIELDCASE_DATA_DIR": str(data_dir),
            "TERM": "xterm-256color",
            **(env or {}),
        }
        environment.pop("TMUX", None)
        session_env = [f"{name}={environment[name]}" for name in sorted(env or {})]
        self._tmux(
            "new-session",
            *(arg for pair in session_env for arg in ("-e", pair)),
            "-d",
            *("-x", "110", "-y", "40", "-s", "fc", "-c", str(REPOSITORY)),
            shlex.join([sys.executable, "-c", LAUNCH]),
            env=environment,
        )

    def _tmux(self, *args: str, env: dict[str, str] | None = None) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            timeout=WAIT,
        ).stdout

    def screen(self) -> str:
        """What the terminal shows now, as plain text."""
        return self._tmux("capture-pane", "-p", "-t", "fc")

    def wait_for(self, text: str, timeout: float = WAIT) -> str:
        """Wait until ``text`` is on the screen; returns the screen."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.01)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def type(self, keys: str) -> None:
        """Send keys in one burst, as a password manager or a fast typist does."""
        self._tmux("send-keys", "-t", "fc", "-l", keys)

    def paste(self, text: str) -> None:
        """Paste ``text`` as a terminal does, in bracketed-paste markers."""
        clipboard = self.files / f"clipboard-{uuid.uuid4().hex[:8]}"
        clipboard.write_text(text, encoding="utf-8")
        self._tmux("load-buffer", "-b", "clipboard", str(clipboard))
        self._tmux("paste-buffer", "-p", "-d", "-b", "clipboard", "-t", "fc")

    def close(self) -> None:
        """Stop this test's tmux server and fieldcase with it."""
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)
