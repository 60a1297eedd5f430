"""Dialogs answer for themselves, lists keep the officer's place, state reads without colour."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.style import Style
from textual.color import Color
from textual.pilot import Pilot
from textual.widgets import DataTable

from fieldcase.db.store import Store
from fieldcase.demo.build import STORY_VICTIM
from fieldcase.domain.dates import local_today
from fieldcase.domain.vocab import ContactMethod
from fieldcase.paths import locate
from fieldcase.tools import screenshots
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.case_items import ActionDialog, CaseDetailsDialog
from fieldcase.ui.dialogs.contact import ContactDialog
from fieldcase.ui.monochrome import MIN_CONTRAST, readable_grey
from fieldcase.ui.screens.case_file import CaseFileScreen
from fieldcase.ui.screens.dashboard import DashboardScreen
from fieldcase.ui.screens.help import HelpScreen
from tests.builders import INCIDENT_AT, BuiltCase, a_case, a_contact
from tests.ui.helpers import open_case_file, settle, table_text, type_text

MakeApp = Callable[..., FieldcaseApp]


def drawn_lines(pilot: Pilot[Any]) -> list[str]:
    """The screen as the terminal draws it, line by line (the app's colour filters applied)."""
    return [strip.text for strip in pilot.app.screen._compositor.render_strips()]


def highlighted(table: DataTable[Any]) -> list[str]:
    """The cells of a table's highlighted row, as text."""
    return [str(c) for c in table.get_row_at(table.cursor_row)]


@pytest.fixture
def two_perpetrators(store: Store) -> BuiltCase:
    """A case with a victim and two alleged perpetrators, and two letters logged."""
    built = store.run(a_case, perpetrators=["Ellis Crane", "Rory Vane"])
    for days in (1, 2):
        store.run(
            a_contact,
            built.case_id,
            at=INCIDENT_AT + timedelta(days=days),
            method=ContactMethod.LETTER,
            notes=f"letter {days}",
        )
    return built


class TestTheHighlightStays:
    """After a dialog, a save or a reload, the highlight is on the row the officer left it."""

    async def test_after_a_cancelled_dialog(
        self, store: Store, make_app: MakeApp, two_perpetrators: BuiltCase
    ) -> None:
        """People on the second perpetrator; a contact dialog opened and cancelled: still there."""
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_case_file(pilot, two_perpetrators.case_id)
            people = app.screen.query_one("#people", DataTable)
            await pilot.press("down", "down")
            assert highlighted(people)[1] == "Rory Vane"
            await pilot.press("l")
            assert isinstance(app.screen, ContactDialog)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, CaseFileScreen)
            assert highlighted(people)[1] == "Rory Vane"
            assert app.focused is people

    async def test_after_a_saved_dialog_that_adds_a_row_above(
        self, store: Store, make_app: MakeApp, two_perpetrators: BuiltCase
    ) -> None:
        """The older letter highlighted; a new contact saved lands on top; the older letter
        is still the highlighted one, a row further down."""
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_case_file(pilot, two_perpetrators.case_id)
            contacts = app.screen.query_one("#contacts", DataTable)
            contacts.focus()
            await pilot.press("down")
            assert highlighted(contacts)[5] == "letter 1"
            await pilot.press("l")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, CaseFileScreen)
            assert contacts.row_count == 3
            assert contacts.cursor_row == 2
            assert highlighted(contacts)[5] == "letter 1"

    async def test_people_after_a_saved_action(
        self, store: Store, make_app: MakeApp, two_perpetrators: BuiltCase
    ) -> None:
        """People on the second perpetrator; an action saved, the case file reloads: still there."""
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_case_file(pilot, two_perpetrators.case_id)
            people = app.screen.query_one("#people", DataTable)
            await pilot.press("down", "down", "t")
            assert isinstance(app.screen, ActionDialog)
            await type_text(pilot, "Write to both neighbours")
            await pilot.press("ctrl+s")
            await settle(pilot)
            actions = table_text(app.screen.query_one("#actions", DataTable))
            assert [row[1] for row in actions] == ["Write to both neighbours"]
            assert highlighted(people)[1] == "Rory Vane"

    async def test_caseload_after_a_case_file(
        self, store: Store, make_app: MakeApp, two_perpetrators: BuiltCase
    ) -> None:
        """The second case highlighted, opened and left: the caseload reloads on that case."""
        other = store.run(a_case, victims=["Nadia Ferro"], address="3 Quill Lane")
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            caseload = app.screen.query_one("#caseload", DataTable)
            await pilot.press("down")
            chosen = highlighted(caseload)[0]
            assert chosen in (two_perpetrators.reference, other.reference)
            await pilot.press("enter")
            assert isinstance(app.screen, CaseFileScreen)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, DashboardScreen)
            assert highlighted(caseload)[0] == chosen


class TestDialogsAnswerForThemselves:
    """A dialog's footer, F1 help and command palette are its own, not the screen's below."""

    async def test_footer_shows_the_dialogs_keys(
        self, store: Store, make_app: MakeApp, two_perpetrators: BuiltCase
    ) -> None:
        """In the contact dialog the footer offers Save (ctrl+s), Cancel (esc) and Help (f1),
        not the case file's keys."""
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_case_file(pilot, two_perpetrators.case_id)
            assert "Log contact" in drawn_lines(pilot)[-1]
            await pilot.press("l")
            await settle(pilot)  # the footer shows the dialog's keys once it has drawn
            footer = drawn_lines(pilot)[-1]
            assert "^s Save" in footer and "esc Cancel" in footer and "f1 Help" in footer
            assert "Log contact" not in footer and "Incident" not in footer

    async def test_f1_shows_the_dialogs_own_help(
        self, store: Store, make_app: MakeApp, two_perpetrators: BuiltCase
    ) -> None:
        """F1 in the contact dialog explains contacts and lists ctrl+s and esc; Esc goes back to
        the dialog with what was typed still there."""
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_case_file(pilot, two_perpetrators.case_id)
            await pilot.press("l")
            app.screen.query_one("#at").focus()
            await pilot.pause()
            await type_text(pilot, "yesterday")
            await pilot.press("f1")
            assert isinstance(app.screen, HelpScreen)
            shown = " ".join(" ".join(drawn_lines(pilot)).split())
            assert "Log a letter, call, visit or message" in shown
            assert "ctrl+s Save" in shown and "esc Cancel" in shown
            assert "Log contact" not in shown
            await pilot.press("escape")
            assert isinstance(app.screen, ContactDialog)
            assert app.screen.query_one("#at").value == "yesterday"  # type: ignore[attr-defined]

    async def test_command_palette_offers_the_dialogs_actions(
        self, store: Store, make_app: MakeApp, two_perpetrators: BuiltCase
    ) -> None:
        """Inside a dialog the palette offers Save, Cancel and Help; nothing that leaves the form
        (Dashboard, the case file's actions) and no cursor keys of the field being typed in."""
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_case_file(pilot, two_perpetrators.case_id)
            await pilot.press("l")
            titles = {command.title for command in app.get_system_commands(app.screen)}
            assert {"Save", "Cancel", "Help"} <= titles
            assert not titles & {"Dashboard", "Agenda", "Log contact", "Incident"}
            assert not any("cursor" in title.lower() for title in titles)


class TestWithoutColour:
    """With the terminal set to monochrome (NO_COLOR), every state still reads in words."""

    async def test_ticks_read_as_x_and_blank(
        self,
        store: Store,
        make_app: MakeApp,
        two_perpetrators: BuiltCase,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """The case details' strands: Race ticked [x], the others [ ]; no colour drawn."""
        monkeypatch.setenv("NO_COLOR", "1")
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_case_file(pilot, two_perpetrators.case_id)
            await pilot.press("u")
            assert isinstance(app.screen, CaseDetailsDialog)
            lines = drawn_lines(pilot)
            assert any("[x] Race" in line for line in lines)
            assert any("[ ] Religion or belief" in line for line in lines)
            assert_grey(pilot)

    async def test_risk_and_overdue_read_in_words(
        self, copy_demo: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """On the demo caseload in monochrome: High, Medium and not assessed, OVERDUE in words."""
        monkeypatch.setenv("NO_COLOR", "1")
        data_dir = tmp_path / "demo"
        copy_demo(locate(data_dir).demo_database, local_today(screenshots.DEMO_NOW))
        app = screenshots.demo_app(data_dir)
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot)
            shown = "\n".join(drawn_lines(pilot))
            for words in ("High", "Medium", "not assessed", "OVERDUE"):
                assert words in shown
            assert STORY_VICTIM in shown
            assert_grey(pilot)


@pytest.mark.parametrize(
    ("style", "background"),
    [
        ("bold red", "#121212"),  # a caution marker, an overdue date
        ("bold black on dark_orange", "#121212"),  # the Medium risk badge
        ("grey37", "#121212"),  # dim text
    ],
)
def test_monochrome_text_stands_clear_of_its_background(style: str, background: str) -> None:
    """Under NO_COLOR each colour becomes a grey, and text stays readable against what is
    behind it: red on black is not dark grey on black, black on orange not grey on grey."""
    shown = readable_grey(Style.parse(style), Color.parse(background))
    assert shown.color is not None and shown.color.triplet is not None
    text = shown.color.triplet.red
    back_colour = shown.bgcolor.triplet if shown.bgcolor else Color.parse(background).rgb
    assert back_colour is not None
    assert abs(text - back_colour[0]) >= MIN_CONTRAST


def assert_grey(pilot: Pilot[Any]) -> None:
    """Nothing on screen is drawn in a colour (only shades of grey)."""
    assert pilot.app.no_color
    for strip in pilot.app.screen._compositor.render_strips():
        for segment in strip:
            style = segment.style
            if style is None:
                continue
            for colour in (style.color, style.bgcolor):
                if colour is not None and colour.triplet is not None:
                    red, green, blue = colour.triplet
                    assert red == green == blue, (segment.text, colour)
