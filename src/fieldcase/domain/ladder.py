"""The enforcement ladder: the steps taken with one alleged perpetrator, lowest first.

fieldcase shows where someone stands and suggests the next proportionate step
after a substantiated breach; the officer decides and records what is done.
Best practice is to respond incrementally, unless there is a serious risk of
harm, when going straight to a civil injunction is proportionate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from fieldcase.domain.vocab import LabelledEnum


class Rung(LabelledEnum):
    """One step of the ladder. Declaration order is the ladder's order."""

    VERBAL_WARNING = "verbal_warning"
    WARNING_LETTER = "warning_letter"
    TENANCY_BREACH_WARNING = "tenancy_breach_warning"
    ABC = "abc"
    COMMUNITY_PROTECTION_NOTICE = "community_protection_notice"
    INJUNCTION_APPLIED = "injunction_applied"
    INJUNCTION_GRANTED = "injunction_granted"
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
    Rung.COMMUNITY_PROTECTION_NOTICE: "Community protection notice",
    Rung.INJUNCTION_APPLIED: "Civil injunction applied for",
    Rung.INJUNCTION_GRANTED: "Civil injunction granted",
    Rung.NOTICE_SEEKING_POSSESSION: "Notice of seeking possession",
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
        Rung.COMMUNITY_PROTECTION_NOTICE,
        Rung.NOTICE_SEEKING_POSSESSION,
    }
)
_COURT = frozenset({Rung.INJUNCTION_APPLIED, Rung.INJUNCTION_GRANTED, Rung.POSSESSION_CLAIM})


def current_rung(kinds: Iterable[str]) -> Rung | None:
    """The highest rung reached among the steps taken, or None before any step."""
    reached = [Rung(k) for k in kinds if k in set(Rung)]
    return max(reached, key=lambda r: r.rank) if reached else None


@dataclass(frozen=True)
class Suggestion:
    """A proportionate next step for the officer to consider."""

    rung: Rung | None
    """The suggested step, or None at the top of the ladder."""
    reason: str
    """Why, in a sentence an officer can weigh."""


_REASONS: dict[Rung, str] = {
    Rung.VERBAL_WARNING: "A first substantiated breach: start with a clear verbal warning.",
    Rung.WARNING_LETTER: "Follow the verbal warning with a written warning.",
    Rung.TENANCY_BREACH_WARNING: (
        "Written warnings have not worked: warn formally that the tenancy is at risk."
    ),
    Rung.ABC: "Agree an Acceptable Behaviour Contract with clear conditions.",
    Rung.COMMUNITY_PROTECTION_NOTICE: (
        "The agreed conditions were breached: consider a community protection notice."
    ),
    Rung.INJUNCTION_APPLIED: (
        "Voluntary measures have not worked: consider applying for a civil injunction."
    ),
    Rung.INJUNCTION_GRANTED: (
        "An application is pending: put the breach before the court at the hearing."
    ),
    Rung.NOTICE_SEEKING_POSSESSION: (
        "An injunction has been breached: consider a notice of seeking possession."
    ),
    Rung.POSSESSION_CLAIM: "The notice has not changed things: consider a possession claim.",
}

_SERIOUS_HARM_REASON = (
    "A serious risk of harm is flagged: going straight to a civil injunction "
    "(without notice if urgent) is proportionate."
)


def suggest_next(current: Rung | None, *, serious_harm: bool = False) -> Suggestion:
    """The next proportionate step after a substantiated breach.

    Incremental: the rung above the current one. With a serious risk of harm,
    steps below a civil injunction are skipped.
    """
    following = LADDER[0] if current is None else _above(current)
    if following is None:
        return Suggestion(
            None,
            "This is the top of the ladder: bring the breach to the court's attention.",
        )
    if serious_harm and following.rank < Rung.INJUNCTION_APPLIED.rank:
        return Suggestion(Rung.INJUNCTION_APPLIED, _SERIOUS_HARM_REASON)
    return Suggestion(following, _REASONS[following])


def _above(rung: Rung) -> Rung | None:
    index = rung.rank + 1
    return LADDER[index] if index < len(LADDER) else None
