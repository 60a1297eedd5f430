"""Keeping a long form's typing as an encrypted draft, and offering it back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual.widget import Widget
from textual.widgets import Input, Select, SelectionList, TextArea

from fieldcase.db.store import Store
from fieldcase.domain.dates import to_local
from fieldcase.services.drafts import DraftSnapshot, autosave, forget, list_drafts, load_draft
from fieldcase.ui.base import FieldcaseScreen

AUTOSAVE_SECONDS = 10.0
"""How often a changed form is saved as a draft while it is open."""


def form_values(root: Widget) -> dict[str, Any]:
    """Every input, text area, drop-down and checklist that has an id: id -> value."""
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
        elif isinstance(widget, SelectionList) and isinstance(value, list):
            widget.deselect_all()
            for item in value:
                try:
                    widget.select(item)
                except Exception:  # a choice that no longer exists
                    continue


class FormDraft:
    """One open form's draft: saved every few seconds when changed, on a lock and on a crash.

    The screen offers ``draft_snapshot()`` by returning ``FormDraft.snapshot()``;
    the app asks every open screen for it when it locks or crashes.
    """

    def __init__(self, screen: FieldcaseScreen[Any], key: str, title: str) -> None:
        """Keep a draft of ``screen``'s fields under ``key``, listed as ``title``."""
        self.screen = screen
        self.key = key
        self.title = title
        self._pristine: dict[str, Any] | None = None
        self._last_saved: dict[str, Any] | None = None

    @property
    def _store(self) -> Store:
        return self.screen.app.store

    def saved(self) -> tuple[dict[str, Any], datetime] | None:
        """The draft kept from an earlier session, with when it was saved, if any."""
        with self._store.reading() as session:
            values = load_draft(session, self.key)
            when = next((d.updated_at for d in list_drafts(session) if d.key == self.key), None)
        if values is None or when is None:
            return None
        return values, when

    def start(self, every: float = AUTOSAVE_SECONDS) -> None:
        """Remember the empty form, then save changes every ``every`` seconds."""
        self._pristine = form_values(self.screen)
        self.screen.set_interval(every, self.save, name=f"draft-{self.key}")

    def snapshot(self) -> DraftSnapshot | None:
        """What the form holds now, or None while it is as it started."""
        values = form_values(self.screen)
        if self._pristine is not None and values == self._pristine:
            return None
        return DraftSnapshot(self.key, self.title, values)

    def save(self) -> None:
        """Save the form as the draft if it changed since the last save."""
        snapshot = self.snapshot()
        if snapshot is None or snapshot.payload == self._last_saved:
            return
        autosave(self._store, snapshot.key, snapshot.title, snapshot.payload)
        self._last_saved = snapshot.payload

    def discard(self) -> None:
        """Throw the draft away: the form was saved, or the officer left it on purpose."""
        forget(self._store, self.key)
        self._last_saved = None

    def offer(self, restore: Callable[[dict[str, Any]], None]) -> None:
        """If an earlier draft exists, ask whether to carry on with it; then start saving."""
        from fieldcase.ui.dialogs.choice import ChoiceDialog

        earlier = self.saved()
        if earlier is None:
            self.start()
            return
        values, when = earlier

        def answered(choice: str | None) -> None:
            if choice == "restore":
                restore(values)
            elif choice == "discard":
                self.discard()
            self.screen.call_after_refresh(self.start)

        stamp = to_local(when).strftime("%d %b %Y %H:%M")
        self.screen.app.push_screen(
            ChoiceDialog(
                f"{self.title}: you have one that was not saved, kept at {stamp}.",
                [
                    ("Carry on with it", "restore"),
                    ("Start afresh and throw it away", "discard"),
                ],
            ),
            answered,
        )
