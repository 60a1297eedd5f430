"""Fixtures shared by every test: an isolated data folder and a real encrypted store."""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from fieldcase.config import Settings
from fieldcase.db.store import Store, open_store
from fieldcase.domain.policy import Policy
from fieldcase.paths import locate
from fieldcase.ui.app import FieldcaseApp

# Officers work in UK local time; tests run there too, so dates on screen are stable.
os.environ["TZ"] = "Europe/London"
time.tzset()

TEST_PASSPHRASE = "correct horse battery staple"
TEST_OFFICER = "Officer Test"


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test out of the real data folder."""
    data = tmp_path / "data"
    monkeypatch.setenv("FIELDCASE_DATA_DIR", str(data))
    return data


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test's database file lives."""
    return tmp_path / "data" / "fieldcase.db"


@pytest.fixture(scope="session")
def empty_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One newly created and migrated encrypted database, made once per test run.

    Creating and migrating costs about half a second; copying the closed file
    gives every test the same fresh database at almost no cost.
    """
    path = tmp_path_factory.mktemp("template") / "fieldcase.db"
    open_store(path, TEST_PASSPHRASE, create=True, actor=TEST_OFFICER).close()
    return path


@pytest.fixture
def store(db_path: Path, empty_database: Path) -> Iterator[Store]:
    """A freshly created, migrated, encrypted database."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(empty_database, db_path)
    opened = open_store(db_path, TEST_PASSPHRASE, actor=TEST_OFFICER)
    yield opened
    opened.close()


@pytest.fixture
def policy() -> Policy:
    """The default organisation policy."""
    return Policy()


FIXED_NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
"""A Wednesday morning; UI tests run at this moment unless they say otherwise."""


@pytest.fixture
def make_app(tmp_path: Path) -> Callable[..., FieldcaseApp]:
    """Build an app already unlocked on a store, at a fixed moment."""

    def build(
        store: Store | None = None,
        *,
        now: datetime = FIXED_NOW,
        officer_name: str = TEST_OFFICER,
        settings: Settings | None = None,
    ) -> FieldcaseApp:
        locations = locate()
        chosen = settings or Settings(officer_name=officer_name)
        return FieldcaseApp(
            locations=locations,
            settings=chosen,
            database=locations.database,
            store=store,
            clock=lambda: now,
        )

    return build


async def _settle(pilot: Pilot[Any]) -> None:
    """Wait for the screen and for the background work it started.

    Screens load and save in workers, off the interface thread. A test, like an
    officer watching the screen, looks only once that work is done. Workers
    waiting for the officer to answer a dialog (``FieldcaseApp.ask``) are not
    waited for: the test answers them.
    """
    app = pilot.app
    for _ in range(12_000):
        await pilot._wait_for_screen()
        busy = [worker for worker in app.workers if not worker.is_finished]
        if len(busy) <= getattr(app, "questions_open", 0):
            return
        await asyncio.sleep(0.005)
    raise AssertionError("background work did not finish within a minute")


@pytest.fixture(autouse=True)
def pilot_waits_for_background_work(
    monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """After each key press, click or pause, Pilot waits until loading and saving are done.

    Tests marked ``keys_while_busy`` press keys while background work is still running.
    """
    if request.node.get_closest_marker("keys_while_busy"):
        return
    press, click, pause = Pilot.press, Pilot.click, Pilot.pause

    async def pressed(self: Pilot[Any], *keys: str) -> None:
        await press(self, *keys)
        await _settle(self)

    async def clicked(self: Pilot[Any], *args: Any, **kwargs: Any) -> bool:
        result = await click(self, *args, **kwargs)
        await _settle(self)
        return result

    async def paused(self: Pilot[Any], delay: float | None = None) -> None:
        await pause(self, delay)
        if delay is None:
            await _settle(self)

    monkeypatch.setattr(Pilot, "press", pressed)
    monkeypatch.setattr(Pilot, "pause", paused)
    monkeypatch.setattr(Pilot, "click", clicked)
