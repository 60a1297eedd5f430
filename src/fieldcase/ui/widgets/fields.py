"""Small building blocks for keyboard-first forms."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, TextArea
from textual.widgets.selection_list import Selection

from fieldcase.domain.vocab import LabelledEnum
from fieldcase.domain.when import WhenError, format_when
from fieldcase.ui.text import literal
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


def when_field(
    label: str,
    field_id: str,
    value: str,
    read: Callable[[str], datetime],
    placeholder: str = "",
) -> ComposeResult:
    """A label, a one-line input for a date and time, and under it what it was read as.

    ``read`` is the form's own reading of the text (``parse_when`` with the
    form's preferences), so what is shown is what saving would store.
    """
    yield from text_field(label, field_id, value, placeholder)
    yield WhenRead(field_id, read)


class WhenRead(Static):
    """Under a when field: what its text means (``→ Tue 1 Dec 2026 21:30``), or why not."""

    def __init__(self, field_id: str, read: Callable[[str], datetime]) -> None:
        super().__init__("", id=f"{field_id}-preview", classes="preview")
        self.field_id = field_id
        self.read = read

    def on_mount(self) -> None:
        assert self.parent is not None
        field = self.parent.query_one(f"#{self.field_id}", Input)
        self.watch(field, "value", self.show_read)

    def show_read(self, text: str) -> None:
        """Show what ``text`` is read as."""
        if not text.strip():
            self.update("")
            return
        try:
            moment = self.read(text.strip())
        except WhenError as exc:
            self.update(Content(f"✗ {exc}"))
            self.set_class(True, "-bad")
            return
        self.set_class(False, "-bad")
        self.update(Content(f"→ {format_when(moment)}"))


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


class RevealingCheckbox(TickBox):
    """A tick box (``[x]`` or ``[ ]``) that opens fields (``reveals``, an id) while ticked.

    The fields are shown while the Space is being handled, not when the box's
    ``Changed`` message is read later, and a Tab from a ticked box goes into
    them: the screen's Tab order follows its layout, which lags behind a field
    just shown. So a Tab typed straight after the Space (by a fast typist or a
    password manager) lands in the notes instead of past them.
    """

    BINDINGS = [Binding("tab", "into_fields", "Next field", show=False)]

    def __init__(self, label: str, value: bool = False, *, reveals: str, id: str) -> None:
        super().__init__(label, value, id=id)
        self.reveals = reveals

    def on_mount(self) -> None:
        self._reveal()

    def watch_value(self) -> None:
        super().watch_value()
        self._reveal()

    def _revealed(self) -> Widget | None:
        if not self.is_attached:
            return None
        found = self.screen.query(f"#{self.reveals}")
        return found.first() if found else None

    def _reveal(self) -> None:
        revealed = self._revealed()
        if revealed is not None:
            revealed.display = self.value

    def action_into_fields(self) -> None:
        """Tab: into the first field opened by the tick, or on as usual."""
        revealed = self._revealed()
        if self.value and revealed is not None:
            fields = [revealed, *revealed.query("*")]
            first = next((w for w in fields if w.focusable), None)
            if first is not None:
                first.focus()
                return
        self.screen.focus_next()


def not_for_disclosure_field(value: bool = False) -> ComposeResult:
    """The tick that keeps a note out of subject access exports (Space ticks)."""
    yield TickBox(NOT_FOR_DISCLOSURE, value, id="not-for-disclosure")


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
