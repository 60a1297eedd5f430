"""The one form mechanism every editing dialog shares: fields, Save, Cancel, clear messages.

A dialog collects the service's own input type (``collect``) and hands it to
the ``save`` it was given, which calls one service off the interface thread.
Whatever goes wrong is shown against its field; what was typed stays.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from fieldcase.domain.when import WhenError
from fieldcase.services.errors import EditConflict, NotFound, ValidationError
from fieldcase.ui.base import FieldcaseModal
from fieldcase.ui.dialogs.choice import ChoiceDialog
from fieldcase.ui.keys import CANCEL, SAVE
from fieldcase.ui.text import literal
from fieldcase.ui.widgets.form_draft import form_values

InputT = TypeVar("InputT")
ResultT = TypeVar("ResultT")

Save = Callable[[InputT], Awaitable[ResultT]]
"""Saves what a dialog collected: one service call, run off the interface thread."""

DISCARD_ANSWERS = [("Discard what I typed", "discard"), ("Keep editing", "keep")]


class FormDialog(FieldcaseModal[ResultT | None], Generic[InputT, ResultT]):
    """A modal form. Subclasses compose ``fields()`` and implement ``collect()``.

    ``collect`` turns the fields into the service's input type (raising
    ``ValidationError`` or ``WhenError`` for what cannot be read); ``save``
    stores it. If either refuses, the messages are shown, the typed values
    stay, and nothing was saved.
    """

    TITLE_TEXT = "Edit"
    AUTO_FOCUS = "Input, Select, SelectionList, TextArea, OptionList"
    BINDINGS = [SAVE, CANCEL]

    def __init__(self, save: Save[InputT, ResultT] | None = None) -> None:
        super().__init__()
        self.save = save
        self._pristine: dict[str, Any] | None = None
        self.saving = False
        """True while a save is on its way to the database."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form-dialog"):
            yield Static(Content(self.TITLE_TEXT), classes="form-title")
            yield from self.fields()
            yield Static("", id="form-errors", classes="error")
            with Horizontal(classes="form-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.call_after_refresh(self._remember_pristine)

    def _remember_pristine(self) -> None:
        self._pristine = form_values(self)

    @property
    def changed(self) -> bool:
        """True when something was typed since the dialog opened."""
        return self._pristine is not None and form_values(self) != self._pristine

    def fields(self) -> ComposeResult:
        """The form's fields."""
        yield from ()

    def collect(self) -> InputT:
        """The typed values as the service's input; raise ValidationError or WhenError."""
        raise NotImplementedError

    async def submit(self, data: InputT) -> ResultT:
        """Store what was collected (dialogs that ask a follow-up question override this)."""
        assert self.save is not None
        return await self.save(data)

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    def action_save(self) -> None:
        """Save, or show what must be fixed."""
        if not self.saving:
            self._save()

    @work(exclusive=True, group="form-save")
    async def _save(self) -> None:
        try:
            data = self.collect()
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except WhenError as exc:
            self.show_errors({"": str(exc)})
            return
        self._show_saving(True)
        try:
            result = await self.submit(data)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except (EditConflict, NotFound) as exc:
            self.show_errors({"": str(exc)})
            return
        finally:
            self._show_saving(False)
        self.dismiss(result)

    def _show_saving(self, saving: bool) -> None:
        self.saving = saving
        for button in self.query(Button):
            if button.id == "save":
                button.label = "Saving…" if saving else "Save (ctrl+s)"

    def action_cancel(self) -> None:
        """Close without saving; asks first when something was typed."""
        if self.changed:
            self._ask_before_discarding()
        else:
            self.dismiss(None)

    @work(exclusive=True, group="form-cancel")
    async def _ask_before_discarding(self) -> None:
        answer = await self.app.ask(
            ChoiceDialog("Close without saving what you typed?", DISCARD_ANSWERS)
        )
        if answer == "discard":
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
