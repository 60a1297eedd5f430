"""Snapshots of the ABC screens, with the demo ABCs on invented cases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from textual.pilot import Pilot

from fieldcase.db.store import Store
from fieldcase.demo.abcs import add_demo_abcs
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import PartyRole
from fieldcase.services import abc_monitoring
from fieldcase.services.case_records import PersonInput
from fieldcase.services.intake import NewCaseInput, create_case
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.screens.abc_detail import AbcScreen
from fieldcase.ui.screens.abc_list import AbcListScreen
from fieldcase.ui.screens.abc_monitor import AbcMonitorScreen
from fieldcase.ui.screens.ladder import LadderScreen

SIZE = (130, 42)
TODAY = date(2026, 11, 25)
CASES = [
    ("Marta Nowicka", ["Gary Stroud", "Leanne Voss"], "12 Larkspur Close, Eastbridge"),
    ("Eileen Marsh-Whitley", ["Connor Blakey"], "4 Tannery Row, Eastbridge"),
    ("Margaret Iwu", ["Lee Sandford"], "Flat 11, Kestrel House, Foundry Walk, Eastbridge"),
]


def seeded(store: Store, make_app: Callable[..., FieldcaseApp]) -> tuple[FieldcaseApp, Any]:
    """The three demo ABCs; returns the app and the monitoring rows by person."""
    with store.transaction() as session:
        for victim, perpetrators, address in CASES:
            create_case(
                session,
                NewCaseInput(
                    category="hate_crime",
                    strands=["race"],
                    address=address,
                    people=[
                        PersonInput(victim, PartyRole.VICTIM),
                        *(PersonInput(p, PartyRole.PERPETRATOR) for p in perpetrators),
                    ],
                ),
                officer_name="Officer Test",
                policy=Policy(),
                today=TODAY - timedelta(days=60),
            )
        add_demo_abcs(session, today=TODAY, policy=Policy(), officer_name="Officer Test")
        rows = {r.person_name: r for r in abc_monitoring.monitoring(session, today=TODAY).active}
    return make_app(store), rows


def opener(app: FieldcaseApp, screen: object) -> Callable[[Pilot[object]], Any]:
    async def run(pilot: Pilot[object]) -> None:
        app.push_screen(screen)  # type: ignore[arg-type]
        await pilot.pause()

    return run


class TestAbcScreens:
    def test_monitoring(self, snap_compare, store: Store, make_app) -> None:  # type: ignore[no-untyped-def]
        """Summary says 3 active, 2 reviews due; Connor Blakey's review is OVERDUE 2d and his
        substantiated breach 10 days ago is listed; Lee Sandford ends in 10 days; all three
        active ABCs are in the last table."""
        app, _ = seeded(store, make_app)
        assert snap_compare(app, terminal_size=SIZE, run_before=opener(app, AbcMonitorScreen()))

    def test_abc_detail(self, snap_compare, store: Store, make_app) -> None:  # type: ignore[no-untyped-def]
        """Gary Stroud's ABC: Active, 1 Nov 2026 to 1 May 2027, next review due 29 Nov; three
        prohibitions then one requirement, numbered 1-4; three signatories all signed 1 Nov;
        no reviews or breaches yet."""
        app, rows = seeded(store, make_app)
        screen = AbcScreen(rows["Gary Stroud"].abc_id)
        assert snap_compare(app, terminal_size=SIZE, run_before=opener(app, screen))

    def test_abc_with_breach_and_suggestion(self, snap_compare, store: Store, make_app) -> None:  # type: ignore[no-untyped-def]
        """Connor Blakey's noise ABC: review OVERDUE, a concerns review, a substantiated breach
        with a warning response, and the suggestion (civil injunction applied for) on top."""
        app, rows = seeded(store, make_app)
        screen = AbcScreen(rows["Connor Blakey"].abc_id)
        assert snap_compare(app, terminal_size=SIZE, run_before=opener(app, screen))

    def test_ladder(self, snap_compare, store: Store, make_app) -> None:  # type: ignore[no-untyped-def]
        """Connor Blakey's ladder: warning letter ticked, ABC the current rung, civil injunction
        applied for starred as suggested; two steps in the timeline and the council's community
        protection warning under partner actions."""
        app, rows = seeded(store, make_app)
        row = rows["Connor Blakey"]
        screen = LadderScreen(row.case_id, row.person_id)
        assert snap_compare(app, terminal_size=SIZE, run_before=opener(app, screen))

    def test_abc_form_from_a_template(self, snap_compare, store: Store, make_app) -> None:  # type: ignore[no-untyped-def]
        """The new-ABC form for Gary Stroud's case after choosing the first template: the gap
        {address} is selected, ready to type over; three signature lines, the person and the
        housing officer pre-filled, the police officer's name still to type."""
        app, rows = seeded(store, make_app)
        row = rows["Gary Stroud"]

        async def run(pilot: Pilot[object]) -> None:
            app.push_screen(AbcListScreen(row.case_id))
            await pilot.pause()
            await pilot.press("n", "enter")
            await pilot.pause()
            await pilot.press("ctrl+t")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            # The form scrolls the selected gap into view after a refresh: wait for it.
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()

        assert snap_compare(app, terminal_size=SIZE, run_before=run)
