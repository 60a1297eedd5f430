"""The Duplicates screen by keyboard: two records of one person merged into the one to keep."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import select
from textual.widgets import OptionList

from fieldcase.db.models import CaseParty, Person
from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import PartyRole
from fieldcase.services.case_records import add_person
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.choice import ChoiceDialog
from fieldcase.ui.screens.duplicates import DuplicatesScreen
from tests.builders import PERPETRATOR, a_case, a_person
from tests.ui.helpers import screen_text


async def test_merge_two_records_of_one_person_by_keyboard(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """d, k on Ellis Crane, down to "Crane, Ellis", m, confirm: one Ellis with both roles."""
    with store.transaction() as session:
        built = a_case(session)
        add_person(
            session,
            built.case_id,
            a_person("Crane, Ellis", PartyRole.WITNESS, phone="07700 900222"),
            policy=Policy(),
        )
    app = make_app(store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("d")
        assert isinstance(app.screen, DuplicatesScreen)
        shown = _listed(app)
        assert "Same name:" in shown and "witness in FC-2026-0001" in shown
        await pilot.press("k", "down", "m")
        assert isinstance(app.screen, ChoiceDialog)
        assert "Merge Crane, Ellis into Ellis Crane?\nMoves 1 role" in screen_text(pilot)
        await pilot.press("down", "enter")
        assert isinstance(app.screen, DuplicatesScreen)
        assert "No person is recorded twice." in _listed(app)
        (note,) = app._notifications
        assert note.message == "Merged Crane, Ellis into Ellis Crane: moved 1 role."
    with store.reading() as session:
        ellis = session.exec(select(Person).where(Person.full_name == PERPETRATOR)).one()
        roles = session.exec(
            select(CaseParty.role).where(CaseParty.person_id == ellis.id).order_by(CaseParty.role)
        ).all()
        assert session.exec(select(Person).where(Person.full_name == "Crane, Ellis")).all() == []
    assert roles == [PartyRole.PERPETRATOR, PartyRole.WITNESS]
    assert ellis.phone == "07700 900222"


def _listed(app: FieldcaseApp) -> str:
    """The records the Duplicates screen lists, as plain text."""
    listing = app.screen.query_one("#duplicates", OptionList)
    return "\n".join(str(option.prompt) for option in listing.options)
