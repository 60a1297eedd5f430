"""Every kind of new record, saved twice with the key its form made: one record, added once.

A form makes its new record's key when it opens. If the team server commits a
save but the answer is lost on the way back, the officer is told it was not
saved and saves again with the same key: the service finds what the first try
committed and returns it. Each kind below is saved twice through its own
service; one row has the key and the audit trail adds it once. The same
specifications run as an officer on a team server (tests/pg/test_team_specs_pg.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, func, select

from fieldcase.db.models import (
    AbcAgreement,
    AbcBreach,
    AbcCondition,
    AbcReview,
    Action,
    Attachment,
    AuditEvent,
    Case,
    CaseClosure,
    CaseParty,
    Consent,
    Contact,
    Disclosure,
    EnforcementStep,
    Entity,
    Incident,
    RiskAssessment,
    Visit,
)
from fieldcase.db.store import Store
from fieldcase.domain.abc import Compliance
from fieldcase.domain.closure import ClosureOutcome, Satisfaction
from fieldcase.domain.policy import Policy
from fieldcase.domain.protection import AgencyKind, ConsentKind, DisclosureMethod, Gateway
from fieldcase.domain.risk import NO, load_questionnaire
from fieldcase.domain.visits import Attendee
from fieldcase.domain.vocab import Category, ContactMethod, PartyRole, Strand
from fieldcase.services import (
    abc_agreements,
    abc_reviews,
    attachments,
    case_records,
    closure,
    consent,
    contacts,
    disclosure,
    enforcement,
    intake,
    letters,
    risk,
    visit_planning,
)
from fieldcase.services.abc_reviews import BreachInput, ReviewInput
from fieldcase.services.case_records import ActionInput, PersonInput
from fieldcase.services.contact_records import ContactInput
from fieldcase.services.enforcement import StepInput
from tests.builders import (
    ABC_SIGNED_ON,
    OFFICER,
    BuiltCase,
    a_case,
    a_person,
    an_abc_input,
    an_incident_input,
)

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 10)
POLICY = Policy()


@dataclass(frozen=True)
class Made:
    """What a kind's save needs: a case (victim and alleged perpetrator), maybe an ABC."""

    case: BuiltCase
    version: int
    """The case's version when the forms opened."""
    folder: Path
    abc_id: uuid.UUID | None = None


Save = Callable[[Session, Made, uuid.UUID], object]


def _abc(session: Session, case: BuiltCase) -> uuid.UUID:
    data = an_abc_input(case.perpetrator_id)
    return abc_agreements.create_abc(
        session, case.case_id, data, policy=POLICY, today=ABC_SIGNED_ON
    ).id


def new_case(session: Session, made: Made, key: uuid.UUID) -> object:
    data = intake.NewCaseInput(
        category=Category.HATE_INCIDENT,
        strands=[Strand.RACE],
        address="4 Larch Close",
        postcode="ZZ1 4LC",
        people=[a_person("Noor Baig"), a_person("Kit Rowe", PartyRole.PERPETRATOR)],
        incident=an_incident_input(),
    )
    return intake.create_case(
        session, data, officer_name=OFFICER, policy=POLICY, today=TODAY, new_id=key
    )


def person(session: Session, made: Made, key: uuid.UUID) -> object:
    data = PersonInput("Ola Witness", PartyRole.WITNESS)
    return case_records.add_person(session, made.case.case_id, data, policy=POLICY, new_id=key)


def incident(session: Session, made: Made, key: uuid.UUID) -> object:
    data = an_incident_input()
    return case_records.add_incident(session, made.case.case_id, data, policy=POLICY, new_id=key)


def contact(session: Session, made: Made, key: uuid.UUID) -> object:
    data = ContactInput(at=NOW, method=ContactMethod.CALL, notes="Rang back.")
    return contacts.log_contacts(
        session, made.case.case_id, data, officer_name=OFFICER, policy=POLICY, new_id=key
    )


def action(session: Session, made: Made, key: uuid.UUID) -> object:
    data = ActionInput(what="Write to the alleged perpetrator", who=OFFICER)
    return case_records.add_action(session, made.case.case_id, data, new_id=key)


def visit(session: Session, made: Made, key: uuid.UUID) -> object:
    data = visit_planning.VisitInput(
        kind="victim_support",
        planned_at=NOW + timedelta(days=2),
        person_id=made.case.victim_id,
        attendees=[Attendee(OFFICER)],
    )
    return visit_planning.save_visit_plan(session, made.case.case_id, data, now=NOW, new_id=key)


def abc(session: Session, made: Made, key: uuid.UUID) -> object:
    data = an_abc_input(made.case.perpetrator_id)
    return abc_agreements.create_abc(
        session, made.case.case_id, data, policy=POLICY, today=ABC_SIGNED_ON, new_id=key
    )


def review(session: Session, made: Made, key: uuid.UUID) -> object:
    assert made.abc_id is not None
    data = ReviewInput(reviewed_on=TODAY, compliance=Compliance.COMPLIED)
    return abc_reviews.record_review(session, made.abc_id, data, today=TODAY, new_id=key)


def breach(session: Session, made: Made, key: uuid.UUID) -> object:
    assert made.abc_id is not None
    condition = session.exec(
        select(AbcCondition.id).where(AbcCondition.abc_id == made.abc_id)
    ).first()
    assert condition is not None
    data = BreachInput(TODAY - timedelta(days=1), [condition], "Shouting again.", "Noor")
    return abc_reviews.record_breach(session, made.abc_id, data, today=TODAY, new_id=key)


def step(session: Session, made: Made, key: uuid.UUID) -> object:
    data = StepInput("verbal_warning", TODAY - timedelta(days=2))
    return enforcement.add_step(
        session, made.case.case_id, made.case.perpetrator_id, data, today=TODAY, new_id=key
    )


def consent_given(session: Session, made: Made, key: uuid.UUID) -> object:
    data = consent.ConsentInput(
        person_id=made.case.victim_id,
        kind=ConsentKind.SHARE_POLICE,
        given=True,
        recorded_at=NOW - timedelta(hours=1),
    )
    return consent.record_consent(session, made.case.case_id, data, recorded_by=OFFICER, new_id=key)


def disclosed(session: Session, made: Made, key: uuid.UUID) -> object:
    data = disclosure.DisclosureInput(
        agency="Northvale Police",
        agency_kind=AgencyKind.POLICE,
        requesting_officer="DC Rowan Pell",
        requested_on=TODAY - timedelta(days=3),
        gateway=Gateway.S115_CDA_1998,
        purpose="Investigation of crime NV/4471/26",
        data_subjects="The victim",
        requested_info="Incident log",
        disclosed_info="Incident log for March",
        necessity="Needed to corroborate the victim's account.",
        approved_by="Team leader Jo Marsh",
        disclosed_on=TODAY,
        method=DisclosureMethod.SECURE_EMAIL,
        consent_override_reason="The police asked under s115.",
    )
    return disclosure.record_disclosure(session, made.case.case_id, data, today=TODAY, new_id=key)


def letter(session: Session, made: Made, key: uuid.UUID) -> object:
    sender = letters.Sender("Northfield Homes", "1 Market Street\nNorthfield", OFFICER)
    typed = {
        "behaviour": "there has been shouting of abuse at a neighbour",
        "when_it_happened": "1 March 2026",
        "officer_phone": "0161 496 0000",
    }
    data = letters.LetterInput(
        "warning_letter",
        made.case.perpetrator_id,
        made.folder / "warning.pdf",
        typed,
        consent_override_reason="The police asked us to warn him.",
    )
    return letters.write_letter(
        session,
        made.case.case_id,
        data,
        templates=letters.letter_templates(),
        sender=sender,
        policy=POLICY,
        now=NOW,
        new_id=key,
    )


def attachment(session: Session, made: Made, key: uuid.UUID) -> object:
    photo = made.folder / "door.jpg"
    photo.write_bytes(b"\xff\xd8 a photo of the door")
    data = attachments.AttachmentInput(photo, "The door, scratched")
    return attachments.add_attachment(
        session, made.case.case_id, data, added_by=OFFICER, policy=POLICY, new_id=key
    )


def closed(session: Session, made: Made, key: uuid.UUID) -> object:
    data = closure.ClosureInput(
        outcome=ClosureOutcome.RESOLVED,
        reason="No incidents since; the family are content to close.",
        satisfaction=Satisfaction.VERY_SATISFIED,
        decisions={},
    )
    return closure.close_case(
        session,
        made.case.case_id,
        made.version,  # the case as the form opened on it, before the first try
        data,
        officer_name=OFFICER,
        policy=POLICY,
        today=TODAY,
        now=NOW,
        new_id=key,
    )


def reopened(session: Session, made: Made, key: uuid.UUID) -> object:
    data = closure.ReopenInput(reason="A new incident on the stairs.")
    return closure.reopen_case(
        session,
        made.case.case_id,
        made.version,
        data,
        officer_name=OFFICER,
        policy=POLICY,
        today=TODAY,
        now=NOW,
        new_id=key,
    )


def assessment(session: Session, made: Made, key: uuid.UUID) -> object:
    questionnaire = load_questionnaire()
    answers: dict[str, Any] = {q.id: NO for q in questionnaire.questions} | {"repeat": 0}
    return risk.save_assessment(
        session,
        case_id=made.case.case_id,
        person_id=made.case.victim_id,
        questionnaire=questionnaire,
        answers=answers,
        assessor=OFFICER,
        now=NOW,
        policy=POLICY,
        new_id=key,
    )


KINDS: list[tuple[str, type[Entity], Save]] = [
    ("case", Case, new_case),
    ("person", CaseParty, person),
    ("incident", Incident, incident),
    ("contact", Contact, contact),
    ("action", Action, action),
    ("visit", Visit, visit),
    ("abc", AbcAgreement, abc),
    ("review", AbcReview, review),
    ("breach", AbcBreach, breach),
    ("step", EnforcementStep, step),
    ("consent", Consent, consent_given),
    ("disclosure", Disclosure, disclosed),
    ("letter", Contact, letter),
    ("attachment", Attachment, attachment),
    ("closure", CaseClosure, closed),
    ("reopening", CaseClosure, reopened),
    ("risk", RiskAssessment, assessment),
]


def _made(store: Store, folder: Path, kind: str) -> Made:
    """The case each kind's form opens on: with an ABC in force, or closed, when it needs one."""
    with store.transaction() as session:
        case = a_case(session)
        abc_id = _abc(session, case) if kind in ("review", "breach") else None
    with store.reading() as session:
        made = Made(case, session.get_one(Case, case.case_id).version, folder, abc_id)
    if kind == "reopening":
        store.run(closed, made, uuid.uuid4())
        with store.reading() as session:
            made = replace(made, version=session.get_one(Case, case.case_id).version)
    return made


def _count(store: Store, model: type[Entity], key: uuid.UUID) -> int:
    with store.reading() as session:
        return int(session.exec(select(func.count()).where(model.id == key)).one())


def _created(store: Store, key: uuid.UUID) -> list[str]:
    with store.reading() as session:
        where = (AuditEvent.entity_id == str(key)) & (AuditEvent.action == "create")
        return list(session.exec(select(AuditEvent.entity).where(where)).all())


@pytest.mark.parametrize(("kind", "model", "save"), KINDS, ids=[k[0] for k in KINDS])
def test_saved_again_with_its_key_it_is_one_record_added_once(
    store: Store, tmp_path: Path, kind: str, model: type[Entity], save: Save
) -> None:
    """The second save answers as the first did; one row has the key, audited once."""
    made = _made(store, tmp_path, kind)
    key = uuid.uuid4()
    store.run(save, made, key)
    store.run(save, made, key)  # as after an answer lost once the server had committed
    assert _count(store, model, key) == 1
    assert _created(store, key) == [str(model.__tablename__)]
