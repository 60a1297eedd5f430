"""Passphrases in the interface: unlocking with back-off, first-run rules, changing it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from textual.widgets import Input, Static

from fieldcase.config import Settings
from fieldcase.db.engine import WrongPassphrase, open_connection
from fieldcase.db.store import Store, database_exists
from fieldcase.paths import locate
from fieldcase.services.security import read_attempts
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.rekey import RekeyDialog
from fieldcase.ui.screens.dashboard import DashboardScreen
from fieldcase.ui.screens.setup import SetupScreen
from fieldcase.ui.screens.unlock import UnlockScreen
from tests.conftest import FIXED_NOW, TEST_PASSPHRASE
from tests.ui.helpers import type_text

NEW = "lantern ferry orbit 47"
WRONG = "not my passphrase"


async def _type(pilot: object, text: str) -> None:
    await type_text(pilot, text)  # type: ignore[arg-type]


async def _settle(app: FieldcaseApp, pilot: object) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


def _text(app: FieldcaseApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


class _Clock:
    def __init__(self) -> None:
        self.now = FIXED_NOW

    def __call__(self):  # type: ignore[no-untyped-def]
        return self.now


def _unlock_app(db_path: Path, clock: _Clock) -> FieldcaseApp:
    return FieldcaseApp(
        locations=locate(),
        settings=Settings(officer_name="Officer Test"),
        database=db_path,
        clock=clock,
    )


class TestUnlockScreen:
    async def test_wrong_passphrases_slow_down_then_the_right_one_opens(
        self, store: Store, db_path: Path
    ) -> None:
        """Two wrong guesses bring a wait; after it the right passphrase opens the caseload."""
        store.close()
        before = db_path.read_bytes()
        clock = _Clock()
        app = _unlock_app(db_path, clock)
        async with app.run_test(size=(100, 30)) as pilot:
            assert isinstance(app.screen, UnlockScreen)
            for _ in range(2):
                await _type(pilot, WRONG)
                await pilot.press("enter")
                await _settle(app, pilot)
            assert "does not open this database" in _text(app, "#unlock-message")
            assert "Wait 1 second first" in _text(app, "#unlock-message")
            assert db_path.read_bytes() == before
            assert read_attempts(db_path).failures == 2

            await pilot.pause(1.1)
            await _type(pilot, TEST_PASSPHRASE)
            await pilot.press("enter")
            await _settle(app, pilot)
            assert "Too many wrong passphrases" in _text(app, "#unlock-message")

            clock.now = FIXED_NOW + timedelta(seconds=2)
            await pilot.pause(1.1)
            await _type(pilot, TEST_PASSPHRASE)
            await pilot.press("enter")
            await _settle(app, pilot)
            assert isinstance(app.screen, DashboardScreen)
            assert read_attempts(db_path).failures == 0

    async def test_restarting_keeps_the_wait(self, store: Store, db_path: Path) -> None:
        """Quitting and starting again does not reset the back-off."""
        store.close()
        clock = _Clock()
        app = _unlock_app(db_path, clock)
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(3):
                await _type(pilot, WRONG)
                await pilot.press("enter")
                await _settle(app, pilot)
                await pilot.pause(1.1)
                clock.now += timedelta(seconds=1)
        again = _unlock_app(db_path, clock)
        async with again.run_test(size=(100, 30)) as pilot:
            await _type(pilot, TEST_PASSPHRASE)
            await pilot.press("enter")
            await _settle(again, pilot)
            assert isinstance(again.screen, UnlockScreen)
            assert "Too many wrong passphrases" in _text(again, "#unlock-message")


class TestSetupScreen:
    async def test_weak_passphrase_is_explained_and_nothing_is_created(
        self, db_path: Path, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """First run: a passphrase made of the officer's name is refused with the reason."""
        app = make_app(None, officer_name="")
        async with app.run_test(size=(100, 40)) as pilot:
            assert isinstance(app.screen, SetupScreen)
            assert "CANNOT be recovered" in str(app.screen.query(Static)[1].render())
            await _type(pilot, "Jo Testofficer")
            await pilot.press("tab")
            await _type(pilot, "Jo Testofficer 2026")
            await pilot.press("tab")
            await _type(pilot, "Jo Testofficer 2026")
            await pilot.press("enter")
            await _settle(app, pilot)
            assert "your name" in _text(app, "#setup-message")
            assert not database_exists(db_path)


class TestChangePassphrase:
    async def _open_dialog(self, app: FieldcaseApp, pilot: object) -> RekeyDialog:
        await pilot.press("ctrl+p")  # type: ignore[attr-defined]
        await _type(pilot, "Change passphrase")
        await pilot.press("enter")  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]
        assert isinstance(app.screen, RekeyDialog)
        return app.screen

    async def test_weak_then_good_passphrase_from_the_command_palette(
        self, store: Store, db_path: Path, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """Each problem shows under its field; a good change re-encrypts the file."""
        app = make_app(store)
        async with app.run_test(size=(110, 45), notifications=True) as pilot:
            dialog = await self._open_dialog(app, pilot)
            await _type(pilot, TEST_PASSPHRASE)
            await pilot.press("tab")
            await _type(pilot, "short")
            await pilot.press("tab")
            await _type(pilot, "short")
            await pilot.press("ctrl+s")
            await _settle(app, pilot)
            assert app.screen is dialog
            assert "too short" in _text(app, "#new-error")
            assert app.focused is dialog.query_one("#new-passphrase", Input)

            await pilot.press("end", "ctrl+u")
            await _type(pilot, NEW)
            await pilot.press("tab", "end", "ctrl+u")
            await _type(pilot, NEW)
            await pilot.press("ctrl+s")
            await _settle(app, pilot)
            assert isinstance(app.screen, DashboardScreen)
            assert "Passphrase changed" in app.export_screenshot().replace("&#160;", " ")
        try:
            open_connection(db_path, TEST_PASSPHRASE).close()
            raise AssertionError("the old passphrase still opens the database")
        except WrongPassphrase:
            pass
        open_connection(db_path, NEW).close()

    async def test_wrong_current_passphrase_changes_nothing(
        self, store: Store, db_path: Path, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """Without the current passphrase the database is not re-encrypted."""
        app = make_app(store)
        async with app.run_test(size=(110, 45)) as pilot:
            dialog = await self._open_dialog(app, pilot)
            for text in (WRONG, NEW, NEW):
                await _type(pilot, text)
                await pilot.press("tab")
            await pilot.press("ctrl+s")
            await _settle(app, pilot)
            assert app.screen is dialog
            assert "not the passphrase" in _text(app, "#current-error")
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, DashboardScreen)
        open_connection(db_path, TEST_PASSPHRASE).close()

    async def test_not_offered_for_the_demo(
        self, store: Store, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """The demo's passphrase is published; it cannot be changed from the app."""
        app = make_app(store)
        app.demo = True
        async with app.run_test(size=(110, 45)):
            titles = [c.title for c in app.get_system_commands(app.screen)]
            assert "Change passphrase" not in titles
            assert "Hide" in titles
