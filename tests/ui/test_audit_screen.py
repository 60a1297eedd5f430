"""The case audit history screen, reached from the case file by keyboard."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlmodel import select
from textual.widgets import DataTable, Static

from fieldcase.db.models import AuditEvent, Case, Person
from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import Category, PartyRole, Strand
from fieldcase.services import case_file, case_records, intake
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.screens.audit import AuditScreen
from fieldcase.ui.screens.case_file import CaseFileScreen
from tests.conftest import FIXED_NOW


def _case(store: Store, victim: str = "Amara [b]Testcase[/b]") -> Case:
    with store.transaction() as session:
        case = intake.create_case(
            session,
            intake.NewCaseInput(
                category=Category.HATE_INCIDENT,
                strands=[Strand.RELIGION],
                address="9 Invented Mews",
                people=[case_records.PersonInput(full_name=victim, role=PartyRole.VICTIM)],
            ),
            officer_name="Officer Test",
            policy=Policy(),
            today=FIXED_NOW.date(),
            now=FIXED_NOW,
        )
    return case


def _changes(app: FieldcaseApp) -> str:
    return str(app.screen.query_one("#audit-changes", Static).render())


async def _open_history(app: FieldcaseApp, pilot: object) -> AuditScreen:
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press("escape", "enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, CaseFileScreen)
    await pilot.press("h")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, AuditScreen)
    return app.screen


class TestAuditScreen:
    async def test_history_lists_the_view_and_the_creation_newest_first(
        self, store: Store, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """H on the case file shows who opened and created it, with the fields in words."""
        _case(store)
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await _open_history(app, pilot)
            table = app.screen.query_one("#audit-events", DataTable)
            whats = [str(table.get_row_at(i)[2]) for i in range(table.row_count)]
            assert whats[0] == "Opened the case file"
            assert "Added case" in whats and "Added victim to the case" in whats
            assert "Officer Test" in str(table.get_row_at(0)[1])
            assert "Opened the case file" in _changes(app)

            added = "Added person “Amara [b]Testcase[/b]”"
            await pilot.press(*["down"] * whats.index(added))
            await pilot.pause()
            assert "Name: “Amara [b]Testcase[/b]”" in _changes(app)

            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, CaseFileScreen)
        with store.reading() as session:
            views = session.exec(select(AuditEvent).where(AuditEvent.action == "view")).all()
            assert len(views) == 1

    async def test_changes_to_a_person_show_old_and_new(
        self, store: Store, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """An edited phone number reads “old → new”."""
        _case(store)
        with store.transaction() as session:
            person = session.exec(select(Person)).one()
            case_records.update_person(
                session,
                person.id,
                person.version,
                case_records.PersonInput(full_name=person.full_name, phone="07700 900777"),
                policy=Policy(),
            )
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await _open_history(app, pilot)
            await pilot.press("down")
            await pilot.pause()
            assert "Phone: (empty) → “07700 900777”" in _changes(app)

    async def test_older_and_newer_pages(
        self, store: Store, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """N and P walk through a long history a page at a time."""
        case = _case(store)
        for _ in range(4):
            with store.transaction() as session:
                case_file.load_case_file(session, case.id)
        app = make_app(store, now=FIXED_NOW + timedelta(days=1))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.push_screen(AuditScreen(case.id, page_size=3))
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, AuditScreen) and screen.history is not None
            total = screen.history.total
            page_info = str(screen.query_one("#audit-page", Static).render())
            assert page_info.startswith(f"Page 1 of {-(-total // 3)}")
            await pilot.press("n")
            await pilot.pause()
            assert screen.history.page == 1
            await pilot.press("p")
            await pilot.pause()
            assert screen.history.page == 0
            await pilot.press("p")
            await pilot.pause()
            assert screen.history.page == 0
