"""A letter as an A4 PDF: the organisation's name and address, the date, the recipient,
the subject and the body, in DejaVu Sans so every name prints as written.

Values go onto the page literally, control characters made visible.
"""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from fieldcase.domain.letters import RenderedLetter
from fieldcase.domain.text import visible


def _font(name: str) -> str:
    return str(Path(str(resources.files("fieldcase").joinpath("data", name))))


def _lines(text: str) -> list[str]:
    """An address as lines: one per line typed, or split on commas when typed on one line."""
    parts = text.splitlines() if "\n" in text.strip() else text.split(",")
    return [visible(p.strip()) for p in parts if p.strip()]


def _line(pdf: FPDF, height: float, text: str, align: Align = Align.L) -> None:
    pdf.multi_cell(0, height, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def letter_pdf(
    letter: RenderedLetter,
    *,
    organisation_name: str,
    organisation_address: str,
    recipient_name: str,
    recipient_address: str,
    reference: str,
    dated: date,
) -> bytes:
    """The letter as PDF bytes."""
    pdf = FPDF(format="A4")
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_font("DejaVu", "", _font("DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", _font("DejaVuSans-Bold.ttf"))
    pdf.set_title(visible(letter.title))
    pdf.add_page()

    pdf.set_font("DejaVu", "B", 14)
    _line(pdf, 7, visible(organisation_name), Align.R)
    pdf.set_font("DejaVu", "", 10)
    for line in _lines(organisation_address):
        _line(pdf, 5, line, Align.R)
    pdf.ln(8)
    pdf.set_font("DejaVu", "", 11)
    for line in [visible(recipient_name), *_lines(recipient_address)]:
        _line(pdf, 5.5, line)
    pdf.ln(6)
    _line(pdf, 5.5, f"Our reference: {visible(reference)}")
    _line(pdf, 5.5, f"Date: {dated:%d %B %Y}")
    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 11)
    _line(pdf, 5.5, visible(letter.subject))
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 11)
    for paragraph in letter.paragraphs:
        _line(pdf, 5.5, visible(paragraph))
        pdf.ln(3)
    return bytes(pdf.output())
