"""The disclosure log, driven by keyboard from the case file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from fieldcase.db.models import Disclosure
from fieldcase.db.store import Store
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.consent_override import ConsentOverrideDialog
from fieldcase.ui.dialogs.disclosure_record import DisclosureDialog
from fieldcase.ui.screens.case_file import CaseFileScreen
from fieldcase.ui.screens.disclosures import DisclosureLogScreen
from tests.protection_data import VICTIM, MadeCase, make_case
from tests.ui.helpers import type_text

FIELDS = [
    "agency",
    "agency-kind",
    "requesting-officer",
    "requesting-rank",
    "requested-on",
    "gateway",
    "gateway-detail",
    "purpose",
    "data-subjects",
    "requested-info",
    "disclosed-info",
    "necessity",
    "approved-by",
    "disclosed-on",
    "method",
]
TYPED = {
    "agency": "Northvale Police",
    "requesting-officer": "DC Rowan Pell",
    "requesting-rank": "DC",
    "purpose": "Crime NV/4471/26",
    "data-subjects": VICTIM,
    "requested-info": "Incident log",
    "disclosed-info": "March incidents",
    "necessity": "Corroboration only",
    "approved-by": "Jo Marsh",
}


@pytest.fixture
def case(store: Store) -> MadeCase:
    with store.transaction() as session:
        return make_case(session)


async def _open_log(app: FieldcaseApp, pilot: Pilot[object], case: MadeCase) -> None:
    app.push_screen(CaseFileScreen(case.case_id))
    await pilot.pause()
    await pilot.press("d")
    await pilot.pause()
    assert isinstance(app.screen, DisclosureLogScreen)


async def _fill(pilot: Pilot[object], gateway_downs: int = 0, detail: str = "") -> None:
    """Type the form from the agency field down, choosing the gateway by arrow keys."""
    for name in FIELDS:
        if name in TYPED:
            await pilot.press(*TYPED[name])
        if name == "gateway-detail" and detail:
            await pilot.press(*detail)
        if name == "gateway" and gateway_downs:
            await pilot.press("enter", *["down"] * gateway_downs, "enter")
        await pilot.press("tab")


def _saved(store: Store) -> list[Disclosure]:
    with store.reading() as session:
        rows = list(session.exec(select(Disclosure)).all())
        for row in rows:
            session.expunge(row)
        return rows


async def test_disclosure_under_s115_is_logged(
    store: Store, case: MadeCase, make_app: Callable[..., FieldcaseApp]
) -> None:
    """d, a, typing the form and ctrl+s logs a police disclosure under s115 at once."""
    app = make_app(store)
    async with app.run_test(size=(130, 45)) as pilot:
        await _open_log(app, pilot, case)
        assert "none recorded" in str(app.screen.query_one("#disclosure-header", Static).render())
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, DisclosureDialog)
        await _fill(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DisclosureLogScreen)
        row = [str(getattr(c, "plain", c)) for c in app.screen.query_one(DataTable).get_row_at(0)]
        assert row[1:3] == ["Northvale Police", "s115 Crime and Disorder Act 1998"]
        detail = str(app.screen.query_one("#disclosure-detail", Static).render())
        assert "Necessary and proportionate because: Corroboration only" in detail
    [saved] = _saved(store)
    assert saved.agency_kind == "police" and saved.gateway == "s115_cda_1998"
    assert saved.requested_on == date(2026, 11, 25) == saved.disclosed_on
    assert saved.consent_override_reason == ""


async def test_police_without_consent_asks_for_a_reason(
    store: Store, case: MadeCase, make_app: Callable[..., FieldcaseApp]
) -> None:
    """On an 'other' gateway without consent, saving asks why; Escape saves nothing."""
    app = make_app(store)
    async with app.run_test(size=(130, 45)) as pilot:
        await _open_log(app, pilot, case)
        await pilot.press("a")
        await pilot.pause()
        await _fill(pilot, gateway_downs=3, detail="Common law")  # s115, DPA, consent, other
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConsentOverrideDialog)
        warning = str(app.screen.query_one("#override-warning", Static).render())
        assert f"No consent to share information with the police is recorded for {VICTIM}." in (
            warning
        )

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DisclosureDialog)
        errors = str(app.screen.query_one("#form-errors", Static).render())
        assert "Not saved: a reason is needed" in errors
        assert _saved(store) == []

        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+s")  # no reason typed yet
        await pilot.pause()
        assert isinstance(app.screen, ConsentOverrideDialog)
        await type_text(pilot, "Child at immediate risk")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DisclosureLogScreen)
        gateway = app.screen.query_one(DataTable).get_row_at(0)[2]
        assert str(getattr(gateway, "plain", gateway)) == "Other (give detail)  without consent"
    [saved] = _saved(store)
    assert saved.consent_override_reason == "Child at immediate risk"


async def test_consent_gateway_without_consent_is_refused(
    store: Store, case: MadeCase, make_app: Callable[..., FieldcaseApp]
) -> None:
    """The consent gateway without the victim's consent is refused on the gateway: no override."""
    app = make_app(store)
    async with app.run_test(size=(130, 45)) as pilot:
        await _open_log(app, pilot, case)
        await pilot.press("a")
        await pilot.pause()
        await _fill(pilot, gateway_downs=2)  # s115 -> DPA -> consent
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DisclosureDialog)
        errors = str(app.screen.query_one("#form-errors", Static).render())
        assert "The consent gateway needs that consent" in errors
        assert app.focused is not None and app.focused.id == "gateway"
    assert _saved(store) == []


async def test_incomplete_form_shows_every_problem(
    store: Store, case: MadeCase, make_app: Callable[..., FieldcaseApp]
) -> None:
    """Saving an empty form lists what is missing and keeps the dialog open."""
    app = make_app(store)
    async with app.run_test(size=(130, 45)) as pilot:
        await _open_log(app, pilot, case)
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Northvale Police")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DisclosureDialog)
        errors = str(app.screen.query_one("#form-errors", Static).render())
        assert "Give the name of the officer who asked." in errors
        assert "Explain why sharing was necessary and proportionate." in errors
        assert app.screen.query_one("#agency").value == "Northvale Police"  # type: ignore[attr-defined]
        assert app.focused is not None and app.focused.id == "requesting-officer"
    assert _saved(store) == []


async def test_reachable_from_the_command_palette(
    store: Store, case: MadeCase, make_app: Callable[..., FieldcaseApp]
) -> None:
    """From the case file, ctrl+p and 'Disclosures' opens the log; F1 lists its keys."""
    app = make_app(store)
    async with app.run_test(size=(130, 45)) as pilot:
        app.push_screen(CaseFileScreen(case.case_id))
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "Disclosures")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, DisclosureLogScreen)
        await pilot.press("f1")
        await pilot.pause()
        keys = str(app.screen.query_one("#help-keys", Static).render())
        assert "Record" in keys and "Back" in keys
