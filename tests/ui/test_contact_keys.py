"""Contacts are fast: the design story's letters and doorstep visits in few keys, by keyboard."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlmodel import col, select
from textual.pilot import Pilot
from textual.widgets import DataTable, Select, SelectionList, Static

from fieldcase.db.models import CaseParty, Contact, Person
from fieldcase.db.store import Store
from fieldcase.domain.protection import ConsentKind
from fieldcase.domain.vocab import ContactMethod, ContactOutcome, Engagement, PartyRole, Strand
from fieldcase.services import case_records
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.consent_override import ConsentOverrideDialog
from fieldcase.ui.dialogs.contact import ContactDialog
from tests.builders import BuiltCase, a_case, a_consent, a_contact, a_person
from tests.conftest import FIXED_NOW, TEST_OFFICER
from tests.ui.helpers import open_case_file, table_text, type_text

KEY_TARGET = 60
"""The most keys the design story's two letters and six no-access visits may take."""

STORY_START = FIXED_NOW - timedelta(days=20)
"""When the officer writes to both neighbours."""


def story_case(store: Store) -> BuiltCase:
    """The design story's family: the victim, her husband, two neighbours at their own
    addresses, a police contact; the victim consented to the neighbours being approached."""
    with store.transaction() as session:
        case = a_case(
            session,
            victims=[a_person("Hanna Kowalczyk", safe_contact_number="07700 900233")],
            others=[
                a_person("Piotr Kowalczyk", PartyRole.HOUSEHOLD),
                a_person("PC Nadia Holt", PartyRole.POLICE, phone="07700 900412"),
            ],
            perpetrators=[
                a_person("Dale Fenner", PartyRole.PERPETRATOR, address="14 Larch Walk, ZZ1 1ZY"),
                a_person("Shona Pyke", PartyRole.PERPETRATOR, address="9 Larch Walk, ZZ1 1ZY"),
            ],
        )
        a_consent(
            session,
            case.case_id,
            case.victim_id,
            ConsentKind.APPROACH_PERPETRATOR,
            recorded_at=STORY_START - timedelta(days=1),
        )
    return case


@dataclass
class Clock:
    """The app's clock, moved on by the test as the days of the story pass."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def days_later(self, days: int) -> None:
        """Move on by ``days`` days."""
        self.now += timedelta(days=days)


class CountedKeys:
    """Sends keys to the app and counts every one of them."""

    def __init__(self, pilot: Pilot[Any]) -> None:
        self.pilot = pilot
        self.sent = 0

    async def press(self, *keys: str) -> None:
        """Press keys in order, counting each."""
        self.sent += len(keys)
        await self.pilot.press(*keys)


@pytest.fixture
def story(store: Store) -> BuiltCase:
    return story_case(store)


async def test_two_letters_and_six_no_access_visits_take_at_most_sixty_keys(
    store: Store, story: BuiltCase, make_app: Callable[..., FieldcaseApp]
) -> None:
    """From the case file: a letter to each neighbour, then three doorstep visits to each with
    no answer, in at most 60 keys; the eight contacts are stored as the story tells them."""
    clock = Clock(STORY_START)
    app = make_app(store, clock=clock)
    async with app.run_test(size=(120, 45)) as pilot:
        await open_case_file(pilot, story.case_id)
        keys = CountedKeys(pilot)

        await keys.press("L", "ctrl+s")  # a letter to each alleged perpetrator

        clock.days_later(3)
        # People: victim, husband, police contact, then the neighbours.
        await keys.press("down", "down", "down")  # Dale Fenner
        await keys.press("l", "enter", "v", "enter", "ctrl+s")  # a visit: no access
        for _ in range(2):
            clock.days_later(3)
            await keys.press("a")  # the same again, now

        clock.days_later(1)
        await keys.press("down")  # Shona Pyke
        await keys.press("l", "enter", "v", "enter", "ctrl+s")
        for _ in range(2):
            clock.days_later(3)
            await keys.press("a")

        shown = table_text(app.screen.query_one("#contacts", DataTable))
        assert len(shown) == 8
    assert keys.sent <= KEY_TARGET, f"{keys.sent} keys"  # 20 keys; 158 before contacts were fast

    fenner, pyke = story.party_ids[PartyRole.PERPETRATOR]
    with store.reading() as session:
        logged = session.exec(
            select(Contact).order_by(col(Contact.at), col(Contact.created_at))
        ).all()
        engagement = set(
            session.exec(
                select(CaseParty.engagement).where(CaseParty.role == PartyRole.PERPETRATOR)
            ).all()
        )
    day = timedelta(days=1)
    assert [(c.person_id, c.method, c.direction, c.outcome, c.at) for c in logged] == [
        (fenner, "letter", "out", "sent", STORY_START),
        (pyke, "letter", "out", "sent", STORY_START),
        (fenner, "visit", "out", "no_access", STORY_START + 3 * day),
        (fenner, "visit", "out", "no_access", STORY_START + 6 * day),
        (fenner, "visit", "out", "no_access", STORY_START + 9 * day),
        (pyke, "visit", "out", "no_access", STORY_START + 10 * day),
        (pyke, "visit", "out", "no_access", STORY_START + 13 * day),
        (pyke, "visit", "out", "no_access", STORY_START + 16 * day),
    ]
    assert {c.officer_name for c in logged} == {TEST_OFFICER}
    assert engagement == {Engagement.ATTEMPTING}


async def test_how_sets_the_usual_outcome_and_with_starts_on_the_highlighted_person(
    store: Store, story: BuiltCase, make_app: Callable[..., FieldcaseApp]
) -> None:
    """People shows where each person lives and how to reach them (the highlighted one in
    full in its title); l on a neighbour starts a letter to them, out, sent; a visit turns it
    to no access; a call coming in, spoke."""
    fenner = story.party_ids[PartyRole.PERPETRATOR][0]
    app = make_app(store)
    async with app.run_test(size=(120, 45)) as pilot:
        await open_case_file(pilot, story.case_id)
        people = {row[1]: row for row in table_text(app.screen.query_one("#people", DataTable))}
        assert people["Dale Fenner"][3] == "14 Larch Walk, ZZ1 1ZY"
        assert people["Hanna Kowalczyk"][3:5] == ["the case property", "safe 07700 900233"]
        assert people["PC Nadia Holt"][4] == "07700 900412"

        await pilot.press("down", "down", "down")
        title = app.screen.query_one("#people-title", Static)
        assert "Dale Fenner · 14 Larch Walk, ZZ1 1ZY · no contact details" in str(title.render())
        await pilot.press("l")
        dialog = app.screen
        assert isinstance(dialog, ContactDialog)
        assert _choices(dialog) == ("letter", str(fenner), "out", "sent")
        assert str(dialog.query_one("#at-preview", Static).render()) == "→ Wed 25 Nov 2026 10:30"

        await pilot.press("enter", "v", "enter")
        assert _choices(dialog) == ("visit", str(fenner), "out", "no_access")
        await pilot.press("enter", "c", "enter")  # a call
        await pilot.press("tab", "tab", "tab", "enter", "down", "enter")  # coming in
        assert _choices(dialog) == ("call", str(fenner), "in", "spoke")
        await pilot.press("ctrl+s")
    with store.reading() as session:
        [call] = session.exec(select(Contact)).all()
    assert (call.method, call.direction, call.outcome, call.person_id) == (
        "call",
        "in",
        "spoke",
        fenner,
    )


def _choices(dialog: ContactDialog) -> tuple[str, ...]:
    return tuple(
        str(dialog.query_one(f"#{name}", Select).value)
        for name in ("method", "person", "direction", "outcome")
    )


async def test_again_logs_the_latest_contact_or_the_highlighted_one_now(
    store: Store, story: BuiltCase, make_app: Callable[..., FieldcaseApp]
) -> None:
    """a repeats the latest contact at the time now, without its notes; with the contact log
    focused, a repeats the contact highlighted there."""
    fenner, pyke = story.party_ids[PartyRole.PERPETRATOR]
    with store.transaction() as session:
        for days, person in ((5, pyke), (2, fenner)):
            a_contact(
                session,
                story.case_id,
                at=FIXED_NOW - timedelta(days=days),
                method=ContactMethod.VISIT,
                person_id=person,
                outcome=ContactOutcome.NO_ACCESS,
                notes="No answer; calling card left.",
            )
    app = make_app(store)
    async with app.run_test(size=(120, 45)) as pilot:
        await open_case_file(pilot, story.case_id)
        await pilot.press("a")  # the latest: Dale Fenner's
        await pilot.press("tab", "tab", "down", "down", "a")  # the log: Shona Pyke's, third
        shown = table_text(app.screen.query_one("#contacts", DataTable))
    assert [row[3] for row in shown] == ["Shona Pyke", "Dale Fenner", "Dale Fenner", "Shona Pyke"]
    with store.reading() as session:
        again = session.exec(select(Contact).where(Contact.at == FIXED_NOW)).all()
    assert sorted((c.person_id == pyke, c.method, c.outcome, c.notes) for c in again) == [
        (False, "visit", "no_access", ""),
        (True, "visit", "no_access", ""),
    ]


async def test_a_letter_to_each_perpetrator_without_consent_asks_why_once(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """L writes to each alleged perpetrator still at their address; without the victim's
    consent one reason is asked for and kept with each letter."""
    with store.transaction() as session:
        case = a_case(session, perpetrators=["Dale Fenner", "Shona Pyke", "Rory Blay"])
        [*_, gone] = session.exec(
            select(CaseParty).where(CaseParty.role == PartyRole.PERPETRATOR)
        ).all()
        case_records.set_engagement(session, gone.id, Engagement.LEFT_ADDRESS)
    app = make_app(store)
    async with app.run_test(size=(120, 45)) as pilot:
        await open_case_file(pilot, case.case_id)
        await pilot.press("L")
        shown = app.screen.query_one("#person", Select).query_one("#label", Static)
        assert str(shown.render()) == "Each alleged perpetrator: Dale Fenner, Shona Pyke"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConsentOverrideDialog)
        await type_text(pilot, "Police asked us to write to both today")
        await pilot.press("ctrl+s")
    with store.reading() as session:
        letters = session.exec(select(Contact, Person.full_name).join(Person)).all()
    assert sorted(
        (name, c.method, c.outcome, c.consent_override_reason) for c, name in letters
    ) == [
        ("Dale Fenner", "letter", "sent", "Police asked us to write to both today"),
        ("Shona Pyke", "letter", "sent", "Police asked us to write to both today"),
    ]


async def test_a_new_incident_starts_with_the_case_strands_and_shows_its_time(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """i ticks the case's strands; the time typed is shown as read, or why it cannot be."""
    with store.transaction() as session:
        case = a_case(session, strands=[Strand.RACE, Strand.RELIGION])
    app = make_app(store)
    async with app.run_test(size=(120, 45)) as pilot:
        await open_case_file(pilot, case.case_id)
        await pilot.press("i")
        dialog = app.screen
        assert set(dialog.query_one("#strands", SelectionList).selected) == {"race", "religion"}
        preview = dialog.query_one("#occurred-at-preview", Static)
        await type_text(pilot, "yesterday 21:30")
        assert str(preview.render()) == "→ Tue 24 Nov 2026 21:30"
        await type_text(pilot, "x")
        assert str(preview.render()).startswith("✗ ") and preview.has_class("-bad")
