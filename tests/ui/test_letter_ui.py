"""Writing a letter from the case file, by keyboard: template, recipient, fields, consent, PDF."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pypdf import PdfReader
from sqlmodel import select
from textual.widgets import Static

from fieldcase.config import Settings
from fieldcase.db.models import Contact
from fieldcase.db.store import Store
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.consent_override import ConsentOverrideDialog
from fieldcase.ui.dialogs.letter import LetterDialog
from fieldcase.ui.screens.case_file import CaseFileScreen
from tests.builders import OFFICER, PERPETRATOR, BuiltCase, a_case
from tests.ui.helpers import open_case_file, settle, type_text

SETTINGS = Settings(
    officer_name=OFFICER,
    organisation_name="Northfield Homes",
    organisation_address="1 Market Street, Northfield, ZZ9 9ZZ",
)


@pytest.fixture
def case(store: Store) -> BuiltCase:
    with store.transaction() as session:
        return a_case(session)


async def test_a_warning_letter_without_consent_asks_why_then_saves_the_pdf(
    store: Store, case: BuiltCase, make_app: Callable[..., FieldcaseApp]
) -> None:
    """w, the warning letter, its three fields, ctrl+s: the reason is asked, then the PDF
    is saved in the exports folder and the letter is in the contact log with the reason."""
    app = make_app(store, settings=SETTINGS)
    async with app.run_test(size=(120, 45)) as pilot:
        await open_case_file(pilot, case.case_id)
        await pilot.press("w")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, LetterDialog)
        await pilot.press("enter", *["down"] * 5, "enter")  # the last letter: Warning letter
        await settle(pilot)
        filled = str(dialog.query_one("#letter-filled", Static).render())
        assert "Northfield Homes" in filled and PERPETRATOR in filled
        await pilot.press("tab", "tab")  # past the recipient (already the perpetrator)
        await type_text(pilot, "there has been abuse shouted at a neighbour")
        await pilot.press("tab")
        await type_text(pilot, "1 March 2026")
        await pilot.press("tab")
        await type_text(pilot, "0161 496 0000")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConsentOverrideDialog)
        await type_text(pilot, "Police asked for the warning to go today")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseFileScreen)
    exported = list(app.locations.exports_dir.glob("*.pdf"))
    assert [p.name for p in exported] == [f"{case.reference}-warning-letter.pdf"]
    text = PdfReader(exported[0]).pages[0].extract_text()
    assert "Northfield Homes" in text and "abuse shouted at a neighbour" in text
    with store.reading() as session:
        [letter] = session.exec(select(Contact)).all()
    assert letter.person_id == case.perpetrator_id and letter.outcome == "sent"
    assert letter.consent_override_reason == "Police asked for the warning to go today"


async def test_a_blank_field_is_named_and_nothing_is_saved(
    store: Store, case: BuiltCase, make_app: Callable[..., FieldcaseApp]
) -> None:
    """The ABC meeting letter with only its time typed: the form names the other fields."""
    app = make_app(store, settings=SETTINGS)
    async with app.run_test(size=(120, 45)) as pilot:
        await open_case_file(pilot, case.case_id)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("tab", "tab")  # the first letter (ABC meeting invitation), its time
        await type_text(pilot, "Monday 10am")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LetterDialog)
        errors = str(app.screen.query_one("#form-errors", Static).render())
        assert "Nothing was written: no value for Where the meeting is;" in errors
        assert "Your telephone number" in errors
    assert list(app.locations.exports_dir.glob("*.pdf")) == []
    with store.reading() as session:
        assert session.exec(select(Contact)).all() == []
