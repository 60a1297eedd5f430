"""A chronology as an A4 PDF in DejaVu Sans: header, numbered entries, page numbers."""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from fieldcase.domain.chronology import Entry
from fieldcase.domain.text import visible
from fieldcase.services.chronology_export import ExportHeader, details, when_text
from fieldcase.services.export_files import LEAVES_THE_STORE
from fieldcase.services.pdf_fonts import FAMILY, add_fonts, drawable, undrawable

UNDRAWABLE = (
    "Some characters cannot be drawn with the embedded font; they are shown by their "
    "Unicode code point, like [U+738B]. The CSV and Markdown exports hold them as written."
)


class ChronologyPdf(FPDF):
    """Pages with the case reference and "page N of M" in every footer."""

    footer_text = ""
    page_word = "page"

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FAMILY, size=8)
        self.cell(
            0, 8, f"{self.footer_text}  ·  {self.page_word} {self.page_no()} of {{nb}}", align="C"
        )

    def text_block(self, text: str, *, size: float = 10, style: str = "", gap: float = 1) -> None:
        """Stored or generated text across the page, as written, then a gap."""
        self.set_font(FAMILY, style, size)
        self.multi_cell(
            0,
            size * 0.5,
            drawable(self, visible(text)),
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.ln(gap)

    def header_table(self, header: ExportHeader) -> None:
        """The export's header: one row per fact, labels in bold."""
        self.pairs(header.rows(), label_width=34)

    def pairs(self, rows: list[tuple[str, str]], *, label_width: float = 40) -> None:
        """Label and value rows, labels in bold, then a gap."""
        for label, value in rows:
            self.set_font(FAMILY, "B", 9)
            self.cell(label_width, 5, drawable(self, visible(label)))
            self.set_font(FAMILY, "", 9)
            self.multi_cell(
                0,
                5,
                drawable(self, visible(value)),
                align="L",
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
        self.ln(2)

    def entry(self, entry: Entry) -> None:
        """One numbered entry: when and what kind, what happened, its notes, who."""
        if self.will_page_break(18):
            self.add_page()
        self.set_draw_color(180, 180, 180)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1.5)
        self.text_block(f"{entry.number}.  {when_text(entry)}  ·  {entry.kind.label}", size=9)
        self.text_block(entry.summary, style="B", size=10)
        body = details(entry)
        if body:
            self.text_block("\n".join(body), size=9.5)
        if entry.by.strip():
            self.text_block(f"By: {entry.by}", size=8.5)
        self.ln(1.5)


def render_pdf(header: ExportHeader, entries: list[Entry]) -> bytes:
    """The chronology as an A4 PDF; every name prints as written (see ``pdf_fonts``)."""
    pdf = ChronologyPdf(format="A4")
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(auto=True, margin=18)
    add_fonts(pdf)
    pdf.set_title(f"Chronology {visible(header.reference)}")
    pdf.set_creator("fieldcase")
    pdf.footer_text = drawable(pdf, f"Chronology {visible(header.reference)}")
    pdf.add_page()
    pdf.text_block(f"Chronology: {header.reference}", size=16, style="B", gap=3)
    pdf.header_table(header)
    pdf.text_block(LEAVES_THE_STORE, size=8.5, gap=1)
    texts = [e.summary for e in entries] + [e.notes for e in entries] + [e.by for e in entries]
    if undrawable(pdf, texts + [v for _, v in header.rows()]):
        pdf.text_block(UNDRAWABLE, size=8.5, gap=1)
    pdf.ln(3)
    if not entries:
        pdf.text_block("Nothing is recorded.")
    for entry in entries:
        pdf.entry(entry)
    return bytes(pdf.output())
