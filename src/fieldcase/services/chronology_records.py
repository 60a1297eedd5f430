"""Chronology entries for disclosures, ABCs (signing, reviews, breaches, ending) and the
enforcement ladder."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlmodel import Session, col, select

from fieldcase.db.models import (
    AbcAgreement,
    AbcBreach,
    AbcCondition,
    AbcReview,
    AbcSignatory,
    Disclosure,
    EnforcementStep,
)
from fieldcase.domain.abc import (
    AbcStatus,
    BreachResponse,
    Compliance,
    SignatoryRole,
    Substantiated,
)
from fieldcase.domain.chronology import Draft, EntryKind
from fieldcase.domain.ladder import PartnerAction, PossessionGround, Rung, ServedHow
from fieldcase.domain.protection import AgencyKind, Gateway, long_date
from fieldcase.services.subject_access_markdown import label

Name = Callable[[uuid.UUID | None], str]
Mentioned = Callable[..., frozenset[uuid.UUID]]

_ENDED = {
    AbcStatus.COMPLETED: "completed",
    AbcStatus.BREACHED: "marked breached",
    AbcStatus.ENDED_EARLY: "ended early",
}


def guardians(session: Session, case_id: uuid.UUID) -> list[str]:
    """Names of parents or guardians who signed an ABC in the case (third parties)."""
    return list(
        session.exec(
            select(AbcSignatory.name)
            .join(AbcAgreement, col(AbcAgreement.id) == AbcSignatory.abc_id)
            .where(AbcAgreement.case_id == case_id, AbcSignatory.role == SignatoryRole.GUARDIAN)
            .order_by(col(AbcSignatory.created_at))
        ).all()
    )


def disclosure_drafts(session: Session, case_id: uuid.UUID, mentioned: Mentioned) -> list[Draft]:
    """One entry per disclosure, on the day it was made (or asked for, until it is made)."""
    drafts = []
    for row in session.exec(select(Disclosure).where(Disclosure.case_id == case_id)).all():
        day = row.disclosed_on or row.requested_on or row.created_at.date()
        gateway = label(Gateway, row.gateway)
        if row.gateway_detail.strip():
            gateway += f" ({row.gateway_detail.strip()})"
        kind = f" ({label(AgencyKind, row.agency_kind)})" if row.agency_kind else ""
        notes = [
            f"Purpose: {row.purpose}",
            f"About: {row.data_subjects}",
            f"Asked for: {row.requested_info}",
            f"Disclosed: {row.disclosed_info}",
            f"Approved by: {row.approved_by}",
        ]
        requested = " ".join(p for p in (row.requesting_rank, row.requesting_officer) if p)
        restricted: tuple[str, ...] = ()
        if row.consent_override_reason.strip():
            restricted = (f"Reason for going ahead without consent: {row.consent_override_reason}",)
        drafts.append(
            Draft(
                day=day,
                at=None,
                kind=EntryKind.DISCLOSURE,
                summary=f"Disclosure to {row.agency}{kind}, asked for by {requested}; "
                f"gateway: {gateway}",
                notes="\n".join(line for line in notes if not line.endswith(": ")),
                people=mentioned(row.data_subjects),
                restricted=restricted,
                tiebreak=row.created_at.isoformat(),
            )
        )
    return drafts


def abc_drafts(session: Session, case_id: uuid.UUID, name: Name) -> list[Draft]:
    """Each ABC's signing and ending, its reviews and its breaches."""
    drafts: list[Draft] = []
    abcs = session.exec(select(AbcAgreement).where(AbcAgreement.case_id == case_id)).all()
    for abc in abcs:
        if abc.status == AbcStatus.DRAFT:
            continue
        person = frozenset({abc.person_id})
        drafts.append(_signing(session, abc, name))
        if abc.status in _ENDED and abc.ended_on is not None:
            drafts.append(
                Draft(
                    day=abc.ended_on,
                    at=None,
                    kind=EntryKind.ABC,
                    summary=f"ABC with {name(abc.person_id)} {_ENDED[AbcStatus(abc.status)]}",
                    notes=abc.end_reason,
                    people=person,
                    tiebreak="z",
                )
            )
        drafts += _reviews(session, abc, name)
        drafts += _breaches(session, abc, name)
    return drafts


def _signing(session: Session, abc: AbcAgreement, name: Name) -> Draft:
    signatories = session.exec(select(AbcSignatory).where(AbcSignatory.abc_id == abc.id)).all()
    conditions = session.exec(
        select(AbcCondition)
        .where(AbcCondition.abc_id == abc.id)
        .order_by(col(AbcCondition.position))
    ).all()
    signed = [s.signed_on for s in signatories if s.signed_on is not None]
    lines = [f"{n}. {c.text}" for n, c in enumerate(conditions, start=1)]
    lines += [
        f"Signed by {s.name}"
        + (
            f" ({label(SignatoryRole, s.role).lower()})"
            if s.role != SignatoryRole.PERPETRATOR
            else ""
        )
        + (f" on {long_date(s.signed_on)}" if s.signed_on else ", not dated")
        for s in signatories
    ]
    if abc.notes.strip():
        lines.append(f"Notes: {abc.notes.strip()}")
    return Draft(
        day=max(signed) if signed else abc.start_on,
        at=None,
        kind=EntryKind.ABC,
        summary=f"ABC signed with {name(abc.person_id)}: in force "
        f"{long_date(abc.start_on)} to {long_date(abc.end_on)}",
        notes="\n".join(lines),
        people=frozenset({abc.person_id}),
        tiebreak=abc.created_at.isoformat(),
    )


def _reviews(session: Session, abc: AbcAgreement, name: Name) -> list[Draft]:
    rows = session.exec(select(AbcReview).where(AbcReview.abc_id == abc.id)).all()
    return [
        Draft(
            day=row.reviewed_on,
            at=None,
            kind=EntryKind.ABC_REVIEW,
            summary=f"ABC review with {name(abc.person_id)}: {label(Compliance, row.compliance)}",
            notes=row.notes,
            by=row.reviewer,
            people=frozenset({abc.person_id}),
            tiebreak=row.created_at.isoformat(),
        )
        for row in rows
    ]


def _breaches(session: Session, abc: AbcAgreement, name: Name) -> list[Draft]:
    drafts = []
    for row in session.exec(select(AbcBreach).where(AbcBreach.abc_id == abc.id)).all():
        summary = (
            f"Breach of {name(abc.person_id)}'s ABC: {label(Substantiated, row.substantiated)}"
        )
        if row.serious_harm:
            summary += "; serious risk of harm"
        if row.response:
            summary += f"; response: {label(BreachResponse, row.response).lower()}"
        notes = row.description
        if row.response_notes.strip():
            notes += f"\nResponse: {row.response_notes.strip()}"
        drafts.append(
            Draft(
                day=row.occurred_on,
                at=None,
                kind=EntryKind.ABC_BREACH,
                summary=summary,
                notes=notes,
                people=frozenset({abc.person_id}),
                restricted=(f"Reported by: {row.reported_by}",) if row.reported_by else (),
                tiebreak=row.created_at.isoformat(),
            )
        )
    return drafts


def step_drafts(session: Session, case_id: uuid.UUID, name: Name) -> list[Draft]:
    """Enforcement steps and partners' actions; the ABC rung is the ABC's own entry."""
    drafts = []
    rows = session.exec(select(EnforcementStep).where(EnforcementStep.case_id == case_id)).all()
    for step in rows:
        if step.kind == Rung.ABC and step.abc_id is not None:
            continue
        what = label(Rung, step.kind) if step.kind in set(Rung) else label(PartnerAction, step.kind)
        summary = f"{what}: {name(step.person_id)}"
        details = [
            label(PossessionGround, step.ground) if step.ground else "",
            f"served {label(ServedHow, step.served_how).lower()}" if step.served_how else "",
            step.court.strip(),
            f"by the {step.agency}" if step.agency else "",
            f"until {long_date(step.expires_on)}" if step.expires_on else "",
        ]
        if any(details):
            summary += f" ({', '.join(d for d in details if d)})"
        notes = [
            f"Terms: {step.terms}" if step.terms.strip() else "",
            f"Documents: {step.documents}" if step.documents.strip() else "",
            step.notes,
        ]
        drafts.append(
            Draft(
                day=step.taken_on,
                at=None,
                kind=EntryKind.ENFORCEMENT,
                summary=summary,
                notes="\n".join(n for n in notes if n.strip()),
                people=frozenset({step.person_id}),
                tiebreak=step.created_at.isoformat(),
            )
        )
    return drafts
