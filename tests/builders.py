"""Test data built through the services, as an officer's actions would build it.

Each builder takes the caller's session (one transaction, as in the app), has
invented defaults that make a valid record, and takes keyword overrides for
what a test cares about. Every name, address and number here is made up.

Tests set up their data here unless the form that collects it is under test.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, select

from fieldcase.db.models import (
    AbcAgreement,
    Action,
    CaseParty,
    Consent,
    Contact,
    Incident,
    Person,
)
from fieldcase.domain.ladder import Rung, ServedHow
from fieldcase.domain.policy import Policy
from fieldcase.domain.visits import Attendee
from fieldcase.domain.vocab import (
    Category,
    CautionKind,
    ContactMethod,
    Direction,
    IncidentType,
    PartyRole,
    Strand,
)
from fieldcase.services import (
    abc_agreements,
    case_records,
    cautions,
    consent,
    contact_records,
    enforcement,
    intake,
    visit_planning,
)
from fieldcase.services.case_records import ActionInput
from fieldcase.services.contact_records import ContactInput

OFFICER = "Officer Test"
"""The officer every built record is assigned to or made by, unless a test says otherwise."""
VICTIM = "Amira Haddad"
PERPETRATOR = "Ellis Crane"
ADDRESS = "14 Larch Walk"
POSTCODE = "ZZ1 1ZZ"
OPENED_ON = date(2026, 3, 2)
"""The day built cases open on: a Monday."""
INCIDENT_AT = datetime(2026, 3, 1, 18, 30, tzinfo=UTC)
"""When the built cases' first incident happened: the evening before they open."""


def a_person(
    full_name: str, role: str = PartyRole.VICTIM, **fields: object
) -> case_records.PersonInput:
    """A person for a new case, e.g. ``a_person("Name", PartyRole.WITNESS, phone=...)``."""
    return case_records.PersonInput(full_name, role, **fields)  # type: ignore[arg-type]


@dataclass(frozen=True)
class BuiltCase:
    """Ids of a built case and its people."""

    case_id: uuid.UUID
    reference: str
    party_ids: dict[str, list[uuid.UUID]]
    """Person ids by role, in the order the people were given."""

    @property
    def victim_id(self) -> uuid.UUID:
        """The first victim."""
        return self.party_ids[PartyRole.VICTIM][0]

    @property
    def perpetrator_id(self) -> uuid.UUID:
        """The first alleged perpetrator."""
        return self.party_ids[PartyRole.PERPETRATOR][0]


def an_incident_input(**overrides: object) -> case_records.IncidentInput:
    """What the incident part of a form would collect: verbal abuse, described."""
    data = case_records.IncidentInput(
        occurred_at=INCIDENT_AT,
        kinds=[IncidentType.VERBAL_ABUSE],
        description="Shouted abuse about her nationality across the car park.",
    )
    for name, value in overrides.items():
        setattr(data, name, value)
    return data


def a_case(
    session: Session,
    *,
    victims: Sequence[str | case_records.PersonInput] = (VICTIM,),
    perpetrators: Sequence[str | case_records.PersonInput] = (PERPETRATOR,),
    others: Sequence[case_records.PersonInput] = (),
    category: str = Category.HATE_INCIDENT,
    strands: Sequence[str] = (Strand.RACE,),
    address: str = ADDRESS,
    postcode: str = POSTCODE,
    incident: case_records.IncidentInput | None = None,
    opened_on: date = OPENED_ON,
    now: datetime | None = None,
    officer_name: str = OFFICER,
    policy: Policy | None = None,
    **case_fields: str,
) -> BuiltCase:
    """A case opened through ``create_case``: by default a hate incident with one victim
    and one alleged perpetrator, and no incident (pass ``incident=an_incident_input()``).

    People go in as the new-case form lists them: victims, others, then alleged
    perpetrators. They may be given by name or as ``a_person(...)`` for more detail; ``case_fields``
    sets the other new-case fields (``tenancy_ref``, ``summary``, ``police_refs``).
    """
    people = [
        *(_person(p, PartyRole.VICTIM) for p in victims),
        *others,
        *(_person(p, PartyRole.PERPETRATOR) for p in perpetrators),
    ]
    case = intake.create_case(
        session,
        intake.NewCaseInput(
            category=category,
            strands=list(strands),
            address=address,
            postcode=postcode,
            people=people,
            incident=incident,
            **case_fields,
        ),
        officer_name=officer_name,
        policy=policy or Policy(),
        today=opened_on,
        now=now,
    )
    rows = session.exec(
        select(CaseParty.role, Person.full_name, Person.id)
        .join(Person, col(CaseParty.person_id) == col(Person.id))
        .where(CaseParty.case_id == case.id)
    ).all()
    ids = {(role, name): person_id for role, name, person_id in rows}
    party_ids: dict[str, list[uuid.UUID]] = {}
    for given in people:
        party_ids.setdefault(given.role, []).append(ids[(given.role, given.full_name)])
    return BuiltCase(case_id=case.id, reference=case.reference, party_ids=party_ids)


KNOWN_PERPETRATOR = "Gary Stroud"


def a_known_perpetrator(session: Session, **overrides: object) -> BuiltCase:
    """A first case whose alleged perpetrator, Gary Stroud of 21 Sorrel Way, has a dog
    caution on him and a warning letter on his ladder: what must follow him into any
    other case."""
    fields: dict[str, object] = {
        "victims": ["Rosa Quint"],
        "perpetrators": [
            a_person(KNOWN_PERPETRATOR, PartyRole.PERPETRATOR, address="21 Sorrel Way")
        ],
        "address": "19 Sorrel Way",
        "postcode": "ZZ1 7QL",
    }
    made = a_case(session, **(fields | overrides))  # type: ignore[arg-type]
    cautions.add_caution(
        session, kind=CautionKind.DOGS, person_id=made.perpetrator_id, note="Two dogs loose"
    )
    enforcement.add_step(
        session,
        made.case_id,
        made.perpetrator_id,
        enforcement.StepInput(
            kind=Rung.WARNING_LETTER, taken_on=OPENED_ON, served_how=ServedHow.BY_HAND
        ),
        today=OPENED_ON,
    )
    return made


def alder_road_case(session: Session, **overrides: object) -> BuiltCase:
    """A hate crime for visits: Mira Patel (with a safe contact number) at 14 Alder Road,
    the alleged perpetrator Dan Reeve next door at 16."""
    fields: dict[str, object] = {
        "victims": [a_person("Mira Patel", safe_contact_number="07700 900123")],
        "perpetrators": [a_person("Dan Reeve", PartyRole.PERPETRATOR, address="16 Alder Road")],
        "category": Category.HATE_CRIME,
        "address": "14 Alder Road",
        "postcode": "ZZ1 4AB",
    }
    return a_case(session, **(fields | overrides))  # type: ignore[arg-type]


def _person(person: str | case_records.PersonInput, role: str) -> case_records.PersonInput:
    return (
        case_records.PersonInput(full_name=person, role=role) if isinstance(person, str) else person
    )


def an_incident(
    session: Session,
    case_id: uuid.UUID,
    *,
    policy: Policy | None = None,
    now: datetime | None = None,
    **overrides: object,
) -> Incident:
    """A further incident on a case (``an_incident_input`` defaults, overridable)."""
    return case_records.add_incident(
        session, case_id, an_incident_input(**overrides), policy=policy or Policy(), now=now
    )


def a_contact(
    session: Session,
    case_id: uuid.UUID,
    *,
    at: datetime = INCIDENT_AT + timedelta(days=1),
    method: str = ContactMethod.LETTER,
    direction: str = Direction.OUT,
    person_id: uuid.UUID | None = None,
    outcome: str = "",
    notes: str = "",
    officer_name: str = OFFICER,
    policy: Policy | None = None,
    now: datetime | None = None,
) -> Contact:
    """A logged contact: by default a letter sent the day after the first incident."""
    return contact_records.add_contact(
        session,
        case_id,
        ContactInput(
            at=at,
            method=method,
            direction=direction,
            person_id=person_id,
            outcome=outcome,
            notes=notes,
        ),
        officer_name=officer_name,
        policy=policy or Policy(),
        now=now,
    )


def an_action(
    session: Session,
    case_id: uuid.UUID,
    *,
    what: str = "Write to the alleged perpetrator",
    who: str = OFFICER,
    due_on: date | None = None,
) -> Action:
    """An agreed action on the case's plan."""
    return case_records.add_action(session, case_id, ActionInput(what=what, who=who, due_on=due_on))


def a_visit(
    session: Session,
    case_id: uuid.UUID,
    person_id: uuid.UUID,
    *,
    planned_at: datetime = datetime(2026, 3, 4, 10, 0, tzinfo=UTC),
    now: datetime = datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    **overrides: object,
) -> uuid.UUID:
    """A planned victim-support visit at the property, with the officer attending."""
    data = visit_planning.VisitInput(
        kind="victim_support",
        planned_at=planned_at,
        person_id=person_id,
        attendees=[Attendee(OFFICER)],
    )
    for name, value in overrides.items():
        setattr(data, name, value)
    return visit_planning.plan_visit(session, case_id, data, now=now).id


def a_consent(
    session: Session,
    case_id: uuid.UUID,
    person_id: uuid.UUID,
    kind: str,
    *,
    given: bool = True,
    recorded_at: datetime = datetime(2026, 3, 2, 10, 0, tzinfo=UTC),
    notes: str = "",
    recorded_by: str = OFFICER,
) -> Consent:
    """A victim's consent of one kind, given (or with ``given=False`` withdrawn)."""
    return consent.record_consent(
        session,
        case_id,
        consent.ConsentInput(
            person_id=person_id, kind=kind, given=given, recorded_at=recorded_at, notes=notes
        ),
        recorded_by=recorded_by,
    )


ABC_SIGNED_ON = date(2026, 3, 2)


def an_abc_input(
    person_id: uuid.UUID,
    *,
    signed_on: date = ABC_SIGNED_ON,
    perpetrator_name: str = PERPETRATOR,
    **overrides: object,
) -> abc_agreements.AbcInput:
    """A complete ABC for an adult, starting and signed by everyone on ``signed_on``."""
    data = abc_agreements.AbcInput(
        person_id=person_id,
        start_on=signed_on,
        conditions=[
            abc_agreements.ConditionInput(f"I will not verbally abuse the residents of {ADDRESS}."),
            abc_agreements.ConditionInput(
                "I will engage with Brightway Youth Service.", "requirement"
            ),
        ],
        signatories=[
            abc_agreements.SignatoryInput("perpetrator", perpetrator_name, signed_on),
            abc_agreements.SignatoryInput("housing_officer", OFFICER, signed_on),
            abc_agreements.SignatoryInput("police_officer", "PC Jo Marsh", signed_on, "4471"),
        ],
    )
    for name, value in overrides.items():
        setattr(data, name, value)
    return data


def an_abc(
    session: Session,
    case_id: uuid.UUID,
    person_id: uuid.UUID,
    *,
    signed_on: date = ABC_SIGNED_ON,
    perpetrator_name: str = PERPETRATOR,
    policy: Policy | None = None,
    **overrides: object,
) -> AbcAgreement:
    """An ABC drawn up through the service on ``signed_on``: signed by all, so in force."""
    return abc_agreements.create_abc(
        session,
        case_id,
        an_abc_input(
            person_id, signed_on=signed_on, perpetrator_name=perpetrator_name, **overrides
        ),
        policy=policy or Policy(),
        today=signed_on,
    )
