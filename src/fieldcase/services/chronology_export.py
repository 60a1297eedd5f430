"""Exporting a chronology: PDF, CSV or Markdown, each with a header, optionally redacted.

The header says which case, its officer, when and by whom the file was
produced, the period it covers, which entries it holds (numbers are those of
the whole chronology, so a filtered export shows its gaps) and whether third
parties are redacted (see ``domain.chronology`` for what that covers).

CSV is opened in spreadsheets, which run a cell starting with ``=``, ``+``,
``-`` or ``@`` (or a tab or carriage return before one) as a formula: every
such cell is neutralised with a leading apostrophe, so stored text stays text.
The file is written by ``export_files.write_export`` and recorded in the
audit trail.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from fieldcase.db import audit
from fieldcase.domain import dates
from fieldcase.domain.chronology import Entry, EntryKind, Redactor
from fieldcase.domain.protection import long_date
from fieldcase.domain.text import visible
from fieldcase.domain.when_format import long_day
from fieldcase.services.chronology import Chronology, chronology, period_text
from fieldcase.services.errors import ValidationError
from fieldcase.services.export_files import LEAVES_THE_STORE, write_export
from fieldcase.services.export_files import ExportFormat as ExportFormat
from fieldcase.services.subject_access_markdown import withheld_pattern

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula."""
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~]|&(?=#?\w+;))")


@dataclass
class ChronologyExportInput:
    """What the export form (or the command line) asks for."""

    path: Path
    fmt: str
    redact: bool = False
    kind: str | None = None
    """Only entries of this kind (``EntryKind``); None for all."""
    person_id: uuid.UUID | None = None
    """Only entries about this person (and the case as a whole); None for everyone."""


@dataclass(frozen=True)
class ExportHeader:
    """What every export says before its entries."""

    reference: str
    officer: str
    produced: str
    """When and by whom, e.g. "25 November 2026 10:30 by Sam Okafor"."""
    period: str
    entries: str
    """How many entries, and any filter, e.g. "12 of 40: contacts only"."""
    redaction: str

    def rows(self) -> list[tuple[str, str]]:
        """The header as label, value pairs."""
        return [
            ("Case", self.reference),
            ("Case officer", self.officer),
            ("Produced on", self.produced),
            ("Period covered", self.period),
            ("Entries", self.entries),
            ("Redaction", self.redaction),
        ]


@dataclass(frozen=True)
class ChronologyExport:
    """What an export wrote."""

    path: Path
    entries: int
    redacted: bool


REDACTED = (
    "Third parties redacted: household members, witnesses and parents or guardians are "
    "named by role ([Household member A]); notes marked not for disclosure, safe contact "
    "details, who reported a breach and reasons for going ahead without consent are "
    "withheld. Check free text for other people before release."
)
NOT_REDACTED = "Not redacted: holds third parties' personal data. For use within the organisation."


def prepare(
    chron: Chronology, data: ChronologyExportInput, *, produced_by: str, now: datetime
) -> tuple[ExportHeader, list[Entry]]:
    """The header and entries an export holds, redacted if asked."""
    entries = chron.filtered(data.kind, data.person_id)
    redactor = redactor_for(chron) if data.redact else None
    filters = []
    if data.kind:
        filters.append(f"{EntryKind(data.kind).label} entries only")
    person = next((p for p in chron.people if p.person_id == data.person_id), None)
    if person is not None:
        name = redactor.text(person.name) if redactor else person.name
        filters.append(f"about {name} and the case as a whole")
    count = f"{len(entries)} of {len(chron.entries)}"
    if filters:
        count += " (" + "; ".join(filters) + "; numbered as in the whole chronology)"
    local = dates.to_local(now)
    header = ExportHeader(
        reference=chron.reference,
        officer=chron.officer_name,
        produced=f"{long_date(local.date())} {local:%H:%M} by {produced_by}",
        period=period_text(entries),
        entries=count,
        redaction=REDACTED if data.redact else NOT_REDACTED,
    )
    if redactor is not None:
        entries = [redactor.entry(e) for e in entries]
    return header, entries


def redactor_for(chron: Chronology) -> Redactor:
    """The redaction of third parties in this case's chronology."""
    numbers, times = chron.safe_details
    return Redactor(chron.third_parties, chron.kept_names, withheld_pattern(numbers, times))


def when_text(entry: Entry) -> str:
    """``Tue 3 Mar 2026 10:00``, or the day alone for a record kept by date."""
    if entry.at is None:
        return long_day(entry.day)
    local = dates.to_local(entry.at)
    return f"{long_day(local.date())} {local:%H:%M}"


def details(entry: Entry) -> list[str]:
    """The entry's notes and restricted lines, as lines of text."""
    lines = entry.notes.split("\n") if entry.notes.strip() else []
    return lines + list(entry.restricted)


def safe_cell(value: str) -> str:
    """A CSV cell a spreadsheet cannot run: control characters visible, formulas neutralised."""
    text = visible(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def render_csv(header: ExportHeader, entries: list[Entry]) -> bytes:
    """The chronology as CSV (UTF-8 with a byte order mark, so spreadsheets read names right)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell("Chronology"), safe_cell(header.reference)])
    for label, value in header.rows():
        writer.writerow([safe_cell(label), safe_cell(value)])
    writer.writerow(["Warning", safe_cell(LEAVES_THE_STORE)])
    writer.writerow([])
    writer.writerow(["No.", "Date", "Time", "Kind", "What", "Notes", "By"])
    for entry in entries:
        local = dates.to_local(entry.at) if entry.at else None
        writer.writerow(
            [
                str(entry.number),
                entry.day.isoformat(),
                f"{local:%H:%M}" if local else "",
                entry.kind.label,
                safe_cell(entry.summary),
                safe_cell("\n".join(details(entry))),
                safe_cell(entry.by),
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def md_escape(text: str) -> str:
    """Stored text made literal in Markdown: control characters visible, specials escaped."""
    return _MD_SPECIAL.sub(r"\\\1", visible(text))


def render_markdown(header: ExportHeader, entries: list[Entry]) -> bytes:
    """The chronology as Markdown: a header table, then one numbered section per entry."""
    lines = [f"# Chronology: {md_escape(header.reference)}", "", "| | |", "| --- | --- |"]
    lines += [f"| {label} | {md_escape(value)} |" for label, value in header.rows()]
    lines += ["", f"> {LEAVES_THE_STORE}", ""]
    if not entries:
        lines += ["Nothing is recorded.", ""]
    for entry in entries:
        lines += [
            f"## {entry.number}. {when_text(entry)} · {entry.kind.label}",
            "",
            f"**{md_escape(entry.summary)}**",
            "",
        ]
        body = details(entry)
        if body:
            lines += [md_escape(line) + "  " for line in body]
            lines.append("")
        if entry.by.strip():
            lines += [f"*By: {md_escape(entry.by)}*", ""]
    return "\n".join(lines).encode("utf-8")


def render(fmt: str, header: ExportHeader, entries: list[Entry]) -> bytes:
    """The export's bytes in the chosen format."""
    if fmt == ExportFormat.CSV:
        return render_csv(header, entries)
    if fmt == ExportFormat.MARKDOWN:
        return render_markdown(header, entries)
    from fieldcase.services.chronology_pdf import render_pdf

    return render_pdf(header, entries)


def export_chronology(
    session: Session,
    case_id: uuid.UUID,
    data: ChronologyExportInput,
    *,
    produced_by: str,
    now: datetime,
) -> ChronologyExport:
    """Write a case's chronology to a new file where the officer said; audited.

    Raises:
        NotFound: There is no such case.
        ValidationError: No format, or the file cannot be written (``path`` says
            why: one is already there, or the folder cannot be written to).
    """
    if data.fmt not in set(ExportFormat):
        raise ValidationError({"fmt": "Choose PDF, CSV or Markdown."})
    chron = chronology(session, case_id, now=now)
    header, entries = prepare(chron, data, produced_by=produced_by, now=now)
    content = render(data.fmt, header, entries)
    # Recorded first: if the file cannot be written, the transaction (and this) is undone.
    audit.record(
        session,
        action="export",
        entity="chronology",
        entity_id=str(case_id),
        case_id=case_id,
        changes={
            "format": data.fmt,
            "redacted": data.redact,
            "entries": len(entries),
            "file": str(data.path),
        },
    )
    write_export(data.path, content)
    return ChronologyExport(data.path, len(entries), data.redact)
