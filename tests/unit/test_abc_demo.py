"""The demo ABCs: the story's engaged perpetrator signed an ABC and got a Tenancy Breach Warning."""

from __future__ import annotations

from datetime import date, timedelta

from fieldcase.db.store import Store
from fieldcase.demo.abcs import add_demo_abcs
from fieldcase.domain.abc import ReviewState
from fieldcase.domain.ladder import Rung
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import PartyRole
from fieldcase.services import abc_monitoring, enforcement
from fieldcase.services.case_records import PersonInput
from fieldcase.services.intake import NewCaseInput, create_case

TODAY = date(2026, 11, 25)
CASES = [
    ("Marta Nowicka", ["Gary Stroud", "Leanne Voss"], "12 Larkspur Close, Eastbridge"),
    ("Eileen Marsh-Whitley", ["Connor Blakey"], "4 Tannery Row, Eastbridge"),
    ("Margaret Iwu", ["Lee Sandford"], "Flat 11, Kestrel House, Foundry Walk, Eastbridge"),
    ("Yusuf Demir", [], "Flat 6, Kestrel House, Foundry Walk, Eastbridge"),
]


def seed(store: Store) -> None:
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
                officer_name="Sam Okafor",
                policy=Policy(),
                today=TODAY - timedelta(days=60),
            )
        add_demo_abcs(session, today=TODAY, policy=Policy(), officer_name="Sam Okafor")


def test_story_perpetrator_signed_an_abc_and_got_a_tenancy_breach_warning(store: Store) -> None:
    """Gary Stroud's ABC is active from 24 days ago; the warning was served the same day."""
    seed(store)
    with store.reading() as session:
        row = next(
            r
            for r in abc_monitoring.monitoring(session, today=TODAY).active
            if r.person_name == "Gary Stroud"
        )
        ladder = enforcement.ladder_for(session, row.person_id)
    signed = TODAY - timedelta(days=24)
    assert [(s.rung, s.step.taken_on) for s in ladder.steps] == [
        (Rung.ABC, signed),
        (Rung.TENANCY_BREACH_WARNING, signed),
    ]
    assert ladder.current == Rung.ABC
    assert (row.start_on, row.review_state) == (signed, ReviewState.DUE)


def test_demo_fills_every_monitoring_list(store: Store) -> None:
    """Three active ABCs: one review overdue, one ending soon, one recent substantiated breach."""
    seed(store)
    with store.reading() as session:
        picture = abc_monitoring.monitoring(session, today=TODAY)
    assert sorted(r.person_name for r in picture.active) == [
        "Connor Blakey",
        "Gary Stroud",
        "Lee Sandford",
    ]
    overdue = [r.person_name for r in picture.reviews_due if r.review_state == ReviewState.OVERDUE]
    assert overdue == ["Connor Blakey"]
    assert [r.person_name for r in picture.ending_soon] == ["Lee Sandford"]
    assert [b.person_name for b in picture.recent_breaches] == ["Connor Blakey"]


def test_the_demo_database_has_the_story_abc(store: Store) -> None:
    """The real demo caseload includes the story's ABC and the other two."""
    from fieldcase.demo import build as demo

    demo.populate(store, policy=Policy(), today=TODAY)
    with store.reading() as session:
        picture = abc_monitoring.monitoring(session, today=TODAY)
        story = next(r for r in picture.active if r.person_name == "Gary Stroud")
        ladder = enforcement.ladder_for(session, story.person_id)
    assert len(picture.active) == 3
    assert Rung.TENANCY_BREACH_WARNING in [s.rung for s in ladder.steps]
