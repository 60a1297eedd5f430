"""The enforcement ladder: the landlord's steps with one alleged perpetrator, lowest first.

The ladder is the landlord's own: warnings, an Acceptable Behaviour Contract, a
civil injunction under Part 1 of the Anti-social Behaviour, Crime and Policing
Act 2014, and possession proceedings. Community protection warnings and notices,
criminal behaviour orders and closure orders belong to partners (the council or
the police); they are recorded beside the ladder as partner actions, not rungs.

fieldcase shows where someone stands and suggests a step after a substantiated
ABC breach; the officer decides and records what is done.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from fieldcase.domain.vocab import LabelledEnum


class Rung(LabelledEnum):
    """One step of the landlord's ladder. Declaration order is the ladder's order."""

    VERBAL_WARNING = "verbal_warning"
    WARNING_LETTER = "warning_letter"
    TENANCY_BREACH_WARNING = "tenancy_breach_warning"
    ABC = "abc"
    INJUNCTION_APPLIED = "injunction_applied"
    INJUNCTION_GRANTED = "injunction_granted"
    INJUNCTION_BREACH_PROVED = "injunction_breach_proved"
    NOTICE_SEEKING_POSSESSION = "notice_seeking_possession"
    POSSESSION_CLAIM = "possession_claim"

    @property
    def label(self) -> str:
        """The words an officer reads."""
        return _LABELS.get(self, super().label)

    @property
    def rank(self) -> int:
        """0 for a verbal warning up to 8 for a possession claim."""
        return LADDER.index(self)

    @property
    def is_served(self) -> bool:
        """Notices and letters that are served on the person (by hand, post...)."""
        return self in _SERVED

    @property
    def is_court(self) -> bool:
        """Steps that go before a court, which must be named."""
        return self in _COURT

    @property
    def needs_ground(self) -> bool:
        """Possession steps, which state the ground relied on."""
        return self in (Rung.NOTICE_SEEKING_POSSESSION, Rung.POSSESSION_CLAIM)


class PartnerAction(LabelledEnum):
    """A partner's tool (council or police), recorded beside the landlord's ladder."""

    COMMUNITY_PROTECTION_WARNING = "community_protection_warning"
    COMMUNITY_PROTECTION_NOTICE = "community_protection_notice"
    CRIMINAL_BEHAVIOUR_ORDER = "criminal_behaviour_order"
    CLOSURE_ORDER = "closure_order"

    @property
    def label(self) -> str:
        """The words an officer reads."""
        return _LABELS.get(self, super().label)


class Agency(LabelledEnum):
    """The partner that took a partner action."""

    NOT_RECORDED = ""
    COUNCIL = "council"
    POLICE = "police"

    @property
    def label(self) -> str:
        """The words an officer reads."""
        return _LABELS.get(self, super().label)


class PossessionGround(LabelledEnum):
    """The ground a notice of seeking possession or a possession claim relies on."""

    NOT_RECORDED = ""
    GROUND_14 = "ground_14"
    ABSOLUTE = "absolute"

    @property
    def label(self) -> str:
        """The words an officer reads."""
        return _LABELS.get(self, super().label)


class ServedHow(LabelledEnum):
    """How a notice or letter reached the person."""

    NOT_RECORDED = ""
    IN_PERSON = "in_person"
    BY_HAND = "by_hand"
    FIRST_CLASS_POST = "first_class_post"
    RECORDED_DELIVERY = "recorded_delivery"
    EMAIL = "email"

    @property
    def label(self) -> str:
        """The words an officer reads."""
        return _LABELS.get(self, super().label)


_LABELS: dict[StrEnum, str] = {
    Rung.ABC: "Acceptable Behaviour Contract",
    Rung.INJUNCTION_APPLIED: "Civil injunction applied for",
    Rung.INJUNCTION_GRANTED: "Civil injunction granted",
    Rung.INJUNCTION_BREACH_PROVED: "Injunction breach proved",
    Rung.NOTICE_SEEKING_POSSESSION: "Notice of seeking possession",
    PartnerAction.COMMUNITY_PROTECTION_WARNING: "Community protection warning",
    PartnerAction.COMMUNITY_PROTECTION_NOTICE: "Community protection notice",
    PartnerAction.CRIMINAL_BEHAVIOUR_ORDER: "Criminal behaviour order",
    PartnerAction.CLOSURE_ORDER: "Closure order",
    Agency.NOT_RECORDED: "Not recorded",
    Agency.COUNCIL: "Council",
    Agency.POLICE: "Police",
    PossessionGround.NOT_RECORDED: "Not recorded",
    PossessionGround.GROUND_14: "Ground 14 (nuisance, annoyance, criminal use)",
    PossessionGround.ABSOLUTE: "Absolute ground (injunction breach proved)",
    ServedHow.NOT_RECORDED: "Not recorded",
    ServedHow.IN_PERSON: "In person (spoken)",
    ServedHow.BY_HAND: "By hand",
    ServedHow.FIRST_CLASS_POST: "First class post",
    ServedHow.RECORDED_DELIVERY: "Recorded delivery",
    ServedHow.EMAIL: "Email",
}

LADDER: tuple[Rung, ...] = tuple(Rung)
"""The rungs from lowest to highest."""

_SERVED = frozenset(
    {
        Rung.WARNING_LETTER,
        Rung.TENANCY_BREACH_WARNING,
        Rung.NOTICE_SEEKING_POSSESSION,
    }
)
_COURT = frozenset(
    {
        Rung.INJUNCTION_APPLIED,
        Rung.INJUNCTION_GRANTED,
        Rung.INJUNCTION_BREACH_PROVED,
        Rung.POSSESSION_CLAIM,
    }
)


def step_label(kind: str) -> str:
    """The label of a stored step kind: a rung, a partner action, or the raw value."""
    if kind in set(Rung):
        return Rung(kind).label
    if kind in set(PartnerAction):
        return PartnerAction(kind).label
    return kind.replace("_", " ").capitalize()


def current_rung(kinds: Iterable[str]) -> Rung | None:
    """The highest rung reached among the steps taken, or None before any step.

    Partner actions and kinds this version does not know are not rungs.
    """
    reached = [Rung(k) for k in kinds if k in set(Rung)]
    return max(reached, key=lambda r: r.rank) if reached else None


def rung_above(rung: Rung | None) -> Rung | None:
    """The next rung up, for context; None at the top of the ladder."""
    if rung is None:
        return LADDER[0]
    index = rung.rank + 1
    return LADDER[index] if index < len(LADDER) else None


@dataclass(frozen=True)
class Suggestion:
    """A step for the officer to consider after a substantiated ABC breach."""

    rung: Rung | None
    """The suggested step, or None at the top of the ladder."""
    reason: str
    """Why, in a sentence an officer can weigh."""
    ground: PossessionGround = PossessionGround.NOT_RECORDED
    """For a possession step, the ground it would rely on."""


_INJUNCTION = (
    "The agreed conditions were breached: consider applying for a civil injunction "
    "(Anti-social Behaviour, Crime and Policing Act 2014, Part 1)."
)
_INJUNCTION_URGENT = (
    "A serious risk of harm is flagged: consider applying for a civil injunction now, "
    "without notice if it is urgent."
)
_HEARING = "An application is pending: put the breach before the court at the hearing."
_PROVE_BREACH = (
    "An injunction is in force: if the conduct breaches it, ask the court to find the "
    "breach proved."
)
_ABSOLUTE_NOTICE = (
    "An injunction breach is proved: the absolute ground applies; consider a notice of "
    "seeking possession on that ground."
)
_ABSOLUTE_CLAIM = (
    "An injunction breach is proved and notice is served: consider a possession claim "
    "on the absolute ground."
)
_GROUND_14_CLAIM = "The notice has not changed things: consider a possession claim on Ground 14."
_TOP = "A possession claim is under way: bring the breach to the court's attention."


def suggest_after_breach(
    current: Rung | None, *, breach_proved: bool = False, serious_harm: bool = False
) -> Suggestion:
    """The step to consider after a substantiated ABC breach; the officer decides.

    Below an injunction, the suggestion is to apply for one. Once an injunction
    breach is proved the absolute ground for possession applies, so the
    suggestion goes straight to possession proceedings on it.

    Args:
        current: The highest rung taken so far.
        breach_proved: An injunction breach has been proved by a court.
        serious_harm: The breach carries a serious risk of harm.
    """
    if current == Rung.POSSESSION_CLAIM:
        return Suggestion(None, _TOP)
    breach_proved = breach_proved or current == Rung.INJUNCTION_BREACH_PROVED
    ground = PossessionGround.ABSOLUTE if breach_proved else PossessionGround.GROUND_14
    if current == Rung.NOTICE_SEEKING_POSSESSION:
        reason = _ABSOLUTE_CLAIM if breach_proved else _GROUND_14_CLAIM
        return Suggestion(Rung.POSSESSION_CLAIM, reason, ground)
    if breach_proved:
        return Suggestion(
            Rung.NOTICE_SEEKING_POSSESSION, _ABSOLUTE_NOTICE, PossessionGround.ABSOLUTE
        )
    if current == Rung.INJUNCTION_GRANTED:
        return Suggestion(Rung.INJUNCTION_BREACH_PROVED, _PROVE_BREACH)
    if current == Rung.INJUNCTION_APPLIED:
        return Suggestion(Rung.INJUNCTION_GRANTED, _HEARING)
    return Suggestion(Rung.INJUNCTION_APPLIED, _INJUNCTION_URGENT if serious_harm else _INJUNCTION)
