"""The enforcement ladder service: recording steps, the timeline, the suggestion after a breach."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from fieldcase.db.store import Store
from fieldcase.domain.abc import Substantiated
from fieldcase.domain.ladder import Rung
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import Category
from fieldcase.services import abc_agreements, abc_reviews, abc_views, enforcement
from fieldcase.services.abc_agreements import AbcInput, ConditionInput, SignatoryInput
from fieldcase.services.abc_reviews import BreachInput
from fieldcase.services.enforcement import StepInput
from fieldcase.services.errors import ValidationError
from tests.builders import a_case

TODAY = date(2026, 3, 10)
POLICY = Policy()


def case_and_perpetrator(store: Store) -> tuple[uuid.UUID, uuid.UUID]:
    with store.transaction() as session:
        case = a_case(
            session,
            victims=["Ayşe Demir"],
            perpetrators=["Ross Keane"],
            category=Category.PERSONAL_ASB,
            strands=[],
            address="3 Birch Row",
            postcode="",
            opened_on=date(2026, 1, 5),
            policy=POLICY,
        )
        return case.case_id, case.perpetrator_id


def add(store: Store, case_id: uuid.UUID, person: uuid.UUID, data: StepInput) -> None:
    with store.transaction() as session:
        enforcement.add_step(session, case_id, person, data, today=TODAY)


def ladder(store: Store, person: uuid.UUID) -> enforcement.Ladder:
    with store.reading() as session:
        return enforcement.ladder_for(session, person)


def test_timeline_and_current_rung(store: Store) -> None:
    """Steps show oldest first and the current rung is the highest reached."""
    case_id, person = case_and_perpetrator(store)
    add(store, case_id, person, StepInput("tenancy_breach_warning", date(2026, 2, 1), "by_hand"))
    add(store, case_id, person, StepInput("verbal_warning", date(2026, 1, 20)))
    lad = ladder(store, person)
    assert [s.rung for s in lad.steps] == [Rung.VERBAL_WARNING, Rung.TENANCY_BREACH_WARNING]
    assert [s.case_reference for s in lad.steps] == ["FC-2026-0001"] * 2
    assert lad.current == Rung.TENANCY_BREACH_WARNING
    assert lad.next_rung == Rung.ABC
    assert lad.open_breach is None and lad.suggestion is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (StepInput("caution", TODAY), "kind"),
        (StepInput("verbal_warning", TODAY + timedelta(days=1)), "taken_on"),
        (StepInput("tenancy_breach_warning", TODAY), "served_how"),
        (StepInput("warning_letter", TODAY, "pigeon"), "served_how"),
        (StepInput("injunction_applied", TODAY), "court"),
        (StepInput("injunction_granted", TODAY, court="Mapleford County Court"), "terms"),
        (
            StepInput("injunction_granted", TODAY, court="C", terms="T", expires_on=TODAY),
            "expires_on",
        ),
    ],
)
def test_bad_step_is_refused(store: Store, data: StepInput, field: str) -> None:
    """Notices say how they were served; court steps name the court; granted ones their terms."""
    case_id, person = case_and_perpetrator(store)
    with pytest.raises(ValidationError) as exc:
        add(store, case_id, person, data)
    assert field in exc.value.errors
    assert ladder(store, person).steps == []


def test_injunction_with_court_details(store: Store) -> None:
    """A granted injunction keeps its court, terms, expiry and documents."""
    case_id, person = case_and_perpetrator(store)
    add(
        store,
        case_id,
        person,
        StepInput(
            "injunction_granted",
            date(2026, 3, 2),
            court="Mapleford County Court",
            terms="Not to enter Birch Row; not to contact Ayşe Demir.",
            expires_on=date(2027, 3, 2),
            documents="Sealed order ref 2026-INJ-0042",
        ),
    )
    step = ladder(store, person).steps[0].step
    assert (step.court, step.expires_on) == ("Mapleford County Court", date(2027, 3, 2))


def test_only_perpetrators_have_a_ladder(store: Store) -> None:
    """A step for someone who is not an alleged perpetrator on the case is refused."""
    case_id, _ = case_and_perpetrator(store)
    with pytest.raises(ValidationError):
        add(store, case_id, uuid.uuid4(), StepInput("verbal_warning", TODAY))


def test_suggestion_follows_a_substantiated_breach_until_a_step_is_taken(store: Store) -> None:
    """After an ABC breach the ladder suggests a CPN; recording the step answers the breach."""
    case_id, person = case_and_perpetrator(store)
    signed = date(2026, 2, 2)
    with store.transaction() as session:
        abc = abc_agreements.create_abc(
            session,
            case_id,
            AbcInput(
                person_id=person,
                start_on=signed,
                monitored_by=["housing"],
                conditions=[ConditionInput("I will not play loud music after 11pm.")],
                signatories=[
                    SignatoryInput("perpetrator", "Ross Keane", signed),
                    SignatoryInput("housing_officer", "Officer Test", signed),
                ],
            ),
            policy=POLICY,
            today=TODAY,
        )
        cond = abc_views.load_abc(session, abc.id).conditions[0].id
        abc_reviews.record_breach(
            session,
            abc.id,
            BreachInput(
                date(2026, 3, 6),
                [cond],
                "Music until 3am, witnessed by a neighbour.",
                "Neighbour at no. 5",
                substantiated=Substantiated.YES,
            ),
            today=TODAY,
        )
    lad = ladder(store, person)
    assert lad.current == Rung.ABC
    assert lad.open_breach is not None
    assert lad.suggestion is not None
    assert lad.suggestion.rung == Rung.COMMUNITY_PROTECTION_NOTICE
    add(
        store,
        case_id,
        person,
        StepInput("community_protection_notice", date(2026, 3, 9), "by_hand"),
    )
    lad = ladder(store, person)
    assert lad.current == Rung.COMMUNITY_PROTECTION_NOTICE
    assert lad.suggestion is None


def test_a_recorded_step_can_be_corrected(store: Store) -> None:
    """Correcting a step's kind and date moves the current rung with it."""
    case_id, person = case_and_perpetrator(store)
    add(store, case_id, person, StepInput("verbal_warning", date(2026, 1, 20)))
    step = ladder(store, person).steps[0].step
    with store.transaction() as session:
        enforcement.update_step(
            session,
            step.id,
            StepInput("warning_letter", date(2026, 1, 21), "first_class_post", notes="Corrected"),
            expected_version=step.version,
            today=TODAY,
        )
    assert ladder(store, person).current == Rung.WARNING_LETTER
