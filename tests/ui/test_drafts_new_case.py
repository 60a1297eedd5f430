"""The new-case form keeps an encrypted draft: a lock, a quit or a crash never loses typing."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import select
from textual.widgets import Input, SelectionList

from fieldcase.db.models import Case, Draft
from fieldcase.db.store import Store
from fieldcase.services.drafts import load_draft
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.choice import ChoiceDialog
from fieldcase.ui.screens.lock import LockScreen
from fieldcase.ui.screens.new_case import NewCaseScreen
from tests.builders import a_known_perpetrator
from tests.conftest import TEST_PASSPHRASE
from tests.ui.helpers import screen_text, settle, type_text

SUMMARY = "Eggs thrown at the window, Zanele Testperson"


async def _start_typing(app: FieldcaseApp, pilot) -> NewCaseScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    assert isinstance(app.screen, NewCaseScreen)
    await pilot.press("tab", "down", "space")  # strands: the second one
    await pilot.press("tab")
    await type_text(pilot, SUMMARY)
    await pilot.press("ctrl+o")  # a second perpetrator row
    await settle(pilot)
    await type_text(pilot, "Second Neighbour")
    return app.screen


def _saved(store: Store) -> dict[str, object] | None:
    with store.reading() as session:
        return load_draft(session, "new-case")


class TestNewCaseDraft:
    async def test_locking_keeps_the_typing_and_the_next_start_offers_it(
        self, store: Store, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """Typed, locked, quit: next time the form offers it back, rows and ticks included."""
        app = make_app(store)
        async with app.run_test(size=(120, 50)) as pilot:
            await _start_typing(app, pilot)
            await pilot.press("ctrl+l")
            await settle(pilot)
            assert isinstance(app.screen, LockScreen)
            saved = _saved(store)
            assert saved is not None and saved["summary"] == SUMMARY
            assert saved["perp-name-2"] == "Second Neighbour"
            await type_text(pilot, TEST_PASSPHRASE)
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("ctrl+q")

        again = make_app(store)
        async with again.run_test(size=(120, 50)) as pilot:
            await settle(pilot)
            offer = again.screen
            assert isinstance(offer, ChoiceDialog)  # the start offers what was kept
            assert offer.answers[0][0].startswith("Carry on: New case (kept ")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(again.screen, ChoiceDialog)
            await pilot.press("enter")  # carry on with it
            await settle(pilot)
            form = again.screen
            assert isinstance(form, NewCaseScreen)
            assert form.query_one("#summary", Input).value == SUMMARY
            assert form.query_one("#perp-name-2", Input).value == "Second Neighbour"
            assert form.query_one("#strands", SelectionList).selected == ["religion"]
            await pilot.press("escape")
            await settle(pilot)
        assert _saved(store) is None
        with store.reading() as session:
            assert session.exec(select(Case)).all() == []

    async def test_starting_afresh_throws_the_draft_away(
        self, store: Store, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """The second answer empties the form and forgets the old typing."""
        app = make_app(store)
        async with app.run_test(size=(120, 50)) as pilot:
            form = await _start_typing(app, pilot)
            form.draft.save()
            await pilot.press("ctrl+q")
        assert _saved(store) is not None
        again = make_app(store)
        async with again.run_test(size=(120, 50)) as pilot:
            await settle(pilot)
            await pilot.press("escape")  # not now, at start
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            await pilot.press("down", "enter")  # start afresh
            await settle(pilot)
            assert isinstance(again.screen, NewCaseScreen)
            assert again.screen.query_one("#summary", Input).value == ""
        assert _saved(store) is None

    async def test_an_untouched_form_saves_nothing(
        self, store: Store, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """Opening the form and locking leaves no draft to be offered."""
        app = make_app(store)
        async with app.run_test(size=(120, 50)) as pilot:
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            assert isinstance(app.screen, NewCaseScreen)
            app.screen.draft.save()
            await pilot.press("ctrl+l")
            await settle(pilot)
        with store.reading() as session:
            assert session.exec(select(Draft)).all() == []


class TestEscape:
    async def test_esc_on_a_typed_form_asks_and_keeps_editing_on_request(
        self, store: Store, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """Esc after typing asks first: "Keep editing" keeps every word; "Discard" leaves."""
        app = make_app(store)
        async with app.run_test(size=(120, 50)) as pilot:
            screen = await _start_typing(app, pilot)
            await pilot.press("shift+tab")  # from the name (whose Esc closes its suggestions)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, ChoiceDialog)
            await pilot.press("down", "enter")  # keep editing
            await settle(pilot)
            assert app.screen is screen
            assert screen.query_one("#summary", Input).value == SUMMARY
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("enter")  # discard what I typed
            await settle(pilot)
            assert not isinstance(app.screen, NewCaseScreen | ChoiceDialog)
        assert _saved(store) is None

    async def test_esc_on_an_untouched_form_leaves_at_once(
        self, store: Store, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """Nothing typed: Esc closes the form with no question."""
        app = make_app(store)
        async with app.run_test(size=(120, 50)) as pilot:
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            assert isinstance(app.screen, NewCaseScreen)
            await pilot.press("escape")
            await settle(pilot)
            assert not isinstance(app.screen, NewCaseScreen | ChoiceDialog)


async def test_household_lines_and_a_picked_person_come_back_with_the_draft(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """Two household lines and Gary Stroud picked as perpetrator: all back after a lock."""
    with store.transaction() as s:
        first = a_known_perpetrator(s)
    app = make_app(store)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#household-name-1", Input).focus()
        await type_text(pilot, "Ana Marlow")
        await pilot.press("tab", "tab", "tab")  # relationship, age, the new line
        await type_text(pilot, "Teo Marlow")
        await pilot.press(*["tab"] * 6)  # past the rest of the line and the third, empty one
        await type_text(pilot, "stroud")
        await settle(pilot)
        await pilot.press("down", "enter", "ctrl+l")
        await settle(pilot)
        saved = _saved(store)
        assert saved is not None and saved["picked-perp-name-1"] == str(first.perpetrator_id)
    again = make_app(store)
    async with again.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the start offers the form left unsaved
        await settle(pilot)
        await pilot.press("enter")  # carry on with it
        await settle(pilot)
        form = again.screen
        assert form.query_one("#household-name-2", Input).value == "Teo Marlow"
        assert form.query_one("#household-name-3", Input).value == ""
        assert "✓ Gary Stroud, 21 Sorrel Way" in screen_text(pilot)
