"""Attaching a photo to a case and saving a copy, by keyboard from the case file."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import DataTable

from fieldcase.db.store import Store
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.attachment import AttachDialog, SaveAttachmentDialog
from fieldcase.ui.screens.attachments import AttachmentsScreen
from tests.builders import BuiltCase, a_case
from tests.ui.helpers import open_case_file, settle, table_text, type_text


@pytest.fixture
def case(store: Store) -> BuiltCase:
    with store.transaction() as session:
        return a_case(session)


async def test_attach_a_photo_then_save_a_copy(
    store: Store, case: BuiltCase, make_app: Callable[..., FieldcaseApp], tmp_path: Path
) -> None:
    """f, n, the photo's path and what it shows: listed with its type; s saves a private copy,
    and the message names the copy on a line of its own."""
    photo = tmp_path / "graffiti.png"
    photo.write_bytes(b"\x89PNG fake image bytes")
    app = make_app(store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_case_file(pilot, case.case_id)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, AttachmentsScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, AttachDialog)
        await type_text(pilot, str(photo))
        await pilot.press("tab")
        await type_text(pilot, "Graffiti on the front door")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AttachmentsScreen)
        [row] = table_text(app.screen.query_one("#attachments", DataTable))
        assert row[0] == "graffiti.png" and row[1] == "image/png"
        assert row[6] == "Graffiti on the front door"
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SaveAttachmentDialog)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AttachmentsScreen)
    copy = app.locations.exports_dir / f"{case.reference}-graffiti.png"
    # The file's name has a line of its own in the message, so it is never wrapped mid-name.
    (note,) = app._notifications
    assert copy.name in str(note.message).splitlines()
    assert copy.read_bytes() == photo.read_bytes()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
