"""A risk assessment, consent or visit taken face to face is contact with the person seen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, col, select

from fieldcase.db.models import Case, Contact
from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.protection import ConsentKind, ConsentMethod
from fieldcase.domain.risk import NO, load_questionnaire
from fieldcase.domain.visits import VisitStatus
from fieldcase.domain.vocab import ContactMethod, ContactOutcome, RiskLevel
from fieldcase.services import consent, risk, visit_checkins
from fieldcase.services.errors import ValidationError
from tests.builders import OFFICER, BuiltCase, a_case, a_contact, a_visit

SEEN_AT = datetime(2026, 3, 4, 10, 20, tzinfo=UTC)
"""During the visit to the victim planned for 10:00 on Wednesday 4 March."""
VISIT_AT = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
LATER = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
"""When the officer records the visit's outcome, back at the office."""


@pytest.fixture
def case(store: Store) -> BuiltCase:
    with store.transaction() as session:
        return a_case(session)


def assess(
    session: Session, case: BuiltCase, *, face_to_face: bool, at: datetime = SEEN_AT
) -> None:
    q = load_questionnaire()
    risk.save_assessment(
        session,
        case_id=case.case_id,
        person_id=case.victim_id,
        questionnaire=q,
        answers={x.id: NO for x in q.questions} | {"repeat": 0},
        assessor=OFFICER,
        now=at,
        policy=Policy(),
        face_to_face=face_to_face,
    )


def give_consent(session: Session, case: BuiltCase, **fields: object) -> None:
    data = consent.ConsentInput(
        person_id=case.victim_id,
        kind=ConsentKind.APPROACH_PERPETRATOR,
        given=True,
        recorded_at=SEEN_AT + timedelta(minutes=10),
        face_to_face=True,
    )
    for name, value in fields.items():
        setattr(data, name, value)
    consent.record_consent(
        session, case.case_id, data, recorded_by=OFFICER, now=LATER, policy=Policy()
    )


def complete_visit(session: Session, case: BuiltCase, **outcome: object) -> None:
    visit_id = a_visit(session, case.case_id, case.victim_id, planned_at=VISIT_AT)
    visit_checkins.record_outcome(
        session,
        visit_id,
        visit_checkins.OutcomeInput(status=VisitStatus.COMPLETED, **outcome),  # type: ignore[arg-type]
        now=LATER,
        officer_name=OFFICER,
        policy=Policy(),
    )


def contacts(store: Store) -> list[Contact]:
    with store.reading() as session:
        return list(session.exec(select(Contact).order_by(col(Contact.at))).all())


def the_case(store: Store, case: BuiltCase) -> Case:
    with store.reading() as session:
        found = session.get(Case, case.case_id)
        assert found is not None
        return found


def test_a_risk_assessment_face_to_face_is_contact_with_the_victim(
    store: Store, case: BuiltCase
) -> None:
    """The victim's last contact becomes the assessment's time; the next contact is due on
    the new level's cadence from then."""
    due_before = the_case(store, case).next_contact_due
    with store.transaction() as session:
        assess(session, case, face_to_face=True)
    [seen] = contacts(store)
    assert (seen.person_id, seen.method, seen.direction, seen.outcome) == (
        case.victim_id,
        ContactMethod.VISIT,
        "out",
        ContactOutcome.SPOKE,
    )
    assert seen.at == SEEN_AT and seen.officer_name == OFFICER
    assert seen.notes == "Risk assessment taken face to face: Standard."
    updated = the_case(store, case)
    assert updated.last_contact_at == SEEN_AT
    cadence = Policy().update_days_standard
    assert updated.next_contact_due == SEEN_AT.date() + timedelta(days=cadence)
    assert due_before is not None and updated.next_contact_due > due_before
    assert updated.risk_level == RiskLevel.STANDARD


def test_a_risk_assessment_not_face_to_face_is_not_contact(store: Store, case: BuiltCase) -> None:
    """Said not to be face to face (by phone, say), nothing is logged and last contact stays."""
    with store.transaction() as session:
        assess(session, case, face_to_face=False)
    assert contacts(store) == []
    assert the_case(store, case).last_contact_at is None


def test_consent_given_face_to_face_is_contact_at_the_time_it_was_given(
    store: Store, case: BuiltCase
) -> None:
    with store.transaction() as session:
        give_consent(session, case)
    [seen] = contacts(store)
    assert seen.at == SEEN_AT + timedelta(minutes=10) and seen.person_id == case.victim_id
    assert seen.notes == ("Consent to approach the alleged perpetrator(s) given face to face.")
    assert the_case(store, case).last_contact_at == seen.at


def test_consent_by_email_cannot_be_face_to_face(store: Store, case: BuiltCase) -> None:
    with store.transaction() as session, pytest.raises(ValidationError) as refused:
        give_consent(session, case, method=ConsentMethod.EMAIL)
    assert refused.value.errors == {"face_to_face": "Consent by email was not taken face to face."}
    assert contacts(store) == []


def test_one_sitting_is_one_contact_in_the_log(store: Store, case: BuiltCase) -> None:
    """A risk assessment and a consent taken on a visit, and the visit's outcome recorded
    later, are one face-to-face contact at the visit's start, saying all three."""
    with store.transaction() as session:
        assess(session, case, face_to_face=True)
        give_consent(session, case)
        complete_visit(session, case, notes="Family calmer; Zofia sleeping better.")
    [seen] = contacts(store)
    assert seen.at == VISIT_AT
    assert seen.notes.splitlines() == [
        "Risk assessment taken face to face: Standard.",
        "Consent to approach the alleged perpetrator(s) given face to face.",
        "Victim support visit: completed.",
        "Family calmer; Zofia sleeping better.",
    ]
    assert the_case(store, case).last_contact_at == VISIT_AT


def test_another_day_or_other_disclosure_is_another_contact(store: Store, case: BuiltCase) -> None:
    """A face-to-face contact the day before, and a visit whose notes are not for disclosure,
    each stay their own contact."""
    with store.transaction() as session:
        a_contact(
            session,
            case.case_id,
            at=SEEN_AT - timedelta(days=1),
            method=ContactMethod.VISIT,
            person_id=case.victim_id,
            outcome=ContactOutcome.SPOKE,
        )
        assess(session, case, face_to_face=True)
        complete_visit(
            session, case, notes="Disclosed a health condition.", not_for_disclosure=True
        )
    logged = contacts(store)
    assert len(logged) == 3
    assert [c.not_for_disclosure for c in logged] == [False, True, False]
