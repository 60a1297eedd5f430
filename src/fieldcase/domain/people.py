"""People as officers type them: keys that say "probably the same person".

One person is one record. "Ana Popescu", "ana  popescu", "Ána Popescu" and
"POPESCU, Ana" are the same name; "Anna Popescu" is not, but with the same
date of birth or phone number it is worth asking about. A name is reduced to
a key of lower-case ASCII words (accents dropped, punctuation and extra
spaces gone, an apostrophe or hyphen joining rather than splitting:
"O'Brien" is "obrien", "Smith-Jones" is "smithjones"); a phone number to its
digits in the national form (``+44 7700 900123`` is ``07700900123``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

_JOINERS = re.compile(r"['’`\-‐‑]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_UNKNOWN = frozenset({"unknown", "not known", "unnamed", "n k", "nk"})
MIN_PHONE_DIGITS = 7
"""Fewer digits than this is not a phone number worth matching on."""


def fold(text: str) -> str:
    """Lower-case ASCII: accents dropped (``Ștefan`` → ``stefan``), ß as ss."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ß", "ss")


def name_words(name: str) -> list[str]:
    """The words of a name, folded, in the order typed."""
    joined = _JOINERS.sub("", fold(name))
    return [w for w in _NOT_WORD.split(joined) if w]


def name_key(name: str) -> str:
    """The name as a key: folded words in the order typed, one space apart.

    "Unknown" (a perpetrator whose name is not known) has no key: two unknown
    people are not the same person.
    """
    key = " ".join(name_words(name))
    return "" if key in _UNKNOWN else key


def same_name(a: str, b: str) -> bool:
    """True when two names are the same words, in any order and with any spacing.

    "Gary Stroud", "gary  stroud", "Stroud, Gary" and "GaryStroud" are the same name.
    """
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    if sorted(ka.split()) == sorted(kb.split()):
        return True
    return ka.replace(" ", "") == kb.replace(" ", "")


def surname_and_initial(name: str) -> tuple[str, str]:
    """The last word and the first letter of the first word, e.g. ("stroud", "g")."""
    words = name_key(name).split()
    if not words:
        return "", ""
    return words[-1], words[0][0] if len(words) > 1 else ""


def age_now(age_given: int, given_on: date | None, today: date) -> int:
    """An age given on one day, as it is today (whole years since)."""
    if given_on is None:
        return age_given
    years = today.year - given_on.year - ((today.month, today.day) < (given_on.month, given_on.day))
    return age_given + max(years, 0)


def birth_for_age_rules(
    date_of_birth: date | None, age_given: int | None, given_on: date | None
) -> date | None:
    """The date of birth age rules go by (a guardian signs for an under-18).

    Where only an age was given, the latest date of birth that age allows: the
    person counts as under 18 until they surely are not.
    """
    if date_of_birth is not None or age_given is None or given_on is None:
        return date_of_birth
    try:
        return given_on.replace(year=given_on.year - age_given)
    except ValueError:  # 29 February in a year without one
        return given_on.replace(year=given_on.year - age_given, day=28)


def phone_key(number: str) -> str:
    """The digits of a UK phone number in national form; blank when too short to match.

    ``+44 (0)7700 900123``, ``0044 7700 900123`` and ``07700-900123`` are all
    ``07700900123``.
    """
    digits = re.sub(r"\D", "", number)
    for prefix in ("0044", "44"):
        if digits.startswith(prefix) and len(digits) - len(prefix) in (9, 10, 11):
            digits = digits[len(prefix) :]
            if not digits.startswith("0"):
                digits = "0" + digits
            break
    return digits if len(digits) >= MIN_PHONE_DIGITS else ""


def phone_keys(*numbers: str) -> str:
    """Every number's key, space-separated, for one indexed column."""
    keys = [phone_key(n) for n in numbers]
    return " ".join(dict.fromkeys(k for k in keys if k))


@dataclass(frozen=True)
class Likeness:
    """Why a known person may be the one being typed; empty when there is no reason."""

    reasons: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.reasons)

    def __str__(self) -> str:
        return ", ".join(self.reasons)


def likeness(
    typed_name: str,
    known_name: str,
    *,
    typed_dob: date | None = None,
    known_dob: date | None = None,
    typed_phones: str = "",
    known_phones: str = "",
) -> Likeness:
    """Why ``known`` may be the person typed: the same name, or a similar one with more.

    The same name is enough. A surname and first initial in common ("G Stroud",
    "Gary Stroud") count only with the same date of birth or phone number; so do
    different names with the same date of birth and surname (a misspelt first name).
    A phone number alone is listed too: people share phones, so the officer decides.
    """
    reasons: list[str] = []
    if same_name(typed_name, known_name):
        reasons.append("same name")
    if typed_dob is not None and typed_dob == known_dob:
        reasons.append("same date of birth")
    shared = set(typed_phones.split()) & set(known_phones.split())
    if shared:
        reasons.append("same phone number")
    if "same name" in reasons:
        return Likeness(tuple(reasons))
    typed_surname, typed_initial = surname_and_initial(typed_name)
    known_surname, known_initial = surname_and_initial(known_name)
    similar = bool(typed_surname) and typed_surname == known_surname
    if similar and (typed_initial == known_initial or not typed_initial or not known_initial):
        reasons.insert(0, "similar name")
    elif similar:
        reasons.insert(0, "same surname")
    if "same phone number" in reasons:
        return Likeness(tuple(reasons))
    if similar and "same date of birth" in reasons:
        return Likeness(tuple(reasons))
    return Likeness(())
