"""Contacts logged with few keys: one with each alleged perpetrator, the same again, face to face.

Every contact here goes through ``contact_records.add_contact``, so each one is
checked as if typed on its own: an approach to an alleged perpetrator without
the victim's consent needs the reason to go ahead (``consent_override_reason``).

A risk assessment, a consent or a visit taken face to face is contact with
the person seen (``log_face_to_face``, the one path all three take). Records
made in one sitting share one contact in the log rather than one each.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

from sqlmodel import Session, col, select

from fieldcase.db.models import Case, CaseParty, Contact, Person
from fieldcase.domain.contacts import SITTING
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import (
    ContactMethod,
    ContactOutcome,
    Direction,
    Engagement,
    PartyRole,
)
from fieldcase.services.case_file import refresh_case
from fieldcase.services.contact_records import ContactInput, add_contact
from fieldcase.services.errors import NotFound, ValidationError
from fieldcase.services.records import load_record, update_record


def each_perpetrator(session: Session, case_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    """Who a contact "with each alleged perpetrator" goes to: (person id, name), in order.

    Everyone recorded as an alleged perpetrator on the case, except those who
    have left the address.
    """
    rows = session.exec(
        select(Person.id, Person.full_name)
        .join(CaseParty, col(CaseParty.person_id) == Person.id)
        .where(
            CaseParty.case_id == case_id,
            CaseParty.role == PartyRole.PERPETRATOR,
            CaseParty.engagement != Engagement.LEFT_ADDRESS,
        )
        .order_by(col(CaseParty.created_at))
    ).all()
    people: dict[uuid.UUID, str] = {}
    for person_id, name in rows:
        people.setdefault(person_id, name)
    return list(people.items())


def log_contacts(
    session: Session,
    case_id: uuid.UUID,
    data: ContactInput,
    *,
    officer_name: str,
    policy: Policy,
    now: datetime | None = None,
    new_id: uuid.UUID | None = None,
) -> list[Contact]:
    """Log a contact as typed; with ``data.to_each_perpetrator``, one with each alleged perpetrator.

    ``new_id`` is the key made when the form opened (each perpetrator's contact
    has a key derived from it), so logging again after a lost connection logs nothing twice.

    Raises:
        ValidationError: A contact cannot be saved as typed, there is no alleged
            perpetrator to contact, or an approach needs the reason to go ahead
            without consent (see ``add_contact``). Nothing is saved then.
    """
    if not data.to_each_perpetrator:
        return [
            add_contact(
                session,
                case_id,
                data,
                officer_name=officer_name,
                policy=policy,
                now=now,
                new_id=new_id,
            )
        ]
    people = each_perpetrator(session, case_id)
    if not people:
        raise ValidationError(
            {"person": "There is no alleged perpetrator on this case still at their address."}
        )
    return [
        add_contact(
            session,
            case_id,
            replace(data, person_id=person_id, to_each_perpetrator=False),
            officer_name=officer_name,
            policy=policy,
            now=now,
            new_id=uuid.uuid5(new_id, str(person_id)) if new_id else None,
        )
        for person_id, _ in people
    ]


def log_again(
    session: Session,
    case_id: uuid.UUID,
    contact_id: uuid.UUID | None,
    *,
    at: datetime,
    officer_name: str,
    policy: Policy,
    consent_override_reason: str = "",
    now: datetime | None = None,
) -> Contact:
    """Log a contact again at ``at``: the same way, with the same person, with the same outcome.

    ``contact_id`` is the contact to repeat; without it, the latest on the case.
    Its notes are not copied: they were about that occasion.

    Raises:
        NotFound: There is no contact on the case to repeat.
        ValidationError: As ``add_contact``, e.g. an approach without consent and no reason.
    """
    if contact_id is None:
        source = session.exec(
            select(Contact)
            .where(Contact.case_id == case_id)
            .order_by(col(Contact.at).desc(), col(Contact.created_at).desc())
        ).first()
    else:
        source = session.get(Contact, contact_id)
    if source is None or source.case_id != case_id:
        raise NotFound("There is no contact on this case to log again.")
    again = ContactInput(
        at=at,
        method=source.method,
        direction=source.direction,
        person_id=source.person_id,
        outcome=source.outcome,
        consent_override_reason=consent_override_reason,
    )
    return add_contact(session, case_id, again, officer_name=officer_name, policy=policy, now=now)


def log_face_to_face(
    session: Session,
    case_id: uuid.UUID,
    person_id: uuid.UUID,
    *,
    at: datetime,
    what: str,
    officer_name: str,
    policy: Policy,
    not_for_disclosure: bool = False,
    consent_override_reason: str = "",
    now: datetime | None = None,
) -> Contact:
    """Record that the officer saw someone face to face: a visit, out, where they spoke.

    ``what`` says what was done (e.g. "Risk assessment taken face to face: High.").
    When the log already holds a face-to-face contact with them within a sitting
    (``SITTING``) of ``at``, with the same disclosure marking, ``what`` is added to
    its notes instead, and it keeps the earlier of the two times.

    Raises:
        ValidationError: As ``add_contact``.
        NotFound: The case is gone.
    """
    case = load_record(session, Case, case_id)
    same_sitting = session.exec(
        select(Contact)
        .where(
            Contact.case_id == case_id,
            Contact.person_id == person_id,
            Contact.method == ContactMethod.VISIT,
            Contact.direction == Direction.OUT,
            Contact.outcome == ContactOutcome.SPOKE,
            Contact.not_for_disclosure == not_for_disclosure,
            col(Contact.at) >= at - SITTING,
            col(Contact.at) <= at + SITTING,
        )
        .order_by(col(Contact.at))
    ).first()
    if same_sitting is None:
        seen = ContactInput(
            at=at,
            method=ContactMethod.VISIT,
            direction=Direction.OUT,
            person_id=person_id,
            outcome=ContactOutcome.SPOKE,
            notes=what,
            not_for_disclosure=not_for_disclosure,
            consent_override_reason=consent_override_reason,
        )
        return add_contact(
            session, case_id, seen, officer_name=officer_name, policy=policy, now=now
        )
    notes = f"{same_sitting.notes}\n{what}" if same_sitting.notes.strip() else what
    update_record(
        session, same_sitting, same_sitting.version, notes=notes, at=min(same_sitting.at, at)
    )
    refresh_case(session, case, policy)
    return same_sitting
