"""Writing a subject access export as Markdown: stored text escaped, third parties marked."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from fieldcase.domain import dates
from fieldcase.domain.protection import long_date, mark_names
from fieldcase.domain.text import visible
from fieldcase.domain.vocab import LabelledEnum, split_values

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")

WITHHELD_DETAILS = "[WITHHELD: another person's safe contact details]"
WITHHELD_NOTE = "*withheld: marked not for disclosure*"


def withheld_pattern(safe_numbers: list[str], contact_times: list[str]) -> re.Pattern[str] | None:
    """What to cut from free text: other people's safe numbers and preferred contact times.

    A number matches whatever spaces or dashes are typed between its digits
    (six digits at least); contact times match as typed, ignoring case and
    spacing, when they are two words or more (a single word such as "Evenings"
    is too common to cut from every sentence).
    """
    parts = []
    for number in safe_numbers:
        digits = re.sub(r"\D", "", number)
        if len(digits) >= 6:
            parts.append(r"(?<!\d)" + r"[\s\-]*".join(digits) + r"(?!\d)")
    for phrase in contact_times:
        words = phrase.split()
        if len(words) >= 2:
            parts.append(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)")
    if not parts:
        return None
    return re.compile("|".join(sorted(parts, key=len, reverse=True)), re.IGNORECASE)


@dataclass
class ExportCounts:
    """What an export holds: the cases, and how many records of each kind."""

    cases: list[str] = field(default_factory=list)
    sections: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, n: int = 1) -> None:
        """Count ``n`` more records of ``kind``."""
        self.sections[kind] = self.sections.get(kind, 0) + n


class MarkdownDoc:
    """A Markdown document under construction, marking third-party names for redaction."""

    def __init__(self, patterns: list[str], withheld: re.Pattern[str] | None = None) -> None:
        self.patterns = patterns
        self.withheld = withheld
        """Text never to appear (see :func:`withheld_pattern`); None when there is none."""
        self.lines: list[str] = []

    @staticmethod
    def esc(text: str) -> str:
        return _MD_SPECIAL.sub(r"\\\1", visible(text))

    def mark(self, text: str) -> str:
        """Stored text, escaped, third-party names marked, withheld details cut out."""
        shown = visible(text)
        if self.withheld is None:
            return self._names(shown)
        out = []
        start = 0
        for found in self.withheld.finditer(shown):
            out.append(self._names(shown[start : found.start()]))
            out.append(WITHHELD_DETAILS)
            start = found.end()
        out.append(self._names(shown[start:]))
        return "".join(out)

    def _names(self, text: str) -> str:
        out = []
        for seg in mark_names(text, self.patterns):
            out.append(f"[REDACT: {self.esc(seg.text)}]" if seg.redact else self.esc(seg.text))
        return "".join(out)

    def note(self, label: str, value: str, *, withheld: bool, sub: bool = False) -> bool:
        """A note, or a line saying it was withheld; True when it was withheld."""
        if not withheld:
            self.field(label, value, sub=sub)
            return False
        indent = "  " if sub else ""
        self.lines.append(f"{indent}- {self.esc(label)}: {WITHHELD_NOTE}")
        return True

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


def heading(doc: MarkdownDoc, title: str, count: int) -> bool:
    """A section heading, written only when the section has ``count`` > 0 records."""
    if not count:
        return False
    doc.line(f"### {title}")
    doc.blank()
    return True
