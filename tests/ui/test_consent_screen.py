"""The consent screen, driven by keyboard from the case file."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlmodel import select
from textual.widgets import DataTable, Static

from fieldcase.db.models import Consent, Contact
from fieldcase.db.store import Store
from fieldcase.domain.protection import ConsentKind
from fieldcase.services.consent import consent_in_place
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.consent_record import ConsentDialog
from fieldcase.ui.screens.case_file import CaseFileScreen
from fieldcase.ui.screens.consent import ConsentScreen
from tests.protection_data import VICTIM, MadeCase, make_case
from tests.ui.helpers import type_text


@pytest.fixture
def case(store: Store) -> MadeCase:
    with store.transaction() as session:
        return make_case(session)


def _row(app: FieldcaseApp, table_id: str, index: int = 0) -> list[str]:
    table = app.screen.query_one(table_id, DataTable)
    return [str(getattr(c, "plain", c)) for c in table.get_row_at(index)]


async def _open_consent(app: FieldcaseApp, pilot, case: MadeCase) -> None:  # type: ignore[no-untyped-def]
    app.push_screen(CaseFileScreen(case.case_id))
    await pilot.pause()
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(app.screen, ConsentScreen)


async def test_record_consent_given(
    store: Store, case: MadeCase, make_app: Callable[..., FieldcaseApp]
) -> None:
    """c then g records the victim's consent to approach the perpetrator, shown at once;
    given face to face (as ticked), it is the victim's last contact too."""
    app = make_app(store)
    async with app.run_test(size=(130, 40)) as pilot:
        await _open_consent(app, pilot, case)
        assert _row(app, "#consent-overview")[:3] == [VICTIM, "Victim", "— not recorded"]
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, ConsentDialog)
        await pilot.press("tab", "tab", "tab", "tab", "tab", "tab")  # to the notes
        await type_text(pilot, "Agreed at home visit")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConsentScreen)
        assert _row(app, "#consent-overview")[2] == "✓ given 25 Nov"
        assert _row(app, "#consent-history")[2:4] == [
            "Approach the alleged perpetrator(s)",
            "given",
        ]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CaseFileScreen)
        header = str(app.screen.query_one("#case-header", Static).render())
        assert (
            "Consent: approach perpetrator ✓ · share with police — not recorded · "
            "refer to support — not recorded" in header
        )
        assert "Last contact with victim: Wed 25 Nov 2026 10:30" in header
    with store.reading() as session:
        [saved] = session.exec(select(Consent)).all()
        assert saved.kind == ConsentKind.APPROACH_PERPETRATOR
        assert saved.given and saved.method == "verbal"
        assert saved.recorded_by == "Officer Test"
        assert saved.notes == "Agreed at home visit"
        [seen] = session.exec(select(Contact)).all()
        assert (seen.person_id, seen.method, seen.outcome) == (case.victim_id, "visit", "spoke")


async def test_withdraw_consent_to_share_with_police(
    store: Store, case: MadeCase, make_app: Callable[..., FieldcaseApp]
) -> None:
    """w, then choosing 'share with police', records a withdrawal that the overview shows."""
    app = make_app(store)
    async with app.run_test(size=(130, 40)) as pilot:
        await _open_consent(app, pilot, case)
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("tab", "enter", "down", "enter")  # Consent to: share with police
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConsentScreen)
        row = _row(app, "#consent-overview")
        assert row[2] == "— not recorded"
        assert row[3] == "✗ withdrawn 25 Nov"
    with store.reading() as session:
        assert not consent_in_place(session, case.case_id, ConsentKind.SHARE_POLICE)
        [saved] = session.exec(select(Consent)).all()
        assert saved.kind == ConsentKind.SHARE_POLICE and saved.given is False


async def test_future_time_is_refused_and_form_kept(
    store: Store, case: MadeCase, make_app: Callable[..., FieldcaseApp]
) -> None:
    """A consent dated tomorrow shows the message, keeps the form open and saves nothing."""
    app = make_app(store)
    async with app.run_test(size=(130, 40)) as pilot:
        await _open_consent(app, pilot, case)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("tab", "tab", "tab")  # to "When"
        await type_text(pilot, "tomorrow 10:00")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConsentDialog)
        errors = str(app.screen.query_one("#form-errors", Static).render())
        assert "Consent cannot be recorded for a time in the future." in errors
        assert app.screen.query_one("#recorded-at").value == "tomorrow 10:00"  # type: ignore[attr-defined]
    with store.reading() as session:
        assert session.exec(select(Consent)).all() == []


async def test_stored_names_are_shown_literally(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """A victim named like markup appears as typed in the overview and does nothing."""
    with store.transaction() as session:
        made = make_case(session, victim="[@click=app.quit]Mallory[/]")
    app = make_app(store)
    async with app.run_test(size=(130, 40)) as pilot:
        await _open_consent(app, pilot, made)
        assert _row(app, "#consent-overview")[0] == "[@click=app.quit]Mallory[/]"
        assert app.is_running
