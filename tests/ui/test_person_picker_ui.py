"""Entering a person by keyboard finds the people already known; nobody is recorded twice."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import col, func, select
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from fieldcase.db.models import Case, CaseParty, Person
from fieldcase.db.store import Store
from fieldcase.domain.vocab import CautionKind
from fieldcase.services import cautions
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.choice import ChoiceDialog
from fieldcase.ui.screens.case_file import CaseFileScreen
from fieldcase.ui.screens.ladder import LadderScreen
from fieldcase.ui.screens.new_case import NewCaseScreen
from fieldcase.ui.screens.visit_plan import VisitPlanScreen
from tests.builders import BuiltCase, a_case, a_known_perpetrator
from tests.ui.helpers import open_case_file, screen_text, settle, type_text


def _known_and_second_case(store: Store) -> tuple[BuiltCase, BuiltCase]:
    """Gary Stroud, with a dog caution and a warning letter in case 1; case 2 without him."""
    with store.transaction() as s:
        first = a_known_perpetrator(s)
        second = a_case(s, victims=["Nadia Kerr"], perpetrators=[], address="3 Birch Row")
    return first, second


def _count(store: Store, table: type[Person] | type[CaseParty]) -> int:
    with store.reading() as s:
        return s.exec(select(func.count()).select_from(table)).one()


def _listed(pilot: Pilot[object]) -> list[str]:
    """The entries of the person list that shows under the focused name field."""
    matches = pilot.app.screen.query_one(".-open > .person-matches", OptionList)
    return [str(matches.get_option_at_index(i).prompt) for i in range(matches.option_count)]


def _header(pilot: Pilot[object]) -> str:
    return str(pilot.app.screen.query_one("#case-header", Static).render())


async def _new_case_up_to_the_victim(pilot: Pilot[object], address: str, postcode: str) -> None:
    """Open the new-case form, tick a strand and type the address; stop at the victim's name."""
    await pilot.press("n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, NewCaseScreen)
    await pilot.press("tab", "space", "tab", "tab", "tab")  # strands: race; summary, refs
    await type_text(pilot, address)
    await pilot.press("tab")
    await type_text(pilot, postcode)
    await pilot.press("tab", "tab")  # tenancy reference


async def _first_incident_and_save(pilot: Pilot[object]) -> None:
    """From the last perpetrator's name: the first incident, verbal abuse, described; save."""
    await pilot.press("tab", "tab", "tab", "down", "down", "down", "space")
    await pilot.press("tab", "tab", "tab", "tab")
    await type_text(pilot, "Shouted at her across the landing")
    await pilot.press("ctrl+s")
    await settle(pilot)


class TestAKnownPersonFollowsIntoASecondCase:
    async def test_picked_on_the_new_case_form(
        self, store: Store, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """Typing "stroud" lists Gary Stroud; picked, his dog caution and ladder come along."""
        first, _ = _known_and_second_case(store)
        people_before = _count(store, Person)
        app = make_app(store)
        async with app.run_test(size=(120, 50)) as pilot:
            await settle(pilot)
            await _new_case_up_to_the_victim(pilot, "5 Birch Row", "")
            await type_text(pilot, "Ines Marlow")
            await pilot.press(*["tab"] * 8)  # her details, the empty household line
            await type_text(pilot, "stroud")
            await settle(pilot)
            assert _listed(pilot) == [
                "Gary Stroud, 21 Sorrel Way; alleged perpetrator in FC-2026-0001; "
                "caution: Dogs; ladder: Warning letter",
                "New person: stroud",
            ]
            await pilot.press("down", "enter")
            assert "✓ Gary Stroud" in screen_text(pilot)
            await _first_incident_and_save(pilot)
            assert isinstance(app.screen, CaseFileScreen)
            assert "Dogs" in _header(pilot)
            await pilot.press("e")
            await settle(pilot)
            assert isinstance(app.screen, LadderScreen)
            ladder = screen_text(pilot)
            assert "Warning letter" in ladder and "FC-2026-0001" in ladder
        assert _count(store, Person) == people_before + 1  # Ines Marlow, and no second Gary
        with store.reading() as s:
            roles = s.exec(
                select(CaseParty.case_id).where(CaseParty.person_id == first.perpetrator_id)
            ).all()
        assert len(roles) == 2

    async def test_picked_with_add_person_on_the_case_file(
        self, store: Store, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """Add person, type part of his name, Down, Enter: his caution shows on the visit plan."""
        first, second = _known_and_second_case(store)
        app = make_app(store)
        async with app.run_test(size=(120, 50)) as pilot:
            await open_case_file(pilot, second.case_id)
            await pilot.press("p")
            await settle(pilot)
            await pilot.press("enter", "down", "down", "enter", "tab")  # alleged perpetrator
            await type_text(pilot, "gar str")
            await settle(pilot)
            await pilot.press("down", "enter", "ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, CaseFileScreen)
            assert "Dogs" in _header(pilot)
            await pilot.press("v")
            await settle(pilot)
            assert isinstance(app.screen, VisitPlanScreen)
            await pilot.press("tab", "enter", "down", "down", "enter")  # to see Gary Stroud
            await settle(pilot)
            assert "Dogs" in str(app.screen.query_one("#visit-cautions", Static).render())
        with store.reading() as s:
            party = s.exec(select(CaseParty).where(CaseParty.case_id == second.case_id)).all()
        assert first.perpetrator_id in {p.person_id for p in party}


async def test_a_known_address_typed_another_way_shows_its_caution(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """ "8, sorrel wy." at "eb27ql" is 8 Sorrel Way, EB2 7QL: the form shows its caution."""
    with store.transaction() as s:
        first = a_case(s, address="8 Sorrel Way", postcode="EB2 7QL")
        case = s.get(Case, first.case_id)
        assert case is not None
        cautions.add_caution(s, kind=CautionKind.DOGS, property_id=case.property_id)
    app = make_app(store)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await _new_case_up_to_the_victim(pilot, "8, sorrel wy.", "eb27ql")
        assert "Known at EB2 7QL:\n  8 Sorrel Way (1 caution; open case FC-2026-0001)" in (
            screen_text(pilot)
        )


async def test_a_known_name_typed_without_picking_is_asked_about(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """Saving "Gary Stroud" typed asks who he is: a new person is a new record; use this
    person is not."""
    _, second = _known_and_second_case(store)
    people, parties = _count(store, Person), _count(store, CaseParty)
    app = make_app(store)
    async with app.run_test(size=(120, 50)) as pilot:
        await open_case_file(pilot, second.case_id)
        for role_downs, answer in ((3, ["down", "enter"]), (2, ["enter"])):
            await pilot.press("p")
            await settle(pilot)
            await pilot.press("enter", *["down"] * role_downs, "enter", "tab")
            await type_text(pilot, "Gary Stroud")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, ChoiceDialog)
            question = screen_text(pilot)
            assert "Gary Stroud may already be known" in question
            assert "caution: Dogs; ladder: Warning letter" in question
            await pilot.press(*answer)
            await settle(pilot)
            assert isinstance(app.screen, CaseFileScreen)
            if role_downs == 3:  # a witness: "A new person"
                assert _count(store, Person) == people + 1
    assert _count(store, Person) == people + 1  # "Use this person" made no record
    assert _count(store, CaseParty) == parties + 2
    with store.reading() as s:
        garys = s.exec(select(Person).where(col(Person.full_name) == "Gary Stroud")).all()
    assert len(garys) == 2
