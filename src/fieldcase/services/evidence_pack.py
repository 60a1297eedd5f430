"""The evidence pack for an injunction or possession hearing: one PDF, gathered from the case.

It holds a case summary, the numbered chronology, the incident accounts, the
record of letters, calls and visit attempts (what was tried to engage each
alleged perpetrator), the ABCs and their breaches, the enforcement steps and
the exhibits (attachments with their size, type and SHA-256). Every section
but the summary and the exhibits is drawn from the chronology, keeping its
numbers, so entry 14 is entry 14 wherever it appears. The summary names the
case's property by its address and postcode. Redaction is the chronology's
(see ``domain.chronology``) and covers the summary and the exhibit list too;
like the chronology's, it leaves the property's address in. The file is
written by ``export_files.write_export`` and recorded in the audit trail.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from fieldcase.db import audit
from fieldcase.domain import dates
from fieldcase.domain.chronology import Entry, EntryKind
from fieldcase.domain.protection import long_date
from fieldcase.domain.vocab import (
    CaseStatus,
    Category,
    ContactMethod,
    Engagement,
    PartyRole,
    RiskLevel,
    Strand,
)
from fieldcase.services import case_file
from fieldcase.services.attachments import case_attachments
from fieldcase.services.chronology import ATTEMPTS, Chronology, chronology
from fieldcase.services.chronology_export import (
    ChronologyExportInput,
    ExportHeader,
    prepare,
    redactor_for,
)
from fieldcase.services.export_files import write_export
from fieldcase.services.subject_access_markdown import label, labels

ENGAGEMENT = "Letters, calls and visits"
"""The section that leads with what was tried to engage each alleged perpetrator."""
SECTION_KINDS: dict[str, frozenset[EntryKind]] = {
    "Incident accounts": frozenset({EntryKind.INCIDENT}),
    ENGAGEMENT: frozenset({EntryKind.CONTACT, EntryKind.VISIT}),
    "ABCs and their breaches": frozenset(
        {EntryKind.ABC, EntryKind.ABC_REVIEW, EntryKind.ABC_BREACH}
    ),
    "Enforcement steps": frozenset({EntryKind.ENFORCEMENT}),
}
"""The sections drawn from the chronology, in the pack's order, and the kinds each holds."""


@dataclass
class EvidencePackInput:
    """What the evidence pack form (or the command line) asks for."""

    path: Path
    redact: bool = False


@dataclass(frozen=True)
class Exhibit:
    """One attachment as the exhibit list shows it."""

    number: int
    file_name: str
    media_type: str
    size_bytes: int
    sha256: str
    added: str
    """When and by whom, e.g. "4 March 2026 by Sam Okafor"."""
    description: str


@dataclass(frozen=True)
class EngagementTried:
    """What was tried to reach one alleged perpetrator."""

    name: str
    status: str
    """Their engagement, e.g. "Left the address"."""
    tries: str
    """E.g. "2 letters, 3 visits; 2 reached no one"."""


@dataclass(frozen=True)
class PackSection:
    """A part of the pack made of chronology entries."""

    title: str
    entries: list[Entry]
    lead: list[tuple[str, str]] = field(default_factory=list)
    """Label and value rows printed before the entries."""


@dataclass(frozen=True)
class EvidencePackContent:
    """Everything the pack prints, redacted if asked."""

    header: ExportHeader
    summary: list[tuple[str, str]]
    """The case summary as label, value pairs."""
    chronology: list[Entry]
    sections: list[PackSection]
    exhibits: list[Exhibit]


@dataclass(frozen=True)
class EvidencePackWritten:
    """What writing the pack wrote."""

    path: Path
    entries: int
    exhibits: int
    redacted: bool

    def described(self) -> str:
        """What it holds, e.g. "12 entries, 1 exhibit, third parties redacted"."""
        exhibits = f"{self.exhibits} exhibit{'' if self.exhibits == 1 else 's'}"
        redacted = "third parties redacted" if self.redacted else "not redacted"
        return f"{self.entries} entries, {exhibits}, {redacted}"


def gather_pack(
    session: Session, case_id: uuid.UUID, *, redact: bool, produced_by: str, now: datetime
) -> EvidencePackContent:
    """What a case's evidence pack holds, redacted if asked.

    Raises:
        NotFound: There is no such case.
    """
    chron = chronology(session, case_id, now=now)
    header, entries = prepare(
        chron, ChronologyExportInput(Path(), "pdf", redact=redact), produced_by=produced_by, now=now
    )
    redactor = redactor_for(chron) if redact else None

    def shown(text: str) -> str:
        return redactor.text(text) if redactor else text

    found = case_file.load_case_file(session, case_id, record_view=False)
    summary = _summary(found, chron, shown)
    engagement = _engagement_tried(found)
    exhibits = _exhibits(session, case_id, shown)
    sections = [
        PackSection(
            title,
            [e for e in entries if e.kind in kinds],
            [(e.name, f"{e.status}. Contacts: {e.tries}.") for e in engagement]
            if title == ENGAGEMENT
            else [],
        )
        for title, kinds in SECTION_KINDS.items()
    ]
    return EvidencePackContent(header, summary, entries, sections, exhibits)


def _summary(
    found: case_file.CaseFile, chron: Chronology, shown: Callable[[str], str]
) -> list[tuple[str, str]]:
    """The case summary page: reference, property, category, dates, officer, people."""
    case = found.case
    closed = ""
    if case.status == CaseStatus.CLOSED and case.closed_on:
        closed = long_date(case.closed_on)
    home = found.property
    # Not redacted: the chronology's redaction covers third parties' names and contact
    # details, not the address the case is about, which a court needs to see.
    address = (
        ", ".join(p for p in (home.address.strip(), home.postcode.strip()) if p) if home else ""
    )
    return [
        ("Case", case.reference),
        ("Property", address or "none recorded"),
        ("Category", label(Category, case.category)),
        ("Hate strands", labels(Strand, case.strands) or "none recorded"),
        ("Status", label(CaseStatus, case.status)),
        ("Opened", long_date(case.opened_on)),
        *([("Closed", closed)] if closed else []),
        ("Case officer", case.officer_name),
        ("Police references", case.police_refs or "none recorded"),
        ("Risk level", label(RiskLevel, case.risk_level) if case.risk_level else "not assessed"),
        *[(p.role, shown(p.name)) for p in chron.people],
        *([("Summary", shown(case.summary))] if case.summary.strip() else []),
    ]


def _engagement_tried(found: case_file.CaseFile) -> list[EngagementTried]:
    """For each alleged perpetrator: their engagement and the contacts tried, by method."""
    engagement = []
    for view in found.people_in(PartyRole.PERPETRATOR):
        theirs = [c for c in found.contacts if c.person_id == view.person.id]
        methods = Counter(c.method for c in theirs)
        tries = ", ".join(
            f"{n} {label(ContactMethod, m).lower()}{'' if n == 1 else 's'}"
            for m, n in sorted(methods.items())
        )
        missed = sum(1 for c in theirs if c.outcome in ATTEMPTS)
        if missed:
            tries += f"; {missed} reached no one"
        status = label(Engagement, view.party.engagement) if view.party.engagement else ""
        engagement.append(
            EngagementTried(
                view.person.full_name, status or "not recorded", tries or "none recorded"
            )
        )
    return engagement


def _exhibits(session: Session, case_id: uuid.UUID, shown: Callable[[str], str]) -> list[Exhibit]:
    """The case's attachments as numbered exhibits, with their fingerprints."""
    return [
        Exhibit(
            number=n,
            file_name=shown(a.file_name),
            media_type=a.media_type or "unknown",
            size_bytes=a.size_bytes,
            sha256=a.sha256,
            added=long_date(dates.to_local(a.created_at).date())
            + (f" by {a.added_by}" if a.added_by else ""),
            description=shown(a.description),
        )
        for n, a in enumerate(case_attachments(session, case_id), start=1)
    ]


def export_evidence_pack(
    session: Session,
    case_id: uuid.UUID,
    data: EvidencePackInput,
    *,
    produced_by: str,
    now: datetime,
) -> EvidencePackWritten:
    """Write a case's evidence pack as a PDF to a new file where the officer said; audited.

    Raises:
        NotFound: There is no such case.
        ValidationError: The file cannot be written (``path`` says why: one is already
            there, or the folder cannot be written to).
    """
    from fieldcase.services.evidence_pack_pdf import render_pack

    content = gather_pack(session, case_id, redact=data.redact, produced_by=produced_by, now=now)
    pdf = render_pack(content)
    # Recorded first: if the file cannot be written, the transaction (and this) is undone.
    audit.record(
        session,
        action="export",
        entity="evidence_pack",
        entity_id=str(case_id),
        case_id=case_id,
        changes={
            "format": "pdf",
            "redacted": data.redact,
            "entries": len(content.chronology),
            "exhibits": len(content.exhibits),
            "file": str(data.path),
        },
    )
    write_export(data.path, pdf)
    return EvidencePackWritten(
        data.path, len(content.chronology), len(content.exhibits), data.redact
    )
