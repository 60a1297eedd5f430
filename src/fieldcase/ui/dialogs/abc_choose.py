"""Choose one of a few things whose labels are stored text (names, condition templates)."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from fieldcase.ui import keys
from fieldcase.ui.base import FieldcaseModal
from fieldcase.ui.text import literal

T = TypeVar("T")


class AbcChooseDialog(FieldcaseModal[T | None], Generic[T]):
    """Asks a question; returns the chosen item, or None on Escape. Labels render literally."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel-choose", tooltip="Do nothing"),
        keys.HELP,
    ]

    def __init__(self, question: str, answers: list[tuple[Content, T]]) -> None:
        super().__init__()
        self.question = question
        self.answers = answers

    def compose(self) -> ComposeResult:
        with Vertical(classes="choice-dialog abc-choose"):
            yield Static(literal(self.question), classes="form-title")
            yield OptionList(*[Option(label) for label, _ in self.answers], id="abc-choices")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.answers[event.option_index][1])

    def action_cancel(self) -> None:
        """Choose nothing."""
        self.dismiss(None)
