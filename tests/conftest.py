"""Fixtures shared by every test: an isolated data folder and a real encrypted store."""

from __future__ import annotations

import asyncio
import gc
import os
import shutil
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings
from textual import _wait as textual_wait
from textual import constants as textual_constants
from textual.pilot import Pilot

from fieldcase.config import Settings
from fieldcase.db.store import Store, open_store
from fieldcase.demo.build import DEMO_OFFICER, DEMO_PASSPHRASE, populate
from fieldcase.domain.policy import Policy
from fieldcase.paths import locate
from fieldcase.ui.app import FieldcaseApp
from tests.key_derivation import (
    REAL_KDF_ITER,
    TEST_KDF_ITER,
    default_kdf_iter,
    set_default_kdf_iter,
)

# Officers work in UK local time; tests run there too, so dates on screen are stable.
os.environ["TZ"] = "Europe/London"
time.tzset()

# Apps under Pilot jump where officers' apps glide (a scroll to the focused field):
# the same end state, without drawing the frames in between nobody looks at. The
# real-terminal tests start fieldcase as officers do, with its animations.
textual_constants.TEXTUAL_ANIMATIONS = "none"  # type: ignore[misc]

# Property-based tests run a modest number of examples in the suite; set
# HYPOTHESIS_PROFILE=explore to search much harder before a release.
hypothesis_settings.register_profile("suite", max_examples=20, deadline=None)
hypothesis_settings.register_profile("explore", max_examples=400, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

TEST_PASSPHRASE = "correct horse battery staple"
TEST_OFFICER = "Officer Test"


GC_THRESHOLDS = (5_000, 20, 25)
"""Python's cycle collector, tuned for a test run (its defaults are 700, 10, 10).

Every Pilot test builds and drops a whole app, hundreds of thousands of objects;
with the defaults the collector walked them all again and again and took about
a quarter of a Pilot test's CPU time. Collecting less often frees the same
garbage a little later: a worker holds a few hundred megabytes more at its peak.
"""


SECONDS_A_TEST = {"ui": 5.0, "terminal": 3.0, "snapshots": 2.0}
"""Roughly how long a test of each folder takes; the rest take a fraction of a second."""


def _weight(tests: list[pytest.Item]) -> float:
    """Roughly how many seconds a file's tests take, or 0 for a file of quick tests."""
    folder = tests[0].path.parent.name
    if folder in SECONDS_A_TEST:
        return SECONDS_A_TEST[folder] * len(tests)
    slow = any(test.get_closest_marker("real_kdf") for test in tests)
    return 1.0 * len(tests) if slow else 0.0


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give each worker its share of the long tests first, and quick tests to end on.

    ``--dist worksteal`` first hands each worker an equal run of the list, in
    order, and then workers take tests from the end of each other's queue. The
    list is laid out as one lane per worker: long files spread over the lanes
    by their rough cost, each lane topped up with quick files to an equal
    count. Every worker then starts with long tests and ends on quick ones,
    instead of one waiting on a long test that started late.
    """
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if workers < 2:
        return
    files: dict[Path, list[pytest.Item]] = {}
    for item in items:
        files.setdefault(item.path, []).append(item)
    lanes: list[list[pytest.Item]] = [[] for _ in range(workers)]
    costs = [0.0] * workers
    long_files = sorted(
        (tests for tests in files.values() if _weight(tests)), key=_weight, reverse=True
    )
    for tests in long_files:
        lane = costs.index(min(costs))
        lanes[lane].extend(tests)
        costs[lane] += _weight(tests)
    quick = [item for tests in files.values() if not _weight(tests) for item in tests]
    # The equal runs worksteal hands out first (see its check_schedule).
    remaining, start = len(items), 0
    for lane in range(workers):
        share = remaining // (workers - lane)
        remaining -= share
        take = max(0, share - len(lanes[lane]))
        lanes[lane].extend(quick[start : start + take])
        start += take
    lanes[-1].extend(quick[start:])
    items[:] = [item for lane in lanes for item in lane]


def pytest_collection_finish(session: pytest.Session) -> None:
    """Set aside what stays for the whole run (modules, collected tests), then collect less often.

    Frozen objects are never walked again by the collector; each test's own
    objects are collected as before, only in larger batches.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "real_kdf: derive keys with SQLCipher's real default (256,000 PBKDF2 iterations)",
    )


@pytest.fixture(scope="session", autouse=True)
def cheap_key_derivation() -> Iterator[int]:
    """Test databases derive their keys with a few iterations (see tests/key_derivation.py)."""
    set_default_kdf_iter(TEST_KDF_ITER)
    yield TEST_KDF_ITER
    set_default_kdf_iter(REAL_KDF_ITER)


@pytest.fixture(autouse=True)
def key_derivation(request: pytest.FixtureRequest, cheap_key_derivation: int) -> Iterator[int]:
    """The iteration count this test runs with: the real one for tests marked ``real_kdf``."""
    if request.node.get_closest_marker("real_kdf") is None:
        yield cheap_key_derivation
        return
    set_default_kdf_iter(REAL_KDF_ITER)
    try:
        yield REAL_KDF_ITER
    finally:
        set_default_kdf_iter(cheap_key_derivation)


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
def empty_databases(tmp_path_factory: pytest.TempPathFactory) -> Callable[[], Path]:
    """Newly created and migrated encrypted databases, made once per test run.

    Creating and migrating costs about half a second; copying the closed file
    gives every test the same fresh database at almost no cost. There is one
    file for each key derivation setting in use (a file opens only with the
    setting it was made with), made the first time a test asks for it.
    """
    made: dict[int, Path] = {}

    def empty_database() -> Path:
        iterations = default_kdf_iter()
        if iterations not in made:
            path = tmp_path_factory.mktemp(f"template-kdf-{iterations}") / "fieldcase.db"
            open_store(path, TEST_PASSPHRASE, create=True, actor=TEST_OFFICER).close()
            made[iterations] = path
        return made[iterations]

    return empty_database


@pytest.fixture
def store(
    db_path: Path, empty_databases: Callable[[], Path], key_derivation: int
) -> Iterator[Store]:
    """A freshly created, migrated, encrypted database, keyed as the test's setting says."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(empty_databases(), db_path)
    opened = open_store(db_path, TEST_PASSPHRASE, actor=TEST_OFFICER)
    yield opened
    opened.close()


def _build_demo(path: Path, today: date) -> None:
    built = open_store(path, DEMO_PASSPHRASE, create=True, actor=DEMO_OFFICER)
    try:
        populate(built, policy=Policy(), today=today)
    finally:
        built.close()


def _built_once_per_run(folder: Path, name: str, build: Callable[[Path], None]) -> Path:
    """``folder/name/name.db``, built by whichever worker of the run asks first.

    The others wait on a lock for it and then use the same file. The file
    appears, by a rename, only once it is complete.
    """
    import fcntl

    target = folder / name / f"{name}.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.exists():
            partial = target.with_name(f"{name}.building.db")
            build(partial)
            partial.replace(target)
    return target


@pytest.fixture(scope="session")
def demo_databases(tmp_path_factory: pytest.TempPathFactory) -> Callable[[date], Path]:
    """Closed demo databases (``fieldcase.demo.populate``), built once per test run.

    Filling the demo takes seconds; each test copies the file it needs. There is
    one file per day the demo is made for (its dates are relative to that day)
    and per key derivation setting. Workers of one run (``-n``) share the files
    where the system can lock files for them (``fcntl``); elsewhere each
    worker builds its own.
    """
    made: dict[tuple[date, int], Path] = {}
    shared = os.environ.get("PYTEST_XDIST_WORKER") is not None and os.name == "posix"

    def demo_database(today: date) -> Path:
        key = (today, default_kdf_iter())
        if key not in made:
            name = f"demo-{today.isoformat()}-kdf-{key[1]}"
            if shared:
                run_folder = tmp_path_factory.getbasetemp().parent
                made[key] = _built_once_per_run(
                    run_folder, name, lambda path: _build_demo(path, today)
                )
            else:
                path = tmp_path_factory.mktemp(name) / "demo.db"
                _build_demo(path, today)
                made[key] = path
        return made[key]

    return demo_database


@pytest.fixture
def copy_demo(demo_databases: Callable[[date], Path]) -> Callable[[Path, date], Path]:
    """Put a copy of the demo database made for a day at a path; returns the path."""

    def copy(target: Path, today: date) -> Path:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(demo_databases(today), target)
        return target

    return copy


@pytest.fixture
def open_demo_copy(
    copy_demo: Callable[[Path, date], Path], tmp_path: Path
) -> Iterator[Callable[[date], Store]]:
    """Open a private copy of the demo database made for a day; closed after the test."""
    opened: list[Store] = []

    def open_copy(today: date) -> Store:
        path = copy_demo(tmp_path / f"demo-copy-{len(opened)}.db", today)
        opened.append(open_store(path, DEMO_PASSPHRASE, actor=DEMO_OFFICER))
        return opened[-1]

    yield open_copy
    for store in opened:
        store.close()


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
        clock: Callable[[], datetime] | None = None,
    ) -> FieldcaseApp:
        """``clock`` replaces the fixed ``now`` for a test whose time moves on."""
        locations = locate()
        chosen = settings or Settings(officer_name=officer_name)
        return FieldcaseApp(
            locations=locations,
            settings=chosen,
            database=locations.database,
            store=store,
            clock=clock or (lambda: now),
        )

    return build


IDLE_GRANULARITY = 0.004
"""How long Pilot watches the process for being idle after each key (Textual's own is 20 ms).

Pilot treats the app as idle when it used under 5% of the CPU over this span; the
ratio is Textual's, only the span is shorter, so a key costs a few milliseconds.
"""


async def _settle(pilot: Pilot[Any]) -> None:
    """Wait for the screen and for the background work it started.

    Screens load and save in workers, off the interface thread. A test, like an
    officer watching the screen, looks only once that work is done, and once
    the keys waiting their turn (``FieldcaseApp.type_ahead``) have been handled. Workers
    waiting for the officer to answer a dialog (``FieldcaseApp.ask``) are not
    waited for: the test answers them.
    """
    app = pilot.app
    for _ in range(12_000):
        if isinstance(app, FieldcaseApp) and app.type_ahead.pending:
            # Keys wait their turn until the widgets are quiet; waiting for the
            # screen now would keep them busy (it sends every widget a message).
            await asyncio.wait_for(app.type_ahead.wait_until_handled(), 60)
            continue
        await pilot._wait_for_screen()
        busy = [worker for worker in app.workers if not worker.is_finished]
        typing = isinstance(app, FieldcaseApp) and app.type_ahead.pending
        if len(busy) <= getattr(app, "questions_open", 0) and not typing:
            return
        await asyncio.sleep(0.005)
    raise AssertionError("background work did not finish within a minute")


async def _handled(pilot: Pilot[Any]) -> None:
    """Wait until the keys pressed so far have been handled, but not for background work.

    A key waits its turn while the screen is still being built
    (``FieldcaseApp.type_ahead``); tests of keys pressed while a slow query runs
    look once it has been handled.
    """
    app = pilot.app
    if isinstance(app, FieldcaseApp):
        await asyncio.wait_for(app.type_ahead.wait_until_handled(), 60)
    await pilot._wait_for_screen()


@pytest.fixture(autouse=True)
def pilot_waits_for_background_work(
    monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """After each key press, click or pause, Pilot waits until loading and saving are done.

    Tests marked ``keys_while_busy`` press keys while background work is still running;
    Pilot waits only until each key has been handled.
    """
    monkeypatch.setattr(textual_wait, "SLEEP_GRANULARITY", IDLE_GRANULARITY)
    monkeypatch.setattr(textual_wait, "SLEEP_IDLE", IDLE_GRANULARITY / 20)
    press, click, pause = Pilot.press, Pilot.click, Pilot.pause
    if request.node.get_closest_marker("keys_while_busy"):

        async def handed_on(self: Pilot[Any], *keys: str) -> None:
            for key in keys:
                await press(self, key)
                await _handled(self)

        monkeypatch.setattr(Pilot, "press", handed_on)
        return

    async def pressed(self: Pilot[Any], *keys: str) -> None:
        for key in keys:
            # Textual's own press without its look at every widget: _settle looks.
            await self.app._press_keys((key,))
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
