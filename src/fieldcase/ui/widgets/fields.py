"""Small building blocks for keyboard-first forms."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.dom import DOMNode
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from fieldcase.domain.vocab import LabelledEnum
from fieldcase.ui.text import literal

OTHER_KIND_LABEL = 'If "Other": what happened (e.g. off-road bikes on the green)'
"""The label of the incident field that says what an "other" incident was."""


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
    yield SelectionList[str](
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
    yield Checkbox(NOT_FOR_DISCLOSURE, value, id="not-for-disclosure")


def field_error(name: str) -> Static:
    """Where the problem with the field ``name`` is shown, under it; hidden until there is one.

    ``show_field_errors`` fills it from a ``ValidationError``'s messages (``live_x_reason`` is
    shown under the field ``live-x``).
    """
    box = Static("", id=f"{name}-error", classes="field-error")
    box.display = False
    return box


def show_field_errors(root: DOMNode, errors: dict[str, str]) -> None:
    """Put each message under its field (where the form has a ``field_error`` for it)."""
    for box in root.query(".field-error").results(Static):
        box.update("")
        box.display = False
    for name, message in errors.items():
        if not name:
            continue
        found = root.query(f"#{name.removesuffix('_reason').replace('_', '-')}-error")
        if found:
            box = found.first(Static)
            box.update(literal(message))
            box.display = True
