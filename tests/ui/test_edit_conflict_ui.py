"""An edit that lost to another officer's save: the form says so, and reloads keeping the typing."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Button, DataTable, Input, Select, Static, TextArea

from fieldcase.db.models import Contact, Person
from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import ContactMethod, PartyRole
from fieldcase.services import case_records, contact_records
from fieldcase.services.case_records import PersonInput
from fieldcase.services.contact_records import ContactInput
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.contact import ContactDialog
from fieldcase.ui.dialogs.person import PersonDialog
from fieldcase.ui.screens.case_file import CaseFileScreen
from tests.builders import a_contact
from tests.protection_data import VICTIM, make_case
from tests.ui.helpers import type_text


def errors_shown(app: FieldcaseApp) -> str:
    return str(app.screen.query_one("#form-errors", Static).render())


def another_officer_edits(store: Store, person: Person) -> None:
    """Officer Two saves a note on the person, from another laptop."""
    other = Store(engine=store.engine, actor="Officer Two")
    with other.transaction() as session:
        case_records.update_person(
            session,
            person.id,
            person.version,
            PersonInput(
                person.full_name,
                PartyRole.VICTIM,
                date_of_birth=person.date_of_birth,
                phone=person.phone,
                safe_contact_number=person.safe_contact_number,
                preferred_contact_times=person.preferred_contact_times,
                notes="Moved to her sister's.",
            ),
            policy=Policy(),
        )


async def test_conflict_is_shown_and_reload_keeps_what_was_typed(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """Save after another officer's edit: who and when are shown; F5 fills in their change,
    keeps the typing, and Save keeps both."""
    with store.transaction() as session:
        case = make_case(session)
    with store.reading() as session:
        opened = session.get(Person, case.victim_id)
        assert opened is not None
    app = make_app(store)
    async with app.run_test(size=(130, 50)) as pilot:
        app.push_screen(CaseFileScreen(case.case_id))
        await pilot.pause()
        app.screen.query_one("#people", DataTable).focus()
        await pilot.press("enter")
        assert isinstance(app.screen, PersonDialog)
        app.screen.query_one("#phone", Input).focus()
        await pilot.press(*"07700 900555")
        another_officer_edits(store, opened)

        await pilot.press("ctrl+s")
        assert isinstance(app.screen, PersonDialog), "the stale save must not close the form"
        shown = errors_shown(app)
        assert "This person was changed by Officer Two on " in shown
        assert "(Notes)" in shown and "Press F5 to load the latest version" in shown
        assert app.screen.query_one("#phone", Input).value == "07700 900555"
        assert app.screen.query_one("#reload", Button).display

        await pilot.press("f5")
        assert "Loaded the latest version" in errors_shown(app)
        assert "also changed" not in errors_shown(app)
        assert not app.screen.query_one("#reload", Button).display
        assert app.screen.query_one("#phone", Input).value == "07700 900555"
        assert app.screen.query_one("#notes", TextArea).text == "Moved to her sister's."

        await pilot.press("ctrl+s")
        assert isinstance(app.screen, CaseFileScreen)
    with store.reading() as session:
        person = session.get(Person, case.victim_id)
        assert person is not None
    assert (person.full_name, person.phone) == (VICTIM, "07700 900555")
    assert person.notes == "Moved to her sister's.", "the other officer's change must not be lost"
    assert person.version == opened.version + 2


async def test_a_contact_reloads_with_the_other_officers_how_and_keeps_the_notes(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """Officer Two turns the letter into a call; after F5 the form shows a call that spoke,
    to the same person, with the notes typed here; Save keeps both."""
    with store.transaction() as session:
        case = make_case(session)
        contact = a_contact(session, case.case_id, person_id=case.victim_id, outcome="sent")
    app = make_app(store)
    async with app.run_test(size=(130, 50)) as pilot:
        app.push_screen(CaseFileScreen(case.case_id))
        await pilot.pause()
        app.screen.query_one("#contacts", DataTable).focus()
        await pilot.press("enter")
        assert isinstance(app.screen, ContactDialog)
        app.screen.query_one("#notes", TextArea).focus()
        await type_text(pilot, "Left a card.")
        with Store(engine=store.engine, actor="Officer Two").transaction() as session:
            contact_records.update_contact(
                session,
                contact.id,
                contact.version,
                ContactInput(
                    contact.at, ContactMethod.CALL, person_id=case.victim_id, outcome="spoke"
                ),
                policy=Policy(),
            )

        await pilot.press("ctrl+s")
        assert "This contact was changed by Officer Two on " in errors_shown(app)
        await pilot.press("f5")
        dialog = app.screen
        assert (
            dialog.query_one("#method", Select).value,
            dialog.query_one("#outcome", Select).value,
            dialog.query_one("#person", Select).value,
            dialog.query_one("#notes", TextArea).text,
        ) == (ContactMethod.CALL, "spoke", str(case.victim_id), "Left a card.")

        await pilot.press("ctrl+s")
        assert isinstance(app.screen, CaseFileScreen)
    with store.reading() as session:
        saved = session.get(Contact, contact.id)
        assert saved is not None
    assert (saved.method, saved.outcome, saved.notes) == (
        ContactMethod.CALL,
        "spoke",
        "Left a card.",
    )
