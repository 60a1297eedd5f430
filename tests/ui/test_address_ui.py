"""An address typed two ways is one property, and its caution follows into the visit plan."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import select
from textual.widgets import Static

from fieldcase.db.models import Case, Property
from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import Category, CautionKind, PartyRole, Strand
from fieldcase.services import cautions, intake
from fieldcase.services.case_records import PersonInput
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.choice import ChoiceDialog
from fieldcase.ui.screens.case_file import CaseFileScreen
from fieldcase.ui.screens.new_case import NewCaseScreen
from tests.ui.helpers import screen_text, type_text

SIZE = (120, 50)


def first_case_with_a_dog_caution(store: Store, postcode: str = "") -> None:
    """FC-2026-0001 typed as '8 sorrel way' with a dogs caution on the address."""
    with store.transaction() as session:
        case = intake.create_case(
            session,
            intake.NewCaseInput(
                category=Category.HATE_INCIDENT,
                strands=[Strand.RACE],
                address="8 sorrel way",
                postcode=postcode,
                people=[PersonInput("Marta Nowicka", role=PartyRole.VICTIM)],
            ),
            officer_name="Officer Test",
            policy=Policy(),
        )
        cautions.add_caution(
            session,
            kind=CautionKind.DOGS,
            property_id=case.property_id,
            note="Two large dogs in the yard",
            added_by="Officer Test",
        )


async def test_second_spelling_shares_the_property_and_its_caution(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """'8 Sorrel Way, EB2 7QL' is offered the open case there, then opened apart on the same
    property, and the dogs caution from the first case is on the new case's visit plan."""
    first_case_with_a_dog_caution(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, NewCaseScreen)
        await pilot.press("tab", "down", "space")  # strands: Religion or belief
        await pilot.press("tab", "tab", "tab")  # summary and police refs left blank
        await type_text(pilot, "8 Sorrel Way, EB2 7QL")
        await pilot.press("tab", "tab", "tab")  # postcode and tenancy ref left blank
        await type_text(pilot, "Jon Pike")
        for _ in range(10):  # date of birth … household line, perpetrator, when ("now")
            await pilot.press("tab")
        await pilot.press("tab", "down", "down", "down", "space")  # what happened: verbal abuse
        await pilot.press("tab", "tab", "tab", "tab")  # "other" detail, where, crime number
        await type_text(pilot, "Abuse shouted through the letterbox")
        await pilot.press("ctrl+s")

        assert isinstance(app.screen, ChoiceDialog)
        question = screen_text(pilot)
        assert "Open case FC-2026-0001 is at the same address, 8 Sorrel Way." in question
        await pilot.press("down", "enter")  # Open a separate new case anyway
        await pilot.pause()
        assert isinstance(app.screen, CaseFileScreen)
        assert "FC-2026-0002" in screen_text(pilot)

        await pilot.press("v")
        await pilot.press("tab", "enter", "down", "enter")  # visit Jon Pike, at home
        plan_cautions = str(app.screen.query_one("#visit-cautions", Static).render())
        assert "⚠ CAUTION" in plan_cautions
        assert "Dogs: 8 sorrel way — Two large dogs in the yard" in plan_cautions

    with store.reading() as session:
        cases = session.exec(select(Case).order_by(Case.reference)).all()
        (prop,) = session.exec(select(Property)).all()
    assert [c.property_id for c in cases] == [prop.id, prop.id]
    assert (prop.address, prop.postcode) == ("8 sorrel way", "EB2 7QL")


async def test_known_addresses_are_shown_under_the_postcode(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """Typing a postcode without its space lists the addresses known there, with their cautions
    and open cases."""
    first_case_with_a_dog_caution(store, postcode="EB2 7QL")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        hint = app.screen.query_one("#known-addresses", Static)
        assert not hint.display
        app.screen.query_one("#postcode").focus()
        await type_text(pilot, "eb27ql")
        assert hint.display
        assert str(hint.render()).splitlines() == [
            "Known at EB2 7QL:",
            "  8 sorrel way (1 caution; open case FC-2026-0001)",
        ]
        await pilot.press("backspace")
        assert not hint.display
