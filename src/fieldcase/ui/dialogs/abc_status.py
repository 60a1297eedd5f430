"""Moving an ABC on: completed, breached or ended early (with the reason)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Label, Select

from fieldcase.domain.abc import ALLOWED_MOVES, AbcStatus
from fieldcase.ui.dialogs.case_items import choice_of, value_of
from fieldcase.ui.dialogs.form import FormDialog, Save
from fieldcase.ui.widgets.fields import text_field


@dataclass
class StatusChange:
    """The status chosen and why."""

    status: str
    reason: str


class AbcStatusDialog(FormDialog[StatusChange, object]):
    """Choose the ABC's new status; the rules explain any refusal."""

    TITLE_TEXT = "Change the ABC's status"

    def __init__(self, save: Save[StatusChange, object], *, current: AbcStatus) -> None:
        super().__init__(save)
        self.current = current

    def fields(self) -> ComposeResult:
        moves = sorted(ALLOWED_MOVES[self.current], key=lambda s: list(AbcStatus).index(s))
        yield Label(Content(f"Now: {self.current.label}"), classes="field-label")
        yield Label("New status", classes="field-label")
        yield Select(
            [(m.label, m.value) for m in moves],
            id="status",
            allow_blank=False,
            value=moves[0].value,
        )
        yield from text_field("Reason (needed to end early)", "reason")

    def on_mount(self) -> None:
        self.query_one("#status").focus()

    def collect(self) -> StatusChange:
        """The status chosen and the reason typed."""
        return StatusChange(choice_of(self, "status"), value_of(self, "reason"))
