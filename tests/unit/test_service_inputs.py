"""No input crashes a service: whatever a form hands over, it is saved or refused with messages.

Hypothesis builds every field of every service input from anything its type
allows (any date from year 1 to 9999, any whole number, any text, the
vocabulary's own words and made-up ones) and hands it to the service on a
real encrypted database. A service may save it or refuse it with a
``ValidationError`` naming fields with sentences (or, for a record that is
gone or changed meanwhile, ``NotFound`` or ``EditConflict`` with a sentence);
anything else is a crash.
Each example runs in a transaction that is rolled back.
"""

from __future__ import annotations

import dataclasses
import typing
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from types import NoneType, UnionType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from fieldcase.db import audit
from fieldcase.db.store import Store
from fieldcase.domain import vocab
from fieldcase.domain.policy import Policy
from fieldcase.domain.visits import Attendee
from fieldcase.domain.vocab import PartyRole
from fieldcase.services import (
    abc_agreements,
    abc_reviews,
    case_file,
    case_records,
    cautions,
    consent,
    contact_records,
    disclosure,
    enforcement,
    intake,
    visit_checkins,
    visit_planning,
)
from fieldcase.services.errors import EditConflict, NotFound, ValidationError
from tests import builders
from tests.conftest import TEST_OFFICER

NOW = datetime(2026, 3, 9, 10, 0, tzinfo=UTC)
TODAY = NOW.date()
POLICY = Policy()

WORDS = sorted(
    {
        member.value
        for kind in vars(vocab).values()
        if isinstance(kind, type) and issubclass(kind, StrEnum) and kind is not StrEnum
        for member in kind
    }
)
"""Every vocabulary word, so that inputs reach past the first check."""

FUZZ = settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
"""Example counts come from the profile (tests/conftest.py): modest in the suite."""

texts = st.one_of(st.sampled_from(WORDS), st.text(max_size=30))
whole_numbers = st.one_of(
    st.sampled_from([0, -1, 2**31, 2**63, -(2**63) - 1, 10**30]),
    st.integers(min_value=-5, max_value=200),
    st.integers(min_value=-(2**70), max_value=2**70),
)
EXTREME_DAYS = [date.min, date(1899, 12, 31), date(2199, 12, 31), date(9999, 12, 31), date.max]
"""Days at the edges of what Python, the date grammar and the calendar arithmetic allow."""

moments = st.one_of(
    st.sampled_from(EXTREME_DAYS).map(lambda d: datetime.combine(d, datetime.max.time(), UTC)),
    st.sampled_from(EXTREME_DAYS).map(lambda d: datetime.combine(d, datetime.min.time(), UTC)),
    st.datetimes(timezones=st.just(UTC)),
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)).map(
        lambda d: d.replace(tzinfo=UTC)
    ),
    st.datetimes(),
)
days = st.one_of(
    st.sampled_from(EXTREME_DAYS),
    st.dates(),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2032, 1, 1)),
)


def strategy_for(kind: Any, ids: st.SearchStrategy[uuid.UUID]) -> st.SearchStrategy[Any]:
    """Anything a value of ``kind`` (a type hint) may be."""
    args = typing.get_args(kind)
    if isinstance(kind, UnionType) or typing.get_origin(kind) is typing.Union:
        return st.one_of(*(strategy_for(a, ids) for a in args if a is not NoneType), st.none())
    if typing.get_origin(kind) is list:
        return st.lists(strategy_for(args[0], ids), max_size=3)
    simple: dict[Any, st.SearchStrategy[Any]] = {
        str: texts,
        int: whole_numbers,
        bool: st.booleans(),
        date: days,
        datetime: moments,
        uuid.UUID: ids,
    }
    if kind in simple:
        return simple[kind]
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        return st.sampled_from(list(kind))
    if dataclasses.is_dataclass(kind):
        return inputs(kind, ids)
    raise TypeError(f"no strategy for {kind!r}")


def inputs(kind: Any, ids: st.SearchStrategy[uuid.UUID]) -> st.SearchStrategy[Any]:
    """Instances of the input dataclass ``kind`` with every field drawn from its type."""
    hints = typing.get_type_hints(kind)
    return st.builds(
        kind, **{f.name: strategy_for(hints[f.name], ids) for f in dataclasses.fields(kind)}
    )


@dataclasses.dataclass
class World:
    """A case with a victim, an alleged perpetrator and an ABC, to point inputs at."""

    store: Store
    case: builders.BuiltCase
    abc_id: uuid.UUID
    visit_id: uuid.UUID
    property_id: uuid.UUID

    def ids(self) -> st.SearchStrategy[uuid.UUID]:
        known = [self.case.victim_id, self.case.perpetrator_id, self.property_id]
        return st.one_of(st.sampled_from(known), st.uuids())

    def attempt(self, call: Callable[[Session], object]) -> None:
        """Run ``call``; it must succeed or refuse with messages. Nothing is kept."""
        with Session(self.store.engine, expire_on_commit=False) as session:
            session.info["actor"] = TEST_OFFICER
            audit.watch(session)
            try:
                call(session)
                session.flush()
            except (NotFound, EditConflict) as refused:
                assert str(refused).strip(), "a refusal must say what is wrong"
            except ValidationError as refused:
                assert refused.errors, "a refusal must say what is wrong"
                for name, message in refused.errors.items():
                    assert isinstance(name, str)
                    assert isinstance(message, str) and message.strip(), refused.errors
            finally:
                session.rollback()


@pytest.fixture
def world(store: Store) -> Iterator[World]:
    with store.transaction() as session:
        case = builders.a_case(session)
        abc = builders.an_abc(session, case.case_id, case.perpetrator_id)
        visit_id = builders.a_visit(session, case.case_id, case.victim_id)
        opened = case_file.load_case_file(session, case.case_id, record_view=False)
        assert opened.case.property_id is not None
        property_id = opened.case.property_id
    yield World(store, case, abc.id, visit_id, property_id)


class TestEveryServiceInput:
    @FUZZ
    @given(data=st.data())
    def test_new_case(self, world: World, data: st.DataObject) -> None:
        """Opening a case from any form input saves it or says what is wrong."""
        given_input = data.draw(inputs(intake.NewCaseInput, st.uuids()))
        world.attempt(
            lambda s: intake.create_case(
                s, given_input, officer_name=TEST_OFFICER, policy=POLICY, today=TODAY, now=NOW
            )
        )

    @FUZZ
    @given(data=st.data())
    def test_person(self, world: World, data: st.DataObject) -> None:
        """Adding any person to a case saves or refuses with messages."""
        person = data.draw(inputs(case_records.PersonInput, world.ids()))
        world.attempt(lambda s: case_records.add_party(s, world.case.case_id, person, today=TODAY))

    @FUZZ
    @given(data=st.data())
    def test_incident(self, world: World, data: st.DataObject) -> None:
        """Any incident saves or refuses with messages."""
        incident = data.draw(inputs(case_records.IncidentInput, world.ids()))
        world.attempt(
            lambda s: case_records.add_incident(
                s, world.case.case_id, incident, policy=POLICY, now=NOW
            )
        )

    @FUZZ
    @given(data=st.data())
    def test_contact(self, world: World, data: st.DataObject) -> None:
        """Any contact saves or refuses with messages."""
        contact = data.draw(inputs(contact_records.ContactInput, world.ids()))
        world.attempt(
            lambda s: contact_records.add_contact(
                s, world.case.case_id, contact, officer_name=TEST_OFFICER, policy=POLICY, now=NOW
            )
        )

    @FUZZ
    @given(data=st.data())
    def test_action(self, world: World, data: st.DataObject) -> None:
        """Any action-plan item saves or refuses with messages."""
        action = data.draw(inputs(case_records.ActionInput, world.ids()))
        world.attempt(lambda s: case_records.add_action(s, world.case.case_id, action))

    @FUZZ
    @given(data=st.data())
    def test_case_details(self, world: World, data: st.DataObject) -> None:
        """Any change of the case details saves or refuses with messages."""
        details = data.draw(inputs(case_file.CaseDetailsInput, world.ids()))
        world.attempt(
            lambda s: case_file.update_case_details(
                s, world.case.case_id, 1, details, policy=POLICY
            )
        )

    @FUZZ
    @given(data=st.data())
    def test_abc(self, world: World, data: st.DataObject) -> None:
        """Any ABC, whatever its dates and review cadence, saves or refuses with messages."""
        abc = data.draw(inputs(abc_agreements.AbcInput, world.ids()))
        world.attempt(
            lambda s: abc_agreements.create_abc(
                s, world.case.case_id, abc, policy=POLICY, today=TODAY
            )
        )

    @FUZZ
    @given(data=st.data())
    def test_abc_review(self, world: World, data: st.DataObject) -> None:
        """Any ABC review saves or refuses with messages."""
        review = data.draw(inputs(abc_reviews.ReviewInput, world.ids()))
        world.attempt(lambda s: abc_reviews.record_review(s, world.abc_id, review, today=TODAY))

    @FUZZ
    @given(data=st.data())
    def test_abc_breach(self, world: World, data: st.DataObject) -> None:
        """Any ABC breach saves or refuses with messages."""
        breach = data.draw(inputs(abc_reviews.BreachInput, world.ids()))
        world.attempt(lambda s: abc_reviews.record_breach(s, world.abc_id, breach, today=TODAY))

    @FUZZ
    @given(data=st.data())
    def test_ladder_step(self, world: World, data: st.DataObject) -> None:
        """Any enforcement step saves or refuses with messages."""
        step = data.draw(inputs(enforcement.StepInput, world.ids()))
        world.attempt(
            lambda s: enforcement.add_step(
                s, world.case.case_id, world.case.perpetrator_id, step, today=TODAY
            )
        )

    @FUZZ
    @given(data=st.data())
    def test_disclosure(self, world: World, data: st.DataObject) -> None:
        """Any disclosure saves or refuses with messages."""
        shared = data.draw(inputs(disclosure.DisclosureInput, world.ids()))
        world.attempt(
            lambda s: disclosure.record_disclosure(s, world.case.case_id, shared, today=TODAY)
        )

    @FUZZ
    @given(data=st.data())
    def test_consent(self, world: World, data: st.DataObject) -> None:
        """Any consent record saves or refuses with messages."""
        given_consent = data.draw(inputs(consent.ConsentInput, world.ids()))
        world.attempt(
            lambda s: consent.record_consent(
                s, world.case.case_id, given_consent, recorded_by=TEST_OFFICER, now=NOW
            )
        )

    @FUZZ
    @given(data=st.data())
    def test_caution(self, world: World, data: st.DataObject) -> None:
        """Any caution marker saves or refuses with messages."""
        marker = data.draw(inputs(cautions.CautionInput, world.ids()))
        world.attempt(lambda s: cautions.add_caution_marker(s, marker, added_by=TEST_OFFICER))

    @FUZZ
    @given(data=st.data())
    def test_visit_plan(self, world: World, data: st.DataObject) -> None:
        """Any visit plan, whatever its times and length, saves or refuses with messages."""
        plan = data.draw(inputs(visit_planning.VisitInput, world.ids()))
        world.attempt(lambda s: visit_planning.plan_visit(s, world.case.case_id, plan, now=NOW))

    @FUZZ
    @given(data=st.data())
    def test_visit_outcome(self, world: World, data: st.DataObject) -> None:
        """Any visit outcome saves or refuses with messages."""
        outcome = data.draw(inputs(visit_checkins.OutcomeInput, world.ids()))
        world.attempt(
            lambda s: visit_checkins.record_outcome(
                s,
                world.visit_id,
                outcome,
                now=NOW + timedelta(days=30),
                officer_name=TEST_OFFICER,
                policy=POLICY,
            )
        )


def test_attendee_is_a_dataclass() -> None:
    """The visit plan's attendee rows are built like every other input."""
    assert dataclasses.is_dataclass(Attendee)
    assert PartyRole.VICTIM in WORDS


class TestDatesOutOfRange:
    def test_an_abc_starting_in_9999_is_refused_next_to_its_start(self, world: World) -> None:
        """31/12/9999 as an ABC's start is a message on the start date, not a crash."""
        abc = builders.an_abc_input(world.case.perpetrator_id, start_on=date(9999, 12, 31))
        with world.store.transaction() as session, pytest.raises(ValidationError) as refused:
            abc_agreements.create_abc(session, world.case.case_id, abc, policy=POLICY, today=TODAY)
        assert refused.value.errors["start_on"] == "The start cannot be more than 2 years ahead."

    def test_a_date_of_birth_in_the_future_is_refused(self, world: World) -> None:
        """Someone cannot be born tomorrow."""
        person = case_records.PersonInput("Rowan Testperson", date_of_birth=TODAY.replace(day=10))
        with world.store.transaction() as session, pytest.raises(ValidationError) as refused:
            case_records.add_party(session, world.case.case_id, person, today=TODAY)
        assert refused.value.errors == {"date_of_birth": "A date of birth cannot be in the future."}

    def test_a_new_case_with_a_future_date_of_birth_names_the_person(self) -> None:
        """On the new-case form the message is addressed to the victim's date of birth."""
        data = intake.NewCaseInput(
            category=vocab.Category.NUISANCE_ASB,
            strands=[],
            address="2 Testing Row",
            people=[case_records.PersonInput("Rowan Testperson", date_of_birth=date(2027, 1, 1))],
        )
        errors = intake.validate_new_case(data, now=NOW)
        assert errors == {"people.0.date_of_birth": "A date of birth cannot be in the future."}

    def test_an_incident_in_the_future_or_long_ago_is_refused(self) -> None:
        """Incidents happen between fifty years ago and now."""
        for when, message in [
            (NOW + timedelta(minutes=5), "An incident cannot be in the future."),
            (datetime(1901, 1, 1, tzinfo=UTC), "An incident cannot be more than 50 years ago."),
        ]:
            incident = builders.an_incident_input(occurred_at=when)
            assert case_records.validate_incident(incident, now=NOW) == {"occurred_at": message}
