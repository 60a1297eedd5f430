"""Drafts of half-finished forms, kept inside the encrypted database.

A long form saves what has been typed as a draft every few seconds, on a
lock, and before the app exits after an error. The next time the form opens
(or fieldcase starts) the officer is offered the draft. Drafts live in the
``draft`` table of the encrypted database, so they are encrypted like every
case record; they are not audited, because they are not records yet.

Each save is its own small transaction (``autosave``), so a crash or a dead
battery loses at most the typing since the previous save.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from sqlmodel import Session, col, select

from fieldcase.db.models import Draft
from fieldcase.db.store import DRAFT_OWNER, Store
from fieldcase.db.types import utcnow

MAX_KEY_LENGTH = 200
FORM_PREFIX = "form"
"""Drafts of the dialogs about a case: ``form:<kind>:<case id>[:<record id>]``."""


@dataclass(frozen=True)
class FormKey:
    """What a dialog's draft is for: the kind of form, its case and the record edited."""

    kind: str
    """The form, e.g. ``contact`` or ``abc-breach``."""
    case_id: uuid.UUID
    record_id: uuid.UUID | None = None
    """The record being edited; None for a new one."""

    def __str__(self) -> str:
        parts = [FORM_PREFIX, self.kind, str(self.case_id)]
        if self.record_id is not None:
            parts.append(str(self.record_id))
        return ":".join(parts)

    @classmethod
    def parse(cls, key: str) -> FormKey | None:
        """The form a draft key names, or None for another kind of draft."""
        parts = key.split(":")
        if len(parts) not in (3, 4) or parts[0] != FORM_PREFIX:
            return None
        try:
            ids = [uuid.UUID(part) for part in parts[2:]]
        except ValueError:
            return None
        return cls(parts[1], ids[0], ids[1] if len(ids) == 2 else None)


@dataclass(frozen=True)
class DraftSummary:
    """One saved draft, as listed to the officer."""

    key: str
    """What the draft is for, e.g. ``new-case`` or ``risk:<case id>``."""
    title: str
    """A short description the officer recognises, e.g. “New case (unsaved)”."""
    updated_at: datetime
    """When it was last saved (aware UTC)."""


@dataclass(frozen=True)
class SavedDraft:
    """A draft read back to be offered to the officer: its values and when they were kept."""

    key: str
    title: str
    payload: dict[str, Any]
    """The field values, as saved."""
    updated_at: datetime
    """When it was last saved (aware UTC)."""


@dataclass(frozen=True)
class DraftSnapshot:
    """What an open form would keep as its draft right now."""

    key: str
    title: str
    payload: dict[str, Any]


@runtime_checkable
class KeepsDraft(Protocol):
    """A form (usually a screen) that can say what it holds, to keep as a draft.

    The app asks every open screen with this method when it locks, and when it
    crashes, so the typing survives both.
    """

    def draft_snapshot(self) -> DraftSnapshot | None:
        """The form's current values, or None when there is nothing worth keeping."""
        ...


def _owner(session: Session) -> str:
    """Whose drafts the session works with: the login on a team server, "" on a laptop."""
    return str(session.info.get(DRAFT_OWNER, ""))


def _check_key(key: str) -> None:
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ValueError(f"a draft key must be 1 to {MAX_KEY_LENGTH} characters")


def save_draft(
    session: Session,
    key: str,
    title: str,
    payload: dict[str, Any],
    *,
    now: datetime | None = None,
) -> None:
    """Keep ``payload`` (what the form holds) as the draft ``key``, replacing any earlier one.

    Args:
        session: The caller's session; the caller commits.
        key: What the draft is for; one draft per key.
        title: What to call it when the officer is offered it back.
        payload: Field values; must be plain JSON (strings, numbers, booleans,
            None, lists and dicts). Convert dates to ISO strings first.
        now: The moment of saving (aware UTC); defaults to the clock.

    Raises:
        ValueError: The key is empty or too long.
        TypeError: The payload holds something that is not plain JSON.
    """
    _check_key(key)
    encoded = json.dumps(payload, ensure_ascii=False, allow_nan=False)
    draft = session.get(Draft, (_owner(session), key))
    if draft is None:
        draft = Draft(owner=_owner(session), key=key)
    draft.title = title
    draft.payload = encoded
    draft.updated_at = now or utcnow()
    session.add(draft)
    session.flush()


def load_draft(session: Session, key: str) -> dict[str, Any] | None:
    """The saved field values for ``key``, or None when there is no draft (or it is unreadable)."""
    saved = read_draft(session, key)
    return saved.payload if saved is not None else None


def read_draft(session: Session, key: str) -> SavedDraft | None:
    """The draft ``key`` and when it was saved, or None when there is none (or it is unreadable)."""
    draft = session.get(Draft, (_owner(session), key))
    if draft is None:
        return None
    try:
        value = json.loads(draft.payload)
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    return SavedDraft(key=key, title=draft.title, payload=value, updated_at=draft.updated_at)


def list_drafts(session: Session, *, prefix: str = "") -> list[DraftSummary]:
    """Every saved draft (optionally only keys starting ``prefix``), newest first."""
    query = (
        select(Draft)
        .where(Draft.owner == _owner(session))
        .order_by(col(Draft.updated_at).desc(), col(Draft.key))
    )
    if prefix:
        query = query.where(col(Draft.key).startswith(prefix, autoescape=True))
    return [
        DraftSummary(key=d.key, title=d.title, updated_at=d.updated_at) for d in session.exec(query)
    ]


def discard_draft(session: Session, key: str) -> bool:
    """Delete the draft ``key`` (after the form is saved or the officer throws it away).

    Returns:
        True when there was a draft to delete.
    """
    draft = session.get(Draft, (_owner(session), key))
    if draft is None:
        return False
    session.delete(draft)
    session.flush()
    return True


def autosave(
    store: Store,
    key: str,
    title: str,
    payload: dict[str, Any],
    *,
    now: datetime | None = None,
) -> None:
    """Save a draft in its own transaction, committed before this returns."""
    with store.transaction() as session:
        save_draft(session, key, title, payload, now=now)


def forget(store: Store, key: str) -> None:
    """Discard a draft in its own transaction."""
    with store.transaction() as session:
        discard_draft(session, key)


def save_snapshots(store: Store, sources: Iterable[object]) -> int:
    """Keep a draft for every source that offers one; returns how many were saved.

    Each draft is its own transaction, and one form that fails (its snapshot
    raises, or its payload is not plain JSON) does not stop the others.
    """
    saved = 0
    for source in sources:
        if not isinstance(source, KeepsDraft):
            continue
        try:
            snapshot = source.draft_snapshot()
            if snapshot is None:
                continue
            autosave(store, snapshot.key, snapshot.title, snapshot.payload)
        except Exception:  # one broken form must not lose the others
            continue
        saved += 1
    return saved
