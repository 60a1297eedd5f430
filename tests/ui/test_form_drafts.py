"""A form dialog given a draft key keeps what is typed, offers it back, and forgets it when done."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import select
from textual.app import ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input

from fieldcase.db.models import Draft
from fieldcase.db.store import Store
from fieldcase.services.drafts import load_draft
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.choice import ChoiceDialog
from fieldcase.ui.dialogs.form import FormDialog
from fieldcase.ui.screens.lock import LockScreen
from tests.conftest import TEST_PASSPHRASE
from tests.ui.helpers import type_text

KEY = "note:FC-2026-0001"
MakeApp = Callable[..., FieldcaseApp]


@dataclass(frozen=True)
class NoteInput:
    text: str


class NoteDialog(FormDialog[NoteInput, str]):
    """The smallest form: one field, saved nowhere."""

    TITLE_TEXT = "Note"

    def fields(self) -> ComposeResult:
        yield Input(id="note-text")

    def collect(self) -> NoteInput:
        return NoteInput(self.query_one("#note-text", Input).value)


async def _keep(data: NoteInput) -> str:
    return data.text


async def open_note(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.push_screen(
        NoteDialog(_keep, draft_key=KEY, draft_title="Note on FC-2026-0001")
    )
    await pilot.pause()


def saved(store: Store) -> dict[str, object] | None:
    with store.reading() as session:
        return load_draft(session, KEY)


async def type_and_wait(pilot: Pilot[Any], text: str) -> None:
    """Type, then stay still long enough for the draft to be saved."""
    await type_text(pilot, text)
    await pilot.pause(0.5)
    await pilot.pause()


class TestFormDialogDraft:
    async def test_typing_is_kept_moments_later(self, store: Store, make_app: MakeApp) -> None:
        """Well within a second of the last key, the typing is in the encrypted draft."""
        app = make_app(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_note(pilot)
            await type_and_wait(pilot, "Bins set alight")
            assert saved(store) == {"note-text": "Bins set alight"}

    async def test_typing_at_once_is_kept(self, store: Store, make_app: MakeApp) -> None:
        """Keys typed the moment the dialog opens, while it looks for an earlier draft,
        count as typing: they are kept like any other."""
        app = make_app(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await app.push_screen(NoteDialog(_keep, draft_key=KEY))
            await type_and_wait(pilot, "Bins")
            assert saved(store) == {"note-text": "Bins"}

    async def test_opening_again_offers_the_draft_back(
        self, store: Store, make_app: MakeApp
    ) -> None:
        """The same dialog, opened in a new session, asks and then carries on with the typing."""
        app = make_app(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_note(pilot)
            await type_and_wait(pilot, "Bins set alight")
        again = make_app(store)
        async with again.run_test(size=(100, 30)) as pilot:
            await open_note(pilot)
            assert isinstance(again.screen, ChoiceDialog)
            await pilot.press("enter")  # carry on with it
            assert isinstance(again.screen, NoteDialog)
            assert again.screen.query_one("#note-text", Input).value == "Bins set alight"

    async def test_starting_afresh_forgets_the_draft(self, store: Store, make_app: MakeApp) -> None:
        """The second answer leaves the form empty and the draft gone."""
        app = make_app(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_note(pilot)
            await type_and_wait(pilot, "Bins set alight")
        again = make_app(store)
        async with again.run_test(size=(100, 30)) as pilot:
            await open_note(pilot)
            await pilot.press("down", "enter")  # start afresh
            assert isinstance(again.screen, NoteDialog)
            assert again.screen.query_one("#note-text", Input).value == ""
        assert saved(store) is None

    async def test_saving_forgets_the_draft(self, store: Store, make_app: MakeApp) -> None:
        """Once the form is saved its draft is not offered again."""
        results: list[str | None] = []
        app = make_app(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            dialog = NoteDialog(_keep, draft_key=KEY)
            await app.push_screen(dialog, results.append)
            await pilot.pause()
            await type_and_wait(pilot, "Bins set alight")
            assert saved(store) is not None
            await pilot.press("ctrl+s")
        assert results == ["Bins set alight"]
        assert saved(store) is None

    async def test_discarding_forgets_the_draft(self, store: Store, make_app: MakeApp) -> None:
        """Escape, then "Discard what I typed": the draft goes with the typing."""
        app = make_app(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_note(pilot)
            await type_and_wait(pilot, "Bins set alight")
            await pilot.press("escape")
            assert isinstance(app.screen, ChoiceDialog)
            await pilot.press("enter")  # discard what I typed
            assert not isinstance(app.screen, NoteDialog)
        assert saved(store) is None

    async def test_locking_keeps_what_was_just_typed(self, store: Store, make_app: MakeApp) -> None:
        """Locking straight after typing, before the pause, still keeps the typing."""
        app = make_app(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_note(pilot)
            await type_text(pilot, "Bins")
            await pilot.press("ctrl+l")
            assert isinstance(app.screen, LockScreen)
            assert saved(store) == {"note-text": "Bins"}
            await type_text(pilot, TEST_PASSPHRASE)
            await pilot.press("enter")
            assert isinstance(app.screen, NoteDialog)

    async def test_a_dialog_without_a_key_keeps_nothing(
        self, store: Store, make_app: MakeApp
    ) -> None:
        """Dialogs keep drafts only when asked to."""
        app = make_app(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await app.push_screen(NoteDialog(_keep))
            await pilot.pause()
            await type_and_wait(pilot, "Bins")
            await pilot.press("ctrl+l")
        with store.reading() as session:
            assert session.exec(select(Draft)).all() == []
