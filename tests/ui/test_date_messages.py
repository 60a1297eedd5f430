"""Every date problem is a message under its own field, in view, never a crash."""

from __future__ import annotations

from collections.abc import Callable

from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Select, SelectionList, Static, TextArea

from fieldcase.db.store import Store
from fieldcase.domain.vocab import Category, IncidentType
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.abc_form import AbcDialog
from fieldcase.ui.dialogs.person import PersonDialog
from fieldcase.ui.screens.new_case import NewCaseScreen
from fieldcase.ui.widgets.field_errors import FIELD_ERROR
from tests import builders
from tests.ui.helpers import open_case_file, settle, type_text

SIZE = (100, 30)


def message_under(field: Widget) -> str:
    """The message shown straight after ``field`` (after its row, for a field in a row)."""
    anchor = field.parent if isinstance(field.parent, Horizontal) else field
    assert isinstance(anchor, Widget) and anchor.parent is not None
    siblings = list(anchor.parent.children)
    note = siblings[siblings.index(anchor) + 1]
    assert isinstance(note, Static) and FIELD_ERROR in note.classes
    return str(note.render())


def in_view(app: FieldcaseApp, widget: Widget) -> bool:
    """True when the whole widget is on the screen, without scrolling."""
    region = widget.region
    return bool(region.height) and app.screen.region.contains_region(region)


async def test_a_future_incident_on_a_new_case_is_shown_at_its_field(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """An incident typed for tomorrow: the message is under the When field, which is in view."""
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NewCaseScreen)
        form.query_one("#category", Select).value = Category.NUISANCE_ASB
        form.query_one("#address", Input).value = "3 Juniper Walk"
        form.query_one("#victim-name", Input).value = "Halima Quist"
        form.query_one("#kinds", SelectionList).select(IncidentType.NOISE)
        form.query_one("#description", TextArea).text = "Music all night."
        when = form.query_one("#occurred-at", Input)
        when.focus()
        await type_text(pilot, "tomorrow 10:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.focused is when
        assert "An incident cannot be in the future." in message_under(when)
        notes = form.query(f".{FIELD_ERROR}")
        assert notes and in_view(app, when) and in_view(app, notes.first())


async def test_a_future_date_of_birth_is_refused_under_its_field(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """A person born next year is refused, the message under the date of birth."""
    with store.transaction() as session:
        case = builders.a_case(session)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_case_file(pilot, case.case_id)
        await pilot.press("p")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PersonDialog)
        dialog.query_one("#full-name", Input).value = "Rowan Testperson"
        dob = dialog.query_one("#date-of-birth", Input)
        dob.value = "01/01/2099"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PersonDialog)
        assert "A date of birth cannot be in the future." in message_under(dob)
        assert app.focused is dob and in_view(app, dob)


async def test_an_abc_starting_in_9999_is_a_message_not_a_crash(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """31/12/9999 as an ABC's start: the form stays open with a message at the start date."""
    with store.transaction() as session:
        case = builders.a_case(session)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_case_file(pilot, case.case_id)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        if not isinstance(app.screen, AbcDialog):  # one perpetrator: chosen already
            await pilot.press("enter")
            await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AbcDialog)
        start = dialog.query_one("#start-on", Input)
        start.value = "31/12/9999"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AbcDialog)
        assert "year should be between 1900 and 2199" in message_under(start)
        start.value = "31/12/2199"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AbcDialog)
        assert "The start cannot be more than 2 years ahead." in message_under(start)
