"""Contacts on a case: logging a letter, call, visit or message, and editing one.

A contact that approaches an alleged perpetrator (anything going out to them:
a letter, call, message, meeting or visit) needs the victim's consent to
approach, as it stood when the contact was made; without it the contact is
refused on ``consent_override_reason`` until the officer gives the reason to go
ahead, which is kept with the contact. A contact coming in from them is not an
approach.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, select

from fieldcase.db.models import Case, CaseParty, Contact
from fieldcase.domain.date_limits import moment_problem
from fieldcase.domain.policy import Policy
from fieldcase.domain.protection import ConsentKind
from fieldcase.domain.vocab import (
    ContactMethod,
    Direction,
    Engagement,
    PartyRole,
)
from fieldcase.services.case_file import refresh_due_dates
from fieldcase.services.consent import missing_consent
from fieldcase.services.errors import ValidationError
from fieldcase.services.records import load_record, saved_before, update_record


@dataclass
class ContactInput:
    """A letter, call, visit or message, as the officer logs it."""

    at: datetime
    method: str
    direction: str = Direction.OUT
    person_id: uuid.UUID | None = None
    outcome: str = ""
    notes: str = ""
    not_for_disclosure: bool = False
    """The notes are not for disclosure (left out of subject access exports)."""
    consent_override_reason: str = ""
    """Why an approach to an alleged perpetrator goes ahead without the victim's consent."""
    to_each_perpetrator: bool = False
    """One contact with each alleged perpetrator instead of ``person_id`` (see
    ``contacts.log_contacts``; ``add_contact`` logs the one with ``person_id``)."""


CONSENT_OVERRIDE = "consent_override_reason"
"""The error key on which a contact is refused for want of a reason to go ahead without consent."""


def validate_contact(
    *, at: datetime, method: str, direction: str, now: datetime | None = None
) -> dict[str, str]:
    """Check a contact, new or edited; returns field -> message."""
    errors: dict[str, str] = {}
    if method not in set(ContactMethod):
        errors["method"] = "Choose how the contact was made."
    if direction not in set(Direction):
        errors["direction"] = "Choose in or out."
    if problem := moment_problem(at, now or datetime.now(UTC), "A contact that has happened"):
        errors["at"] = problem
    return errors


def add_contact(
    session: Session,
    case_id: uuid.UUID,
    data: ContactInput,
    *,
    officer_name: str = "",
    policy: Policy,
    now: datetime | None = None,
    new_id: uuid.UUID | None = None,
) -> Contact:
    """Log a contact. Contacts with a perpetrator move their engagement on from 'not contacted'.

    ``new_id`` is the new contact's key, made when the form opened: logging
    again after a lost connection never logs it twice (see ``saved_before``).

    Raises:
        ValidationError: The contact cannot be saved as typed, or it approaches an
            alleged perpetrator without the victim's consent and no reason is given
            (on ``consent_override_reason``, with whose consent is missing).
    """
    columns = _checked_contact(session, case_id, data, now=now)
    if saved := saved_before(session, Contact, new_id, case_id=case_id, **columns):
        return saved
    person_id = data.person_id
    contact = Contact(
        id=new_id or uuid.uuid4(), case_id=case_id, officer_name=officer_name, **columns
    )
    session.add(contact)
    if person_id is not None:
        for party in session.exec(
            select(CaseParty).where(
                CaseParty.case_id == case_id,
                CaseParty.person_id == person_id,
                CaseParty.role == PartyRole.PERPETRATOR,
            )
        ):
            if party.engagement in ("", Engagement.NOT_CONTACTED):
                party.engagement = Engagement.ATTEMPTING
    session.flush()
    case = session.get(Case, case_id)
    if case is not None:
        # A contact changes when the next one is due, never what finds the case.
        refresh_due_dates(session, case, policy)
    return contact


def approach_consent_warning(
    session: Session, case_id: uuid.UUID, data: ContactInput
) -> str | None:
    """Whose consent is missing when this contact approaches an alleged perpetrator, else None.

    Consent counts as it stood when the contact was made; contacts coming in are
    not approaches.
    """
    if data.direction != Direction.OUT or data.person_id is None or data.at.tzinfo is None:
        return None
    perpetrator = session.exec(
        select(CaseParty.id).where(
            CaseParty.case_id == case_id,
            CaseParty.person_id == data.person_id,
            CaseParty.role == PartyRole.PERPETRATOR,
        )
    ).first()
    if perpetrator is None:
        return None
    why = missing_consent(session, case_id, ConsentKind.APPROACH_PERPETRATOR, at=data.at)
    if why is None:
        return None
    return f"{why} This contact approaches the alleged perpetrator: say why it goes ahead."


def _checked_contact(
    session: Session, case_id: uuid.UUID, data: ContactInput, *, now: datetime | None
) -> dict[str, Any]:
    """A contact's stored columns, once every rule holds.

    Raises:
        ValidationError: Every problem found, the missing consent reason included.
    """
    errors = validate_contact(at=data.at, method=data.method, direction=data.direction, now=now)
    warning = approach_consent_warning(session, case_id, data)
    reason = data.consent_override_reason.strip()
    if warning and not reason:
        errors[CONSENT_OVERRIDE] = warning
    if errors:
        raise ValidationError(errors)
    return {
        "person_id": data.person_id,
        "at": data.at,
        "method": data.method,
        "direction": data.direction,
        "outcome": data.outcome,
        "notes": data.notes,
        "not_for_disclosure": data.not_for_disclosure,
        "consent_override_reason": reason if warning else "",
    }


def update_contact(
    session: Session,
    contact_id: uuid.UUID,
    version: int,
    data: ContactInput,
    *,
    policy: Policy,
    now: datetime | None = None,
) -> Contact:
    """Edit a logged contact; an approach to an alleged perpetrator is checked as when logged.

    Raises:
        ValidationError: The contact cannot be saved as typed (see ``add_contact``).
        EditConflict: It changed elsewhere meanwhile. NotFound: it was deleted.
    """
    contact = load_record(session, Contact, contact_id)
    columns = _checked_contact(session, contact.case_id, data, now=now)
    update_record(session, contact, version, **columns)
    case = session.get(Case, contact.case_id)
    if case is not None:
        refresh_due_dates(session, case, policy)
    return contact
