"""Logging an approach to an alleged perpetrator without consent, by keyboard from the case file."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlmodel import select
from textual.widgets import Static

from fieldcase.db.models import Contact
from fieldcase.db.store import Store
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.consent_override import ConsentOverrideDialog
from fieldcase.ui.dialogs.contact import ContactDialog
from fieldcase.ui.screens.case_file import CaseFileScreen
from tests.protection_data import VICTIM, MadeCase, make_case


@pytest.fixture
def case(store: Store) -> MadeCase:
    with store.transaction() as session:
        return make_case(session)


def _saved(store: Store) -> list[Contact]:
    with store.reading() as session:
        rows = list(session.exec(select(Contact)).all())
        for row in rows:
            session.expunge(row)
        return rows


async def test_letter_to_the_perpetrator_without_consent_asks_why(
    store: Store, case: MadeCase, make_app: Callable[..., FieldcaseApp]
) -> None:
    """Highlight the perpetrator, l, ctrl+s: the warning names the victim; Escape saves nothing;
    typing a reason saves the letter with it, and the notes can be marked not for disclosure."""
    app = make_app(store)
    async with app.run_test(size=(120, 45)) as pilot:
        app.push_screen(CaseFileScreen(case.case_id))
        await pilot.pause()
        await pilot.press("down", "l")  # People: the perpetrator, then log a contact with them
        await pilot.pause()
        assert isinstance(app.screen, ContactDialog)
        # How (letter), with, when (now), direction (out), outcome (sent), then the notes.
        await pilot.press("tab", "tab", "tab", "tab", "tab", *"Warning letter hand-delivered.")
        await pilot.press("tab", "space")  # not for disclosure
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConsentOverrideDialog)
        warning = str(app.screen.query_one("#override-warning", Static).render())
        assert (
            f"No consent to approach the alleged perpetrator(s) is recorded for {VICTIM}."
            in warning
        )

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ContactDialog)
        errors = str(app.screen.query_one("#form-errors", Static).render())
        assert "Not saved: a reason is needed to approach them" in errors
        assert _saved(store) == []

        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConsentOverrideDialog)
        await pilot.press(*"Police asked us to warn him today")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CaseFileScreen)
    [saved] = _saved(store)
    assert saved.person_id == case.perpetrator_id
    assert saved.method == "letter" and saved.direction == "out" and saved.outcome == "sent"
    assert saved.consent_override_reason == "Police asked us to warn him today"
    assert saved.notes == "Warning letter hand-delivered." and saved.not_for_disclosure


async def test_call_coming_in_from_the_perpetrator_is_saved_at_once(
    store: Store, case: MadeCase, make_app: Callable[..., FieldcaseApp]
) -> None:
    """A call in from the perpetrator is not an approach: no consent question."""
    app = make_app(store)
    async with app.run_test(size=(120, 45)) as pilot:
        app.push_screen(CaseFileScreen(case.case_id))
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        # How: letter -> call; with: the perpetrator; direction: out -> in.
        await pilot.press("enter", "down", "enter")
        await pilot.press("tab", "enter", "down", "enter")
        await pilot.press("tab", "tab", "enter", "down", "enter")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CaseFileScreen)
    [saved] = _saved(store)
    assert saved.method == "call" and saved.direction == "in" and saved.outcome == "spoke"
    assert saved.person_id == case.perpetrator_id and saved.consent_override_reason == ""
