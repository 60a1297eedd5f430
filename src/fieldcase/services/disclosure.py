"""The disclosure log: what was shared with which agency, on what legal gateway, and why.

A disclosure to the police without the victim's consent to share, on an
"other" gateway, is recorded only with a reason the officer has acknowledged;
the reason is kept in ``Disclosure.consent_override_reason``. A disclosure on
the consent gateway cannot go ahead "without consent": without the consent it
rests on (to share with the police, or to refer to support) it is refused on
the gateway, and no reason is ever kept with it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import date

from sqlmodel import Session, col, select

from fieldcase.db.models import Case, Disclosure
from fieldcase.domain import dates
from fieldcase.domain.date_limits import happened_problem
from fieldcase.domain.protection import (
    AgencyKind,
    ConsentKind,
    DisclosureMethod,
    Gateway,
    consent_gateway_needs,
    needs_consent_override,
)
from fieldcase.services.consent import consent_in_place, missing_consent
from fieldcase.services.errors import NotFound, ValidationError
from fieldcase.services.records import already_saved


@dataclass
class DisclosureInput:
    """A disclosure typed into the log form."""

    agency: str
    agency_kind: str
    requesting_officer: str
    requesting_rank: str = ""
    requested_on: date | None = None
    gateway: str = ""
    gateway_detail: str = ""
    purpose: str = ""
    data_subjects: str = ""
    requested_info: str = ""
    disclosed_info: str = ""
    necessity: str = ""
    """Why sharing was necessary and proportionate."""
    approved_by: str = ""
    disclosed_on: date | None = None
    method: str = ""
    consent_override_reason: str = ""
    """Why it went ahead without the victim's consent to share, when that was needed."""


_REQUIRED_TEXT = {
    "agency": "Name the agency that asked for the information.",
    "requesting_officer": "Give the name of the officer who asked.",
    "purpose": "Say what the information is for.",
    "data_subjects": "Name the people the information is about.",
    "requested_info": "Say what was asked for.",
    "disclosed_info": "Say what was disclosed (or that nothing was).",
    "necessity": "Explain why sharing was necessary and proportionate.",
    "approved_by": "Say who approved the disclosure.",
}


def validate_disclosure(data: DisclosureInput, *, today: date | None = None) -> dict[str, str]:
    """Check a disclosure, apart from consent; returns field -> message for every problem."""
    today = today or dates.local_today()
    errors: dict[str, str] = {}
    for name, message in _REQUIRED_TEXT.items():
        if not str(getattr(data, name)).strip():
            errors[name] = message
    if data.agency_kind not in set(AgencyKind):
        errors["agency_kind"] = "Choose what sort of agency it is."
    if data.gateway not in set(Gateway):
        errors["gateway"] = "Choose the legal gateway for the disclosure."
    elif data.gateway == Gateway.OTHER and not data.gateway_detail.strip():
        errors["gateway_detail"] = "Name the other legal gateway relied on."
    if data.method not in set(DisclosureMethod):
        errors["method"] = "Choose how the information was disclosed."
    if data.requested_on is None:
        errors["requested_on"] = "Give the date the information was requested."
    elif problem := happened_problem(data.requested_on, today, "The request date"):
        errors["requested_on"] = problem
    if data.disclosed_on is None:
        errors["disclosed_on"] = "Give the date the information was disclosed."
    elif problem := happened_problem(data.disclosed_on, today, "The disclosure date"):
        errors["disclosed_on"] = problem
    elif data.requested_on is not None and data.disclosed_on < data.requested_on:
        errors["disclosed_on"] = "The disclosure cannot come before the request."
    return errors


def consent_warning(session: Session, case_id: uuid.UUID, data: DisclosureInput) -> str | None:
    """The warning to acknowledge before this disclosure is recorded, or None when none is needed.

    It is needed for a disclosure to police when the victim's consent to share is
    not in place and the gateway is neither s115 CDA 1998 nor DPA 2018 Sch 2 para 2.
    """
    share = ConsentKind.SHARE_POLICE
    if not needs_consent_override(
        data.agency_kind, data.gateway, consent_in_place(session, case_id, share)
    ):
        return None
    why = missing_consent(session, case_id, share) or ""
    return (
        f"{why} This disclosure to the police does not rely on s115 of the Crime and "
        "Disorder Act 1998 or DPA 2018 Schedule 2 paragraph 2. Record why it must go "
        "ahead without consent."
    ).strip()


def consent_gateway_problem(
    session: Session, case_id: uuid.UUID, data: DisclosureInput
) -> str | None:
    """Why the consent gateway cannot be relied on here, or None when it can (or is not chosen)."""
    kind = consent_gateway_needs(data.agency_kind, data.gateway)
    if kind is None or consent_in_place(session, case_id, kind):
        return None
    why = missing_consent(session, case_id, kind) or ""
    return (
        f"{why} The consent gateway needs that consent: record it first, or choose the "
        "legal gateway actually relied on."
    ).strip()


def record_disclosure(
    session: Session,
    case_id: uuid.UUID,
    data: DisclosureInput,
    *,
    today: date | None = None,
    new_id: uuid.UUID | None = None,
) -> Disclosure:
    """Add a disclosure to the case's log.
    ``new_id`` is the key made when the form opened (see ``records.already_saved``).

    Raises:
        NotFound: There is no such case.
        ValidationError: The disclosure cannot be saved as typed (including a missing
            reason where consent is needed and absent, and the consent gateway
            without the consent it rests on); nothing is written.
    """
    if session.get(Case, case_id) is None:
        raise NotFound("That case is not in this database.")
    if saved := already_saved(session, Disclosure, new_id):
        return saved
    errors = validate_disclosure(data, today=today)
    problem = consent_gateway_problem(session, case_id, data)
    if problem and "gateway" not in errors:
        errors["gateway"] = problem
    warning = consent_warning(session, case_id, data)
    if warning and not data.consent_override_reason.strip():
        errors["consent_override_reason"] = warning
    if errors:
        raise ValidationError(errors)
    values = {f.name: getattr(data, f.name) for f in fields(DisclosureInput)}
    for name, value in values.items():
        if isinstance(value, str):
            values[name] = value.strip()
    if not warning:
        values["consent_override_reason"] = ""
    disclosure = Disclosure(id=new_id or uuid.uuid4(), case_id=case_id, **values)
    session.add(disclosure)
    session.flush()
    return disclosure


def list_disclosures(session: Session, case_id: uuid.UUID) -> list[Disclosure]:
    """The case's disclosure log, most recent disclosure first."""
    return list(
        session.exec(
            select(Disclosure)
            .where(Disclosure.case_id == case_id)
            .order_by(col(Disclosure.disclosed_on).desc(), col(Disclosure.created_at).desc())
        ).all()
    )


@dataclass(frozen=True)
class DisclosureLog:
    """Everything the disclosure log screen shows about one case."""

    case_reference: str
    disclosures: list[Disclosure]
    """Most recent disclosure first."""


def disclosure_log(session: Session, case_id: uuid.UUID) -> DisclosureLog:
    """A case's reference and its disclosure log.

    Raises:
        NotFound: There is no such case.
    """
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound("That case is not in this database.")
    return DisclosureLog(case.reference, list_disclosures(session, case_id))
