"""The evidence pack as an A4 PDF: a first page with the contents, then one section a page on.

The contents are filled in once the sections are laid out (fpdf2's table of
contents placeholder), so the page numbers they give are the pages the
sections start on; every footer says "Page n of m".
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.outline import OutlineSection

from fieldcase.domain.chronology import Entry
from fieldcase.domain.text import visible
from fieldcase.services.chronology_pdf import UNDRAWABLE, ChronologyPdf
from fieldcase.services.evidence_pack import EvidencePackContent, Exhibit
from fieldcase.services.export_files import LEAVES_THE_STORE
from fieldcase.services.pdf_fonts import FAMILY, add_fonts, drawable, undrawable

CONTENTS = "Contents"
SUMMARY = "Case summary"
CHRONOLOGY = "Chronology"
EXHIBITS = "Exhibits"


class _PackPdf(ChronologyPdf):
    page_word = "Page"

    def section(self, title: str) -> None:
        """Start a section, listed in the contents, on a new page unless this one is empty."""
        if self.get_y() > self.t_margin + 1:
            self.add_page()
        self.start_section(title)
        self.text_block(title, size=14, style="B", gap=3)

    def entries(self, entries: list[Entry], empty: str) -> None:
        """Chronology entries with their numbers, or a line saying there are none."""
        if not entries:
            self.text_block(empty)
        for entry in entries:
            self.entry(entry)

    def exhibit(self, exhibit: Exhibit) -> None:
        """One exhibit: its number and name, then what proves it unchanged."""
        if self.will_page_break(24):
            self.add_page()
        self.text_block(f"Exhibit {exhibit.number}: {exhibit.file_name}", style="B", size=10)
        self.pairs(
            [
                ("Type", exhibit.media_type),
                ("Size", size_text(exhibit.size_bytes)),
                ("SHA-256", exhibit.sha256),
                ("Added", exhibit.added),
                *([("Description", exhibit.description)] if exhibit.description else []),
            ]
        )


def size_text(size: int) -> str:
    """A file's size in bytes, and in KB or MB when that reads better."""
    exact = f"{size:,} bytes"
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB ({exact})"
    if size >= 1024:
        return f"{size / 1024:.1f} KB ({exact})"
    return exact


def _contents(pdf: FPDF, outline: list[OutlineSection]) -> None:
    pdf.set_font(FAMILY, "B", 12)
    pdf.cell(0, 8, CONTENTS, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 10)
    for number, section in enumerate(outline, start=1):
        link = pdf.add_link(page=section.page_number)
        pdf.cell(150, 6, f"{number}. {section.name}", link=link)
        pdf.cell(0, 6, f"page {section.page_number}", align="R", link=link)
        pdf.ln(6)


def render_pack(content: EvidencePackContent) -> bytes:
    """The evidence pack as an A4 PDF; every name prints as written (see ``pdf_fonts``)."""
    header = content.header
    pdf = _PackPdf(format="A4")
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(auto=True, margin=18)
    add_fonts(pdf)
    reference = visible(header.reference)
    pdf.set_title(f"Evidence pack {reference}")
    pdf.set_creator("fieldcase")
    pdf.footer_text = drawable(pdf, f"Evidence pack {reference}")
    pdf.add_page()
    pdf.text_block(f"Evidence pack: {header.reference}", size=16, style="B", gap=1)
    pdf.text_block("For an injunction or possession hearing", size=10, gap=3)
    pdf.header_table(header)
    pdf.text_block(LEAVES_THE_STORE, size=8.5, gap=1)
    entries = content.chronology
    texts = [t for e in entries for t in (e.summary, e.notes, e.by)]
    texts += [v for _, v in header.rows() + content.summary]
    texts += [t for x in content.exhibits for t in (x.file_name, x.description)]
    if undrawable(pdf, texts):
        pdf.text_block(UNDRAWABLE, size=8.5, gap=1)
    pdf.ln(4)
    pdf.insert_toc_placeholder(_contents, pages=1, reset_page_indices=False)

    pdf.section(SUMMARY)
    pdf.pairs(content.summary)
    pdf.section(CHRONOLOGY)
    pdf.entries(entries, "Nothing is recorded.")
    for section in content.sections:
        pdf.section(section.title)
        if section.lead:
            pdf.text_block("What was tried to engage each alleged perpetrator", style="B", gap=2)
            pdf.pairs(section.lead)
        pdf.text_block("Numbered as in the chronology.", size=8.5, gap=2)
        pdf.entries(section.entries, "Nothing of this kind is recorded.")
    pdf.section(EXHIBITS)
    if not content.exhibits:
        pdf.text_block("Nothing is attached to the case.")
    for exhibit in content.exhibits:
        pdf.exhibit(exhibit)
    return bytes(pdf.output())
