"""A slow store never freezes the screen: loading runs off the interface thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from textual import events
from textual.widgets import Static

from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import Category, PartyRole, Strand
from fieldcase.services import caseload, intake
from fieldcase.services.case_records import IncidentInput, PersonInput
from fieldcase.services.intake import NewCaseInput
from fieldcase.ui.screens.case_file import CaseFileScreen
from fieldcase.ui.screens.dashboard import DashboardScreen
from tests.conftest import FIXED_NOW, TEST_OFFICER

QUERY_DELAY = 0.3
"""Every query on the slow store waits this long, as on a slow link to a team server."""

pytestmark = pytest.mark.keys_while_busy


class SlowStore:
    """Adds a delay to every query, and holds queries back until the test lets them through."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.gate = threading.Event()
        self.gate.set()
        self.waiting = threading.Event()
        event.listen(store.engine, "before_cursor_execute", self._slow)

    def _slow(self, *_: Any) -> None:
        if not self.gate.is_set():
            self.waiting.set()
            self.gate.wait(timeout=60)
            time.sleep(QUERY_DELAY)

    def hold(self) -> None:
        """From now on, queries wait until ``release``."""
        self.waiting.clear()
        self.gate.clear()

    def release(self) -> None:
        """Let the held queries through."""
        self.gate.set()


@pytest.fixture
def slow(store: Store) -> Iterator[SlowStore]:
    """The test's store, slowed down on demand."""
    slowed = SlowStore(store)
    yield slowed
    slowed.release()


def _open_case(store: Store) -> Any:
    data = NewCaseInput(
        category=Category.HATE_CRIME,
        strands=[Strand.RACE],
        address="3 Wren Row, Eastbridge",
        postcode="EB1 2AB",
        people=[PersonInput("Ivo Brandt", PartyRole.VICTIM)],
        incident=IncidentInput(
            occurred_at=FIXED_NOW, kinds=["verbal_abuse"], description="Shouting at the door."
        ),
    )
    with store.transaction() as session:
        case = intake.create_case(
            session, data, officer_name=TEST_OFFICER, policy=Policy(), today=FIXED_NOW.date()
        )
        return case.id


async def _until(pilot: Any, condition: Any) -> None:
    for _ in range(2_000):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the screen never got there")


async def test_keys_are_handled_while_the_case_file_loads(
    store: Store, slow: SlowStore, make_app: Any
) -> None:
    """While a slow query runs, the case file shows it is loading and Esc still goes back."""
    case_id = _open_case(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await pilot.pause(0.05)
        slow.hold()
        app.push_screen(CaseFileScreen(case_id))
        # Other work (the check-in watch) may be the first query held: wait for the
        # case file itself to be on screen, loading.
        await _until(pilot, lambda: bool(app.screen.query("#case-body")))
        await _until(pilot, slow.waiting.is_set)
        body = app.screen.query_one("#case-body")
        assert body.loading, "the case file shows that it is loading"
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen), "Esc was handled during the load"
        slow.release()
        await app.workers.wait_for_complete()


async def test_the_case_file_appears_once_the_slow_query_returns(
    store: Store, slow: SlowStore, make_app: Any
) -> None:
    """Once the slow store answers, the loading indicator goes and the case is shown."""
    case_id = _open_case(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, DashboardScreen))
        slow.hold()
        app.push_screen(CaseFileScreen(case_id))
        await _until(pilot, slow.waiting.is_set)
        screen = app.screen
        assert isinstance(screen, CaseFileScreen)
        await pilot.press("tab")  # moving between the tables works while loading
        slow.release()
        await _until(pilot, lambda: screen.overview is not None)
        await app.workers.wait_for_complete()
        await pilot.pause(0.05)
        assert not screen.query_one("#case-body").loading
        assert screen.sub_title.startswith("FC-")


async def test_a_case_key_typed_while_the_case_opens_acts_once_it_has_opened(
    store: Store, slow: SlowStore, make_app: Any
) -> None:
    """``l`` pressed before the slow case file has loaded opens the contact form afterwards."""
    from fieldcase.ui.dialogs.contact import ContactDialog

    case_id = _open_case(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await pilot.pause(0.05)
        slow.hold()
        app.push_screen(CaseFileScreen(case_id))
        await _until(pilot, slow.waiting.is_set)
        # Typed as from the terminal: the keys after it wait for the case, so a Pilot
        # press, which waits for them, would wait for the held query too.
        app.post_message(events.Key("l", "l"))
        await pilot.pause(0.05)
        assert isinstance(app.screen, CaseFileScreen), "nothing opens before the case has"
        slow.release()
        await _until(pilot, lambda: isinstance(app.screen, ContactDialog))
        await pilot.press("escape")  # handed on once the form is whole
        await _until(pilot, lambda: isinstance(app.screen, CaseFileScreen))
        await app.workers.wait_for_complete()


async def test_a_search_typed_while_a_query_runs_starts_one_query_at_a_time(
    store: Store, slow: SlowStore, make_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys typed while the caseload query is held queue behind it, not beside it; the list
    then shows what the last key asked for."""
    _open_case(store)
    running = [0, 0]
    """Caseload queries running now, and the most that ever ran at once."""
    lock = threading.Lock()
    real = caseload.caseload_page

    def counted(*args: Any, **kwargs: Any) -> caseload.CaseloadPage:
        with lock:
            running[0] += 1
            running[1] = max(running)
        try:
            return real(*args, **kwargs)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(caseload, "caseload_page", counted)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await app.workers.wait_for_complete()
        app.screen.query_one("#search").focus()
        slow.hold()
        await pilot.press("i")
        await _until(pilot, lambda: running[0] == 1 and slow.waiting.is_set())
        await pilot.press("v", "o")
        await pilot.pause(0.2)
        assert running[1] == 1, "one caseload query at a time"
        slow.release()
        info = app.screen.query_one("#page-info", Static)
        await _until(pilot, lambda: 'matching "ivo"' in str(info.render()))
        await app.workers.wait_for_complete()
