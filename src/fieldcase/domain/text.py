"""Making stored text safe to show: data is never markup or terminal control."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Characters that would drive the terminal or reorder the text around them.

C0 controls (other than tab and newline), DEL and the C1 controls; and the
bidirectional embeddings, overrides and isolates (U+202A–U+202E,
U+2066–U+2069), which make a terminal show the rest of a line backwards
("Trojan Source"). The left-to-right and right-to-left marks (U+200E, U+200F)
stay: they reorder nothing beyond themselves and names in Arabic or Hebrew
script need them.
"""


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """Replace control and bidi override characters with visible escapes.

    An escape sequence typed or pasted into a note shows as ``\\x1b]0;…`` and
    cannot drive the terminal; a right-to-left override shows as ``\\u202e``
    and reverses nothing.
    """
    return _CONTROL.sub(_escape, text)


def pasted(text: str) -> str:
    """What a paste puts into a field: its text as shown by ``visible``.

    Terminals send a pasted line break as a carriage return; it becomes a
    newline. Every other control character arrives as its visible escape, so
    the field shows exactly what will be stored, and what is stored cannot
    drive a terminal when it is shown again.
    """
    return visible(text.replace("\r\n", "\n").replace("\r", "\n"))


def one_line(text: str, limit: int = 0) -> str:
    """Visible text folded onto one line, optionally shortened with an ellipsis."""
    flat = visible(text).replace("\n", " ⏎ ").replace("\t", " ")
    if limit and len(flat) > limit:
        return flat[: max(limit - 1, 0)] + "…"
    return flat
