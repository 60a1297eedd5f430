"""A question with a few labelled answers, answered by one key each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from fieldcase.ui import keys
from fieldcase.ui.base import FieldcaseModal
from fieldcase.ui.keys import CANCEL, reworded
from fieldcase.ui.text import literal

if TYPE_CHECKING:
    from fieldcase.ui.app import FieldcaseApp

DISCARD_ANSWERS = [("Discard what I typed", "discard"), ("Keep editing", "keep")]


class ChoiceDialog(FieldcaseModal[str | None]):
    """Asks a question; returns the chosen answer's value, or None on Escape."""

    BINDINGS = [reworded(CANCEL, tooltip="Do nothing"), keys.HELP]

    def __init__(self, question: str, answers: list[tuple[str, str]]) -> None:
        super().__init__()
        self.question = question
        self.answers = answers

    def compose(self) -> ComposeResult:
        with Vertical(classes="choice-dialog"):
            yield Static(literal(self.question), classes="form-title")
            yield OptionList(*[Option(literal(label), id=value) for label, value in self.answers])

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Answer nothing."""
        self.dismiss(None)


async def discard_agreed(app: FieldcaseApp) -> bool:
    """Ask whether to close a form without saving what was typed; True to discard it."""
    answer = await app.ask(ChoiceDialog("Close without saving what you typed?", DISCARD_ANSWERS))
    return answer == "discard"
