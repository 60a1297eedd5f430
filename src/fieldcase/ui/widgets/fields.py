"""Small building blocks for keyboard-first forms."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Input, Label, Select, TextArea
from textual.widgets.selection_list import Selection

from fieldcase.domain.vocab import LabelledEnum
from fieldcase.ui.widgets.ticks import TickBox, TickList

OTHER_KIND_LABEL = 'If "Other": what happened (e.g. off-road bikes on the green)'
"""The label of the incident field that says what an "other" incident was."""


class LongLine(TextArea):
    """One line of text that wraps to show all of itself, for a sentence such as an ABC
    condition: Enter moves on as in an Input, and a pasted line break becomes a space."""

    DEFAULT_CSS = """
    LongLine {
        height: auto;
        max-height: 7;
    }
    """

    def __init__(
        self, text: str = "", *, placeholder: str = "", id: str | None = None, classes: str = ""
    ) -> None:
        super().__init__(
            text,
            soft_wrap=True,
            tab_behavior="focus",
            placeholder=placeholder,
            id=id,
            classes=classes,
        )

    @property
    def value(self) -> str:
        """The text, as an Input would call it."""
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        self.text = text

    def on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.screen.focus_next()

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()
        start, end = self.selection
        self.replace(" ".join(event.text.splitlines()), start, end)


def text_field(label: str, field_id: str, value: str = "", placeholder: str = "") -> ComposeResult:
    """A label and a one-line input."""
    yield Label(label, classes="field-label")
    yield Input(value, id=field_id, placeholder=placeholder)


def choice_field(
    label: str, field_id: str, enum: type[LabelledEnum], value: str | None = None
) -> ComposeResult:
    """A label and a drop-down of one vocabulary (Enter opens it, arrows choose)."""
    yield Label(label, classes="field-label")
    options = enum.choices()
    initial = value if value in {v for _, v in options} else options[0][1]
    yield Select(options, id=field_id, value=initial, allow_blank=False)


def multi_field(
    label: str, field_id: str, enum: type[LabelledEnum], chosen: list[str] | None = None
) -> ComposeResult:
    """A label and a checklist (arrows move, Space ticks)."""
    picked = set(chosen or [])
    yield Label(f"{label}  (Space ticks)", classes="field-label")
    yield TickList[str](
        *[Selection(lab, val, val in picked) for lab, val in enum.choices()],
        id=field_id,
        classes="multi",
    )


def notes_field(label: str, field_id: str, value: str = "") -> ComposeResult:
    """A label and a multi-line text area."""
    yield Label(label, classes="field-label")
    yield TextArea(value, id=field_id, classes="notes", soft_wrap=True, tab_behavior="focus")


NOT_FOR_DISCLOSURE = "Not for disclosure: leave these notes out of subject access exports"


def not_for_disclosure_field(value: bool = False) -> ComposeResult:
    """The tick that keeps a note out of subject access exports (Space ticks)."""
    yield TickBox(NOT_FOR_DISCLOSURE, value, id="not-for-disclosure")
