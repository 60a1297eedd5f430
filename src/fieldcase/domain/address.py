"""UK addresses as officers type them: postcodes, and a key that says "same address".

One property is one record. "8 sorrel way", "8 Sorrel Way, EB2 7QL" and
"8, Sorrel Wy." are the same house; "Flat 2, 8 Sorrel Way" is not. The
postcode is kept in its canonical form (``EB2 7QL``) and the rest of the
address is reduced to a key: the flat, the house number or name, and the
street, in lower case, without punctuation or extra spaces, with the common
abbreviations spelt out. A town typed after a comma is not part of the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The shape only: Royal Mail's letter rules (no C, I, K, M, O or V at the end) are
# left out, so that no real or test postcode an officer has is ever refused.
_OUTWARD = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]?")
_INWARD = re.compile(r"[0-9][A-Z]{2}")
_SPECIAL = frozenset({"GIR 0AA"})
"""Postcodes that break the pattern but exist (Girobank)."""

STREET_WORDS: dict[str, str] = {
    "rd": "road",
    "st": "street",
    "str": "street",
    "ave": "avenue",
    "av": "avenue",
    "avn": "avenue",
    "cl": "close",
    "ct": "court",
    "crt": "court",
    "dr": "drive",
    "drv": "drive",
    "ln": "lane",
    "pl": "place",
    "sq": "square",
    "cres": "crescent",
    "cresc": "crescent",
    "cr": "crescent",
    "gdns": "gardens",
    "gdn": "garden",
    "gr": "grove",
    "gro": "grove",
    "grv": "grove",
    "tce": "terrace",
    "ter": "terrace",
    "terr": "terrace",
    "pde": "parade",
    "pk": "park",
    "wy": "way",
    "wk": "walk",
    "hse": "house",
    "cotts": "cottages",
    "ctgs": "cottages",
    "bldgs": "buildings",
    "mws": "mews",
    "grn": "green",
    "hl": "hill",
    "est": "estate",
    "blvd": "boulevard",
    "ctr": "centre",
    "apt": "flat",
    "apartment": "flat",
    "flt": "flat",
}
"""Abbreviations in UK addresses and the word they stand for."""

STREET_TYPES = frozenset(
    {
        "road", "street", "avenue", "close", "court", "drive", "lane", "place", "square",
        "crescent", "gardens", "grove", "terrace", "parade", "park", "way", "walk", "mews",
        "green", "hill", "rise", "row", "vale", "view", "gate", "yard", "boulevard", "estate",
    }
)  # fmt: skip
"""Last words of a street's name: a comma after one ends the street (a town may follow)."""

_HOUSE_NUMBER = re.compile(r"[0-9]+[a-z]?(-[0-9]+[a-z]?)?")
_TOKEN_SPLIT = re.compile(r"[^0-9a-z\-]+")


class PostcodeError(ValueError):
    """What was typed cannot be a UK postcode; the message says why."""


def compact_postcode(text: str) -> str:
    """The postcode's letters and digits only, upper case: ``eb2 7ql`` -> ``EB27QL``."""
    return "".join(text.split()).upper()


def normalise_postcode(text: str) -> str:
    """A UK postcode in its canonical form, ``EB2 7QL``; blank stays blank.

    Raises:
        PostcodeError: It cannot be a UK postcode; the message gives the reason.
    """
    parts = text.upper().split()
    if not parts:
        return ""
    shown = " ".join(parts)
    if len(parts) == 2:
        outward, inward = parts
    else:
        joined = "".join(parts)
        outward, inward = joined[:-3], joined[-3:]
    canonical = f"{outward} {inward}"
    if canonical in _SPECIAL:
        return canonical
    if not (outward + inward).isalnum() or not (outward + inward).isascii():
        raise PostcodeError(f"{shown} is not a UK postcode: use only letters and digits.")
    if not _INWARD.fullmatch(inward):
        raise PostcodeError(
            f"{shown} is not a UK postcode: the last part is a digit and two letters, e.g. 7QL."
        )
    if not _OUTWARD.fullmatch(outward):
        raise PostcodeError(
            f"{shown} is not a UK postcode: the first part is one or two letters "
            "and a number, e.g. EB2, EB12 or W1A."
        )
    return canonical


def is_postcode(text: str) -> bool:
    """True when ``text`` reads as a UK postcode."""
    try:
        return bool(normalise_postcode(text))
    except PostcodeError:
        return False


@dataclass(frozen=True)
class TypedAddress:
    """An address line with a postcode typed at its end taken off."""

    address: str
    """The address as typed, tidied of extra spaces and a trailing comma."""
    postcode: str
    """The postcode found at the end, canonical; blank when there was none."""


def split_postcode(text: str) -> TypedAddress:
    """Take a postcode typed at the end of an address off it.

    ``8 Sorrel Way, EB2 7QL`` -> (``8 Sorrel Way``, ``EB2 7QL``); an address
    without one is returned tidied, with a blank postcode.
    """
    words = text.split()
    for size in (2, 1):
        if len(words) > size:
            tail = " ".join(words[-size:])
            if is_postcode(tail):
                rest = " ".join(words[:-size]).rstrip(" ,;")
                return TypedAddress(rest, normalise_postcode(tail))
    return TypedAddress(" ".join(words).rstrip(" ,;"), "")


def address_key(address: str) -> str:
    """The flat, house number or name, and street of an address, normalised for matching.

    Case, punctuation, extra spaces and common abbreviations do not matter;
    a flat does (``flat 2 8 sorrel way`` is not ``8 sorrel way``). Anything
    after the street's comma (a district or town) is left out, and so is a
    postcode at the end.
    """
    segments = [_words(part) for part in split_postcode(address).address.split(",")]
    segments = [s for s in segments if s]
    kept: list[str] = []
    for segment in segments:
        kept.extend(segment)
        if _ends_street(segment):
            break
    return " ".join(_with_flat(kept))


def address_words(text: str) -> list[str]:
    """The words of a search for an address, normalised as ``address_key`` does."""
    return _words(text)


def _words(segment: str) -> list[str]:
    """One comma-separated part of an address as normalised words."""
    lowered = segment.lower().replace("'", "").replace("\u2019", "")
    raw = [t.strip("-") for t in _TOKEN_SPLIT.split(lowered)]
    tokens = [t for t in raw if t]
    out: list[str] = []
    for i, token in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token in ("no", "number") and following[:1].isdigit():
            continue
        previous = out[-1] if out else ""
        if token == "st" and following and (not previous or previous[:1].isdigit()):
            out.append("saint")  # St Mary's Road; Church St is a street
        else:
            out.append(STREET_WORDS.get(token, token))
    return out


def _ends_street(words: list[str]) -> bool:
    """True when the words hold a numbered street (``8 sorrel way``) or end a street's name."""
    numbered = any(
        _HOUSE_NUMBER.fullmatch(word) and not _HOUSE_NUMBER.fullmatch(after)
        for word, after in zip(words, words[1:], strict=False)
    )
    return numbered or (bool(words) and words[-1] in STREET_TYPES)


def _with_flat(words: list[str]) -> list[str]:
    """Mark a bare flat number as a flat: ``2 8 sorrel way`` -> ``flat 2 8 sorrel way``."""
    if len(words) >= 3 and _HOUSE_NUMBER.fullmatch(words[0]) and _HOUSE_NUMBER.fullmatch(words[1]):
        return ["flat", *words]
    return words
