"""An officer opens, finds and works a case by keyboard alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import func, select
from textual.widgets import DataTable, Input

from fieldcase.db.engine import WrongPassphrase
from fieldcase.db.models import Action, Case, Contact, Incident, Person
from fieldcase.db.store import Store, open_store
from fieldcase.domain.vocab import Category, PartyRole, Strand
from fieldcase.ui.screens.case_file import CaseFileScreen
from fieldcase.ui.screens.dashboard import DashboardScreen
from fieldcase.ui.screens.new_case import NewCaseScreen
from fieldcase.ui.screens.unlock import UnlockScreen
from tests.builders import BuiltCase, a_case, a_person, an_action, an_incident_input
from tests.conftest import TEST_OFFICER, TEST_PASSPHRASE
from tests.ui.helpers import open_case_file, screen_text, settle, table_text, type_text


async def open_new_case_by_keyboard(pilot) -> None:  # type: ignore[no-untyped-def]
    """Fill the new-case form with Tab, Space and typing only, then save."""
    await pilot.press("n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, NewCaseScreen)
    # Category: the first choice, Hate incident, is already selected.
    await pilot.press("tab", "down", "space")  # strands: tick "Religion or belief"
    await pilot.press("tab")
    await type_text(pilot, "Abuse in the stairwell")
    await pilot.press("enter")  # Enter moves on like Tab
    await type_text(pilot, "CAD 4471/25NOV")
    await pilot.press("tab")
    await type_text(pilot, "7 Tamarind Court")
    await pilot.press("tab")
    await type_text(pilot, "ZZ1 4QQ")
    await pilot.press("tab", "tab")  # tenancy ref left blank
    await type_text(pilot, "Halima Quist")
    await pilot.press("tab", "tab")
    await type_text(pilot, "07700 900123")
    await pilot.press("tab", "tab", "tab")
    await type_text(pilot, "Idris Quist")
    await pilot.press("tab")
    await type_text(pilot, "son")
    await pilot.press("tab")
    await type_text(pilot, "12")
    await pilot.press("tab", "tab", "tab", "tab")  # past the new empty household line
    await type_text(pilot, "Dorian Vale")
    await pilot.press("tab")
    await type_text(pilot, "Flat 9 Tamarind Court")
    await pilot.press("tab")  # when: "now"
    await pilot.press("tab", "down", "down", "down", "space")  # what happened: verbal abuse
    await pilot.press("tab", "tab", "tab", "tab")  # "other" detail, where, crime number
    await type_text(pilot, "Shouted abuse about her faith on the stairs")
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_officer_creates_finds_and_updates_a_case_across_a_restart(
    store: Store,
    make_app,
    db_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    """Create by keyboard, find by search, add an incident and a contact, restart, find again."""
    app = make_app(store)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await open_new_case_by_keyboard(pilot)
        assert isinstance(app.screen, CaseFileScreen)
        assert "FC-2026-0001" in screen_text(pilot)
        people = table_text(app.screen.query_one("#people", DataTable))
        assert [row[:3] for row in people] == [
            ["Victim", "Halima Quist", ""],
            ["Household member (son)", "Idris Quist", ""],
            ["Alleged perpetrator", "Dorian Vale", "Not contacted"],
        ]

        await pilot.press("i")
        await settle(pilot)
        await type_text(pilot, "yesterday 21:40")  # replaces the suggested "now"
        await pilot.press("tab", *["down"] * 6, "space")  # criminal damage
        await pilot.press(
            "tab", "tab", "tab", "tab", "tab", "tab"
        )  # "other" detail ... description
        await type_text(pilot, "Door scratched with a key")
        await pilot.press("ctrl+s")
        await settle(pilot)
        incidents = table_text(app.screen.query_one("#incidents", DataTable))
        assert sorted(row[1] for row in incidents) == ["Criminal damage", "Verbal abuse"]

        await pilot.press("l")
        await settle(pilot)
        await pilot.press("ctrl+s")  # defaults: now, letter, out, the victim
        await settle(pilot)
        contacts = table_text(app.screen.query_one("#contacts", DataTable))
        assert contacts[0][1:4] == ["Letter", "Outgoing", "Halima Quist"]

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("slash")
        await type_text(pilot, "tamarind")
        await pilot.press("enter")
        await settle(pilot)
        rows = table_text(app.screen.query_one("#caseload", DataTable))
        assert [r[0] for r in rows] == ["FC-2026-0001"]
        await pilot.press("ctrl+q")

    with store.reading() as session:
        assert session.exec(select(func.count()).select_from(Incident)).one() == 2
        assert session.exec(select(func.count()).select_from(Contact)).one() == 1

    reopened = make_app(None)
    async with reopened.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        assert isinstance(reopened.screen, UnlockScreen)
        await type_text(pilot, TEST_PASSPHRASE)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(reopened.screen, DashboardScreen)
        search = reopened.screen.query_one("#search", Input)
        search.focus()
        await type_text(pilot, "quist")
        await pilot.press("enter")
        await settle(pilot)
        rows = table_text(reopened.screen.query_one("#caseload", DataTable))
        assert [r[0] for r in rows] == ["FC-2026-0001"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(reopened.screen, CaseFileScreen)
        assert len(table_text(reopened.screen.query_one("#incidents", DataTable))) == 2
        await pilot.press("ctrl+q")


async def test_bad_input_keeps_what_was_typed_and_saves_nothing(
    store: Store,
    make_app,  # type: ignore[no-untyped-def]
) -> None:
    """Saving a new case without a victim or description explains why and keeps the form."""
    app = make_app(store)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        form.query_one("#address", Input).focus()
        await type_text(pilot, "3 Juniper Walk")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        text = screen_text(pilot)
        assert "Add the victim" in text
        assert "A hate case needs at least one perceived strand" in text
        assert "Describe what happened" in text
        assert form.query_one("#address", Input).value == "3 Juniper Walk"
        form.query_one("#occurred-at", Input).value = "31/02/2026 10:00"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "is not a date" in screen_text(pilot)
    with store.reading() as session:
        assert session.exec(select(func.count()).select_from(Case)).one() == 0
        assert session.exec(select(func.count()).select_from(Person)).one() == 0


def seed_the_quist_case(store: Store) -> BuiltCase:
    """The case the keyboard form above makes, put in through the services."""
    with store.transaction() as session:
        return a_case(
            session,
            victims=[a_person("Halima Quist", safe_contact_number="07700 900123")],
            perpetrators=["Dorian Vale"],
            others=[a_person("Idris Quist", PartyRole.HOUSEHOLD)],
            category=Category.HATE_INCIDENT,
            strands=[Strand.RELIGION],
            address="7 Tamarind Court",
            postcode="ZZ1 4QQ",
            police_refs="CAD 4471/25NOV",
            incident=an_incident_input(
                description="Shouted abuse about her faith on the stairs", who="Dorian Vale"
            ),
        )


async def test_a_report_for_a_victim_with_an_open_case_joins_that_case(
    store: Store,
    make_app,  # type: ignore[no-untyped-def]
) -> None:
    """Entering the same victim again offers the open case; choosing it adds an incident."""
    seed_the_quist_case(store)
    app = make_app(store)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await open_new_case_by_keyboard(pilot)
        assert "already in open case FC-2026-0001" in screen_text(pilot)
        await pilot.press("enter")  # first answer: add to the open case
        await settle(pilot)
        assert isinstance(app.screen, CaseFileScreen)
    with store.reading() as session:
        assert session.exec(select(func.count()).select_from(Case)).one() == 1
        assert session.exec(select(func.count()).select_from(Incident)).one() == 2


async def test_perpetrator_engagement_is_recorded_from_the_people_table(
    store: Store,
    make_app,  # type: ignore[no-untyped-def]
) -> None:
    """Highlight the perpetrator, press g, choose Engaged: the table and database agree."""
    made = seed_the_quist_case(store)
    app = make_app(store)
    async with app.run_test(size=(120, 50)) as pilot:
        await open_case_file(pilot, made.case_id)
        app.screen.query_one("#people", DataTable).focus()
        await pilot.press("down", "down", "g")
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # attempting -> engaged
        await settle(pilot)
        people = table_text(app.screen.query_one("#people", DataTable))
        assert people[2][2] == "Engaged"
    from fieldcase.db.models import CaseParty

    with store.reading() as session:
        engagements = session.exec(select(CaseParty.engagement)).all()
    assert "engaged" in engagements


def test_restart_needs_the_passphrase(db_path: Path) -> None:
    """The data written through one store is read back through another with the passphrase."""
    first = open_store(db_path, TEST_PASSPHRASE, create=True, actor=TEST_OFFICER)
    made = seed_the_quist_case(first)
    first.close()
    with pytest.raises(WrongPassphrase):
        open_store(db_path, "not the passphrase")
    again = open_store(db_path, TEST_PASSPHRASE)
    try:
        with again.reading() as session:
            case = session.get(Case, made.case_id)
            assert case is not None and case.reference == made.reference
            names = session.exec(select(Person.full_name)).all()
        assert "Halima Quist" in names
    finally:
        again.close()


async def test_marking_an_action_done_that_changed_elsewhere_warns_and_overwrites_nothing(
    store: Store,
    make_app,  # type: ignore[no-untyped-def]
) -> None:
    """A stale 'done' is refused with a message; the other officer's edit stays."""
    made = seed_the_quist_case(store)
    with store.transaction() as session:
        an_action(session, made.case_id, what="Letter to Vale")
    app = make_app(store)
    async with app.run_test(size=(120, 50)) as pilot:
        await open_case_file(pilot, made.case_id)
        with store.transaction() as session:
            action = session.exec(select(Action)).one()
            action.who = "Colleague"
        app.screen.query_one("#actions", DataTable).focus()
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, CaseFileScreen)
        assert table_text(app.screen.query_one("#actions", DataTable))[0][2] == "Colleague"
    with store.reading() as session:
        saved = session.exec(select(Action)).one()
    assert saved.who == "Colleague"
    assert saved.done_on is None
