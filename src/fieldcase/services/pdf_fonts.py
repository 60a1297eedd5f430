"""The font every PDF fieldcase writes embeds: DejaVu Sans, shipped in ``fieldcase/data``.

DejaVu Sans covers Latin (every European accent), Greek, Cyrillic, Armenian,
Georgian, Hebrew and Arabic letters, so names print as written. A character
it has no glyph for (Chinese, Japanese or Korean, for instance) would vanish
from the page without a word; :func:`drawable` shows its code point instead.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import TTFFont

FAMILY = "DejaVu"


def font_path(name: str) -> Path:
    """A font file shipped with fieldcase."""
    return Path(str(resources.files("fieldcase").joinpath("data", name)))


def add_fonts(pdf: FPDF) -> None:
    """Embed DejaVu Sans, regular and bold, as the ``DejaVu`` family."""
    pdf.add_font(FAMILY, "", str(font_path("DejaVuSans.ttf")))
    pdf.add_font(FAMILY, "B", str(font_path("DejaVuSans-Bold.ttf")))


def drawable(pdf: FPDF, text: str) -> str:
    """``text`` with each character the embedded font cannot draw shown as ``[U+738B]``."""
    glyphs = _glyphs(pdf)
    return "".join(ch if ch in "\n\t" or ord(ch) in glyphs else f"[U+{ord(ch):04X}]" for ch in text)


def undrawable(pdf: FPDF, texts: list[str]) -> bool:
    """True when any of ``texts`` holds a character the embedded font cannot draw."""
    glyphs = _glyphs(pdf)
    return any(ord(ch) not in glyphs for text in texts for ch in text if ch not in "\n\t")


def _glyphs(pdf: FPDF) -> dict[int, str]:
    """The embedded font's characters (code point to glyph name)."""
    font = pdf.fonts[FAMILY.lower()]
    assert isinstance(font, TTFFont)
    return font.cmap
