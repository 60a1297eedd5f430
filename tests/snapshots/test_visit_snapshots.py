"""Snapshots of the visit screens: the plan form, the briefing and the agenda."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import Input

from fieldcase.db.models import CaseParty, Consent
from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.visits import Attendee
from fieldcase.domain.vocab import Category, PartyRole, Strand
from fieldcase.services import case_records, cautions, contact_records, intake, visit_planning
from fieldcase.services.contact_records import ContactInput
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.screens.visit_briefing import VisitBriefingScreen
from fieldcase.ui.screens.visit_plan import VisitPlanScreen
from tests.snapshots.test_screens import shoot

NOW = datetime(2026, 11, 25, 10, 30).astimezone()
SIZE = (110, 48)


def seed(store: Store) -> dict[str, Any]:
    """A design-story case with cautions, contacts and three visits."""
    with store.transaction() as s:
        case = intake.create_case(
            s,
            intake.NewCaseInput(
                category=Category.HATE_CRIME,
                strands=[Strand.RACE],
                address="12 Larkspur Close",
                postcode="EB2 7QL",
                people=[
                    case_records.PersonInput("Marta Nowicka", safe_contact_number="07700 900101"),
                    case_records.PersonInput("Tomasz Nowicki", role=PartyRole.HOUSEHOLD),
                    case_records.PersonInput(
                        "Gary Stroud", role=PartyRole.PERPETRATOR, address="14 Larkspur Close"
                    ),
                ],
            ),
            officer_name="Officer Test",
            policy=Policy(),
            today=NOW.date() - timedelta(days=20),
        )
        people = {p.role: p.person_id for p in s.exec(select(CaseParty)).all()}
        victim, perp = people[PartyRole.VICTIM], people[PartyRole.PERPETRATOR]
        cautions.add_caution(
            s, kind="dogs", person_id=perp, note="Large dog loose in the garden; call first."
        )
        cautions.add_caution(
            s, kind="violence", person_id=perp, note="Threatened a contractor [red]2025[/red]."
        )
        for days, notes in (
            (9, "Letter sent to Mr Stroud."),
            (6, "Call: Marta updated."),
            (3, "Home visit: quieter this week."),
            (1, "Call: no answer."),
        ):
            contact_records.add_contact(
                s,
                case.id,
                ContactInput(
                    at=NOW - timedelta(days=days),
                    method="call",
                    person_id=victim,
                    outcome="spoke",
                    notes=notes,
                ),
                policy=Policy(),
                now=NOW,
            )
        joint = visit_planning.plan_visit(
            s,
            case.id,
            visit_planning.VisitInput(
                kind="joint_police",
                planned_at=NOW + timedelta(days=1, minutes=-30),
                duration_minutes=45,
                person_id=victim,
                attendees=[Attendee("Officer Test"), Attendee("PC Jo Marsh", "police", "4471")],
                plain_clothes=True,
                unmarked_vehicle=True,
                park_away=True,
                park_where="Heron Way, by the post box",
                approach_route="Footpath from Heron Way, not through the close",
                no_branding=True,
                pre_call=True,
                in_pairs=True,
                buddy_name="Sam Okoye",
                checkin_at=NOW + timedelta(days=1, minutes=30),
                code_word_agreed=True,
                code_word_holder="Sam Okoye",
                do_not_disclose="That Mr Stroud's neighbour at number 10 gave a statement.",
            ),
            now=NOW,
        )
        for person in (victim, people[PartyRole.HOUSEHOLD]):
            s.add(
                Consent(
                    case_id=case.id,
                    person_id=person,
                    kind="approach_perpetrator",
                    given=True,
                    recorded_at=NOW - timedelta(days=15),
                )
            )
        s.flush()
        visit_planning.plan_visit(
            s,
            case.id,
            visit_planning.VisitInput(
                kind="perpetrator_interview",
                planned_at=NOW - timedelta(hours=2),
                person_id=perp,
                place_kind="police_station",
                place_detail="Eastbridge Police Station",
                attendees=[Attendee("Officer Test"), Attendee("PC Jo Marsh", "police", "4471")],
                buddy_name="Sam Okoye",
                checkin_at=NOW - timedelta(minutes=20),
            ),
            now=NOW - timedelta(hours=3),
        )
        visit_planning.plan_visit(
            s,
            case.id,
            visit_planning.VisitInput(
                kind="victim_support",
                planned_at=NOW + timedelta(days=3, hours=4),
                person_id=victim,
                attendees=[Attendee("Officer Test")],
            ),
            now=NOW,
        )
        return {"case_id": case.id, "joint": joint.id, "perp": perp}


def test_plan_form(snap_compare: Any, store: Store, make_app: Callable[..., FieldcaseApp]) -> None:
    """The plan form for a visit to the alleged perpetrator, under the red overdue
    check-in alert (it shows on every screen): two caution markers (dogs,
    violence, the note's [red] tags shown literally) in a red box at the top, the consent
    line absent because consent is recorded, the address resolved to 14 Larkspur Close,
    and the officer pre-filled as the first attendee."""
    seeded = seed(store)
    app = make_app(store, now=NOW)

    async def open_form(pilot: Pilot[object]) -> None:
        app.push_screen(VisitPlanScreen(seeded["case_id"]))
        await pilot.pause()
        await pilot.press("tab", "enter", "down", "down", "down", "enter")
        await pilot.press("tab", *"fri 14:00")
        app.screen.query_one("#planned-at", Input).cursor_blink = False  # cursor steadily shown
        app.checkins.refresh_now()
        await pilot.pause()

    assert snap_compare(app, run_before=open_form, terminal_size=SIZE)


def test_briefing(snap_compare: Any, store: Store, make_app: Callable[..., FieldcaseApp]) -> None:
    """The briefing for tomorrow's joint plain-clothes visit, under the overdue check-in
    alert of another visit: when and where, no cautions
    for the victim's address, what must not be disclosed, the full safety plan with the
    victim's safe number and who holds the code word (never the word), both attendees with
    PC Marsh's collar number, the household at 12 Larkspur Close, and the last three
    contacts newest first."""
    seeded = seed(store)
    app = make_app(store, now=NOW)

    async def open_briefing(pilot: Pilot[object]) -> None:
        app.push_screen(VisitBriefingScreen(seeded["joint"]))
        await pilot.pause()
        app.checkins.refresh_now()
        await pilot.pause()

    assert snap_compare(app, run_before=open_briefing, terminal_size=SIZE)


def test_agenda(snap_compare: Any, store: Store, make_app: Callable[..., FieldcaseApp]) -> None:
    """The agenda with the red overdue check-in alert across the top; under 'Needs
    attention' the police-station interview 20 min past its check-in (flag second, after the
    time); then tomorrow's joint visit with its check-in time and Saturday's victim support
    visit; the interview shows its two caution markers after the case reference."""
    seed(store)
    app = make_app(store, now=NOW)

    async def open_agenda(pilot: Pilot[object]) -> None:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        app.checkins.refresh_now()
        await pilot.pause()

    assert snap_compare(app, run_before=open_agenda, terminal_size=SIZE)


class TestDemoVisitScenes:
    """The visit scenes of the README pictures, on the demo cases."""

    def test_demo_agenda(self, snap_compare: Any, demo_dir: Path) -> None:
        """The demo agenda: a perpetrator interview from two days ago needing its outcome on
        top, then tomorrow's joint visit with its check-in time, a victim support visit and
        the ABC review with Gary Stroud at the police station."""
        assert shoot(snap_compare, demo_dir, "agenda")

    def test_demo_visit_briefing(self, snap_compare: Any, demo_dir: Path) -> None:
        """The story's joint plain-clothes visit: park on Heron Way, the code word held by
        the buddy (never the word), PC Jo Marsh with collar number 4471, the household."""
        assert shoot(snap_compare, demo_dir, "visit-briefing")

    def test_demo_visit_plan(self, snap_compare: Any, demo_dir: Path) -> None:
        """Planning a visit to Marta Nowicka: the dog caution on 12 Larkspur Close in the red
        box, 'fri 10:00' read back as Friday's date."""
        assert shoot(snap_compare, demo_dir, "visit-plan")
