"""An unhandled error inside the running app: no data on screen, drafts kept, a safe log."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fieldcase.db.store import open_store
from fieldcase.paths import locate
from fieldcase.services.drafts import load_draft
from tests.conftest import TEST_PASSPHRASE

SENTINEL = "SENTINEL-Zanzibar-4471"

CRASHING_APP = """
import sys
from pathlib import Path

import fieldcase.ui.app
from textual.screen import Screen
from textual.widgets import Input
from fieldcase.config import Settings
from fieldcase.db.store import open_store
from fieldcase.paths import locate
from fieldcase.services.drafts import DraftSnapshot
from fieldcase.ui.app import FieldcaseApp

secret = sys.argv[1]


class HalfTypedForm(Screen):
    def compose(self):
        yield Input(secret, id="name")

    def draft_snapshot(self):
        return DraftSnapshot("crash-form", "Half-typed form", {"name": self.query_one(Input).value})

    def on_mount(self):
        self.set_timer(0.2, self.save)

    def save(self):
        victim_name = self.query_one(Input).value
        raise RuntimeError("could not save " + victim_name)


class App(FieldcaseApp):
    CSS_PATH = str(Path(fieldcase.ui.app.__file__).with_name("gate.tcss"))

    def show_dashboard(self):
        self.push_screen(HalfTypedForm())


where = locate()
passphrase = sys.stdin.readline().rstrip("\\n")
store = open_store(where.database, passphrase, create=True, actor="Officer Test")
app = App(
    locations=where,
    settings=Settings(officer_name="Officer Test"),
    database=where.database,
    store=store,
)
app.run(headless=True, size=(80, 24))
sys.exit(app.return_code or 0)
"""


@pytest.mark.real_kdf  # the child process keys with SQLCipher's default
def test_a_crash_shows_no_data_keeps_the_draft_and_names_the_log(
    isolated_data_dir: Path, tmp_path: Path
) -> None:
    """The officer sees where the log is; the log, screen and stderr hold no personal data."""
    script = tmp_path / "crashing_app.py"
    script.write_text(CRASHING_APP, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), SENTINEL],
        input=TEST_PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(sys.path),
            "FIELDCASE_DATA_DIR": str(isolated_data_dir),
        },
    )
    where = locate()
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert SENTINEL not in output
    assert "victim_name" not in output
    said = " ".join(result.stderr.split())
    assert "unexpected error" in said
    assert "kept as a draft" in said
    assert str(where.error_log) in "".join(result.stderr.split())
    log = where.error_log.read_text(encoding="utf-8")
    assert "RuntimeError" in log and "in save" in log
    assert SENTINEL not in log and "victim_name" not in log

    store = open_store(where.database, TEST_PASSPHRASE)
    with store.reading() as session:
        assert load_draft(session, "crash-form") == {"name": SENTINEL}
    store.close()
