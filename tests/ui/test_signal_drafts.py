"""Nothing typed is lost to a signal: a real fieldcase process, a real terminal, real signals.

The typing is checked on screen before the signal is sent, and the signal is
sent at once: no test waits for the draft timer, so what is kept was kept by
the signal handling itself.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import pytest

import fieldcase
from fieldcase.config import Settings, save_settings
from fieldcase.db.store import open_store
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import Category, Strand
from fieldcase.services import case_records, drafts, intake
from tests.conftest import TEST_OFFICER, TEST_PASSPHRASE
from tests.terminal import ANSI, WAIT, Terminal, wait_until

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal and signals"),
    # fieldcase runs in a child process, keying with SQLCipher's default.
    pytest.mark.real_kdf,
]

TYPED = "yesterday 21:37"
"""Typed into the incident form's When field (focused as it opens): a value it never starts with."""


def one_case(data_dir: Path) -> uuid.UUID:
    """A database with one open case, and settings naming the officer."""
    store = open_store(data_dir / "fieldcase.db", TEST_PASSPHRASE, create=True, actor=TEST_OFFICER)
    with store.transaction() as session:
        case = intake.create_case(
            session,
            intake.NewCaseInput(
                category=Category.HATE_CRIME,
                strands=[Strand.RACE],
                address="3 Imaginary Close",
                people=[case_records.PersonInput(full_name="Priya Inventedname")],
            ),
            officer_name=TEST_OFFICER,
            policy=Policy(),
            today=date(2026, 1, 5),
        )
        case_id = case.id
    store.close()
    save_settings(data_dir / "settings.toml", Settings(officer_name=TEST_OFFICER))
    return case_id


def kept_drafts(data_dir: Path) -> dict[str, dict[str, object]]:
    """Every draft in the database: key -> the values kept."""
    store = open_store(data_dir / "fieldcase.db", TEST_PASSPHRASE)
    try:
        with store.reading() as session:
            found = {}
            for summary in drafts.list_drafts(session):
                payload = drafts.load_draft(session, summary.key)
                found[summary.key] = payload or {}
            return found
    finally:
        store.close()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_keeps_the_open_dialog_and_the_next_start_offers_it(
    isolated_data_dir: Path, signum: signal.Signals
) -> None:
    """Type into the incident form, signal the process: the typing is kept and offered back."""
    case_id = one_case(isolated_data_dir)
    first = Terminal(isolated_data_dir)
    try:
        first.wait_for("FC-2026-0001")
        first.press("\r", "Log contact")
        first.press("i", "What happened")
        first.press(TYPED, TYPED)
    finally:
        code = first.stop(signum)
    assert code == 128 + signum
    key = f"form:incident:{case_id}"
    assert kept_drafts(isolated_data_dir)[key]["occurred-at"] == TYPED

    second = Terminal(isolated_data_dir)
    try:
        second.wait_for("Carry on: New incident on FC-2026-0001")
        second.press("\r", "you have one that was not saved")
        second.press("\r", TYPED)
    finally:
        second.quit()


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_closing_the_terminal_keeps_the_open_dialog(isolated_data_dir: Path) -> None:
    """A terminal closed mid-form (tmux's server killed: the pane gets SIGHUP) keeps the typing."""
    case_id = one_case(isolated_data_dir)
    socket = f"fieldcase-{uuid.uuid4().hex[:8]}"
    tmux = ["tmux", "-L", socket, "-f", os.devnull]
    env = {
        **os.environ,
        "FIELDCASE_DATA_DIR": str(isolated_data_dir),
        "FIELDCASE_PASSPHRASE": TEST_PASSPHRASE,
        "PYTHONPATH": str(Path(fieldcase.__file__).parent.parent),
        "TERM": "xterm-256color",
    }
    command = f"{sys.executable} -m fieldcase"
    subprocess.run(
        [*tmux, "new-session", "-d", "-x", "120", "-y", "40", command], env=env, check=True
    )
    try:
        pid = int(_tmux(tmux, "list-panes", "-F", "#{pane_pid}").strip())
        _wait_for_pane(tmux, "FC-2026-0001")
        _tmux(tmux, "send-keys", "Enter")
        _wait_for_pane(tmux, "Log contact")
        _tmux(tmux, "send-keys", "i")
        _wait_for_pane(tmux, "What happened")
        _tmux(tmux, "send-keys", "-l", TYPED)
        _wait_for_pane(tmux, TYPED)
    finally:
        subprocess.run([*tmux, "kill-server"], check=False)
    wait_until(lambda: not _running(pid))
    assert kept_drafts(isolated_data_dir)[f"form:incident:{case_id}"]["occurred-at"] == TYPED


def _tmux(tmux: list[str], *args: str) -> str:
    return subprocess.run(
        [*tmux, *args], capture_output=True, text=True, check=True, timeout=WAIT
    ).stdout


def _wait_for_pane(tmux: list[str], text: str) -> None:
    def shown() -> bool:
        screen = _tmux(tmux, "capture-pane", "-p")
        return text in ANSI.sub(b"", screen.encode()).decode()

    wait_until(shown)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z")
