"""The shape every editing dialog shares: fields, Save, Cancel, clear messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from fieldcase.domain.when import WhenError
from fieldcase.services.errors import EditConflict, NotFound, ValidationError
from fieldcase.ui.text import literal

ResultT = TypeVar("ResultT")


class FormDialog(ModalScreen[ResultT | None], Generic[ResultT]):
    """A modal form. Subclasses compose ``fields()`` and implement ``submit()``.

    ``submit`` calls the service; if it raises ``ValidationError`` the messages
    are shown, the typed values stay, and nothing was saved.
    """

    TITLE_TEXT = "Edit"
    AUTO_FOCUS = "Input, Select, SelectionList, TextArea, OptionList"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save", tooltip="Save and close", priority=True),
        Binding("escape", "cancel", "Cancel", id="cancel", tooltip="Close without saving"),
    ]

    def __init__(self, saver: Callable[[Any], ResultT] | None = None) -> None:
        super().__init__()
        self.saver = saver

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form-dialog"):
            yield Static(Content(self.TITLE_TEXT), classes="form-title")
            yield from self.fields()
            yield Static("", id="form-errors", classes="error")
            with Horizontal(classes="form-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def fields(self) -> ComposeResult:
        """The form's fields."""
        yield from ()

    def submit(self) -> ResultT:
        """Collect the fields and save; raise ValidationError or WhenError for bad input."""
        raise NotImplementedError

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    def action_save(self) -> None:
        """Save, or show what must be fixed."""
        try:
            result = self.submit()
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except WhenError as exc:
            self.show_errors({"": str(exc)})
            return
        except (EditConflict, NotFound) as exc:
            self.show_errors({"": str(exc)})
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show every problem; focus the first field that has one."""
        text = "\n".join(f"• {message}" for message in errors.values())
        self.query_one("#form-errors", Static).update(literal(text))
        for name in errors:
            if not name:
                continue
            field_id = "#" + name.split(".")[-1].replace("_", "-")
            found = self.query(field_id)
            if found:
                found.first().focus()
                break
