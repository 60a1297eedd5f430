"""The chronology of a case: kinds of entry, their order, and redaction of third parties.

A chronology is derived from what is recorded, never typed twice. Entries are
numbered in time order over the whole case; a filtered view keeps the
numbers, so entry 14 is entry 14 on screen, on paper and in court.

Redaction is for a chronology that leaves the organisation (to a court, the
police, or anyone the alleged perpetrator may see it through). It keeps the
names of the victims and the alleged perpetrators, whom the chronology is
about, and of professionals acting in that capacity (officers, police and
partner agency contacts). Everyone else in the case (household members,
witnesses, an ABC signatory's parent or guardian) is a third party: their
name, and each part of it not shared with someone kept, becomes a label such
as ``[Household member A]``, in generated text and in notes alike. A
redacted chronology also withholds notes marked not for disclosure, safe
contact numbers and preferred contact times typed into free text, who
reported a breach, and the reasons recorded for approaching an alleged
perpetrator without the victim's consent.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from enum import StrEnum

from fieldcase.domain.vocab import LabelledEnum

WITHHELD_NOTE = "[Withheld: marked not for disclosure]"
WITHHELD_DETAILS = "[Withheld: safe contact details]"


class EntryKind(LabelledEnum):
    """What a chronology entry records. Declaration order breaks ties in time."""

    CASE = "case"
    """The case opened, closed or reopened."""
    INCIDENT = "incident"
    RISK = "risk"
    CONSENT = "consent"
    CONTACT = "contact"
    """Letters, calls, visits and messages, in and out, and attempts that failed."""
    VISIT = "visit"
    """Planned visits and their outcomes."""
    DISCLOSURE = "disclosure"
    ABC = "abc"
    """An ABC signed, completed, breached or ended."""
    ABC_REVIEW = "abc_review"
    ABC_BREACH = "abc_breach"
    ENFORCEMENT = "enforcement"
    """Steps on the landlord's ladder and partners' actions."""

    @property
    def label(self) -> str:
        """The words an officer reads."""
        return _LABELS.get(self, super().label)

    @property
    def rank(self) -> int:
        """Where the kind falls among entries at the same moment."""
        return list(EntryKind).index(self)


_LABELS: dict[StrEnum, str] = {
    EntryKind.CASE: "Case",
    EntryKind.RISK: "Risk assessment",
    EntryKind.ABC: "ABC",
    EntryKind.ABC_REVIEW: "ABC review",
    EntryKind.ABC_BREACH: "ABC breach",
}


@dataclass(frozen=True)
class Draft:
    """A chronology entry before it is numbered."""

    day: date
    """The officer's local date."""
    at: datetime | None
    """The moment (aware UTC) when one is recorded; None for records kept by date only."""
    kind: EntryKind
    summary: str
    """One line saying what happened, e.g. "Letter to Gary Stroud: sent"."""
    notes: str = ""
    """Free text as recorded (descriptions, notes, reasons)."""
    by: str = ""
    """Who recorded it or did it."""
    people: frozenset[uuid.UUID] = frozenset()
    """The people it is about; empty for what is about the whole case."""
    withheld: bool = False
    """The notes are marked not for disclosure."""
    restricted: tuple[str, ...] = ()
    """Lines shown only in an unredacted chronology (who reported a breach, consent reasons)."""
    tiebreak: str = ""
    """Keeps entries of the same kind at the same moment in a steady order (creation time)."""

    def about(self, person_id: uuid.UUID) -> bool:
        """True when the entry concerns this person, or the whole case."""
        return not self.people or person_id in self.people


@dataclass(frozen=True)
class Entry(Draft):
    """One numbered line of the chronology."""

    number: int = 0
    """From 1, oldest first, over the whole chronology."""


def number_entries(drafts: Iterable[Draft]) -> list[Entry]:
    """Order entries in time and number them from 1.

    Within a day, timed entries come first, in time order; records kept by
    date only follow them (they happened some time that day). Entries at the
    same moment follow the order of ``EntryKind``, then the order they were
    recorded in.
    """
    ordered = sorted(
        drafts,
        key=lambda d: (
            d.day,
            d.at is None,
            d.at or datetime.min,
            d.kind.rank,
            d.tiebreak,
        ),
    )
    return [
        Entry(number=n, **{f.name: getattr(d, f.name) for f in fields(Draft)})
        for n, d in enumerate(ordered, start=1)
    ]


@dataclass(frozen=True)
class ThirdParty:
    """Someone whose name a redacted chronology replaces."""

    name: str
    role: str
    """How they are labelled, e.g. "Household member"."""


@dataclass
class Redactor:
    """Replaces third parties' names with labels and withholds what must not leave.

    Args:
        third_parties: Everyone to redact, in a steady order (labels run A, B, C…).
        kept_names: Names not to redact; a part of a third party's name that one of
            these shares (a family surname) is left alone, the full name is still
            replaced.
        safe_details: Safe contact numbers and preferred contact times to cut out.
    """

    third_parties: list[ThirdParty]
    kept_names: list[str] = field(default_factory=list)
    safe_details: re.Pattern[str] | None = None

    def __post_init__(self) -> None:
        kept = {part.lower() for name in self.kept_names for part in name.split()}
        labels: dict[str, str] = {}
        parts: dict[str, str] = {}
        for index, person in enumerate(self.third_parties):
            label = f"[{person.role} {_letters(index)}]"
            clean = " ".join(person.name.split())
            if not clean:
                continue
            labels.setdefault(clean.lower(), label)
            for part in clean.split():
                if len(part) >= 3 and part.lower() not in kept:
                    parts.setdefault(part, label)
        self._labels = labels
        self._parts = parts
        spaced = r"\s+"
        alternatives = [
            "(?i:" + spaced.join(re.escape(w) for w in full.split()) + ")"
            for full in sorted(labels, key=len, reverse=True)
        ] + [re.escape(p) for p in sorted(parts, key=len, reverse=True)]
        self._finder = (
            re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
            if alternatives
            else None
        )

    def label_for(self, name: str) -> str | None:
        """The label replacing a third party's name; None for someone kept."""
        return self._labels.get(" ".join(name.split()).lower())

    def text(self, text: str) -> str:
        """Text with third parties' names replaced and safe contact details cut out."""
        if self.safe_details is not None:
            text = self.safe_details.sub(WITHHELD_DETAILS, text)
        if self._finder is None:
            return text
        return self._finder.sub(self._replacement, text)

    def _replacement(self, found: re.Match[str]) -> str:
        word = found.group()
        full = self._labels.get(" ".join(word.split()).lower())
        return full or self._parts.get(word, word)

    def entry(self, entry: Entry) -> Entry:
        """The entry as a redacted chronology shows it."""
        return replace(
            entry,
            summary=self.text(entry.summary),
            notes=WITHHELD_NOTE if entry.withheld and entry.notes else self.text(entry.notes),
            by=self.text(entry.by),
            restricted=(),
        )


def _letters(index: int) -> str:
    """A, B … Z, AA, AB …"""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out
