"""Entering a person who is already known: one record, whose cautions and ladder follow them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import func, select

from fieldcase.db.models import CaseParty, Person, Property
from fieldcase.db.store import Store
from fieldcase.domain.abc import is_minor
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import PartyRole
from fieldcase.services import (
    abc_agreements,
    abc_views,
    case_records,
    cautions,
    enforcement,
    intake,
)
from fieldcase.services.errors import ValidationError
from fieldcase.services.intake import NewCaseInput
from tests.builders import (
    KNOWN_PERPETRATOR,
    OPENED_ON,
    a_case,
    a_known_perpetrator,
    a_person,
    an_abc_input,
    an_incident_input,
)

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)


def _second_case(perpetrator: case_records.PersonInput) -> NewCaseInput:
    return NewCaseInput(
        category="personal_asb",
        strands=[],
        address="3 Birch Row",
        people=[a_person("Nadia Kerr"), perpetrator],
        incident=an_incident_input(),
    )


def _people(store: Store) -> int:
    with store.reading() as s:
        return s.exec(select(func.count()).select_from(Person)).one()


class TestCheckingANewCase:
    def test_a_typed_name_that_is_known_is_listed_with_who_it_may_be(self, store: Store) -> None:
        """The check names the typed person's place in the form and the known Gary Stroud."""
        with store.transaction() as s:
            first = a_known_perpetrator(s)
        typed = a_person("gary  STROUD", PartyRole.PERPETRATOR)
        with store.reading() as s:
            check = intake.check_new_case(s, _second_case(typed), now=NOW)
        assert [(m.index, [p.id for p in m.matches]) for m in check.people_known] == [
            (1, [first.perpetrator_id])
        ]
        (gary,) = check.people_known[0].matches
        assert "caution: Dogs" in gary.summary(OPENED_ON)
        assert "ladder: Warning letter" in gary.summary(OPENED_ON)

    def test_nobody_is_asked_about_once_picked_or_said_to_be_new(self, store: Store) -> None:
        """A picked person, or one the officer said is not the known one, is not asked again."""
        with store.transaction() as s:
            first = a_known_perpetrator(s)
        picked = a_person(KNOWN_PERPETRATOR, PartyRole.PERPETRATOR, person_id=first.perpetrator_id)
        declined = a_person(
            KNOWN_PERPETRATOR, PartyRole.PERPETRATOR, declined=[first.perpetrator_id]
        )
        with store.reading() as s:
            for person in (picked, declined):
                check = intake.check_new_case(s, _second_case(person), now=NOW)
                assert check.people_known == []


class TestAKnownPersonInASecondCase:
    def test_picked_on_a_new_case_they_keep_one_record_address_caution_and_ladder(
        self, store: Store
    ) -> None:
        """No second Gary Stroud: the new case shows his caution and his ladder goes on."""
        with store.transaction() as s:
            first = a_known_perpetrator(s)
        before = _people(store)
        picked = a_person(KNOWN_PERPETRATOR, PartyRole.PERPETRATOR, person_id=first.perpetrator_id)
        with store.transaction() as s:
            second = a_case(s, victims=["Nadia Kerr"], perpetrators=[picked], address="3 Birch Row")
        assert _people(store) == before + 1  # Nadia Kerr only
        assert second.perpetrator_id == first.perpetrator_id
        with store.reading() as s:
            assert [c.label for c in cautions.cautions_on_case(s, second.case_id)] == ["Dogs"]
            ladder = enforcement.ladder_for(s, first.perpetrator_id)
            assert ladder.current is not None and ladder.current.label == "Warning letter"
            party = s.exec(
                select(CaseParty).where(
                    CaseParty.case_id == second.case_id, CaseParty.role == PartyRole.PERPETRATOR
                )
            ).one()
            assert party.property_id is not None
            assert s.get(Property, party.property_id).address == "21 Sorrel Way"  # type: ignore[union-attr]

    def test_added_on_a_case_file_as_a_witness_they_are_not_moved_to_the_victims_house(
        self, store: Store
    ) -> None:
        """A known person picked for another role keeps their own address."""
        with store.transaction() as s:
            first = a_known_perpetrator(s)
            second = a_case(s, victims=["Nadia Kerr"], perpetrators=[], address="3 Birch Row")
            party = case_records.add_person(
                s,
                second.case_id,
                a_person(KNOWN_PERPETRATOR, PartyRole.WITNESS, person_id=first.perpetrator_id),
                policy=Policy(),
            )
            prop = s.get(Property, party.property_id)
            assert prop is not None and prop.address == "21 Sorrel Way"

    def test_a_picked_victim_brings_up_their_open_case_whatever_the_spelling(
        self, store: Store
    ) -> None:
        """The open-case check goes by the person picked, not only by the name typed."""
        with store.transaction() as s:
            first = a_case(s, victims=["Ána Popescu"])
        picked = a_person("Ána Popescu", person_id=first.victim_id)
        data = NewCaseInput(
            category="personal_asb", strands=[], address="1 Elsewhere Road", people=[picked]
        )
        with store.reading() as s:
            found = intake.open_cases_for_report(s, data)
        assert [m.case_id for m in found] == [first.case_id]


def test_someone_known_only_by_an_age_under_18_needs_a_guardian_to_sign(store: Store) -> None:
    """An alleged perpetrator "aged 15" counts as under 18: an ABC waits for a guardian."""
    with store.transaction() as s:
        made = a_case(
            s, perpetrators=[a_person("Callum Reece", PartyRole.PERPETRATOR, age_given=15)]
        )
    with store.reading() as s:
        (choice,) = abc_views.perpetrators(s, made.case_id)
        assert is_minor(choice.date_of_birth, OPENED_ON)
    data = an_abc_input(made.perpetrator_id, perpetrator_name="Callum Reece")
    with store.transaction() as s, pytest.raises(ValidationError) as refused:
        abc_agreements.create_abc(s, made.case_id, data, policy=Policy(), today=OPENED_ON)
    assert "guardian" in str(refused.value.errors).lower()
