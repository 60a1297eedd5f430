"""Closing a case: outcomes, the victim's satisfaction, and what may stay live after it.

Before a case closes, everything still live in it is listed: active ABCs,
planned visits, open actions, an overdue risk review and breaches still
pending a decision. The officer deals with each (ends the ABC, cancels the
visit, marks the action done) or says why it stays; the reason is kept with
the closure. Pure rules: nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from fieldcase.domain.vocab import LabelledEnum


class ClosureOutcome(LabelledEnum):
    """How a case ended."""

    RESOLVED = "resolved"
    PARTLY_RESOLVED = "partly_resolved"
    UNRESOLVED = "unresolved"
    WITHDRAWN = "withdrawn"
    NO_FURTHER_ACTION = "no_further_action"
    TRANSFERRED = "transferred"

    @property
    def label(self) -> str:
        """The words an officer reads."""
        return _LABELS.get(self, super().label)


class Satisfaction(LabelledEnum):
    """The victim's satisfaction with how the case was handled: 1 to 5, or declined."""

    VERY_SATISFIED = "5"
    SATISFIED = "4"
    NEITHER = "3"
    DISSATISFIED = "2"
    VERY_DISSATISFIED = "1"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        """The words an officer reads."""
        return _LABELS.get(self, super().label)

    @property
    def score(self) -> int | None:
        """1 to 5; None when the victim declined to say."""
        return None if self is Satisfaction.DECLINED else int(self.value)


def satisfaction_text(score: int | None, declined: bool) -> str:
    """A closed case's satisfaction in words: ``5/5 (very satisfied)``, ``declined to say``."""
    if declined:
        return "declined to say"
    if score is None:
        return "not recorded"
    try:
        words = Satisfaction(str(score)).label.split("–", 1)[-1].strip().lower()
    except ValueError:
        return f"{score}/5"
    return f"{score}/5 ({words})"


class LiveKind(StrEnum):
    """What can still be live in a case when it closes."""

    ABC = "abc"
    VISIT = "visit"
    ACTION = "action"
    RISK_REVIEW = "risk_review"
    BREACH = "breach"


class Resolution(LabelledEnum):
    """What the officer does with a live item as the case closes."""

    END_EARLY = "end_early"
    """End an active ABC early, giving the closure as the reason."""
    COMPLETE = "complete"
    """Complete an active ABC whose end date has come."""
    CANCEL = "cancel"
    """Cancel a visit still to come."""
    DONE = "done"
    """Mark an open action done today."""
    KEEP = "keep"
    """Leave it as it is; the officer says why."""


@dataclass(frozen=True)
class LiveItem:
    """Something still live in a case, and the ways it can be dealt with."""

    key: str
    """``kind:id``: what the officer's decision is filed under."""
    kind: LiveKind
    description: str
    """One line an officer reads, e.g. "ABC with Gary Stroud, in force until 1 May 2027"."""
    choices: tuple[Resolution, ...]
    """The ways to deal with it, ``KEEP`` (with a reason) always last."""

    @property
    def field(self) -> str:
        """The form field the decision is typed in, e.g. ``live_abc_4765c296…``."""
        kind, record_id = self.key.split(":", 1)
        return f"live_{kind}_{record_id.replace('-', '')}"

    def choice_label(self, resolution: Resolution) -> str:
        """How a way of dealing with this item reads in the closing form."""
        return _CHOICE_LABELS[(self.kind, resolution)]


_CHOICE_LABELS: dict[tuple[LiveKind, Resolution], str] = {
    (LiveKind.ABC, Resolution.END_EARLY): "End it early now",
    (LiveKind.ABC, Resolution.COMPLETE): "Mark it completed",
    (LiveKind.ABC, Resolution.KEEP): "Leave it in force (say why)",
    (LiveKind.VISIT, Resolution.CANCEL): "Cancel the visit",
    (LiveKind.VISIT, Resolution.KEEP): "Keep it planned (say why)",
    (LiveKind.ACTION, Resolution.DONE): "Mark it done today",
    (LiveKind.ACTION, Resolution.KEEP): "Leave it open (say why)",
    (LiveKind.RISK_REVIEW, Resolution.KEEP): "Close without the review (say why)",
    (LiveKind.BREACH, Resolution.KEEP): "Leave it pending (say why)",
}


@dataclass(frozen=True)
class Decision:
    """The officer's decision about one live item."""

    resolution: str = ""
    reason: str = ""


def decision_problem(item: LiveItem, decision: Decision | None) -> str:
    """What is wrong with a decision about a live item; empty when it will do."""
    if decision is None or not decision.resolution:
        return f"Say what happens to this: {item.description}."
    if decision.resolution not in {c.value for c in item.choices}:
        return f"That is not a way to deal with this: {item.description}."
    if decision.resolution == Resolution.KEEP and not decision.reason.strip():
        if item.choices == (Resolution.KEEP,):
            return f"Say why the case closes anyway: {item.description}."
        return f"Say why it stays: {item.description}."
    return ""


_LABELS: dict[StrEnum, str] = {
    ClosureOutcome.PARTLY_RESOLVED: "Partly resolved",
    ClosureOutcome.WITHDRAWN: "Withdrawn by the victim",
    ClosureOutcome.NO_FURTHER_ACTION: "No further action",
    Satisfaction.VERY_SATISFIED: "5 – Very satisfied",
    Satisfaction.SATISFIED: "4 – Satisfied",
    Satisfaction.NEITHER: "3 – Neither satisfied nor dissatisfied",
    Satisfaction.DISSATISFIED: "2 – Dissatisfied",
    Satisfaction.VERY_DISSATISFIED: "1 – Very dissatisfied",
    Satisfaction.DECLINED: "Declined to say",
}
