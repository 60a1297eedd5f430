"""Stored text is data: markup-like and escape-sequence text shows as typed and does nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select
from textual.widgets import DataTable, Input, SelectionList, Static, TextArea

from fieldcase.db.models import Case, Property
from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import PartyRole
from fieldcase.services import case_file, case_records, contact_records, intake
from fieldcase.services.case_records import ActionInput, IncidentInput, PersonInput
from fieldcase.services.contact_records import ContactInput
from fieldcase.services.intake import NewCaseInput
from fieldcase.ui.dialogs.choice import ChoiceDialog
from fieldcase.ui.screens.case_file import CaseFileScreen
from tests.conftest import FIXED_NOW, TEST_OFFICER
from tests.ui.helpers import screen_text, settle

CLICK = "[@click=app.quit]Quit[/]"
BOLD = "[b]not bold[/b]"
ESCAPE = "\x1b]0;owned\x1b\\"
SHOWN_ESCAPE = "\\x1b]0;owned\\x1b\\"


def hostile_case(store: Store) -> None:
    """A case in which every field shown on the dashboard and case file holds hostile text."""
    with store.transaction() as session:
        case = intake.create_case(
            session,
            NewCaseInput(
                category="hate_crime",
                strands=["race"],
                address=f"{CLICK} Road",
                summary=f"Summary {ESCAPE}",
                police_refs=f"{BOLD} ref",
                people=[
                    PersonInput(
                        full_name=f"{CLICK} Victim",
                        phone=BOLD,
                        safe_contact_number=f"{ESCAPE}",
                    ),
                    PersonInput(full_name=f"{ESCAPE}Perp", role=PartyRole.PERPETRATOR),
                ],
                incident=IncidentInput(
                    occurred_at=FIXED_NOW - timedelta(hours=2),
                    kinds=["verbal_abuse"],
                    location=CLICK,
                    police_crime_number=BOLD,
                    description=f"{ESCAPE} said {CLICK}",
                ),
            ),
            officer_name=TEST_OFFICER,
            policy=Policy(),
            now=FIXED_NOW,
        )
        # Postcodes are checked when typed now; one that could not be read is kept as it
        # was by migration 0006, so an old database can still hold this one.
        prop = session.get(Property, case.property_id)
        assert prop is not None
        prop.postcode = BOLD
        case_file.refresh_case(session, case, Policy())
        victim = case_file.load_case_file(session, case.id, record_view=False).parties[0]
        contact_records.add_contact(
            session,
            case.id,
            ContactInput(
                at=FIXED_NOW - timedelta(hours=1),
                method="call",
                person_id=victim.person.id,
                notes=f"{BOLD} {ESCAPE}",
            ),
            officer_name=TEST_OFFICER,
            policy=Policy(),
            now=FIXED_NOW,
        )
        case_records.add_action(session, case.id, ActionInput(what=f"{CLICK} do it", who=BOLD))


async def test_hostile_text_is_shown_literally_and_does_nothing(
    store: Store,
    make_app,  # type: ignore[no-untyped-def]
) -> None:
    """Dashboard and case file show the brackets and escapes as typed; the app keeps running."""
    hostile_case(store)
    app = make_app(store)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        dashboard = screen_text(pilot)
        assert CLICK in dashboard
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseFileScreen)
        shown = screen_text(pilot)
        for literal in (
            f"{CLICK} Road",
            BOLD,
            f"Summary {SHOWN_ESCAPE}",
            f"{BOLD} ref",
            f"{CLICK} Victim",
            f"{SHOWN_ESCAPE}Perp",
            CLICK,
            f"{SHOWN_ESCAPE} said {CLICK}",
            f"{BOLD} {SHOWN_ESCAPE}",
            f"{CLICK} do it",
        ):
            assert literal in shown, literal
        assert "\x1b" not in shown
        for table in app.screen.query(DataTable):
            table.focus()
            await pilot.click(table)  # a live [@click] link would quit the app here
        await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, CaseFileScreen)


async def test_typed_escapes_in_questions_and_messages_are_shown_not_sent(
    store: Store,
    make_app,  # type: ignore[no-untyped-def]
) -> None:
    """The "already in an open case" question and a form's error show escapes as text."""
    hostile_case(store)
    with store.transaction() as session:
        intake.create_case(
            session,
            NewCaseInput(
                category="hate_crime",
                strands=["race"],
                address="2 Quiet Lane",
                people=[PersonInput(full_name=f"{ESCAPE}{CLICK} Victim")],
                incident=IncidentInput(
                    occurred_at=FIXED_NOW - timedelta(days=3),
                    kinds=["verbal_abuse"],
                    description="First report",
                ),
            ),
            officer_name=TEST_OFFICER,
            policy=Policy(),
            now=FIXED_NOW,
        )
    app = make_app(store)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        form.query_one("#occurred-at", Input).value = f"{ESCAPE}{BOLD}"
        await pilot.press("ctrl+s")
        await settle(pilot)
        errors = str(form.query_one("#form-errors", Static).render())
        assert f"{SHOWN_ESCAPE}{BOLD}" in errors
        assert "\x1b" not in errors

        form.query_one("#occurred-at", Input).value = "now"
        form.query_one("#victim-name", Input).value = f"{ESCAPE}{CLICK} Victim"
        form.query_one("#address", Input).value = "1 Quiet Lane"
        form.query_one("#description", TextArea).text = "Shouted again"
        form.query_one("#strands", SelectionList).select("race")
        form.query_one("#kinds", SelectionList).select("verbal_abuse")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        question = screen_text(pilot)
        assert f"{SHOWN_ESCAPE}{CLICK} Victim is already in open case" in question
        assert "\x1b" not in question

        await pilot.press("escape")  # the question
        await settle(pilot)
        await pilot.press("escape")  # the typed form: it asks first
        await settle(pilot)
        await pilot.press("enter")  # discard what I typed
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseFileScreen)
        await pilot.press("l")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#at", Input).value = f"{ESCAPE}"
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = str(dialog.query_one("#form-errors", Static).render())
        assert SHOWN_ESCAPE in shown
        assert "\x1b" not in shown


async def test_a_lone_closing_tag_in_a_name_does_not_break_the_visit_plan(
    store: Store,
    make_app,  # type: ignore[no-untyped-def]
) -> None:
    """A perpetrator named with a stray '[/]' can still be chosen on the visit plan form."""
    hostile_case(store)
    with store.transaction() as session:
        case_id = session.exec(select(Case.id)).one()
        case_records.add_party(
            session, case_id, PersonInput(full_name="Kim [/] Ray", role=PartyRole.PERPETRATOR)
        )
    app = make_app(store)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert type(app.screen).__name__ == "VisitPlanScreen"
        overlay = app.screen.query_one("#person").query_one("SelectOverlay")
        prompts = [str(option.prompt) for option in overlay.options]  # type: ignore[attr-defined]
        assert any("Kim [/] Ray" in prompt for prompt in prompts), prompts
        assert app.is_running


async def test_notifications_show_stored_text_literally(store: Store, make_app) -> None:  # type: ignore[no-untyped-def]
    """A notification naming an officer with markup or escapes in their name shows it as typed."""
    from textual.widgets._toast import Toast

    app = make_app(store)
    async with app.run_test() as pilot:
        await pilot.pause()
        app.notify(f"This contact was changed by {CLICK}{ESCAPE}\u202e on Wed 2 Dec.")
        await pilot.pause()
        (notification,) = list(app._notifications)
        shown = str(Toast(notification).render())
        assert f"{CLICK}{SHOWN_ESCAPE}\\u202e on Wed" in shown
        assert app.is_running
