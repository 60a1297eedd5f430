"""Officers plan, brief, record and check in on visits by keyboard alone."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Static

from fieldcase.config import Settings
from fieldcase.db.models import CaseParty, CautionMarker, Contact, Draft, Visit
from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.visits import Attendee, attendees_from_json
from fieldcase.domain.vocab import Category, PartyRole, Strand
from fieldcase.paths import locate
from fieldcase.services import case_file, case_records, intake, visit_planning
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.screens.agenda import AgendaScreen
from fieldcase.ui.screens.case_file import CaseFileScreen
from fieldcase.ui.screens.dashboard import DashboardScreen
from fieldcase.ui.screens.visit_briefing import VisitBriefingScreen
from fieldcase.ui.screens.visit_plan import VisitPlanScreen
from fieldcase.ui.widgets.visit_checkin import CheckinAlert
from tests.ui.helpers import burst, type_text

# Wednesday 25 November 2026, 10:30 (the machine's local time is UTC in tests).
NOW = datetime(2026, 11, 25, 10, 30).astimezone()
SIZE = (110, 50)


def seed(store: Store) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    """A hate case: victim at 14 Alder Road, perpetrator at 16 Alder Road."""
    with store.transaction() as s:
        case = intake.create_case(
            s,
            intake.NewCaseInput(
                category=Category.HATE_CRIME,
                strands=[Strand.RACE],
                address="14 Alder Road",
                postcode="ZZ1 4AB",
                people=[
                    case_records.PersonInput("Mira Patel", safe_contact_number="07700 900123"),
                    case_records.PersonInput(
                        "Dan Reeve", role=PartyRole.PERPETRATOR, address="16 Alder Road"
                    ),
                ],
            ),
            officer_name="Officer Test",
            policy=Policy(),
            today=NOW.date() - timedelta(days=5),
        )
        parties = {p.role: p.person_id for p in s.exec(select(CaseParty)).all()}
        return case.id, parties[PartyRole.VICTIM], parties[PartyRole.PERPETRATOR]


def plan(store: Store, case_id: uuid.UUID, person_id: uuid.UUID, **extra: object) -> uuid.UUID:
    with store.transaction() as s:
        data = visit_planning.VisitInput(
            kind="victim_support",
            planned_at=NOW + timedelta(minutes=30),
            person_id=person_id,
            attendees=[Attendee("Officer Test"), Attendee("PC Amir Shah", "police", "4471")],
            consent_override_reason="Police-led interview",
        )
        for name, value in extra.items():
            setattr(data, name, value)
        return visit_planning.plan_visit(s, case_id, data, now=NOW).id


class Clock:
    """A clock the test can move on."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def app_with_clock(store: Store, clock: Callable[[], datetime]) -> FieldcaseApp:
    locations = locate()
    return FieldcaseApp(
        locations=locations,
        settings=Settings(officer_name="Officer Test"),
        database=locations.database,
        store=store,
        clock=clock,
    )


async def open_case_file(pilot: Pilot[object]) -> None:
    await pilot.pause()
    assert isinstance(pilot.app.screen, DashboardScreen)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CaseFileScreen)


async def choose(pilot: Pilot[object], downs: int) -> None:
    """Open the focused drop-down, move down, pick."""
    await pilot.press("enter", *(["down"] * downs), "enter")


def text_of(pilot: Pilot[object], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


class TestPlanVisit:
    async def test_plan_joint_plain_clothes_visit_by_keyboard(
        self, store: Store, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """v on the case file, type the plan, Ctrl+S: saved with police and safety plan."""
        case_id, victim, _ = seed(store)
        app = make_app(store, now=NOW)
        async with app.run_test(size=SIZE) as pilot:
            await open_case_file(pilot)
            await pilot.press("v")
            await pilot.pause()
            assert isinstance(app.screen, VisitPlanScreen)
            await choose(pilot, 2)  # Joint visit with police
            await pilot.press("tab")
            await choose(pilot, 1)  # Mira Patel
            await pilot.press("tab")
            await type_text(pilot, "tomorrow 10:30")
            assert "Thu 26 Nov 2026 10:30" in text_of(pilot, "#planned-at-preview")
            await pilot.press("tab", "tab", "tab", "tab")  # duration, place, detail, attendee 1
            await pilot.press("tab", "tab", "tab")
            await type_text(pilot, "PC Amir Shah")
            await pilot.press("tab")
            await choose(pilot, 1)  # Police officer
            await pilot.press("tab")
            await type_text(pilot, "4471")
            await pilot.press("tab", "space")  # plain clothes
            await pilot.press("tab", "space")  # unmarked vehicle
            await pilot.press("tab", "space", "tab")
            await type_text(pilot, "Co-op car park, Birch Lane")
            await pilot.press("tab")
            await type_text(pilot, "Footpath behind the garages")
            await pilot.press("tab", "space")  # no branding
            await pilot.press("tab", "space")  # pre-call
            await pilot.press("tab", "space")  # in pairs
            await pilot.press("tab", "space", "tab")
            await type_text(pilot, "Jo Finch")
            await pilot.press("tab")
            await type_text(pilot, "tomorrow 11:45")
            await pilot.press("tab", "space", "tab")
            await type_text(pilot, "Jo Finch")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, CaseFileScreen)
            header = str(app.screen.query_one("#case-header", Static).render())
            assert "Visits: next Thu 26 Nov 2026 10:30 (Joint visit with police)" in header
        with store.reading() as s:
            visit = s.exec(select(Visit)).one()
            assert visit.case_id == case_id and visit.person_id == victim
            assert visit.kind == "joint_police"
            assert visit.planned_at == datetime(2026, 11, 26, 10, 30).astimezone()
            assert visit.plain_clothes and visit.unmarked_vehicle and visit.no_branding
            assert visit.park_where == "Co-op car park, Birch Lane"
            assert visit.approach_route == "Footpath behind the garages"
            assert visit.pre_call and visit.in_pairs and visit.code_word_agreed
            assert visit.buddy_name == "Jo Finch" and visit.code_word_holder == "Jo Finch"
            assert visit.checkin_at == datetime(2026, 11, 26, 11, 45).astimezone()
            assert [a.describe() for a in attendees_from_json(visit.attendees)] == [
                "Officer Test (Housing officer)",
                "PC Amir Shah (Police officer, collar 4471)",
            ]

    async def test_bad_time_is_explained_and_what_was_typed_stays(
        self, store: Store, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """A time that cannot be read is refused with a message; nothing is saved."""
        seed(store)
        app = make_app(store, now=NOW)
        async with app.run_test(size=SIZE) as pilot:
            await open_case_file(pilot)
            await pilot.press("v")  # the form opens once its people are loaded
            await pilot.press("tab", "tab", *"fri 25:00", "ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, VisitPlanScreen)
            assert "not a time of day" in text_of(pilot, "#form-errors")
            assert app.screen.query_one("#planned-at", Input).value == "fri 25:00"
            assert app.focused is app.screen.query_one("#planned-at")
        with store.reading() as s:
            assert s.exec(select(Visit)).all() == []


class TestKeysInABurst:
    async def test_tab_straight_after_ticking_a_measure_lands_in_its_notes(
        self, store: Store, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """Space on "park away" then Tab in one burst: the focus is on where to park."""
        seed(store)
        app = make_app(store, now=NOW)
        async with app.run_test(size=SIZE) as pilot:
            await open_case_file(pilot)
            await pilot.press("v")
            app.screen.query_one("#park-away").focus()
            await pilot.pause()
            assert not app.screen.query_one("#park-away-notes").display
            await burst(pilot, "space", "tab")
            assert app.screen.focused is app.screen.query_one("#park-where")
            await pilot.press("shift+tab")
            await burst(pilot, "space", "tab")
            assert not app.screen.query_one("#park-away-notes").display
            assert app.screen.focused is app.screen.query_one("#no-branding")

    async def test_tab_straight_after_unsafe_lands_in_what_made_it_unsafe(
        self, store: Store, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """Space on "felt unsafe" then Tab at once: on to what made the visit unsafe."""
        case_id, _, perp = seed(store)
        plan(store, case_id, perp, kind="perpetrator_interview")
        app = make_app(store, now=NOW + timedelta(hours=2))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("a", "enter", "o")
            app.screen.query_one("#unsafe").focus()
            await pilot.pause()
            await burst(pilot, "space", "tab")
            assert app.screen.focused is app.screen.query_one("#unsafe-note")


class TestCautions:
    async def test_caution_added_on_one_visit_appears_on_the_next_plan(
        self, store: Store, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """A dogs marker added from a briefing shows on a second plan for the same address."""
        case_id, victim, _ = seed(store)
        plan(store, case_id, victim)
        app = make_app(store, now=NOW)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("a")
            await pilot.pause()
            assert isinstance(app.screen, AgendaScreen)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, VisitBriefingScreen)
            assert "None recorded" in text_of(pilot, "#brief-cautions")
            await pilot.press("c")
            await pilot.pause()
            await choose(pilot, 1)  # Dogs
            await pilot.press("tab", "tab")
            await type_text(pilot, "Two large dogs [b]loose[/b]")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "Dogs: 14 Alder Road — Two large dogs [b]loose[/b]" in text_of(
                pilot, "#brief-cautions"
            )
            await pilot.press("escape", "c")  # back to the agenda, open the case file
            await pilot.pause()
            assert isinstance(app.screen, CaseFileScreen)
            await pilot.press("v")
            await pilot.pause()
            await pilot.press("tab")
            await choose(pilot, 1)  # Mira Patel, at 14 Alder Road
            await pilot.pause()
            cautions = text_of(pilot, "#visit-cautions")
            assert "⚠ CAUTION" in cautions
            assert "Dogs: 14 Alder Road — Two large dogs [b]loose[/b]" in cautions
        with store.reading() as s:
            marker = s.exec(select(CautionMarker)).one()
            assert marker.kind == "dogs" and marker.person_id is None


class TestOutcome:
    async def test_record_outcome_of_a_perpetrator_visit(
        self, store: Store, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """O on the briefing: refused, notes, a follow-up; engagement and contact recorded."""
        case_id, _, perp = seed(store)
        plan(store, case_id, perp, kind="perpetrator_interview")
        app = make_app(store, now=NOW + timedelta(hours=2))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("a")
            await pilot.pause()
            assert "Needs outcome" in str(app.screen.query_one("#agenda-table").render_line(2))
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("o")
            await pilot.pause()
            await choose(pilot, 2)  # Refused
            await pilot.press("tab", *"Would not open the door; shouted through it.")
            await pilot.press("tab", "space")  # the notes are not for disclosure
            await pilot.press("tab")  # engagement follows the outcome: Refused
            await pilot.press("tab", "tab")
            await type_text(pilot, "Send warning letter")
            await pilot.press("tab")
            await type_text(pilot, "Officer Test")
            await pilot.press("tab")
            await type_text(pilot, "+7")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, VisitBriefingScreen)
            assert "Refused" in text_of(pilot, "#brief-outcome")
        with store.reading() as s:
            visit = s.exec(select(Visit)).one()
            assert visit.status == "refused" and visit.not_for_disclosure
            party = s.exec(select(CaseParty).where(CaseParty.person_id == perp)).one()
            assert party.engagement == "refused"
            contact = s.exec(select(Contact)).one()
            assert (contact.method, contact.outcome) == ("visit", "refused")
            actions = case_file.load_case_file(s, case_id, record_view=False).actions
            assert [(a.what, a.due_on) for a in actions] == [
                ("Send warning letter", (NOW + timedelta(days=7)).date())
            ]


class TestCheckin:
    async def test_overdue_checkin_alert_shows_on_every_screen_until_resolved(
        self, store: Store
    ) -> None:
        """Past the check-in time the alert appears everywhere; F2, 'out and safe' clears it."""
        case_id, victim, _ = seed(store)
        visit_id = plan(
            store, case_id, victim, buddy_name="Jo Finch", checkin_at=NOW + timedelta(hours=1)
        )
        clock = Clock(NOW)
        app = app_with_clock(store, clock)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert not app.screen.query(CheckinAlert)
            clock.now = NOW + timedelta(hours=1, minutes=12)
            await pilot.pause(1.3)
            alert = app.screen.query_one(CheckinAlert)
            text = str(alert.render())
            assert "CHECK-IN OVERDUE" in text and "12 min ago" in text
            assert "Mira" not in text and "Alder" not in text
            await pilot.press("a")
            await pilot.pause(1.3)
            assert isinstance(app.screen, AgendaScreen)
            assert app.screen.query(CheckinAlert)
            assert "Check-in overdue 12 min" in str(
                app.screen.query_one("#agenda-table").render_line(2)
            )
            await pilot.press("f2")
            await pilot.pause()
            await pilot.press("enter")  # I am out and safe
            await pilot.pause()
            assert not app.screen.query(CheckinAlert)
        with store.reading() as s:
            visit = s.get(Visit, visit_id)
            assert visit is not None
            assert visit.finished_at == NOW + timedelta(hours=1, minutes=12)

    async def test_extending_the_checkin_clears_the_alert_until_the_new_time(
        self, store: Store
    ) -> None:
        """Extend by 15 minutes: the alert goes, and returns if that passes too."""
        case_id, victim, _ = seed(store)
        plan(store, case_id, victim, buddy_name="Jo Finch", checkin_at=NOW + timedelta(hours=1))
        clock = Clock(NOW + timedelta(hours=1, minutes=5))
        app = app_with_clock(store, clock)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(1.3)
            assert app.screen.query(CheckinAlert)
            await pilot.press("f2", "down", "enter")
            await pilot.pause()
            assert not app.screen.query(CheckinAlert)
            clock.now += timedelta(minutes=16)
            await pilot.pause(1.3)
            assert app.screen.query(CheckinAlert)


class TestPrivacyAndDrafts:
    async def test_locked_screen_alert_names_no_case_and_f2_waits(self, store: Store) -> None:
        """Locked with an overdue check-in: a bar without the reference; F2 opens nothing."""
        case_id, victim, _ = seed(store)
        plan(store, case_id, victim, buddy_name="Jo Finch", checkin_at=NOW + timedelta(hours=1))
        app = app_with_clock(store, Clock(NOW + timedelta(hours=2)))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+l")
            await pilot.pause(1.3)
            text = str(app.screen.query_one(CheckinAlert).render())
            assert "CHECK-IN IS OVERDUE" in text and "FC-2026" not in text
            screens = len(app.screen_stack)
            await pilot.press("f2")
            await pilot.pause()
            assert len(app.screen_stack) == screens

    async def test_half_typed_plan_is_kept_as_a_draft_and_offered_back(
        self, store: Store, make_app: Callable[..., FieldcaseApp]
    ) -> None:
        """Typing, then hiding the screen, keeps the plan (toggles too); reopening offers it."""
        seed(store)
        app = make_app(store, now=NOW)
        async with app.run_test(size=SIZE) as pilot:
            await open_case_file(pilot)
            await pilot.press("v")  # the form opens once its people are loaded
            await pilot.press("tab", "tab", *"fri 14:00")
            app.screen.query_one("#plain-clothes", Checkbox).value = True
            await pilot.press("ctrl+l")
            await pilot.pause()
        with store.reading() as s:
            draft = s.exec(select(Draft)).one()
            assert draft.title == "Visit plan for FC-2026-0001"
            assert "fri 14:00" in draft.payload
        app = make_app(store, now=NOW)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("enter")  # the start offers it: carry on with the plan
            await pilot.pause()
            await pilot.press("enter")  # the plan form offers it: carry on with it
            await pilot.pause()
            assert isinstance(app.screen, VisitPlanScreen)
            assert app.screen.query_one("#planned-at", Input).value == "fri 14:00"
            assert app.screen.query_one("#plain-clothes", Checkbox).value is True
