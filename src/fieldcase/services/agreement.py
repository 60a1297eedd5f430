"""The printable Acceptable Behaviour Contract, for the signing meeting: Markdown and PDF.

Stored text goes onto the page literally: Markdown special characters are
escaped and control characters made visible, so a name can never become a
link or formatting.
"""

from __future__ import annotations

import os
import re
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from sqlmodel import Session

from fieldcase.db import audit
from fieldcase.db.models import AbcCondition, AbcSignatory
from fieldcase.domain.abc import ConditionKind, Monitor, SignatoryRole
from fieldcase.domain.text import one_line, visible
from fieldcase.services.abc_views import AbcView, load_abc
from fieldcase.services.pdf_fonts import add_fonts

Format = Literal["md", "pdf"]

INTRODUCTION = (
    "This is a voluntary agreement about your behaviour. It is not legally binding, "
    "but if you do not keep to it, what happened may be used as evidence in court, "
    "for example in an application for a civil injunction, and your tenancy may be "
    "put at risk."
)
SUPPORT = (
    "If you are finding it hard to keep to this agreement, talk to the housing "
    "officer: support is available."
)

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~]|&(?=#?\w+;))")
_MD_LEADING = re.compile(r"^(?:([-+=])|(\d+)([.)]))")


def md_text(text: str) -> str:
    """Stored text made safe for Markdown: one line, control characters visible, escaped.

    Characters that could start emphasis, a link, HTML, a heading or a table
    cell are escaped anywhere, as is an ``&`` starting an entity and a
    leading list marker.
    """
    escaped = _MD_SPECIAL.sub(r"\\\1", one_line(text).strip())
    return _MD_LEADING.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", escaped, count=1)


@dataclass(frozen=True)
class _Sections:
    prohibitions: list[tuple[int, AbcCondition]]
    requirements: list[tuple[int, AbcCondition]]


def _sections(view: AbcView) -> _Sections:
    numbered = list(enumerate(view.conditions, start=1))
    return _Sections(
        prohibitions=[(n, c) for n, c in numbered if c.kind == ConditionKind.PROHIBITION],
        requirements=[(n, c) for n, c in numbered if c.kind != ConditionKind.PROHIBITION],
    )


def _monitors(view: AbcView) -> str:
    names = [m.label.lower() for m in view.monitored_by] or [Monitor.HOUSING.label.lower()]
    return " and ".join(names)


def _who(sig: AbcSignatory) -> str:
    collar = f" (collar number {sig.collar_number})" if sig.collar_number else ""
    return f"{sig.name}{collar}"


def _reference(view: AbcView) -> str:
    return f"{view.case.reference} / ABC-{view.abc.id.hex[:8].upper()}"


def agreement_markdown(view: AbcView, *, printed_on: date) -> str:
    """The agreement as Markdown: conditions numbered, one signature line each."""
    abc = view.abc
    parts = [
        "# Acceptable Behaviour Contract",
        "",
        f"Reference: {md_text(_reference(view))}  ",
        f"Printed: {printed_on:%d %B %Y}",
        "",
        f"This agreement is made with **{md_text(view.person.full_name)}**.",
        "",
        f"- It starts on **{abc.start_on:%d %B %Y}** and ends on **{abc.end_on:%d %B %Y}**.",
        f"- It will be reviewed every {abc.review_weeks} weeks, "
        f"and is monitored by {_monitors(view)}.",
        "",
        INTRODUCTION,
        "",
    ]
    sections = _sections(view)
    for heading, items in (
        ("What I agree not to do", sections.prohibitions),
        ("What I agree to do", sections.requirements),
    ):
        if not items:
            continue
        parts += [f"## {heading}", ""]
        parts += [f"{n}. {md_text(c.text)}" for n, c in items]
        parts.append("")
    parts += [
        "## Signatures",
        "",
        "By signing, I confirm that this agreement has been explained to me "
        "and that I understand it.",
        "",
        "| Signing as | Name | Signature | Date |",
        "| --- | --- | --- | --- |",
    ]
    for sig in view.signatories:
        signed = f"{sig.signed_on:%d/%m/%Y}" if sig.signed_on else ""
        parts.append(f"| {_role(sig)} | {md_text(_who(sig))} |  | {signed} |")
    parts += ["", SUPPORT, ""]
    return "\n".join(parts)


def _role(sig: AbcSignatory) -> str:
    return SignatoryRole(sig.role).label if sig.role in set(SignatoryRole) else sig.role


class _AgreementPdf(FPDF):
    """The agreement's pages, with its reference and the page number in every footer."""

    reference = ""

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("DejaVu", size=8)
        self.cell(
            0,
            8,
            f"Acceptable Behaviour Contract  {self.reference}  page {self.page_no()} of {{nb}}",
            align="C",
        )

    def paragraph(self, text: str, *, size: float = 11, style: str = "", gap: float = 2) -> None:
        """A block of text across the page, then a gap."""
        self.set_font("DejaVu", style, size)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(gap)

    def conditions(self, heading: str, items: list[tuple[int, AbcCondition]]) -> None:
        """A heading and its numbered conditions; nothing when there are none."""
        if not items:
            return
        self.paragraph(heading, size=13, style="B")
        self.set_font("DejaVu", "", 11)
        for n, cond in items:
            self.cell(10, 5.5, f"{n}.")
            self.multi_cell(0, 5.5, visible(cond.text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(1.5)
        self.ln(2)

    def signature_block(self, sig: AbcSignatory) -> None:
        """Who signs, with lines for the signature and the date, kept on one page."""
        if self.will_page_break(24):
            self.add_page()
        self.set_font("DejaVu", "B", 11)
        self.multi_cell(
            0, 5.5, f"{_role(sig)}: {visible(_who(sig))}", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.set_font("DejaVu", "", 11)
        signed = f"{sig.signed_on:%d/%m/%Y}" if sig.signed_on else "____ / ____ / ________"
        self.ln(6)
        self.cell(0, 6, f"Signature: ________________________________    Date: {signed}")
        self.ln(12)


def agreement_pdf(view: AbcView, *, printed_on: date) -> bytes:
    """The agreement as an A4 PDF in DejaVu Sans, so every name prints as written."""
    abc = view.abc
    pdf = _AgreementPdf(format="A4")
    pdf.reference = visible(_reference(view))
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    add_fonts(pdf)
    pdf.set_title("Acceptable Behaviour Contract")
    pdf.add_page()

    pdf.paragraph("Acceptable Behaviour Contract", size=18, style="B", gap=3)
    pdf.paragraph(f"Reference: {pdf.reference}    Printed: {printed_on:%d %B %Y}", size=9)
    pdf.paragraph(f"This agreement is made with {visible(view.person.full_name)}.", style="B")
    pdf.paragraph(
        f"It starts on {abc.start_on:%d %B %Y} and ends on {abc.end_on:%d %B %Y}. "
        f"It will be reviewed every {abc.review_weeks} weeks and is monitored by "
        f"{_monitors(view)}."
    )
    pdf.paragraph(INTRODUCTION, gap=4)

    sections = _sections(view)
    pdf.conditions("What I agree not to do", sections.prohibitions)
    pdf.conditions("What I agree to do", sections.requirements)

    pdf.paragraph("Signatures", size=13, style="B")
    pdf.paragraph(
        "By signing, I confirm that this agreement has been explained to me "
        "and that I understand it.",
        gap=4,
    )
    for sig in view.signatories:
        pdf.signature_block(sig)
    pdf.paragraph(SUPPORT, size=10)
    return bytes(pdf.output())


def export_agreement(view: AbcView, folder: Path, fmt: Format, *, printed_on: date) -> Path:
    """Write the agreement into ``folder`` and return the file's path.

    The file name carries the case reference, not the person's name; the file
    is readable by the officer's account only, as it holds personal data
    outside the encrypted database.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"abc-{view.case.reference}-{view.abc.id.hex[:8]}.{fmt}"
    content = (
        agreement_pdf(view, printed_on=printed_on)
        if fmt == "pdf"
        else agreement_markdown(view, printed_on=printed_on).encode("utf-8")
    )
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    tmp.replace(path)
    return path


def export_abc(
    session: Session, abc_id: uuid.UUID, folder: Path, fmt: Format, *, printed_on: date
) -> Path:
    """Print an ABC as it is saved now into ``folder``, and note the export in the audit trail.

    Raises:
        NotFound: The ABC is no longer in the database.
        OSError: The file could not be written.
    """
    view = load_abc(session, abc_id)
    path = export_agreement(view, folder, fmt, printed_on=printed_on)
    audit.record(
        session,
        action="export",
        entity="abcagreement",
        entity_id=str(abc_id),
        case_id=view.case.id,
        changes={"agreement": fmt},
    )
    return path
