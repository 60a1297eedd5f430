"""Keeping a form's typing as an encrypted draft, and offering it back.

Drafts are read and written through ``app.run_service`` in workers, so typing
never waits for the database. Writes of one form go out one at a time, in the
order they were asked for, and only the newest waiting one is written: a save
can never land after the discard that followed it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, SelectionList, TextArea

from fieldcase.db.errors import ServerUnreachable
from fieldcase.domain.dates import to_local
from fieldcase.services import drafts
from fieldcase.services.drafts import DraftSnapshot, SavedDraft
from fieldcase.ui.base import FieldcaseModal, FieldcaseScreen

AUTOSAVE_SECONDS = 10.0
"""How often a changed form is saved as a draft while it is open (screens that poll)."""

CHANGE_DELAY = 0.3
"""How long after the last change a draft is saved (forms that save on change)."""

DRAFT_WRITES = "draft-writes"
"""The worker group of draft writes; quitting waits for it."""

Values = Callable[[], dict[str, Any]]
"""Returns what a form holds now, as plain JSON values."""


@dataclass(frozen=True)
class _Write:
    """One write of a form's draft."""

    snapshot: DraftSnapshot | None
    """What to keep; None to throw the draft away."""


def form_values(root: Widget) -> dict[str, Any]:
    """Every input, text area, drop-down, checklist and tick box that has an id: id -> value."""
    values: dict[str, Any] = {}
    for field in root.query(Input):
        if field.id:
            values[field.id] = field.value
    for area in root.query(TextArea):
        if area.id:
            values[area.id] = area.text
    for select in root.query(Select):
        if select.id:
            values[select.id] = None if select.is_blank() else str(select.value)
    for checklist in root.query(SelectionList):
        if checklist.id:
            values[checklist.id] = [str(v) for v in checklist.selected]
    for box in root.query(Checkbox):
        if box.id:
            values[box.id] = box.value
    return values


def restore_values(root: Widget, values: dict[str, Any]) -> None:
    """Put saved values back into the fields that still exist; others are skipped."""
    for field_id, value in values.items():
        found = root.query(f"#{field_id}")
        if not found:
            continue
        widget = found.first()
        if isinstance(widget, Input) and isinstance(value, str):
            widget.value = value
        elif isinstance(widget, TextArea) and isinstance(value, str):
            widget.text = value
        elif isinstance(widget, Select) and isinstance(value, str):
            try:
                widget.value = value
            except Exception:  # an option that no longer exists: keep the default
                continue
        elif isinstance(widget, Checkbox) and isinstance(value, bool):
            widget.value = value
        elif isinstance(widget, SelectionList) and isinstance(value, list):
            widget.deselect_all()
            for item in value:
                try:
                    widget.select(item)
                except Exception:  # a choice that no longer exists
                    continue


class FormDraft:
    """One open form's draft: saved when it changes, on a lock and on a crash; offered back.

    The form offers ``draft_snapshot()`` by returning ``FormDraft.snapshot()``;
    the app asks every open screen and dialog for it when it locks or crashes.
    """

    def __init__(
        self,
        screen: FieldcaseScreen[Any] | FieldcaseModal[Any],
        key: str,
        title: str,
        *,
        values: Values | None = None,
    ) -> None:
        """Keep a draft of ``screen`` under ``key``, listed as ``title``.

        Args:
            screen: The form's screen or dialog.
            key: What the draft is for; one draft per key.
            title: What to call it when it is offered back.
            values: What the form holds; by default every field of ``screen`` with an id.
        """
        self.screen = screen
        self.key = key
        self.title = title
        self._values = values or (lambda: form_values(screen))
        self._pristine: dict[str, Any] | None = None
        self._last_saved: dict[str, Any] | None = None
        self._finished = False
        self._change_timer: Timer | None = None
        self._waiting: _Write | None = None
        """The newest write not yet started; older ones it replaced are not needed."""
        self._writing = False
        self._offering = False
        """True while an earlier draft is being looked for and offered: no save may replace it."""

    async def saved(self) -> SavedDraft | None:
        """The draft kept from an earlier session, if any (call from a worker)."""
        return await self.screen.app.run_service(drafts.read_draft, self.key)

    def current_values(self) -> dict[str, Any]:
        """What the form holds now, as the draft keeps it."""
        return self._values()

    def mark_pristine(self) -> None:
        """Remember the form as it is now: until it changes there is nothing to keep."""
        self._pristine = None
        opened = self.snapshot()
        self._pristine = opened.payload if opened is not None else None

    def start(self, every: float = AUTOSAVE_SECONDS) -> None:
        """Remember the form as it opened, then save changes every ``every`` seconds."""
        self.mark_pristine()
        self._save_every(every)

    def _save_every(self, every: float) -> None:
        self.screen.set_interval(every, self.save, name=f"draft-{self.key}")

    def snapshot(self) -> DraftSnapshot | None:
        """What the form holds now, or None while it is as it started (or once finished)."""
        if self._finished:
            return None
        values = self.current_values()
        if self._pristine is not None and values == self._pristine:
            return None
        return DraftSnapshot(self.key, self.title, values)

    def changed(self, delay: float = CHANGE_DELAY) -> None:
        """The form changed: save it once it has been still for ``delay`` seconds."""
        if self._finished:
            return
        if self._change_timer is not None:
            self._change_timer.stop()
        self._change_timer = self.screen.set_timer(delay, self.save, name=f"draft-{self.key}")

    def save(self) -> None:
        """Save the form as the draft (off the interface thread) if it changed since the last save.

        Nothing is saved before the form has started (its opening values are not known yet).
        """
        if self._finished or self._pristine is None or self._offering:
            return
        snapshot = self.snapshot()
        if snapshot is None or snapshot.payload == self._last_saved:
            return
        self._last_saved = snapshot.payload
        self._write(_Write(snapshot))

    async def settle(self) -> None:
        """Hold back a pending save and wait for a write under way (call before the form saves).

        The form's own save then has the database to itself: a draft written between its
        first read and its first write would make SQLite refuse that write.
        """
        if self._change_timer is not None:
            self._change_timer.stop()
        while self._writing:
            await asyncio.sleep(0.01)

    def discard(self) -> None:
        """Throw the draft away for good: the form was saved, or the officer left it on purpose."""
        self._finished = True
        if self._change_timer is not None:
            self._change_timer.stop()
        self._forget()

    def close(self) -> None:
        """The form closes with nothing worth keeping: an earlier session's draft stays.

        What this session saved is thrown away (typing that was later rubbed out).
        """
        if self._last_saved is not None:
            self.discard()
            return
        self._finished = True
        if self._change_timer is not None:
            self._change_timer.stop()

    def _forget(self) -> None:
        self._last_saved = None
        self._write(_Write(None))

    def _write(self, what: _Write) -> None:
        self._waiting = what
        if not self._writing:
            self._writing = True
            # On the app, not the form: the write must outlive a form that closes.
            self.screen.app.run_worker(self._write_waiting(), group=DRAFT_WRITES)

    async def _write_waiting(self) -> None:
        app = self.screen.app
        try:
            while self._waiting is not None:
                snapshot, self._waiting = self._waiting.snapshot, None
                try:
                    if snapshot is None:
                        await app.run_service(drafts.discard_draft, self.key)
                    else:
                        await app.run_service(
                            drafts.save_draft,
                            snapshot.key,
                            snapshot.title,
                            snapshot.payload,
                            now=app.now(),
                        )
                except ServerUnreachable:  # the app already says it is offline
                    self._last_saved = None
                except Exception as exc:  # the form stays usable; the officer is told
                    self._last_saved = None
                    app.notify(
                        f"The draft could not be kept: {exc}", severity="error", markup=False
                    )
        finally:
            self._writing = False

    def offer(
        self,
        restore: Callable[[dict[str, Any]], None],
        *,
        every: float | None = AUTOSAVE_SECONDS,
        opening: dict[str, Any] | None = None,
    ) -> None:
        """If an earlier draft exists, ask whether to carry on with it; then start keeping it.

        Args:
            restore: Puts the draft's values back into the form.
            every: Save changes this often; None when the form calls ``changed()`` itself.
            opening: What the form held as it opened, when it was read before now (keys
                typed straight after opening may already have changed the fields).
        """
        # What the form held as it opened: typing that comes before the earlier draft has
        # been looked up is a change from this, so a signal or a lock meanwhile keeps it.
        if opening is None:
            self.mark_pristine()
        else:
            self._pristine = opening
        self._offering = True
        self.screen.run_worker(self._offer(restore, every), group=f"draft-offer-{self.key}")

    async def _offer(self, restore: Callable[[dict[str, Any]], None], every: float | None) -> None:
        from fieldcase.ui.dialogs.choice import ChoiceDialog

        earlier = await self.saved()
        if earlier is not None:
            stamp = to_local(earlier.updated_at).strftime("%d %b %Y %H:%M")
            choice = await self.screen.app.ask(
                ChoiceDialog(
                    f"{self.title}: you have one that was not saved, kept at {stamp}.",
                    [
                        ("Carry on with it", "restore"),
                        ("Start afresh and throw it away", "discard"),
                    ],
                )
            )
            if choice == "restore":
                self._offering = False
                restore(earlier.payload)
                # The draft's values are where the form now starts: nothing new to keep yet.
                self.screen.call_after_refresh(self._started, every, True)
                return
            if choice == "discard":
                self._forget()
        self._started(every, False)

    def _started(self, every: float | None, restored: bool) -> None:
        self._offering = False
        if restored:
            self.mark_pristine()
        if every is not None:
            self._save_every(every)
        self.save()  # anything typed while the earlier draft was looked up


def cancel_form(screen: FieldcaseScreen[Any], draft: FormDraft | None) -> None:
    """Close a form screen without saving: asks first when something was typed.

    The same question a form dialog asks; once the officer agrees (or nothing
    was typed) the draft goes too and the screen closes.
    """

    def leave() -> None:
        if draft is not None:
            draft.discard()
        screen.dismiss(None)

    async def ask_then_leave() -> None:
        from fieldcase.ui.dialogs.choice import discard_agreed

        if await discard_agreed(screen.app):
            leave()

    if draft is not None and draft.snapshot() is not None:
        screen.run_worker(ask_then_leave(), exclusive=True, group="form-cancel")
    else:
        leave()
