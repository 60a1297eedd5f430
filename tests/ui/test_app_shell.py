"""The app shell: first run, F1 help on the main screens, and quitting."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, Static

from fieldcase.config import load_settings
from fieldcase.db.store import Store, database_exists
from fieldcase.paths import locate
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.screens.case_file import CaseFileScreen
from fieldcase.ui.screens.dashboard import DashboardScreen
from fieldcase.ui.screens.help import HelpScreen
from fieldcase.ui.screens.new_case import NewCaseScreen
from fieldcase.ui.screens.setup import SetupScreen
from tests.ui.helpers import settle, type_text
from tests.ui.test_literal_text import hostile_case

GOOD_PASSPHRASE = "lantern ferry orbit 47"


async def test_first_run_keeps_the_officer_name_and_opens_the_dashboard(
    db_path: Path, make_app: Callable[..., FieldcaseApp]
) -> None:
    """Name and passphrase twice: the database is created and the name is kept in settings."""
    app = make_app(None, officer_name="")
    async with app.run_test(size=(100, 40)) as pilot:
        assert isinstance(app.screen, SetupScreen)
        await type_text(pilot, "Jo Quillfeather")
        await pilot.press("tab")
        await type_text(pilot, GOOD_PASSPHRASE)
        await pilot.press("tab")
        await type_text(pilot, GOOD_PASSPHRASE)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("ctrl+q")
    assert database_exists(db_path)
    assert load_settings(locate().settings_file).officer_name == "Jo Quillfeather"


async def test_mismatched_passphrases_ask_again_and_create_nothing(
    db_path: Path, make_app: Callable[..., FieldcaseApp]
) -> None:
    """Two different passphrases: a clear message, the second is cleared, no file is made."""
    app = make_app(None, officer_name="Jo Quillfeather")
    async with app.run_test(size=(100, 40)) as pilot:
        await type_text(pilot, GOOD_PASSPHRASE)
        await pilot.press("tab")
        await type_text(pilot, GOOD_PASSPHRASE + "x")
        await pilot.press("enter")
        await settle(pilot)
        message = str(app.screen.query_one("#setup-message", Static).render())
        assert "two passphrases are different" in message
        assert app.screen.query_one("#passphrase", Input).value == GOOD_PASSPHRASE
        assert app.screen.query_one("#passphrase-again", Input).value == ""
    assert not database_exists(db_path)


async def _help_text(pilot) -> str:  # type: ignore[no-untyped-def]
    await pilot.press("f1")
    await settle(pilot)
    assert isinstance(pilot.app.screen, HelpScreen)
    text = str(pilot.app.screen.query_one("#help-keys", Static).render())
    await pilot.press("escape")
    await settle(pilot)
    return text


async def test_f1_lists_the_keys_of_the_dashboard_form_and_case_file(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """F1 on each main screen lists that screen's keys; Escape goes back to it."""
    hostile_case(store)
    app = make_app(store)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        keys = await _help_text(pilot)
        for words in ("New case", "Find", "Next page", "Mine/all", "Quit"):
            assert words in keys, words
        assert isinstance(app.screen, DashboardScreen)

        await pilot.press("n")
        await settle(pilot)
        keys = await _help_text(pilot)
        assert "Save" in keys and "Another perpetrator" in keys
        assert isinstance(app.screen, NewCaseScreen)
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseFileScreen)
        keys = await _help_text(pilot)
        for words in ("Incident", "Log contact", "Person", "Action", "Engagement", "Details"):
            assert words in keys, words
        assert isinstance(app.screen, CaseFileScreen)


async def test_q_quits_from_the_dashboard_but_is_typed_in_a_form(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """In the new-case form q is a letter; on the dashboard it quits cleanly."""
    app = make_app(store)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#address", Input).focus()
        await pilot.press("q")
        assert app.screen.query_one("#address", Input).value == "q"
        assert app.is_running
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # discard what I typed
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("q")
        await settle(pilot)
        assert not app.is_running
    assert app.return_code == 0
