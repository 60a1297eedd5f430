"""Invented consent decisions and disclosures for the demo caseload.

Called by the demo once its cases exist. Everything is made up: the agency
is the fictional Eastbridge Police, the officers and crime number are invented.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from fieldcase.db.models import Case, CaseParty, Person
from fieldcase.domain.protection import (
    AgencyKind,
    ConsentKind,
    ConsentMethod,
    DisclosureMethod,
    Gateway,
)
from fieldcase.domain.vocab import CaseStatus, PartyRole
from fieldcase.services.consent import ConsentInput, latest_consent, record_consent
from fieldcase.services.disclosure import DisclosureInput, record_disclosure

STORY_VICTIM = "Marta Nowicka"
"""The demo's story victim (the same name as in ``fieldcase.demo.build``)."""


def add_demo_protection(
    session: Session, *, today: date, officer_name: str, victim_name: str = STORY_VICTIM
) -> bool:
    """Record the story victim's consents and the disclosure to police on her case.

    In the design story the victim agrees to the perpetrators being approached,
    to information going to the police and to a referral for support; the
    police ask for the incident log under s115 and get it. On another open case
    a victim withdraws consent to share with the police.

    Returns:
        False when the demo has no case for ``victim_name`` (nothing is added).
    """
    found = session.exec(
        select(Case, Person)
        .join(CaseParty, col(CaseParty.case_id) == Case.id)
        .join(Person, col(Person.id) == CaseParty.person_id)
        .where(
            func.lower(Person.full_name) == victim_name.lower(),
            CaseParty.role == PartyRole.VICTIM,
        )
    ).first()
    if found is None:
        return False
    case, victim = found
    start = case.opened_on
    for kind, days in (
        (ConsentKind.APPROACH_PERPETRATOR, 1),
        (ConsentKind.SHARE_POLICE, 1),
        (ConsentKind.REFER_SUPPORT, 2),
    ):
        if latest_consent(session, case.id, kind, person_id=victim.id) is not None:
            continue  # given before the first letter to the neighbours (see the demo build)
        record_consent(
            session,
            case.id,
            ConsentInput(
                person_id=victim.id,
                kind=kind,
                given=True,
                recorded_at=_at(min(start + timedelta(days=days), today)),
                method=ConsentMethod.WRITTEN if kind == ConsentKind.SHARE_POLICE else "verbal",
                notes="Explained at the first home visit; she asked that police come "
                "in plain clothes."
                if kind == ConsentKind.SHARE_POLICE
                else "",
            ),
            recorded_by=officer_name,
        )
    asked = min(start + timedelta(days=3), today)
    record_disclosure(
        session,
        case.id,
        DisclosureInput(
            agency="Eastbridge Police",
            agency_kind=AgencyKind.POLICE,
            requesting_officer="DC Lena Marsh",
            requesting_rank="Detective Constable",
            requested_on=asked,
            gateway=Gateway.S115_CDA_1998,
            purpose="Investigation of racially aggravated harassment and criminal damage",
            data_subjects=f"{victim.full_name} (victim); the two alleged perpetrators",
            requested_info="Incident log, contact history and the perpetrators' tenancy details",
            disclosed_info="Incident log and contact history; tenancy start dates only",
            necessity="Needed to link the reports to the crime; tenancy details limited to "
            "what identifies the addresses. Health details withheld as not relevant.",
            approved_by="Team leader Ruth Adeyemi",
            disclosed_on=min(asked + timedelta(days=1), today),
            method=DisclosureMethod.SECURE_EMAIL,
        ),
        today=today,
    )
    _withdrawn_elsewhere(session, today=today, officer_name=officer_name, skip=case.id)
    return True


def add_approach_consent(
    session: Session,
    case_id: uuid.UUID,
    victim_id: uuid.UUID,
    *,
    opened_on: date,
    today: date,
    officer_name: str,
) -> None:
    """The victim agrees, the day after the case opened, that the perpetrator may be approached.

    The demo's letters and visits to alleged perpetrators come after it, as an
    officer's would: without it each would need a reason to go ahead.
    """
    record_consent(
        session,
        case_id,
        ConsentInput(
            person_id=victim_id,
            kind=ConsentKind.APPROACH_PERPETRATOR,
            given=True,
            recorded_at=_at(min(opened_on + timedelta(days=1), today)),
            method=ConsentMethod.VERBAL,
        ),
        recorded_by=officer_name,
    )


def _withdrawn_elsewhere(session: Session, *, today: date, officer_name: str, skip: object) -> None:
    """One other open case where the victim withdrew consent to share with police."""
    row = session.exec(
        select(Case, CaseParty)
        .join(CaseParty, col(CaseParty.case_id) == Case.id)
        .where(
            Case.id != skip,
            Case.status == CaseStatus.OPEN,
            CaseParty.role == PartyRole.VICTIM,
        )
        .order_by(col(Case.reference))
    ).first()
    if row is None:
        return
    case, party = row
    for given, days in ((True, 1), (False, 5)):
        record_consent(
            session,
            case.id,
            ConsentInput(
                person_id=party.person_id,
                kind=ConsentKind.SHARE_POLICE,
                given=given,
                recorded_at=_at(min(case.opened_on + timedelta(days=days), today)),
                method=ConsentMethod.VERBAL,
                notes="" if given else "Worried neighbours will see police at the door.",
            ),
            recorded_by=officer_name,
        )


def _at(day: date) -> datetime:
    """Mid-morning on ``day``, in UTC; never later than now."""
    return min(datetime.combine(day, time(10, 0), tzinfo=UTC), datetime.now(UTC))
