"""Writing a subject access export as Markdown: stored text escaped, third parties marked."""

from __future__ import annotations

import json
import re
from datetime import date, datetime

from fieldcase.domain import dates
from fieldcase.domain.protection import long_date, mark_names
from fieldcase.domain.text import visible
from fieldcase.domain.vocab import LabelledEnum, split_values

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


class MarkdownDoc:
    """A Markdown document under construction, marking third-party names for redaction."""

    def __init__(self, patterns: list[str]) -> None:
        self.patterns = patterns
        self.lines: list[str] = []

    @staticmethod
    def esc(text: str) -> str:
        return _MD_SPECIAL.sub(r"\\\1", visible(text))

    def mark(self, text: str) -> str:
        """Stored text, escaped, with third-party names marked for redaction."""
        out = []
        for seg in mark_names(visible(text), self.patterns):
            out.append(f"[REDACT: {self.esc(seg.text)}]" if seg.redact else self.esc(seg.text))
        return "".join(out)

    def line(self, text: str = "") -> None:
        self.lines.append(text)

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def field(self, label: str, value: object, *, sub: bool = False) -> None:
        """A ``- Label: value`` line (nested under the item above with ``sub``).

        Multi-line text continues indented; an empty value is skipped.
        """
        if value is None or value == "":
            return
        text = plain(value) if not isinstance(value, str) else value
        first, *rest = self.mark(text).split("\n")
        indent = "  " if sub else ""
        self.lines.append(f"{indent}- {self.esc(label)}: {first}")
        for more in rest:
            self.lines.append(f"{indent}  {more}")

    def text(self) -> str:
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines) + "\n"


def plain(value: object) -> str:
    if isinstance(value, datetime):
        return when(value)
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def when(moment: datetime) -> str:
    local = dates.to_local(moment)
    return f"{long_date(local.date())} {local:%H:%M}"


def label(enum: type[LabelledEnum], value: str) -> str:
    try:
        return enum(value).label
    except ValueError:
        return value


def labels(enum: type[LabelledEnum], stored: str) -> str:
    return ", ".join(label(enum, v) for v in split_values(stored))


def answers(stored: str) -> list[tuple[str, str]]:
    try:
        parsed = json.loads(stored or "{}")
    except json.JSONDecodeError:
        return [("(unreadable answers)", stored)]
    if not isinstance(parsed, dict):
        return [("(answers)", str(parsed))]
    out = []
    for question, value in parsed.items():
        if isinstance(value, dict):
            text = str(value.get("answer", ""))
            if value.get("note"):
                text += f" (note: {value['note']})"
        else:
            text = str(value)
        out.append((str(question), text))
    return out
