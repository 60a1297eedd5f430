"""Keys typed faster than the screen changes, and pastes, land where an officer means them to."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, Select, Static

from fieldcase.config import Settings
from fieldcase.db.store import Store, open_store
from fieldcase.paths import locate
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.contact import ContactDialog
from fieldcase.ui.screens.dashboard import DashboardScreen
from fieldcase.ui.screens.new_case import NewCaseScreen
from fieldcase.ui.screens.setup import SetupScreen
from fieldcase.ui.screens.unlock import UnlockScreen
from fieldcase.ui.screens.visit_plan import VisitPlanScreen
from tests.builders import a_case
from tests.conftest import TEST_OFFICER, TEST_PASSPHRASE
from tests.ui.helpers import burst, from_terminal, open_case_file, settle

PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
PASSPHRASE = "quiet-marsh-lantern-oboe-47"
"""An invented passphrase strong enough for a new database."""

pytestmark = pytest.mark.keys_while_busy


def value(app: FieldcaseApp, selector: str) -> str:
    return app.screen.query_one(selector, Input).value


async def test_a_burst_after_tab_lands_in_the_next_field(
    make_app: Callable[..., FieldcaseApp],
) -> None:
    """``abc<Tab>def`` sent at once on the first-run screen: abc is the name, def the passphrase."""
    app = make_app(officer_name="")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        await from_terminal(pilot, "abc\tdef")
        assert value(app, "#officer-name") == "abc"
        assert value(app, "#passphrase") == "def"


async def test_a_password_manager_fills_the_first_run_screen(
    db_path: Path, make_app: Callable[..., FieldcaseApp]
) -> None:
    """``name<Tab>passphrase<Tab>passphrase<Enter>`` at once: the database for that name."""
    app = make_app(officer_name="")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await from_terminal(pilot, f"Jo Invented\t{PASSPHRASE}\t{PASSPHRASE}\r")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.settings.officer_name == "Jo Invented"
    open_store(db_path, PASSPHRASE).close()


async def test_a_key_typed_straight_after_unlocking_acts_on_the_caseload(
    store: Store, db_path: Path
) -> None:
    """``passphrase<Enter>n`` at once: the database opens and n starts a new case."""
    store.close()
    app = FieldcaseApp(
        locations=locate(), settings=Settings(officer_name=TEST_OFFICER), database=db_path
    )
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        await from_terminal(pilot, f"{TEST_PASSPHRASE}\rn")
        assert isinstance(app.screen, NewCaseScreen)


async def test_tabs_and_a_time_in_one_burst_land_in_when(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """On a new contact, ``<Tab><Tab>yesterday 21:37`` at once: past How and With, into When."""
    with store.transaction() as session:
        case = a_case(session)
    app = make_app(store)
    async with app.run_test(size=(120, 45)) as pilot:
        await open_case_file(pilot, case.case_id)
        await pilot.press("l")
        dialog = app.screen
        assert isinstance(dialog, ContactDialog)
        method, person = (
            str(dialog.query_one(f"#{n}", Select).value) for n in ("method", "person")
        )
        await from_terminal(pilot, "\t\tyesterday 21:37")
        assert value(app, "#at") == "yesterday 21:37"
        assert "21:37" in str(dialog.query_one("#at-preview", Static).render())
        assert app.focused is dialog.query_one("#at")
        assert str(dialog.query_one("#method", Select).value) == method
        assert str(dialog.query_one("#person", Select).value) == person


async def test_named_keys_in_one_burst_open_the_contact_form_and_fill_when(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """``l`` then Tab, Tab and a time, all queued before the form has opened."""
    with store.transaction() as session:
        case = a_case(session)
    app = make_app(store)
    async with app.run_test(size=(120, 45)) as pilot:
        await open_case_file(pilot, case.case_id)
        await burst(pilot, "l", "tab", "tab", *"today 9:05")
        assert isinstance(app.screen, ContactDialog)
        assert value(app, "#at") == "today 9:05"


async def test_tab_straight_after_space_goes_to_the_field_the_tick_opens(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """Space on "Park away" then Tab at once: the typing goes into "Where to park"."""
    with store.transaction() as session:
        case = a_case(session)
    app = make_app(store)
    async with app.run_test(size=(110, 50)) as pilot:
        await settle(pilot)
        app.push_screen(VisitPlanScreen(case.case_id))
        for _ in range(1_000):  # the plan loads in the background
            if app.screen.query("#park-away") and not app.screen.query_one("#visit-plan").loading:
                break
            await pilot.pause(0.02)
        app.screen.query_one("#park-away", Checkbox).focus()
        await settle(pilot)
        await from_terminal(pilot, " \tCo-op car park")
        assert app.screen.query_one("#park-away", Checkbox).value
        assert value(app, "#park-where") == "Co-op car park"


async def test_a_paste_is_text_and_presses_no_keys(
    make_app: Callable[..., FieldcaseApp],
) -> None:
    """A paste ending in ESC ctrl+S arrives visibly in the field and saves nothing."""
    app = make_app(officer_name="")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await from_terminal(pilot, f"{PASTE_START}Jo\x1b[31m\u202e\x1b\x13{PASTE_END}!")
        assert value(app, "#officer-name") == "Jo\\x1b[31m\\u202e\\x1b\\x13!"
        assert str(app.screen.query_one("#setup-message", Static).render()) == ""


async def test_lines_pasted_into_a_one_line_field_are_kept(
    make_app: Callable[..., FieldcaseApp],
) -> None:
    """An address pasted from an e-mail keeps every line, joined by spaces."""
    app = make_app(officer_name="")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await from_terminal(pilot, f"{PASTE_START}Jo\r\nBloggs\rJunior{PASTE_END}")
        assert value(app, "#officer-name") == "Jo Bloggs Junior"
