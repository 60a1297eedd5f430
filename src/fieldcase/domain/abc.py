"""Acceptable Behaviour Contracts: dates, review cadence, signatories and status.

An ABC is voluntary and not legally binding, but its breaches are evidence for
a civil injunction, so the rules here are strict about who signed, when it
runs and which status changes make sense.
"""

from __future__ import annotations

import calendar
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import LabelledEnum

ADULT_AGE = 18
"""Below this age an ABC needs a parent or guardian to sign."""
REVIEW_SOON_DAYS = 7
"""A review falling within this many days counts as due."""

_PLACEHOLDER = re.compile(r"\{[^{}\n]{1,40}\}")


class AbcStatus(LabelledEnum):
    """Where an ABC is in its life."""

    DRAFT = "draft"
    ACTIVE = "active"
    COMPLETED = "completed"
    BREACHED = "breached"
    ENDED_EARLY = "ended_early"

    @property
    def label(self) -> str:
        """The words an officer reads."""
        return _LABELS.get(self, super().label)

    @property
    def is_final(self) -> bool:
        """True once the ABC has ended one way or another."""
        return self in (AbcStatus.COMPLETED, AbcStatus.BREACHED, AbcStatus.ENDED_EARLY)


class ConditionKind(LabelledEnum):
    """A condition either forbids something or asks for something."""

    PROHIBITION = "prohibition"
    REQUIREMENT = "requirement"

    @property
    def label(self) -> str:
        """The words an officer reads."""
        return _LABELS.get(self, super().label)


class SignatoryRole(LabelledEnum):
    """Who signs an ABC, in the order they appear on the agreement."""

    PERPETRATOR = "perpetrator"
    GUARDIAN = "guardian"
    HOUSING_OFFICER = "housing_officer"
    POLICE_OFFICER = "police_officer"

    @property
    def label(self) -> str:
        """The words an officer reads."""
        return _LABELS.get(self, super().label)


class Monitor(LabelledEnum):
    """Who monitors compliance."""

    HOUSING = "housing"
    POLICE = "police"

    @property
    def label(self) -> str:
        """The words an officer reads."""
        return _LABELS.get(self, super().label)


class Compliance(LabelledEnum):
    """The finding of a review."""

    COMPLIED = "complied"
    CONCERNS = "concerns"
    BREACHED = "breached"

    @property
    def label(self) -> str:
        """The words an officer reads."""
        return _LABELS.get(self, super().label)


class Substantiated(LabelledEnum):
    """Whether a reported breach has been made out."""

    PENDING = "pending"
    YES = "yes"
    NO = "no"

    @property
    def label(self) -> str:
        """The words an officer reads."""
        return _LABELS.get(self, super().label)


class BreachResponse(LabelledEnum):
    """What was done about a breach."""

    NONE = ""
    WARNING = "warning"
    MEETING = "meeting"
    ESCALATION = "escalation"

    @property
    def label(self) -> str:
        """The words an officer reads."""
        return _LABELS.get(self, super().label)


_LABELS: dict[StrEnum, str] = {
    AbcStatus.ENDED_EARLY: "Ended early",
    ConditionKind.PROHIBITION: "Prohibition",
    ConditionKind.REQUIREMENT: "Positive requirement",
    SignatoryRole.PERPETRATOR: "The person",
    SignatoryRole.GUARDIAN: "Parent or guardian",
    SignatoryRole.HOUSING_OFFICER: "Housing officer",
    SignatoryRole.POLICE_OFFICER: "Police officer",
    Monitor.HOUSING: "Housing",
    Monitor.POLICE: "Police",
    Compliance.COMPLIED: "Complied",
    Compliance.CONCERNS: "Concerns",
    Compliance.BREACHED: "Breached",
    Substantiated.PENDING: "Pending",
    Substantiated.YES: "Substantiated",
    Substantiated.NO: "Not substantiated",
    BreachResponse.NONE: "None yet",
    BreachResponse.WARNING: "Warning",
    BreachResponse.MEETING: "Meeting",
    BreachResponse.ESCALATION: "Escalation",
}


class AbcRuleError(ValueError):
    """A change the ABC rules do not allow; the message says why and what to do instead."""


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the last day of a shorter month.

    31 August plus 6 months is 28 (or 29) February, not an error.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def default_end(start_on: date, policy: Policy) -> date:
    """When an ABC starting on ``start_on`` ends unless the officer says otherwise."""
    return add_months(start_on, policy.abc_length_months)


def age_on(date_of_birth: date, day: date) -> int:
    """Age in whole years on ``day``."""
    had_birthday = (day.month, day.day) >= (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - (0 if had_birthday else 1)


def is_minor(date_of_birth: date | None, on: date) -> bool:
    """True when someone is under 18 on ``on``; unknown dates of birth count as adult."""
    return date_of_birth is not None and age_on(date_of_birth, on) < ADULT_AGE


def required_roles(
    *, date_of_birth: date | None, start_on: date, monitored_by: Iterable[str]
) -> list[SignatoryRole]:
    """The roles that must sign before an ABC comes into force.

    Always the person and the housing officer; a parent or guardian when the
    person is under 18 on the start date; a police officer when police
    monitor the ABC jointly.
    """
    roles = [SignatoryRole.PERPETRATOR]
    if is_minor(date_of_birth, start_on):
        roles.append(SignatoryRole.GUARDIAN)
    roles.append(SignatoryRole.HOUSING_OFFICER)
    if Monitor.POLICE in set(monitored_by):
        roles.append(SignatoryRole.POLICE_OFFICER)
    return roles


@dataclass(frozen=True)
class Signature:
    """One signatory line as the rules see it."""

    role: str
    name: str
    signed_on: date | None = None
    collar_number: str = ""


def missing_signatures(
    required: Iterable[SignatoryRole], signatures: Iterable[Signature]
) -> list[SignatoryRole]:
    """Required roles without a named signatory who has a signing date, in order."""
    signed = {s.role for s in signatures if s.signed_on is not None and s.name.strip()}
    return [role for role in required if role not in signed]


def missing_listed(
    required: Iterable[SignatoryRole], signatures: Iterable[Signature]
) -> list[SignatoryRole]:
    """Required roles with nobody listed at all (signed or not)."""
    listed = {s.role for s in signatures if s.name.strip()}
    return [role for role in required if role not in listed]


def fully_signed_on(signatures: Iterable[Signature], required: Iterable[SignatoryRole]) -> date:
    """The date the last required signature was given (the ABC is in force from then).

    Raises:
        AbcRuleError: A required signature is missing.
    """
    required = list(required)
    signatures = list(signatures)
    missing = missing_signatures(required, signatures)
    if missing:
        raise AbcRuleError(_missing_message(missing))
    dates = [s.signed_on for s in signatures if s.role in required and s.signed_on is not None]
    return max(dates)


def _missing_message(missing: list[SignatoryRole]) -> str:
    names = ", ".join(r.label.lower() for r in missing)
    return f"It cannot come into force until signed by: {names}."


def next_review_due(*, start_on: date, last_review_on: date | None, review_weeks: int) -> date:
    """When the next review falls: the cadence after the last review, or after the start."""
    base = last_review_on if last_review_on is not None else start_on
    return base + timedelta(weeks=max(review_weeks, 1))


class ReviewState(LabelledEnum):
    """How urgent an ABC's next review is, worked out on the day (never stored)."""

    OVERDUE = "overdue"
    DUE = "due"
    SCHEDULED = "scheduled"


def review_state(
    next_review_on: date, today: date, soon_days: int = REVIEW_SOON_DAYS
) -> ReviewState:
    """Overdue before today, due within ``soon_days`` (today included), else scheduled."""
    if next_review_on < today:
        return ReviewState.OVERDUE
    if next_review_on <= today + timedelta(days=soon_days):
        return ReviewState.DUE
    return ReviewState.SCHEDULED


ALLOWED_MOVES: dict[AbcStatus, frozenset[AbcStatus]] = {
    AbcStatus.DRAFT: frozenset({AbcStatus.ACTIVE}),
    AbcStatus.ACTIVE: frozenset({AbcStatus.COMPLETED, AbcStatus.BREACHED, AbcStatus.ENDED_EARLY}),
    AbcStatus.COMPLETED: frozenset(),
    AbcStatus.BREACHED: frozenset(),
    AbcStatus.ENDED_EARLY: frozenset(),
}
"""Which status may follow which. Ended ABCs stay ended: draw up a new one instead."""


@dataclass(frozen=True)
class AbcFacts:
    """What a status change depends on."""

    status: AbcStatus
    start_on: date
    end_on: date
    missing_signatures: tuple[SignatoryRole, ...] = ()
    substantiated_breaches: int = 0


def check_move(facts: AbcFacts, target: AbcStatus, *, today: date, reason: str = "") -> None:
    """Refuse a status change the rules do not allow, saying why.

    Raises:
        AbcRuleError: The move is not allowed; the message says what to do instead.
    """
    current = facts.status
    if target == current:
        raise AbcRuleError(f"The ABC is already {current.label.lower()}.")
    if target not in ALLOWED_MOVES[current]:
        if current.is_final:
            raise AbcRuleError(
                f"The ABC has already ended ({current.label.lower()}); draw up a new ABC instead."
            )
        if current == AbcStatus.DRAFT:
            raise AbcRuleError(
                "A draft ABC has not come into force yet; it can only become active "
                "once it is signed."
            )
        raise AbcRuleError(f"An active ABC cannot go back to {target.label.lower()}.")
    if target == AbcStatus.ACTIVE and facts.missing_signatures:
        raise AbcRuleError(_missing_message(list(facts.missing_signatures)))
    if target == AbcStatus.COMPLETED and today < facts.end_on:
        raise AbcRuleError(
            f"The ABC runs until {facts.end_on:%d %b %Y}; it can be completed from then. "
            "To stop it sooner, end it early and give the reason."
        )
    if target == AbcStatus.BREACHED and facts.substantiated_breaches == 0:
        raise AbcRuleError("Record a substantiated breach before marking the ABC as breached.")
    if target == AbcStatus.ENDED_EARLY:
        if today >= facts.end_on:
            raise AbcRuleError(
                f"The ABC reached its end date ({facts.end_on:%d %b %Y}); complete it instead."
            )
        if not reason.strip():
            raise AbcRuleError("Give the reason for ending the ABC early.")


def validate_dates(start_on: date, end_on: date, review_weeks: int) -> dict[str, str]:
    """Field -> message for impossible dates or cadence."""
    errors: dict[str, str] = {}
    if end_on <= start_on:
        errors["end_on"] = "The end date must be after the start date."
    elif end_on > add_months(start_on, 24):
        errors["end_on"] = "An ABC longer than two years is not proportionate; shorten it."
    if not 1 <= review_weeks <= 26:
        errors["review_weeks"] = "Review every 1 to 26 weeks."
    return errors


@dataclass(frozen=True)
class ConditionTemplate:
    """A ready-made condition the organisation offers; ``{...}`` marks words to fill in."""

    key: str
    kind: ConditionKind
    text: str

    @property
    def placeholders(self) -> list[str]:
        """The ``{...}`` gaps still to fill."""
        return _PLACEHOLDER.findall(self.text)


def unfilled_placeholders(text: str) -> list[str]:
    """Template gaps such as ``{address}`` still left in a condition's text."""
    return _PLACEHOLDER.findall(text)


class TemplateError(ValueError):
    """The condition templates file cannot be used; the message says why."""


def parse_templates(text: str) -> list[ConditionTemplate]:
    """Read condition templates from TOML (``[[condition]]`` tables with key, kind, text).

    Raises:
        TemplateError: The file is not valid TOML or a template is malformed.
    """
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"not valid TOML: {exc}") from exc
    entries = raw.get("condition", [])
    if not isinstance(entries, list):
        raise TemplateError("[[condition]] must be an array of tables")
    templates: list[ConditionTemplate] = []
    seen: set[str] = set()
    for n, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise TemplateError(f"condition {n} is not a table")
        key, kind, body = entry.get("key"), entry.get("kind"), entry.get("text")
        if not isinstance(key, str) or not key or key in seen:
            raise TemplateError(f"condition {n} needs a unique key")
        if kind not in set(ConditionKind):
            raise TemplateError(f"condition {key!r}: kind must be prohibition or requirement")
        if not isinstance(body, str) or not body.strip():
            raise TemplateError(f"condition {key!r} needs text")
        seen.add(key)
        templates.append(ConditionTemplate(key=key, kind=ConditionKind(kind), text=body.strip()))
    return templates
