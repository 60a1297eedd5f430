"""Sections of a subject access export beyond the case records: disclosures and ABCs.

The disclosures that name the person (in their cases and elsewhere), and the
Acceptable Behaviour Contracts and enforcement steps about them. Who reported
a breach of an ABC is never exported.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from fieldcase.db.models import (
    AbcAgreement,
    AbcBreach,
    AbcCondition,
    AbcReview,
    AbcSignatory,
    Case,
    Disclosure,
    EnforcementStep,
    Person,
)
from fieldcase.domain.ladder import Agency, PartnerAction, PossessionGround, step_label
from fieldcase.domain.protection import Gateway, long_date, mentions
from fieldcase.services.subject_access_markdown import ExportCounts, MarkdownDoc, heading, label


def naming(
    session: Session, person: Person, case_ids: Iterable[uuid.UUID] | None
) -> list[Disclosure]:
    """Disclosures whose subjects or content name the person (in these cases, or anywhere)."""
    words = person.full_name.lower().split()
    if not words:
        return []
    fields = (
        col(Disclosure.data_subjects),
        col(Disclosure.requested_info),
        col(Disclosure.disclosed_info),
    )
    stmt = select(Disclosure).where(or_(*(func.lower(f).contains(words[-1]) for f in fields)))
    if case_ids is not None:
        stmt = stmt.where(col(Disclosure.case_id).in_(list(case_ids)))
    rows = session.exec(stmt.order_by(col(Disclosure.disclosed_on))).all()
    return [
        d
        for d in rows
        if any(
            mentions(t, person.full_name)
            for t in (d.data_subjects, d.requested_info, d.disclosed_info)
        )
    ]


def disclosures(
    doc: MarkdownDoc, rows: list[Disclosure], summary: ExportCounts, *, consent_reasons: bool
) -> None:
    """The disclosures naming the subject.

    ``consent_reasons`` is True when the subject is the victim (or of their household)
    whose consent was overridden; for anyone else the reasons for going ahead without
    the victim's consent are about the victim and are left out.
    """
    if not heading(doc, "Disclosures naming them", len(rows)):
        return
    for d in rows:
        doc.line(f"#### To {doc.mark(d.agency)}")
        doc.blank()
        requester = ", ".join(x for x in (d.requesting_officer, d.requesting_rank) if x)
        doc.field("Requested by", requester)
        doc.field("Requested", d.requested_on)
        gateway = label(Gateway, d.gateway)
        if d.gateway_detail:
            gateway += f" ({d.gateway_detail})"
        doc.field("Legal gateway", gateway)
        doc.field("Purpose", d.purpose)
        doc.field("About", d.data_subjects)
        doc.field("Asked for", d.requested_info)
        doc.field("Disclosed", d.disclosed_info)
        doc.field("Why necessary and proportionate", d.necessity)
        doc.field("Approved by", d.approved_by)
        doc.field("Disclosed on", d.disclosed_on)
        doc.field("How", d.method.replace("_", " "))
        if consent_reasons:
            doc.field("Reason for going ahead without consent", d.consent_override_reason)
        doc.blank()
        summary.count("disclosures")


def disclosures_elsewhere(
    session: Session,
    doc: MarkdownDoc,
    person: Person,
    case_ids: set[uuid.UUID],
    summary: ExportCounts,
) -> None:
    rows = [d for d in naming(session, person, None) if d.case_id not in case_ids]
    if rows:
        doc.line("## Disclosures in other cases that name them")
        doc.blank()
        disclosures(doc, rows, summary, consent_reasons=False)


def abcs(
    session: Session, doc: MarkdownDoc, case: Case, person: Person, summary: ExportCounts
) -> None:
    abcs = session.exec(
        select(AbcAgreement)
        .where(AbcAgreement.case_id == case.id, AbcAgreement.person_id == person.id)
        .order_by(col(AbcAgreement.start_on))
    ).all()
    steps = session.exec(
        select(EnforcementStep)
        .where(EnforcementStep.case_id == case.id, EnforcementStep.person_id == person.id)
        .order_by(col(EnforcementStep.taken_on))
    ).all()
    for abc in abcs:
        doc.line(f"### Acceptable Behaviour Contract from {long_date(abc.start_on)}")
        doc.blank()
        doc.field("Ends", abc.end_on)
        doc.field("Status", abc.status.replace("_", " "))
        doc.field("Notes", abc.notes)
        for cond in session.exec(
            select(AbcCondition)
            .where(AbcCondition.abc_id == abc.id)
            .order_by(col(AbcCondition.position))
        ).all():
            doc.field(f"Condition ({cond.kind.replace('_', ' ')})", cond.text)
        for sig in session.exec(select(AbcSignatory).where(AbcSignatory.abc_id == abc.id)).all():
            signed = f", signed {long_date(sig.signed_on)}" if sig.signed_on else ", not signed"
            doc.field("Signatory", f"{sig.name} ({sig.role.replace('_', ' ')}{signed})")
        for review in session.exec(
            select(AbcReview).where(AbcReview.abc_id == abc.id).order_by(col(AbcReview.reviewed_on))
        ).all():
            doc.field(
                f"Review {long_date(review.reviewed_on)}",
                f"{review.compliance}. {review.notes}".strip(),
            )
        for breach in session.exec(
            select(AbcBreach).where(AbcBreach.abc_id == abc.id).order_by(col(AbcBreach.occurred_on))
        ).all():
            doc.field(
                f"Breach {long_date(breach.occurred_on)}",
                f"{breach.description} (substantiated: {breach.substantiated})",
            )
            doc.field("Response", breach.response, sub=True)
        doc.blank()
        summary.count("ABCs")
    if heading(doc, "Enforcement steps and partner actions", len(steps)):
        for step in steps:
            doc.field(long_date(step.taken_on), _step_text(step))
            doc.field("Terms", step.terms, sub=True)
            doc.field("Notes", step.notes, sub=True)
            summary.count("enforcement steps")
        doc.blank()


def _step_text(step: EnforcementStep) -> str:
    """A ladder step with its possession ground, or a partner action with who took it."""
    text = step_label(step.kind)
    if step.ground:
        text += f" ({label(PossessionGround, step.ground)})"
    if step.kind in set(PartnerAction):
        text += f" (partner action; taken by: {label(Agency, step.agency)})"
    return text
