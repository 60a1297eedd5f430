"""The demo caseload: the design story, variety, overdue cases, and determinism."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from fieldcase.db.models import Case, CautionMarker, Contact, Person, Property
from fieldcase.db.store import Store, open_store
from fieldcase.demo.build import DEMO_OFFICER, DEMO_PASSPHRASE, STORY_VICTIM, populate
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import (
    CaseStatus,
    Category,
    ContactMethod,
    ContactOutcome,
    Engagement,
    IncidentType,
    PartyRole,
    RiskLevel,
    Strand,
    split_values,
)
from fieldcase.services.case_file import CaseFile, load_case_file
from fieldcase.services.caseload import count_cases, search_cases

TODAY = date(2026, 6, 15)


def _demo_store(path: Path, today: date = TODAY) -> Store:
    store = open_store(path, DEMO_PASSPHRASE, create=True, actor=DEMO_OFFICER)
    populate(store, policy=Policy(), today=today)
    return store


@pytest.fixture(scope="module")
def demo(
    demo_databases: Callable[[date], Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """One copy of the session's demo database, shared by the read-only tests in this module."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copyfile(demo_databases(TODAY), path)
    store = open_store(path, DEMO_PASSPHRASE, actor=DEMO_OFFICER)
    yield store
    store.close()


def _story(store: Store) -> CaseFile:
    with store.reading() as session:
        (row,) = search_cases(session, STORY_VICTIM, include_closed=True, today=TODAY)
        return load_case_file(session, row.id, record_view=False)


def test_demo_holds_the_story_case_and_25_others(demo: Store) -> None:
    """The demo has 26 cases, 21 of them open or monitoring."""
    with demo.reading() as session:
        assert count_cases(session, include_closed=True) == 26
        assert count_cases(session) == 21


def test_story_case_is_a_nationality_hate_crime_with_police_involved(demo: Store) -> None:
    """The story case is race hate crime, High risk, with a crime number on case and incident."""
    file = _story(demo)
    assert file.case.category == Category.HATE_CRIME
    assert split_values(file.case.strands) == [Strand.RACE]
    assert file.case.risk_level == RiskLevel.HIGH
    assert file.case.status == CaseStatus.OPEN
    assert "nationality" in file.case.summary
    assert file.case.police_refs
    kinds = {k for incident in file.incidents for k in split_values(incident.kinds)}
    assert {IncidentType.VERBAL_ABUSE, IncidentType.CRIMINAL_DAMAGE} <= kinds
    assert file.case.police_refs in {i.police_crime_number for i in file.incidents}


def test_story_case_has_the_family_police_and_two_neighbours(demo: Store) -> None:
    """One perpetrator engaged, the other left the address; a police contact is on the case."""
    file = _story(demo)
    names = {role: [p.person.full_name for p in file.people_in(role)] for role in PartyRole}
    assert names[PartyRole.VICTIM] == [STORY_VICTIM]
    assert len(names[PartyRole.HOUSEHOLD]) == 2
    assert len(names[PartyRole.POLICE]) == 1
    engagement = {
        p.person.full_name: p.party.engagement for p in file.people_in(PartyRole.PERPETRATOR)
    }
    assert sorted(engagement.values()) == [Engagement.ENGAGED, Engagement.LEFT_ADDRESS]
    home = file.case.property_id
    assert all(p.party.property_id == home for p in file.people_in(PartyRole.HOUSEHOLD))
    assert all(
        p.party.property_id not in (None, home) for p in file.people_in(PartyRole.PERPETRATOR)
    )


def test_story_case_evidences_letters_and_repeated_visit_attempts(demo: Store) -> None:
    """Both neighbours were written to; the one who left had several visits with no access."""
    file = _story(demo)
    perps = {p.person.id: p.party.engagement for p in file.people_in(PartyRole.PERPETRATOR)}
    letters = {c.person_id for c in file.contacts if c.method == ContactMethod.LETTER}
    assert set(perps) <= letters
    gone = next(pid for pid, e in perps.items() if e == Engagement.LEFT_ADDRESS)
    no_access = [
        c
        for c in file.contacts
        if c.person_id == gone
        and c.method == ContactMethod.VISIT
        and c.outcome == ContactOutcome.NO_ACCESS
    ]
    assert len(no_access) >= 3
    assert file.actions and any(a.done_on is None for a in file.actions)


def test_every_category_strand_status_and_risk_level_appears(demo: Store) -> None:
    """The demo shows the whole vocabulary: categories, strands, statuses, risk levels."""
    with demo.reading() as session:
        cases = session.exec(select(Case)).all()
    assert {c.category for c in cases} == set(Category)
    assert {s for c in cases for s in split_values(c.strands)} == set(Strand)
    assert {c.status for c in cases} == set(CaseStatus)
    assert {c.risk_level for c in cases} == {*RiskLevel, ""}


def test_some_open_cases_are_overdue_and_most_are_not(demo: Store) -> None:
    """A few cases are overdue for victim contact, so the dashboard has something to flag."""
    with demo.reading() as session:
        rows = search_cases(session, today=TODAY, limit=100)
    overdue = [r for r in rows if r.overdue(TODAY)]
    assert 3 <= len(overdue) <= len(rows) // 2
    for level in {r.risk_level for r in rows}:
        same_level = [r.overdue(TODAY) for r in rows if r.risk_level == level]
        assert same_level == sorted(same_level, reverse=True), level


def test_some_cases_have_recent_contact(demo: Store) -> None:
    """Several victims were contacted in the last week."""
    with demo.reading() as session:
        rows = search_cases(session, today=TODAY, limit=100)
    week_ago = TODAY - timedelta(days=7)
    recent = [r for r in rows if r.last_contact_at and r.last_contact_at.date() >= week_ago]
    assert len(recent) >= 4


def test_closed_cases_carry_an_outcome_and_are_not_due(demo: Store) -> None:
    """Closed demo cases have a closing date, outcome and satisfaction, and no due date."""
    with demo.reading() as session:
        closed = session.exec(select(Case).where(Case.status == CaseStatus.CLOSED)).all()
    assert closed
    for case in closed:
        assert case.closed_on is not None and case.closed_on <= TODAY
        assert case.closure_outcome and case.victim_satisfaction in range(1, 6)
        assert case.next_contact_due is None


def test_caution_markers_follow_some_addresses(demo: Store) -> None:
    """A few properties carry caution markers."""
    with demo.reading() as session:
        markers = session.exec(select(CautionMarker)).all()
    assert len(markers) >= 2
    assert all(m.property_id is not None and m.note for m in markers)


def test_phone_numbers_and_postcodes_are_fictional(demo: Store) -> None:
    """Phones are in Ofcom's drama range and postcodes in the invented EB area."""
    with demo.reading() as session:
        phones = [
            number
            for person in session.exec(select(Person)).all()
            for number in (person.phone, person.safe_contact_number)
            if number
        ]
        postcodes = [p.postcode for p in session.exec(select(Property)).all() if p.postcode]
    assert phones and all(re.fullmatch(r"07700 900\d{3}", n) for n in phones)
    assert postcodes and all(p.startswith("EB") for p in postcodes)


def test_contacts_and_incidents_are_in_the_past(demo: Store) -> None:
    """Nothing in the demo happens after the day it was made for."""
    with demo.reading() as session:
        latest = session.exec(select(Contact.at).order_by(col(Contact.at).desc())).first()
    assert latest is not None and latest.date() < TODAY


def _dump(store: Store) -> list[Any]:
    """Everything an officer could see in the demo, without record ids or creation stamps."""
    out: list[Any] = []
    with store.reading() as session:
        for case in session.exec(select(Case).order_by(col(Case.reference))).all():
            file = load_case_file(session, case.id, record_view=False)
            names = {p.person.id: p.person.full_name for p in file.parties}
            out.append(
                (
                    case.reference,
                    case.category,
                    case.strands,
                    case.status,
                    case.risk_level,
                    case.officer_name,
                    case.opened_on,
                    case.closed_on,
                    case.next_contact_due,
                    case.last_contact_at,
                    case.summary,
                    file.property.address if file.property else None,
                    file.property.tenancy_ref if file.property else None,
                    sorted(
                        (
                            p.person.full_name,
                            p.party.role,
                            p.party.engagement,
                            p.person.phone,
                            p.person.date_of_birth,
                        )
                        for p in file.parties
                    ),
                    [(i.occurred_at, i.kinds, i.description) for i in file.incidents],
                    [
                        (c.at, c.method, c.outcome, names.get(c.person_id), c.notes)
                        for c in file.contacts
                    ],
                    [(a.what, a.who, a.due_on, a.done_on) for a in file.actions],
                )
            )
        out.append(sorted((m.kind, m.note) for m in session.exec(select(CautionMarker)).all()))
    return out


def test_demo_is_the_same_every_time_for_the_same_day(demo: Store, tmp_path: Path) -> None:
    """Two demo databases made for the same day hold the same cases, people and dates."""
    again = _demo_store(tmp_path / "again.db")
    try:
        assert _dump(again) == _dump(demo)
    finally:
        again.close()


def test_demo_dates_move_with_today(demo: Store, tmp_path: Path) -> None:
    """Made a week later, every case opens a week later."""
    later = _demo_store(tmp_path / "later.db", TODAY + timedelta(days=7))
    try:
        with demo.reading() as s1, later.reading() as s2:
            before = s1.exec(select(Case.opened_on).order_by(col(Case.opened_on))).all()
            after = s2.exec(select(Case.opened_on).order_by(col(Case.opened_on))).all()
        assert [d + timedelta(days=7) for d in before] == list(after)
    finally:
        later.close()
