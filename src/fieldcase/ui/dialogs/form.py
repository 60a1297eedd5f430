"""The one form mechanism every editing dialog shares: fields, Save, Cancel, clear messages.

A dialog collects the service's own input type (``collect``) and hands it to
the ``save`` it was given, which calls one service off the interface thread.
Whatever goes wrong is shown against its field; what was typed stays.

An edit of a stored record is saved against the version the form opened. If
someone else saved the record since, the service refuses (``EditConflict``)
and the form says who changed it, when and which fields. Given a ``reload``
(see ``VersionedEdit``), the form then offers to load the latest version: the
fields fill with what is saved now, the fields the officer changed keep their
typing (a field both changed is named, with the other value), and Save saves
that over the latest version, so neither officer's change is lost.

Given a draft key, a dialog also keeps what is typed as an encrypted draft
(saved moments after each change, and on a lock or a crash), offers it back
when the same dialog opens again, and throws it away once saved or discarded.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any, Generic, Self, TypeVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from fieldcase.db.engine import StorageProblem
from fieldcase.domain.when import WhenError
from fieldcase.services.drafts import DraftSnapshot, FormKey
from fieldcase.services.errors import EditConflict, NotFound, ValidationError
from fieldcase.ui import keys
from fieldcase.ui.base import FieldcaseModal
from fieldcase.ui.dialogs.choice import discard_agreed
from fieldcase.ui.keys import CANCEL, SAVE
from fieldcase.ui.text import literal
from fieldcase.ui.widgets.field_errors import show_field_errors
from fieldcase.ui.widgets.footer import Footer
from fieldcase.ui.widgets.form_draft import FormDraft, form_values, restore_values
from fieldcase.ui.widgets.form_frame import FormFoot, FormFrame, FormMessages
from fieldcase.ui.widgets.form_merge import both_changed, changed_since, shown

InputT = TypeVar("InputT")
ResultT = TypeVar("ResultT")

Save = Callable[[InputT], Awaitable[ResultT]]
"""Saves what a dialog collected: one service call, run off the interface thread."""
SaveAt = Callable[[InputT, int], Awaitable[ResultT]]
"""Saves what a dialog collected as an edit of the record at a version."""
Reload = Callable[[], Awaitable[InputT]]
"""Moves an edit on to the record's latest version; returns the record as saved now."""
Latest = Callable[[], Awaitable[tuple[int, InputT]]]
"""Fetches the version the edited record has now, and its values (one service call)."""

RELOAD_BINDING = Binding(
    "f5",
    "reload",
    "Load latest",
    id="reload",
    tooltip="Load the latest version of the record, keeping what you typed",
)


RELOAD_HINT = (
    "Press F5 to load the latest version: what you typed stays, "
    "and Save then saves it over the other change."
)
RELOADED = (
    "Loaded the latest version: the fields you had not changed show it now, "
    "and what you typed is kept. Check it, then save."
)


class VersionedEdit(Generic[InputT, ResultT]):
    """An edit of one stored record: saves against the version its form opened at.

    ``save`` and ``reload`` go to the form; after a conflict, ``reload`` moves
    the edit on to the record's latest version, so the next save goes over it,
    and hands the form the record as saved now.

    Args:
        version: The version of the record when the form opened.
        save_at: Saves the collected input as an edit of the record at a version.
        latest: Fetches the version the record has now, and its values.
    """

    def __init__(
        self, version: int, save_at: SaveAt[InputT, ResultT], latest: Latest[InputT]
    ) -> None:
        self.version = version
        """The version the next save expects."""
        self._save_at = save_at
        self._latest = latest

    async def save(self, data: InputT) -> ResultT:
        """Save ``data`` over the version this edit expects."""
        return await self._save_at(data, self.version)

    async def reload(self) -> InputT:
        """Expect the record's latest version from now on; returns its values."""
        self.version, values = await self._latest()
        return values


class FormDialog(FieldcaseModal[ResultT | None], Generic[InputT, ResultT]):
    """A modal form. Subclasses compose ``fields()`` and implement ``collect()``.

    ``collect`` turns the fields into the service's input type (raising
    ``ValidationError`` or ``WhenError`` for what cannot be read); ``save``
    stores it. If either refuses, the messages are shown, the typed values
    stay, and nothing was saved.
    """

    TITLE_TEXT = "Edit"
    OPENS_FILLED = True
    """False for a dialog that fills its own lines after mounting and then calls
    ``_remember_pristine`` itself, so the draft is offered once the lines are there."""
    HELP = (
        "Tab and Shift+Tab move between the fields; the form scrolls to the field you are "
        "on. Ctrl+S saves. Esc closes without saving, and asks first when something was "
        "typed. If something is missing or cannot be read, the form says what and keeps "
        "everything typed."
    )
    AUTO_FOCUS = "Input, Select, SelectionList, TextArea, OptionList"
    BINDINGS = [SAVE, CANCEL, RELOAD_BINDING, keys.HELP]

    def __init__(
        self,
        save: Save[InputT, ResultT] | None = None,
        *,
        reload: Reload[InputT] | None = None,
        draft_key: str | None = None,
        draft_title: str = "",
    ) -> None:
        """A form that hands what it collects to ``save``.

        Args:
            save: Stores what was collected (one service call).
            reload: Loads the latest version after an edit conflict (see ``VersionedEdit``).
            draft_key: Keep the typing as a draft under this key (see ``keep_draft``).
            draft_title: What to call the draft when it is offered back.
        """
        super().__init__()
        self.save = save
        self.initial: InputT | None = None
        """The record edited, as its fields start (None for a new one)."""
        self.reload = reload
        """Loads the record's latest version after a conflict; None where there is none."""
        self._pristine: dict[str, Any] | None = None
        self.saving = False
        """True while a save is on its way to the database."""
        self._opened = False
        self.conflict: EditConflict | None = None
        """The refusal of the last save, until the officer loads the latest version."""
        self._draft_key = draft_key
        self._draft_title = draft_title or self.TITLE_TEXT
        self.draft: FormDraft | None = None
        """The form's draft, once open, when it keeps one."""

    def keep_draft(self, key: str, title: str = "") -> Self:
        """Keep the typing as a draft under ``key`` (for dialogs whose ``__init__`` has no
        ``draft_key``); returns the dialog, to push it at once.

        The key names what the form is for, e.g. ``incident:<case id>``: the same
        key offers the draft back when the same form opens again.
        """
        self._draft_key = key
        self._draft_title = title or self._draft_title
        return self

    def keep_case_draft(
        self, kind: str, case_id: uuid.UUID, title: str, record_id: uuid.UUID | None = None
    ) -> Self:
        """Keep the typing as a draft of the form ``kind`` about a case (and a record edited).

        The key names the case, so the next start can reopen the case and the form,
        and a retention purge of the case removes the draft with it.
        """
        return self.keep_draft(str(FormKey(kind, case_id, record_id)), title)

    def compose(self) -> ComposeResult:
        # Title and foot are docked: see fieldcase.ui.widgets.form_frame.
        with FormFrame(classes="form-dialog"):
            yield Static(Content(self.TITLE_TEXT), classes="form-title")
            yield from self.fields()
            with FormFoot(classes="form-foot"):
                yield FormMessages(id="form-errors")
                with Horizontal(classes="form-buttons"):
                    yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
                    reload = Button("Load latest (F5)", id="reload", compact=True)
                    reload.display = False
                    yield reload
                    yield Button("Cancel (esc)", id="cancel", compact=True)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        """Enter in a one-line field moves on, as Tab does (as on the new-case form)."""
        event.stop()
        self.focus_next()

    @on(events.DescendantFocus)
    def _follow_focus(self, event: events.DescendantFocus) -> None:
        """Keep the focused field, and its label, in view once the screen has caught up.

        Textual would scroll a field into view as soon as it is focused, before a
        dialog or a line just added (an ABC condition) is laid out, and without its
        label (Shift+Tab back up the form); the form does it after the next refresh.
        """
        if self._opened:
            self.call_after_refresh(self._keep_in_view, event.widget)

    def _keep_in_view(self, field: Widget) -> None:
        if self.focused is not field:
            return
        frame = self.query_one(".form-dialog", FormFrame)
        label = _label_of(field)
        if not self._in_view(field):
            frame.scroll_to_center(field, animate=False, origin_visible=True)
        elif label is not None and not self._in_view(label):
            frame.scroll_to_widget(label, animate=False, top=True)

    def _in_view(self, widget: Widget) -> bool:
        """True when all of ``widget`` shows between the title and the buttons.

        (Textual's own test counts what is hidden behind them as in view.)
        """
        top = self.query_one(".form-dialog > .form-title").region.bottom
        bottom = self.query_one(FormFoot).region.y
        region = widget.region
        return bool(region) and region.y >= top and region.bottom <= bottom

    def on_mount(self) -> None:
        if self.OPENS_FILLED:
            # At once, not after a refresh: keys typed straight after the dialog opens
            # are typing to keep, and a signal may come before the next refresh.
            self._remember_pristine()
        self.call_after_refresh(self._open_at_top)

    def set_focus(
        self, widget: Widget | None, scroll_visible: bool = True, from_app_focus: bool = False
    ) -> None:
        """Focus a field; the form follows it itself, once laid out (``_follow_focus``)."""
        super().set_focus(widget, scroll_visible=False, from_app_focus=from_app_focus)

    def _open_at_top(self) -> None:
        """Show the top of the form (who it is about, the first label), unless the field
        focused first is further down."""
        frame = self.query_one(".form-dialog", FormFrame)
        frame.scroll_home(animate=False, immediate=True)
        if self.focused is not None:
            frame.scroll_to_widget(self.focused, animate=False, immediate=True)
        self._opened = True

    def _remember_pristine(self) -> None:
        """Remember how the form opened (as it is now); start its draft."""
        self._pristine = form_values(self)
        if self._draft_key is not None and self.draft is None:
            self.draft = FormDraft(self, self._draft_key, self._draft_title)
            self.draft.offer(self.restore_draft, every=None, opening=self._pristine)

    def restore_draft(self, values: dict[str, Any]) -> None:
        """Put a draft's values back into the fields (dialogs with rows to add override this)."""
        restore_values(self, values)

    def draft_snapshot(self) -> DraftSnapshot | None:
        """What is typed, to keep on a lock or a crash (only when the dialog keeps a draft)."""
        return self.draft.snapshot() if self.draft is not None else None

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    @on(Checkbox.Changed)
    def _field_changed(self) -> None:
        if self.draft is not None:
            self.draft.changed()

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

    @on(Button.Pressed, "#reload")
    def reload_pressed(self) -> None:
        self.action_reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Loading the latest version is offered only after a conflict."""
        if action == "reload":
            return self.reload is not None and self.conflict is not None
        return True

    def action_save(self) -> None:
        """Save, or show what must be fixed."""
        if not self.saving:
            self.app.keys_wait_for(self._save())

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
        if self.draft is not None:
            await self.draft.settle()
        try:
            result = await self.submit(data)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except EditConflict as exc:
            self.show_conflict(exc)
            return
        except (NotFound, StorageProblem) as exc:
            self.show_errors({"": str(exc)})
            return
        finally:
            self._show_saving(False)
        if self.draft is not None:
            self.draft.discard()
        self.dismiss(result)

    def _show_saving(self, saving: bool) -> None:
        self.saving = saving
        for button in self.query(Button):
            if button.id == "save":
                button.label = "Saving…" if saving else "Save (ctrl+s)"

    def show_conflict(self, conflict: EditConflict) -> None:
        """Say who changed the record and when; offer to load the latest version."""
        self.conflict = conflict
        if self.reload is None:
            self.show_errors({"": str(conflict)})
            return
        self._show_reload(True)
        self.refresh_bindings()
        # The hint names the reload button, so the first problem's focus goes to it.
        self.show_errors({"": str(conflict), "reload": conflict.reload_hint or RELOAD_HINT})

    def action_reload(self) -> None:
        """Load the latest version of the record, keeping what was typed."""
        if self.reload is not None and self.conflict is not None and not self.saving:
            self._reload()

    @work(exclusive=True, group="form-reload")
    async def _reload(self) -> None:
        assert self.reload is not None and self.conflict is not None
        who = self.conflict.changed_by_name or "The other officer"
        try:
            latest = await self.reload()
        except NotFound as exc:
            self.show_errors({"": str(exc)})
            return
        self.conflict = None
        clashes = await self._refill(latest, who)
        self._show_reload(False)
        self.refresh_bindings()
        self.query_one("#form-errors", Static).update(literal("\n".join([RELOADED, *clashes])))
        self.query_one("#save", Button).focus()

    async def _refill(self, latest: InputT, who: str) -> list[str]:
        """Show ``latest`` in the fields, then put back what the officer typed.

        Returns a line for each field both changed: the officer's typing is kept
        there, and the line says what the other officer had saved.
        """
        opened = self._pristine if self._pristine is not None else form_values(self)
        typed = changed_since(opened, form_values(self))
        self.use_latest(latest)
        await self.recompose()
        if not self.query(Footer):
            await self.mount(Footer())  # the base dialog mounts it, so recomposing drops it
        saved_now = form_values(self)
        restore_values(self, typed)
        self._pristine = saved_now
        return [
            f"• {who} also changed {self._field_name(k)}, to “{shown(theirs)}”; yours is kept."
            for k, theirs in both_changed(opened, typed, saved_now).items()
        ]

    def use_latest(self, latest: InputT) -> None:
        """Start the fields from the record as saved now (dialogs with more state override)."""
        self.initial = latest

    def _field_name(self, field_id: str) -> str:
        found = self.query(f"#{field_id}")
        label = _label_of(found.first()) if found else None
        if isinstance(label, Label):
            return f"“{str(label.render()).split(' (')[0]}”"
        return field_id.replace("-", " ")

    def _show_reload(self, shown: bool) -> None:
        self.query_one("#reload", Button).display = shown

    def action_cancel(self) -> None:
        """Close without saving; asks first when something was typed."""
        if self.changed:
            self._ask_before_discarding()
        else:
            self._close_unsaved()

    @work(exclusive=True, group="form-cancel")
    async def _ask_before_discarding(self) -> None:
        if await discard_agreed(self.app):
            if self.draft is not None:
                self.draft.discard()
            self.dismiss(None)

    def _close_unsaved(self) -> None:
        if self.draft is not None:
            self.draft.close()
        self.dismiss(None)

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show every problem: each under its own field, all of them above the buttons.

        The first field with a problem takes the focus and is scrolled into view
        with its message, so the officer sees what to fix without scrolling.
        """
        text = "\n".join(f"• {message}" for message in errors.values())
        summary = self.query_one("#form-errors", Static)
        summary.update(literal(text))
        first = show_field_errors(self, errors, self.field_for)
        if first is None:
            summary.scroll_visible()

    def field_for(self, name: str) -> Widget | None:
        """The widget a problem named ``name`` (e.g. ``date_of_birth``) belongs to, if shown."""
        if not name:
            return None
        found = self.query("#" + name.split(".")[-1].replace("_", "-"))
        return found.first() if found else None


def _label_of(field: Widget) -> Widget | None:
    """The label just above a field in its form, if it has one."""
    parent = field.parent
    if parent is None:
        return None
    siblings = list(parent.children)
    index = siblings.index(field)
    before = siblings[index - 1] if index > 0 else None
    return before if isinstance(before, Label) and before.has_class("field-label") else None
