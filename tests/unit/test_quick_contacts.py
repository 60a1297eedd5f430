"""Contacts in few keys: the usual outcome, one with each alleged perpetrator, the same again."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select

from fieldcase.db.models import CaseParty, Contact
from fieldcase.db.store import Store
from fieldcase.domain.contacts import usual_outcome
from fieldcase.domain.policy import Policy
from fieldcase.domain.protection import ConsentKind
from fieldcase.domain.vocab import (
    ContactMethod,
    ContactOutcome,
    Direction,
    Engagement,
    PartyRole,
)
from fieldcase.services import case_records, contacts
from fieldcase.services.contact_records import CONSENT_OVERRIDE, ContactInput
from fieldcase.services.errors import NotFound, ValidationError
from tests.builders import OFFICER, BuiltCase, a_case, a_consent, a_contact

NOW = datetime(2026, 3, 9, 11, 0, tzinfo=UTC)
LETTER = ContactInput(at=NOW, method=ContactMethod.LETTER, outcome=ContactOutcome.SENT)


@pytest.mark.parametrize(
    ("method", "direction", "outcome"),
    [
        (ContactMethod.LETTER, Direction.OUT, ContactOutcome.SENT),
        (ContactMethod.EMAIL, Direction.OUT, ContactOutcome.SENT),
        (ContactMethod.TEXT, Direction.OUT, ContactOutcome.SENT),
        (ContactMethod.CALL, Direction.OUT, ContactOutcome.SPOKE),
        (ContactMethod.VISIT, Direction.OUT, ContactOutcome.NO_ACCESS),
        (ContactMethod.MEETING, Direction.OUT, ContactOutcome.SPOKE),
        (ContactMethod.LETTER, Direction.IN, ContactOutcome.RECEIVED),
        (ContactMethod.EMAIL, Direction.IN, ContactOutcome.RECEIVED),
        (ContactMethod.TEXT, Direction.IN, ContactOutcome.RECEIVED),
        (ContactMethod.CALL, Direction.IN, ContactOutcome.SPOKE),
        (ContactMethod.VISIT, Direction.IN, ContactOutcome.SPOKE),
        ("carrier pigeon", Direction.OUT, ContactOutcome.OTHER),
    ],
)
def test_each_way_of_making_contact_has_its_usual_outcome(
    method: str, direction: str, outcome: ContactOutcome
) -> None:
    assert usual_outcome(method, direction) == outcome


@pytest.fixture
def case(store: Store) -> BuiltCase:
    """Three alleged perpetrators; the third has left the address."""
    with store.transaction() as session:
        built = a_case(session, perpetrators=["Dale Fenner", "Shona Pyke", "Rory Blay"])
        gone = built.party_ids[PartyRole.PERPETRATOR][2]
        party = session.exec(select(CaseParty).where(CaseParty.person_id == gone)).one()
        case_records.set_engagement(session, party.id, Engagement.LEFT_ADDRESS)
    return built


def log(store: Store, case: BuiltCase, data: ContactInput) -> list[Contact]:
    with store.transaction() as session:
        return contacts.log_contacts(
            session, case.case_id, data, officer_name=OFFICER, policy=Policy(), now=NOW
        )


def stored(store: Store) -> list[Contact]:
    with store.reading() as session:
        return list(
            session.exec(select(Contact).order_by(col(Contact.at), col(Contact.created_at))).all()
        )


def test_a_letter_to_each_perpetrator_goes_to_those_still_at_their_address(
    store: Store, case: BuiltCase
) -> None:
    fenner, pyke, _ = case.party_ids[PartyRole.PERPETRATOR]
    with store.transaction() as session:
        a_consent(session, case.case_id, case.victim_id, ConsentKind.APPROACH_PERPETRATOR)
    log(store, case, replace(LETTER, to_each_perpetrator=True))
    letters = stored(store)
    assert [(c.person_id, c.method, c.outcome, c.at) for c in letters] == [
        (fenner, "letter", "sent", NOW),
        (pyke, "letter", "sent", NOW),
    ]
    assert {c.consent_override_reason for c in letters} == {""}


def test_each_letter_is_an_approach_that_needs_consent_or_a_reason(
    store: Store, case: BuiltCase
) -> None:
    """Without consent nothing is saved until a reason is given; then it is kept with each."""
    each = replace(LETTER, to_each_perpetrator=True)
    with pytest.raises(ValidationError) as refused:
        log(store, case, each)
    assert set(refused.value.errors) == {CONSENT_OVERRIDE}
    assert stored(store) == []
    each.consent_override_reason = "Police asked us to write today."
    log(store, case, each)
    assert [c.consent_override_reason for c in stored(store)] == [
        "Police asked us to write today."
    ] * 2


def test_no_one_to_write_to_is_said_plainly(store: Store) -> None:
    with store.transaction() as session:
        case = a_case(session, perpetrators=[])
    each = replace(LETTER, to_each_perpetrator=True)
    with pytest.raises(ValidationError) as refused:
        log(store, case, each)
    assert refused.value.errors == {
        "person": "There is no alleged perpetrator on this case still at their address."
    }


def again(store: Store, case: BuiltCase, contact_id: uuid.UUID | None, **kw: str) -> Contact:
    with store.transaction() as session:
        return contacts.log_again(
            session,
            case.case_id,
            contact_id,
            at=NOW,
            officer_name="Officer Second",
            policy=Policy(),
            now=NOW,
            **kw,
        )


def test_again_repeats_the_latest_contact_now_without_its_notes(
    store: Store, case: BuiltCase
) -> None:
    fenner, pyke, _ = case.party_ids[PartyRole.PERPETRATOR]
    with store.transaction() as session:
        a_consent(session, case.case_id, case.victim_id, ConsentKind.APPROACH_PERPETRATOR)
        for days, person in ((3, fenner), (1, pyke)):
            a_contact(
                session,
                case.case_id,
                at=NOW - timedelta(days=days),
                method=ContactMethod.VISIT,
                person_id=person,
                outcome=ContactOutcome.NO_ACCESS,
                notes="No answer; calling card left.",
            )
    repeated = again(store, case, None)
    assert (repeated.person_id, repeated.method, repeated.direction, repeated.outcome) == (
        pyke,
        "visit",
        "out",
        "no_access",
    )
    assert (repeated.at, repeated.notes, repeated.officer_name) == (NOW, "", "Officer Second")
    first = stored(store)[0]
    assert again(store, case, first.id).person_id == fenner


def test_again_checks_consent_as_a_new_approach(store: Store, case: BuiltCase) -> None:
    """Consent withdrawn since the first letter: the repeat needs a reason of its own."""
    fenner = case.party_ids[PartyRole.PERPETRATOR][0]
    with store.transaction() as session:
        a_consent(session, case.case_id, case.victim_id, ConsentKind.APPROACH_PERPETRATOR)
        a_contact(session, case.case_id, person_id=fenner, at=NOW - timedelta(days=2))
        a_consent(
            session,
            case.case_id,
            case.victim_id,
            ConsentKind.APPROACH_PERPETRATOR,
            given=False,
            recorded_at=NOW - timedelta(days=1),
        )
    with pytest.raises(ValidationError) as refused:
        again(store, case, None)
    assert set(refused.value.errors) == {CONSENT_OVERRIDE}
    repeated = again(store, case, None, consent_override_reason="Court deadline.")
    assert repeated.consent_override_reason == "Court deadline."


def test_again_needs_a_contact_on_this_case(store: Store, case: BuiltCase) -> None:
    with store.transaction() as session:
        other = a_case(session, victims=["Lena Orrin"], address="2 Quill Lane")
        elsewhere = a_contact(session, other.case_id, at=NOW - timedelta(days=1))
    with pytest.raises(NotFound):
        again(store, case, None)
    with pytest.raises(NotFound):
        again(store, case, elsewhere.id)
