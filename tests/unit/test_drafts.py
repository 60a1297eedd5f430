"""Drafts of half-finished forms: saved, offered back, discarded, and kept through a crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from fieldcase.db.models import AuditEvent, Draft
from fieldcase.db.store import Store, open_store
from fieldcase.services.drafts import (
    autosave,
    discard_draft,
    forget,
    list_drafts,
    load_draft,
    read_draft,
    save_draft,
)
from tests.conftest import TEST_PASSPHRASE

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
FORM = {
    "summary": "Shouting in the stairwell \x1b[31m, car scratched",
    "strands": ["race", "religion"],
    "victim": {"name": "Nadia Testperson", "phone": "07700 900123"},
    "police_ref": None,
}


class TestDrafts:
    def test_saved_draft_comes_back_exactly(self, store: Store) -> None:
        """What was typed, control characters and nesting included, is offered back unchanged."""
        autosave(store, "new-case", "New case (unsaved)", FORM, now=NOW)
        with store.reading() as session:
            assert load_draft(session, "new-case") == FORM
            assert list_drafts(session)[0].title == "New case (unsaved)"

    def test_read_back_with_its_title_and_time(self, store: Store) -> None:
        """Offering a draft back needs its values and when it was kept, in one read."""
        autosave(store, "new-case", "New case (unsaved)", FORM, now=NOW)
        with store.reading() as session:
            saved = read_draft(session, "new-case")
            assert read_draft(session, "other") is None
        assert saved is not None
        assert (saved.title, saved.payload, saved.updated_at) == ("New case (unsaved)", FORM, NOW)

    def test_saving_again_replaces_the_draft(self, store: Store) -> None:
        """One draft per form: the newest typing wins."""
        autosave(store, "new-case", "New case", {"summary": "first"}, now=NOW)
        autosave(store, "new-case", "New case", {"summary": "second"}, now=NOW)
        with store.reading() as session:
            assert load_draft(session, "new-case") == {"summary": "second"}
            assert len(list_drafts(session)) == 1

    def test_list_is_newest_first_and_filters_by_prefix(self, store: Store) -> None:
        """Drafts are offered newest first; a prefix with wildcard characters is literal."""
        autosave(store, "new-case", "New case", {}, now=NOW)
        autosave(store, "risk:case-1", "Risk, FC-2026-0001", {}, now=NOW + timedelta(minutes=5))
        autosave(store, "risk_x", "Other", {}, now=NOW + timedelta(minutes=1))
        with store.reading() as session:
            assert [d.key for d in list_drafts(session)] == ["risk:case-1", "risk_x", "new-case"]
            assert [d.key for d in list_drafts(session, prefix="risk:")] == ["risk:case-1"]
            assert list_drafts(session)[0].updated_at == NOW + timedelta(minutes=5)

    def test_discard_removes_it(self, store: Store) -> None:
        """After saving the form (or throwing the draft away) it is not offered again."""
        autosave(store, "new-case", "New case", FORM)
        with store.transaction() as session:
            assert discard_draft(session, "new-case") is True
            assert discard_draft(session, "new-case") is False
        with store.reading() as session:
            assert load_draft(session, "new-case") is None
            assert list_drafts(session) == []

    def test_forget_commits_on_its_own(self, store: Store) -> None:
        """Discarding through the store needs no transaction from the caller."""
        autosave(store, "new-case", "New case", FORM)
        forget(store, "new-case")
        with store.reading() as session:
            assert session.exec(select(Draft)).all() == []

    def test_payload_that_is_not_plain_json_is_refused(self, store: Store) -> None:
        """A date object must be turned into text by the form; nothing half-saved remains."""
        with pytest.raises(TypeError):
            autosave(store, "new-case", "New case", {"when": NOW})
        with store.reading() as session:
            assert list_drafts(session) == []

    @pytest.mark.parametrize("key", ["", "k" * 201])
    def test_bad_key_is_refused(self, store: Store, key: str) -> None:
        """A draft needs a short, non-empty key."""
        with store.transaction() as session, pytest.raises(ValueError):
            save_draft(session, key, "t", {})

    def test_drafts_are_not_audited(self, store: Store) -> None:
        """Typing is not a record: drafts leave nothing in the audit trail."""
        autosave(store, "new-case", "New case", FORM)
        forget(store, "new-case")
        with store.reading() as session:
            assert session.exec(select(AuditEvent)).all() == []


AUTOSAVE_LOOP = """
import sys
from pathlib import Path
from fieldcase.db.store import open_store
from fieldcase.services.drafts import autosave
store = open_store(Path(sys.argv[1]), sys.stdin.readline()[:-1])
n = 0
while True:
    n += 1
    autosave(store, "new-case", "New case", {"n": n, "notes": "typed " * 200})
    print(n, flush=True)
"""


@pytest.mark.real_kdf  # the child process keys with SQLCipher's default
def test_a_crash_keeps_the_last_saved_draft(store: Store, db_path: Path) -> None:
    """Killing fieldcase mid-typing leaves the latest completed save, whole."""
    store.close()
    proc = subprocess.Popen(
        [sys.executable, "-c", AUTOSAVE_LOOP, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert proc.stdin and proc.stdout
    proc.stdin.write(TEST_PASSPHRASE + "\n")
    proc.stdin.close()
    last = 0
    while last < 20:
        last = int(proc.stdout.readline())
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    reopened = open_store(db_path, TEST_PASSPHRASE)
    with reopened.reading() as session:
        draft = load_draft(session, "new-case")
    reopened.close()
    assert draft is not None
    assert draft["n"] >= last
    assert draft["notes"] == "typed " * 200
