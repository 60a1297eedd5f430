"""Consent, disclosure, retention and redaction rules: pure Python, no database."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from fieldcase.domain.vocab import LabelledEnum


class _Labelled(LabelledEnum):
    """A labelled enum whose labels live in this module."""

    @property
    def label(self) -> str:
        """The words an officer reads."""
        own = _LABELS.get(type(self).__name__, {})
        return own.get(self.value, self.value.replace("_", " ").capitalize())


class ConsentKind(_Labelled):
    """What a victim can consent to."""

    APPROACH_PERPETRATOR = "approach_perpetrator"
    SHARE_POLICE = "share_police"
    REFER_SUPPORT = "refer_support"

    @property
    def phrase(self) -> str:
        """The consent as the end of a sentence: 'consent to <phrase>'."""
        return _PHRASES[self.value]


class ConsentMethod(_Labelled):
    """How a consent (or its withdrawal) was recorded."""

    VERBAL = "verbal"
    WRITTEN = "written"
    EMAIL = "email"


class Gateway(_Labelled):
    """The legal basis for sharing information with another agency."""

    S115_CDA_1998 = "s115_cda_1998"
    DPA_2018_SCH2_PARA2 = "dpa_2018_sch2_para2"
    CONSENT = "consent"
    OTHER = "other"

    @property
    def independent_of_consent(self) -> bool:
        """True for gateways that allow sharing without the victim's consent."""
        return self in (Gateway.S115_CDA_1998, Gateway.DPA_2018_SCH2_PARA2)


class AgencyKind(_Labelled):
    """What sort of agency received a disclosure."""

    POLICE = "police"
    LOCAL_AUTHORITY = "local_authority"
    SOCIAL_CARE = "social_care"
    HEALTH = "health"
    PROBATION = "probation"
    HOUSING = "housing"
    SUPPORT_SERVICE = "support_service"
    OTHER = "other"


class DisclosureMethod(_Labelled):
    """How the information was handed over."""

    SECURE_EMAIL = "secure_email"
    EMAIL = "email"
    SECURE_PORTAL = "secure_portal"
    LETTER = "letter"
    IN_PERSON = "in_person"
    PHONE = "phone"


_LABELS: dict[str, dict[str, str]] = {
    "ConsentKind": {
        "approach_perpetrator": "Approach the alleged perpetrator(s)",
        "share_police": "Share information with the police",
        "refer_support": "Refer to support services",
    },
    "Gateway": {
        "s115_cda_1998": "s115 Crime and Disorder Act 1998",
        "dpa_2018_sch2_para2": "DPA 2018 Schedule 2 para 2 (crime)",
        "consent": "Consent of the data subject",
        "other": "Other (give detail)",
    },
    "AgencyKind": {
        "local_authority": "Local authority",
        "social_care": "Social care",
        "housing": "Another housing provider",
        "support_service": "Victim support service",
    },
    "DisclosureMethod": {
        "secure_email": "Secure email",
        "secure_portal": "Secure portal",
        "in_person": "In person",
        "phone": "Telephone",
    },
}

_PHRASES: dict[str, str] = {
    "approach_perpetrator": "approach the alleged perpetrator(s)",
    "share_police": "share information with the police",
    "refer_support": "refer them to support services",
}


def long_date(day: date) -> str:
    """A date as officers write it: 3 May 2026."""
    return f"{day.day} {day:%B %Y}"


def consent_sentence(
    kind: ConsentKind, name: str, given: bool | None, on: date | None
) -> str | None:
    """The warning for one victim, or None when their consent is in place.

    Args:
        kind: The consent needed.
        name: The victim's name.
        given: Their latest decision, or None when nothing is recorded.
        on: When that latest decision was recorded (local date).
    """
    if given is True:
        return None
    who = name.strip() or "the victim"
    if given is None or on is None:
        return f"No consent to {kind.phrase} is recorded for {who}."
    return f"{who} withdrew consent to {kind.phrase} on {long_date(on)}."


def needs_consent_override(agency_kind: str, gateway: str, share_police_in_place: bool) -> bool:
    """True when a disclosure to police goes ahead without consent or a consent-free gateway.

    s115 CDA 1998 and DPA 2018 Sch 2 para 2 are lawful without consent; an 'other'
    gateway to the police without the victim's consent to share needs a reason.
    The consent gateway never does: without consent it is not the gateway (see
    :func:`consent_gateway_needs`).
    """
    if agency_kind != AgencyKind.POLICE or share_police_in_place:
        return False
    if gateway == Gateway.CONSENT:
        return False
    return not (gateway in set(Gateway) and Gateway(gateway).independent_of_consent)


def consent_gateway_needs(agency_kind: str, gateway: str) -> ConsentKind | None:
    """The recorded consent a disclosure on the consent gateway rests on, if fieldcase holds it.

    Sharing with the police rests on consent to share with the police, and with a
    victim support service on consent to refer; for other agencies the consent
    is not one fieldcase records.
    """
    if gateway != Gateway.CONSENT:
        return None
    return _GATEWAY_CONSENT.get(agency_kind)


_GATEWAY_CONSENT = {
    AgencyKind.POLICE.value: ConsentKind.SHARE_POLICE,
    AgencyKind.SUPPORT_SERVICE.value: ConsentKind.REFER_SUPPORT,
}


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def retention_ends(closed_on: date, retention_years: int) -> date:
    """The first day on which a case closed on ``closed_on`` may be purged."""
    return add_years(closed_on, retention_years)


@dataclass(frozen=True)
class Segment:
    """A run of text, and whether it is a third party's name to redact."""

    text: str
    redact: bool = False


def name_patterns(third_parties: Iterable[str], subject: str = "") -> list[str]:
    """Words to mark for redaction: each full name, then each part of it.

    Parts shorter than three letters, and parts the subject's own name shares
    (a family surname), are left out so the subject's own name is never marked.
    """
    own = {part.lower() for part in subject.split()}
    fulls: set[str] = set()
    parts: set[str] = set()
    for name in third_parties:
        clean = " ".join(name.split())
        if not clean or clean.lower() == " ".join(subject.split()).lower():
            continue
        fulls.add(clean)
        for part in clean.split():
            if len(part) >= 3 and part.lower() not in own:
                parts.add(part)
    # Longest first, so "Ellis Crane" is marked whole rather than as "Crane".
    ordered = sorted(fulls, key=len, reverse=True)
    return ordered + sorted(parts - fulls, key=len, reverse=True)


def mark_names(text: str, patterns: list[str]) -> list[Segment]:
    """Split ``text`` into plain runs and third-party names to redact.

    Full names match in any letter case; single name parts match only as
    written, so "Green" is marked and "a green car" is not.
    """
    if not text:
        return []
    if not patterns:
        return [Segment(text)]
    alternatives = [f"(?i:{re.escape(p)})" if " " in p else re.escape(p) for p in patterns]
    finder = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
    out: list[Segment] = []
    pos = 0
    for match in finder.finditer(text):
        if match.start() > pos:
            out.append(Segment(text[pos : match.start()]))
        out.append(Segment(match.group(), redact=True))
        pos = match.end()
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def mentions(text: str, name: str) -> bool:
    """True when ``text`` contains the person's full name, in any letter case."""
    clean = " ".join(name.split())
    if not clean:
        return False
    pattern = r"(?<!\w)" + re.escape(clean) + r"(?!\w)"
    return re.search(pattern, " ".join(text.split()), re.IGNORECASE) is not None
