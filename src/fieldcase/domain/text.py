"""Making stored text safe to show: data is never markup or terminal control."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """Replace control characters (other than newline and tab) with visible escapes.

    An escape sequence typed or pasted into a note shows as ``\\x1b]0;…`` and
    cannot drive the terminal.
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def one_line(text: str, limit: int = 0) -> str:
    """Visible text folded onto one line, optionally shortened with an ellipsis."""
    flat = visible(text).replace("\n", " ⏎ ").replace("\t", " ")
    if limit and len(flat) > limit:
        return flat[: max(limit - 1, 0)] + "…"
    return flat
