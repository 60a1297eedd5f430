"""A case with every kind of record, built through the services, for closure and chronology
tests. Every name, address and number is invented.

The family and the neighbours echo the design story. Days are March 2026 (UK
winter time, so local and UTC clocks agree).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session

from fieldcase.db.models import Case
from fieldcase.db.store import Store
from fieldcase.domain.abc import Compliance
from fieldcase.domain.closure import ClosureOutcome, Decision, Resolution, Satisfaction
from fieldcase.domain.ladder import Rung, ServedHow
from fieldcase.domain.policy import Policy
from fieldcase.domain.protection import AgencyKind, ConsentKind, Gateway
from fieldcase.domain.risk import NO, YES, load_questionnaire
from fieldcase.domain.vocab import ContactMethod, ContactOutcome, IncidentType, PartyRole
from fieldcase.services import (
    abc_agreements,
    abc_reviews,
    closure,
    disclosure,
    enforcement,
    risk,
    visit_checkins,
)
from fieldcase.services.case_records import PersonInput
from tests.builders import (
    a_case,
    a_consent,
    a_contact,
    a_person,
    a_visit,
    an_abc,
    an_action,
    an_incident_input,
)

VICTIM = "Marta Nowicka"
CHILD = "Zofia Nowicka"
WITNESS = "Peter Quill"
POLICE = "PC Jo Marsh"
ENGAGED = "Gary Stroud"
GONE = "Leanne Voss"
SAFE_NUMBER = "07700 900222"
OPENED_ON = date(2026, 3, 2)
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
"""After every record below; the visit planned for 25 March is still to come."""
TODAY = NOW.date()
CLOSED_BECAUSE = "No incidents since the ABC; family content to close."
KEPT_BECAUSE = "Police continue to monitor"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in March 2026."""
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


@dataclass(frozen=True)
class StoryCase:
    """Ids of the built case and its people."""

    case_id: uuid.UUID
    reference: str
    victim_id: uuid.UUID
    child_id: uuid.UUID
    witness_id: uuid.UUID
    engaged_id: uuid.UUID
    gone_id: uuid.UUID
    abc_id: uuid.UUID
    future_visit_id: uuid.UUID
    action_id: uuid.UUID


def story_case(session: Session, policy: Policy | None = None) -> StoryCase:
    """Every kind of record: an incident, a risk assessment, consents, contacts (one an
    attempt), a completed visit and one still to come, a disclosure, an ABC with a review and
    a pending breach, an enforcement step and an open action."""
    policy = policy or Policy()
    built = a_case(
        session,
        victims=[a_person(VICTIM, safe_contact_number=SAFE_NUMBER)],
        others=[
            PersonInput(CHILD, PartyRole.HOUSEHOLD),
            PersonInput(WITNESS, PartyRole.WITNESS),
            PersonInput(POLICE, PartyRole.POLICE),
        ],
        perpetrators=[ENGAGED, GONE],
        incident=an_incident_input(
            occurred_at=at(1, 18, 30),
            kinds=[IncidentType.VERBAL_ABUSE],
            who=f"{ENGAGED}, {GONE}",
            description=f"Abuse over the fence; {CHILD} was in the garden. "
            f"{WITNESS} heard it. Call Marta on {SAFE_NUMBER}.",
        ),
        opened_on=OPENED_ON,
        now=NOW,
    )
    engaged, gone = built.party_ids[PartyRole.PERPETRATOR]
    _assess_and_consent(session, built.case_id, built.victim_id, policy)
    future_visit = _contacts_and_visits(
        session, built.case_id, built.victim_id, engaged, gone, policy
    )
    _disclose(session, built.case_id)
    abc_id = _abc_and_ladder(session, built.case_id, engaged, policy)
    action = an_action(session, built.case_id, what="Refer family to Victim Support")
    return StoryCase(
        case_id=built.case_id,
        reference=built.reference,
        victim_id=built.victim_id,
        child_id=built.party_ids[PartyRole.HOUSEHOLD][0],
        witness_id=built.party_ids[PartyRole.WITNESS][0],
        engaged_id=engaged,
        gone_id=gone,
        abc_id=abc_id,
        future_visit_id=future_visit,
        action_id=action.id,
    )


def _assess_and_consent(
    session: Session, case_id: uuid.UUID, victim: uuid.UUID, policy: Policy
) -> None:
    """A High risk assessment on 3 March (she feels unsafe), then consent to approach."""
    questionnaire = load_questionnaire()
    answers = {q.id: NO for q in questionnaire.questions} | {"repeat": 0, "unsafe": YES}
    risk.save_assessment(
        session,
        case_id=case_id,
        person_id=victim,
        questionnaire=questionnaire,
        answers=answers,
        assessor="Officer Test",
        now=at(3, 10),
        policy=policy,
    )
    a_consent(session, case_id, victim, ConsentKind.APPROACH_PERPETRATOR, recorded_at=at(3, 11))


def _contacts_and_visits(
    session: Session,
    case_id: uuid.UUID,
    victim: uuid.UUID,
    engaged: uuid.UUID,
    gone: uuid.UUID,
    policy: Policy,
) -> uuid.UUID:
    """A letter, a visit that found no one, a completed visit; returns the visit to come."""
    a_contact(
        session,
        case_id,
        at=at(4, 9),
        method=ContactMethod.LETTER,
        person_id=engaged,
        outcome=ContactOutcome.SENT,
        notes="Invited to interview.",
        now=NOW,
    )
    a_contact(
        session,
        case_id,
        at=at(5, 15),
        method=ContactMethod.VISIT,
        person_id=gone,
        outcome=ContactOutcome.NO_ACCESS,
        notes="No answer; post piling up.",
        now=NOW,
    )
    done_visit = a_visit(session, case_id, victim, planned_at=at(6, 10), now=at(5, 9))
    visit_checkins.record_outcome(
        session,
        done_visit,
        visit_checkins.OutcomeInput(status="completed", notes="Family calmer."),
        now=at(6, 11),
        officer_name="Officer Test",
        policy=policy,
    )
    return a_visit(session, case_id, victim, planned_at=at(25, 10), now=at(19, 9))


def _disclose(session: Session, case_id: uuid.UUID) -> None:
    """The incident log shared with the police under s115 on 8 March."""
    disclosure.record_disclosure(
        session,
        case_id,
        disclosure.DisclosureInput(
            agency="Eastbridge Police",
            agency_kind=AgencyKind.POLICE,
            requesting_officer=POLICE,
            requested_on=date(2026, 3, 7),
            gateway=Gateway.S115_CDA_1998,
            purpose="Investigation of the criminal damage",
            data_subjects=f"{VICTIM}, {ENGAGED}",
            requested_info="Incident log",
            disclosed_info="Incident dates and descriptions",
            necessity="Needed to investigate the offence.",
            approved_by="Team Leader Test",
            disclosed_on=date(2026, 3, 8),
            method="secure_email",
        ),
        today=date(2026, 3, 8),
    )


def _abc_and_ladder(
    session: Session, case_id: uuid.UUID, engaged: uuid.UUID, policy: Policy
) -> uuid.UUID:
    """An ABC signed on 10 March with a tenancy breach warning, a review and a pending breach
    the witness reported; returns the ABC."""
    abc = an_abc(
        session,
        case_id,
        engaged,
        signed_on=date(2026, 3, 10),
        perpetrator_name=ENGAGED,
        policy=policy,
    )
    abc_reviews.record_review(
        session,
        abc.id,
        abc_reviews.ReviewInput(date(2026, 3, 14), Compliance.COMPLIED, "No reports."),
        today=date(2026, 3, 14),
    )
    abc_reviews.record_breach(
        session,
        abc.id,
        abc_reviews.BreachInput(
            occurred_on=date(2026, 3, 16),
            condition_ids=[abc_agreements.conditions_of(session, abc.id)[0].id],
            description="Shouted at the family's car.",
            reported_by=WITNESS,
        ),
        today=date(2026, 3, 16),
    )
    enforcement.add_step(
        session,
        case_id,
        engaged,
        enforcement.StepInput(
            kind=Rung.TENANCY_BREACH_WARNING,
            taken_on=date(2026, 3, 10),
            served_how=ServedHow.BY_HAND,
            notes="Served at the interview.",
        ),
        today=date(2026, 3, 10),
    )
    return abc.id


def close_keeping_everything(store: Store, story: StoryCase, **changes: object) -> Case:
    """Close the story case today as resolved, satisfaction 5, everything live kept with a
    reason; ``changes`` alter the closing form's answers."""
    found = store.run(closure.closure_check, story.case_id, today=TODAY, now=NOW)
    data = closure.ClosureInput(
        outcome=ClosureOutcome.RESOLVED,
        reason=CLOSED_BECAUSE,
        satisfaction=Satisfaction.VERY_SATISFIED,
        feedback="You listened, and you kept us informed.",
        decisions={
            i.key: Decision(Resolution.KEEP, "Police continue to monitor") for i in found.live
        },
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return store.run(
        closure.close_case,
        story.case_id,
        found.version,
        data,
        officer_name="Officer Test",
        policy=Policy(),
        today=TODAY,
        now=NOW,
    )


def reopen(store: Store, story: StoryCase, version: int, reason: str, now: datetime = NOW) -> Case:
    """Reopen the story case today, saying why."""
    return store.run(
        closure.reopen_case,
        story.case_id,
        version,
        closure.ReopenInput(reason),
        officer_name="Officer Test",
        policy=Policy(),
        today=TODAY,
        now=now,
    )
