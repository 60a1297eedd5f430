"""Keys typed faster than the screen changes, and pastes, land where an officer means them to."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Checkbox, Input, Static

from fieldcase.db.store import Store
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.screens.setup import SetupScreen
from fieldcase.ui.screens.visit_plan import VisitPlanScreen
from tests.builders import a_case
from tests.ui.helpers import from_terminal, settle

PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"

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
