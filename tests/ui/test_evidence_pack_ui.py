"""The evidence pack by keyboard, from the chronology: never over a file, then written."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from textual.widgets import Static

from fieldcase.db.store import Store
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.evidence_pack import EvidencePackDialog
from fieldcase.ui.screens.chronology import ChronologyScreen
from tests.chronology_data import NOW, WITNESS, story_case
from tests.ui.helpers import open_case_file, settle, type_text


async def test_write_a_redacted_evidence_pack_from_the_chronology(
    store: Store,
    make_app: Callable[..., FieldcaseApp],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """y, e, a file already there is refused by name; a new name, Tab, Space (redact),
    Ctrl+S writes a PDF the officer alone can read, naming no witness."""
    with store.transaction() as session:
        story = story_case(session)
    monkeypatch.chdir(tmp_path)  # short names to type
    taken = Path("taken.pdf")
    taken.write_text("someone else's")
    target = Path("court", "pack.pdf")
    app = make_app(store, now=NOW)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await open_case_file(pilot, story.case_id)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ChronologyScreen)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EvidencePackDialog)
        await type_text(pilot, str(taken))  # the suggested name is selected: typing replaces it
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EvidencePackDialog)
        errors = str(app.screen.query_one("#form-errors", Static).render())
        assert "already exists" in errors
        assert taken.read_text() == "someone else's"

        await pilot.press("end", "ctrl+u")
        await type_text(pilot, str(target))
        await pilot.press("tab", "space", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChronologyScreen)
        # The pack's file name stands on a line of its own, never split by the wrapping.
        message = str(list(app._notifications)[-1].message)
        assert target.name in message.splitlines()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert f"Evidence pack: {story.reference}" in text
    assert "Third parties redacted" in text
    assert WITNESS not in text
