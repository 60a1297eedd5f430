"""Lock and hide: nothing personal shows until the passphrase is typed; work resumes intact."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlmodel import select
from textual.command import CommandPalette
from textual.widgets import Input

from fieldcase.config import Settings
from fieldcase.db.models import Case
from fieldcase.db.store import Store
from fieldcase.services.security import attempts_file, read_attempts
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.screens.lock import LockScreen
from fieldcase.ui.screens.new_case import NewCaseScreen
from tests.conftest import TEST_PASSPHRASE
from tests.ui.helpers import type_text

TYPED = "Shouting at the door, Zanele Testperson"


async def _settle(app: FieldcaseApp, pilot: object) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


async def _type(pilot: object, text: str) -> None:
    await type_text(pilot, text)  # type: ignore[arg-type]


async def _fill_summary(app: FieldcaseApp, pilot: object) -> Input:
    await pilot.press("n")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, NewCaseScreen)
    summary = app.screen.query_one("#summary", Input)
    while app.focused is not summary:
        await pilot.press("tab")  # type: ignore[attr-defined]
    await _type(pilot, TYPED)
    assert summary.value == TYPED
    return summary


def _screen_text(app: FieldcaseApp) -> str:
    return app.export_screenshot().replace("&#160;", " ")


class TestHideKey:
    async def test_hide_then_unlock_returns_to_the_half_typed_form(
        self, store: Store, db_path: Path, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """Ctrl+L hides a half-typed form; a wrong then the right passphrase brings it back."""
        app = make_app(store)
        async with app.run_test(size=(110, 40)) as pilot:
            summary = await _fill_summary(app, pilot)
            await pilot.press("ctrl+l")
            await pilot.pause()
            assert isinstance(app.screen, LockScreen)
            shown = _screen_text(app)
            assert "fieldcase is locked" in shown
            assert "Zanele" not in shown and "Shouting" not in shown

            await _type(pilot, "not my passphrase")
            await pilot.press("enter")
            await _settle(app, pilot)
            assert isinstance(app.screen, LockScreen)
            assert "That is not the passphrase" in _screen_text(app)
            assert read_attempts(db_path).failures == 1

            await _type(pilot, TEST_PASSPHRASE)
            await pilot.press("enter")
            await _settle(app, pilot)
            assert isinstance(app.screen, NewCaseScreen)
            assert app.screen.query_one("#summary", Input) is summary
            assert summary.value == TYPED
            assert app.focused is summary
            assert not attempts_file(db_path).exists()
        with store.reading() as session:
            assert session.exec(select(Case)).all() == []

    async def test_command_palette_cannot_reach_past_the_lock(
        self, store: Store, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """While locked, Ctrl+P opens nothing that could show a case."""
        app = make_app(store)
        async with app.run_test(size=(110, 40)) as pilot:
            await pilot.press("ctrl+l")
            await pilot.pause()
            await pilot.press("ctrl+p")
            await pilot.pause()
            assert isinstance(app.screen, LockScreen)
            assert not CommandPalette.is_open(app)

    async def test_notifications_wait_until_unlocked(
        self, store: Store, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """A message that names someone does not pop up over the lock screen."""
        app = make_app(store)
        async with app.run_test(size=(110, 40), notifications=True) as pilot:
            await pilot.press("ctrl+l")
            await pilot.pause()
            app.notify("Contact saved for Zanele Testperson")
            await pilot.pause()
            assert "Zanele" not in _screen_text(app)
            await _type(pilot, TEST_PASSPHRASE)
            await pilot.press("enter")
            await _settle(app, pilot)
            await pilot.pause()
            assert "Zanele" in _screen_text(app)


class TestIdleLock:
    async def test_locks_after_the_idle_minutes(
        self, store: Store, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """Five minutes without a key press hides the half-typed form behind the lock."""
        app = make_app(store)
        async with app.run_test(size=(110, 40)) as pilot:
            await _fill_summary(app, pilot)
            app.idle_watch.last_activity -= 5 * 60 + 1
            app.idle_watch.check()
            await pilot.pause()
            assert isinstance(app.screen, LockScreen)
            assert "Zanele" not in _screen_text(app)

    async def test_any_key_restarts_the_idle_time(
        self, store: Store, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """A key press just before the time-out keeps the screen open."""
        app = make_app(store)
        async with app.run_test(size=(110, 40)) as pilot:
            app.idle_watch.last_activity -= 5 * 60 - 1
            await pilot.press("tab")
            assert app.idle_watch.idle_seconds < 5
            assert app.idle_watch.check() is False
            assert not isinstance(app.screen, LockScreen)

    async def test_configured_minutes_are_used_and_zero_never_locks(
        self, store: Store, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """Settings.idle_lock_minutes sets the time; 0 turns the idle lock off."""
        app = make_app(store, settings=Settings(officer_name="Officer Test", idle_lock_minutes=0))
        async with app.run_test(size=(110, 40)) as pilot:
            app.idle_watch.last_activity -= 24 * 3600
            app.idle_watch.check()
            await pilot.pause()
            assert not isinstance(app.screen, LockScreen)
        app = make_app(store, settings=Settings(officer_name="Officer Test", idle_lock_minutes=1))
        async with app.run_test(size=(110, 40)) as pilot:
            app.idle_watch.last_activity -= 61
            app.idle_watch.check()
            await pilot.pause()
            assert isinstance(app.screen, LockScreen)
