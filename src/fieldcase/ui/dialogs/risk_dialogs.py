"""Small dialogs around a risk assessment: whom to assess, resume, note, override."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from fieldcase.domain import dates
from fieldcase.domain.risk import final_level
from fieldcase.domain.text import one_line
from fieldcase.domain.vocab import RiskLevel
from fieldcase.services.risk import Victim
from fieldcase.ui import keys
from fieldcase.ui.base import FieldcaseModal
from fieldcase.ui.text import literal, literal_line
from fieldcase.ui.widgets.risk_level import level_badge


class RiskVictimDialog(FieldcaseModal[uuid.UUID | None]):
    """Which victim to assess (or whose history to show), by number or arrows and Enter."""

    HELP = "Choose the victim: press their number, or move with the arrows and press Enter."
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel-victim", tooltip="Choose nobody"),
        keys.HELP,
        *[
            Binding(str(n), f"choose({n})", show=False, id=f"choose-victim-{n}")
            for n in range(1, 10)
        ],
    ]

    def __init__(
        self, victims: list[Victim], *, title: str, unfinished: set[uuid.UUID] | None = None
    ) -> None:
        super().__init__()
        self.victims = victims
        self.title_text = title
        self.unfinished = unfinished or set()

    def compose(self) -> ComposeResult:
        with Vertical(classes="risk-dialog"):
            yield Static(Content(self.title_text), classes="risk-dialog-title")
            options = []
            for number, victim in enumerate(self.victims, start=1):
                label = Content.assemble(f"{number}  ", literal_line(victim.name, 50))
                if victim.person_id in self.unfinished:
                    label = Content.assemble(label, ("  (unfinished assessment)", "italic"))
                options.append(Option(label, id=str(victim.person_id)))
            yield OptionList(*options, id="risk-victims")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter on a victim chooses them."""
        if event.option.id:
            self.dismiss(uuid.UUID(event.option.id))

    def action_choose(self, number: int) -> None:
        """Choose the victim with this number."""
        if 1 <= number <= len(self.victims):
            self.dismiss(self.victims[number - 1].person_id)

    def action_cancel(self) -> None:
        """Choose nobody."""
        self.dismiss(None)


class ResumeChoice(StrEnum):
    """What to do with an unfinished assessment."""

    RESUME = "resume"
    DISCARD = "discard"


class RiskResumeDialog(FieldcaseModal[ResumeChoice | None]):
    """Offers to carry on an assessment that was interrupted."""

    HELP = (
        "An assessment of this victim was started and not saved. Enter or r carries on "
        "where it stopped, with every answer and note kept. d throws it away and starts "
        "again. Escape does neither."
    )
    BINDINGS = [
        Binding("enter,r", "resume", "Resume", id="resume-draft", tooltip="Carry on"),
        Binding(
            "d",
            "discard",
            "Start again",
            id="discard-draft",
            tooltip="Throw the unfinished answers away and start again",
        ),
        Binding("escape", "cancel", "Cancel", id="cancel-resume", tooltip="Do nothing"),
        keys.HELP,
    ]

    def __init__(self, name: str, *, answered: int, total: int, saved_at: datetime | None) -> None:
        super().__init__()
        self.person_name = name
        self.answered = answered
        self.total = total
        self.saved_at = saved_at

    def compose(self) -> ComposeResult:
        when = ""
        if self.saved_at is not None:
            local = dates.to_local(self.saved_at)
            when = f"  ·  last answer {local:%a} {local.day} {local:%b %H:%M}"
        with Vertical(classes="risk-dialog"):
            yield Static("Unfinished risk assessment", classes="risk-dialog-title")
            yield Static(
                Content.assemble(
                    "The assessment of ",
                    (one_line(self.person_name, 50), "bold"),
                    " was not saved.\n",
                    (f"{self.answered} of {self.total} questions answered", "bold"),
                    when,
                ),
                id="risk-resume-text",
            )
            yield Static(
                Content.assemble(
                    ("Enter", "bold"),
                    " resume   ",
                    ("d", "bold"),
                    " discard and start again   ",
                    ("Esc", "bold"),
                    " cancel",
                ),
                classes="risk-dialog-keys",
            )

    def action_resume(self) -> None:
        """Carry on the assessment."""
        self.dismiss(ResumeChoice.RESUME)

    def action_discard(self) -> None:
        """Start again."""
        self.dismiss(ResumeChoice.DISCARD)

    def action_cancel(self) -> None:
        """Do neither."""
        self.dismiss(None)


class RiskNoteDialog(FieldcaseModal[str | None]):
    """A note on one answer: what the victim said, who told you, what to check."""

    HELP = "Type the note and press Enter to keep it. An empty note removes it. Escape cancels."
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel-note", tooltip="Keep the old note"),
        keys.HELP,
    ]

    def __init__(self, question: str, note: str) -> None:
        super().__init__()
        self.question = question
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="risk-dialog"):
            yield Static("Note on this answer", classes="risk-dialog-title")
            yield Static(literal(self.question), classes="risk-dialog-question")
            yield Input(
                self.note,
                placeholder="What the victim said, what to follow up",
                id="risk-note-input",
            )
            yield Static(
                Content.assemble(("Enter", "bold"), " keep   ", ("Esc", "bold"), " cancel"),
                classes="risk-dialog-keys",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def keep(self, event: Input.Submitted) -> None:
        """Enter keeps the note."""
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        """Keep the old note."""
        self.dismiss(None)


@dataclass(frozen=True)
class Override:
    """The level the officer settled on and why (empty when it is the computed level)."""

    level: RiskLevel
    reason: str


class RiskOverrideDialog(FieldcaseModal[Override | None]):
    """Choose a different level from the computed one; a reason is required."""

    HELP = (
        "Choose the level with 1 (Standard), 2 (Medium) or 3 (High), or the arrows and "
        "Enter. Then type why and press Enter. Choosing the computed level removes the "
        "override."
    )
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel-override", tooltip="Keep the level"),
        keys.HELP,
        *[
            Binding(str(n), f"pick_level({n})", show=False, id=f"pick-level-{n}")
            for n in range(1, len(RiskLevel) + 1)
        ],
    ]

    def __init__(self, computed: RiskLevel, current: RiskLevel, reason: str) -> None:
        super().__init__()
        self.computed = computed
        self.current = current
        self.reason = reason
        self.chosen = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="risk-dialog"):
            yield Static("Override the level", classes="risk-dialog-title")
            yield Static(
                Content.assemble("The questionnaire gives ", level_badge(self.computed), "."),
            )
            yield OptionList(
                *[
                    Option(Content.assemble(f"{n}  ", level_badge(level)), id=level.value)
                    for n, level in enumerate(RiskLevel, start=1)
                ],
                id="risk-override-levels",
            )
            yield Static("Why? (required for a different level)", classes="risk-dialog-label")
            yield Input(
                self.reason, placeholder="Reason for the override", id="risk-override-reason"
            )
            yield Static("", id="risk-override-error", classes="risk-dialog-error")

    def on_mount(self) -> None:
        levels = self.query_one(OptionList)
        levels.highlighted = list(RiskLevel).index(self.current)
        levels.focus()

    def action_pick_level(self, number: int) -> None:
        """Choose a level by its number (while the level list has focus)."""
        levels = self.query_one(OptionList)
        levels.highlighted = number - 1
        levels.action_select()

    @on(OptionList.OptionSelected)
    def level_chosen(self, event: OptionList.OptionSelected) -> None:
        """A level is chosen: to the reason, unless it is the computed level."""
        self.chosen = RiskLevel(event.option.id or self.computed)
        if self.chosen == self.computed:
            self.dismiss(Override(self.computed, ""))
            return
        self.query_one("#risk-override-reason", Input).focus()

    @on(Input.Submitted)
    def reason_given(self, event: Input.Submitted) -> None:
        """Enter on the reason keeps the override, if there is a reason."""
        try:
            level, reason = final_level(self.computed, self.chosen, event.value)
        except ValueError as exc:
            self.query_one("#risk-override-error", Static).update(Content(str(exc)))
            return
        self.dismiss(Override(level, reason))

    def action_cancel(self) -> None:
        """Keep the level as it was."""
        self.dismiss(None)
