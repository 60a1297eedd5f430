"""The one way to edit a stored row: check its version, save, and say who got there first.

Every editable row carries a version counter (``Entity.version``, SQLAlchemy's
``version_id_col``). An edit names the version its form was opened at:

- if the row has moved on since, the edit is refused before anything is written;
- if someone else saves between this edit loading the row and writing it, the
  versioned ``UPDATE`` matches no row (``StaleDataError``; on SQLite the write
  is refused because the transaction's snapshot is stale) and the edit is
  refused all the same.

Either way the officer gets one ``EditConflict`` that says which record, who
saved it last and when (from the row's ``updated_at`` and the audit trail), and
which fields that save changed. Nothing of the refused edit is written. A row
deleted since the form opened is ``NotFound``, saying who deleted it and when.

"Who" is the audit trail's actor: the officer's name on a laptop, the login on
a team server, shown with the officer's full name when the server knows it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, overload

from sqlalchemy import and_, or_
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from fieldcase.db.models import AuditEvent, Entity, Officer
from fieldcase.db.types import utcnow
from fieldcase.domain.when import format_when
from fieldcase.services.audit_view import ENTITY_LABELS, field_label
from fieldcase.services.errors import EditConflict, NotFound

RecordT = TypeVar("RecordT", bound=Entity)

_WHAT = {**ENTITY_LABELS, "abcagreement": "ABC"}
"""The record kinds in words, as an officer says them."""

_PARTS = {"abcagreement": ("abccondition", "abcsignatory")}
"""Rows edited as part of another: a change to them is a change to the whole."""


def what_of(model: type[Entity]) -> str:
    """A record kind in words, e.g. ``Visit`` → “visit”."""
    table = str(model.__tablename__)
    return _WHAT.get(table, table)


def load_record(session: Session, model: type[RecordT], record_id: uuid.UUID) -> RecordT:
    """One row by id, for editing.

    Raises:
        NotFound: The row is no longer there.
    """
    record = session.get(model, record_id)
    if record is None:
        raise removed(session, model, record_id)
    return record


def removed(session: Session, model: type[Entity], record_id: uuid.UUID) -> NotFound:
    """Why a row is not there: who deleted it and when, if the audit trail says."""
    what = what_of(model)
    event = session.exec(
        select(AuditEvent)
        .where(
            col(AuditEvent.entity) == str(model.__tablename__),
            col(AuditEvent.entity_id) == str(record_id),
            col(AuditEvent.action) == "delete",
        )
        .order_by(col(AuditEvent.at).desc())
        .limit(1)
    ).first()
    if event is None:
        return NotFound(f"That {what} is no longer there; it may have been removed elsewhere.")
    return NotFound(
        f"This {what} was deleted by {officer_called(session, event.actor)} on "
        f"{format_when(event.at)}, after you opened it. Nothing you typed has been saved; "
        "it is still in the form to copy."
    )


def officer_called(session: Session, actor: str) -> str:
    """An actor as officers know them: “Anna Shah (anna)” on a team server, else as recorded."""
    if not actor:
        return "someone else"
    officer = session.get(Officer, actor)
    if officer is None or not officer.full_name or officer.full_name == actor:
        return actor
    return f"{officer.full_name} ({actor})"


def current_version(session: Session, model: type[Entity], record_id: uuid.UUID) -> int:
    """The version a row has now: what a form reloading after a conflict saves against.

    Raises:
        NotFound: The row is no longer there.
    """
    return load_record(session, model, record_id).version


def check_version(session: Session, record: Entity, expected_version: int) -> None:
    """Refuse an edit whose form was opened at an older (or other) version of the row.

    Raises:
        EditConflict: The row has been saved since; it says by whom and when.
    """
    if record.version != expected_version:
        with session.no_autoflush:
            raise conflict_on(session, record)


@contextmanager
def editing(
    session: Session, record: RecordT, expected_version: int, *, touch: bool = False
) -> Iterator[RecordT]:
    """Edit a row (and what hangs off it) in several steps, as one versioned save.

    The version is checked on entry; on leaving, the changes are flushed, so a
    save that raced with this one is refused here. With ``touch``, the row's
    version moves on even if only its parts changed (an ABC's conditions and
    signatures), so a form opened before this edit is refused in turn.

    An edit saved again after its answer was lost (the server committed it) finds
    the row one version on, saved by this same officer: if the edit changes
    nothing, it is their own save and goes through without writing; if it
    changes something, it is refused as any other conflict.

    Raises:
        EditConflict: The row changed since ``expected_version``, or while this edit ran.
    """
    own = _own_save(session, record, expected_version)
    if not own:
        check_version(session, record, expected_version)
    # Kept apart: after a failed flush the row's attributes can no longer be read.
    model, record_id = type(record), record.id
    pending = _pending(session) if own else set[int]()
    try:
        yield record
        if own:
            if record.version != expected_version + 1 or _pending(session) - pending:
                with session.no_autoflush:
                    raise conflict_on(session, record)
            return
        if touch and record.version == expected_version:  # not yet moved on by the edit itself
            record.updated_at = utcnow()
        session.flush()
    except StaleDataError as exc:
        # The versioned UPDATE (or DELETE) matched no row: someone saved in between.
        raise _conflict_read_afresh(session, model, record_id) from exc
    except OperationalError as exc:
        # SQLite refuses to write from a snapshot older than the last commit.
        conflict = _conflict_read_afresh(session, model, record_id, unless_at=expected_version)
        if conflict is None:
            raise
        raise conflict from exc


def _own_save(session: Session, record: Entity, expected_version: int) -> bool:
    """True when the row is one save past the form's version, and that save was this officer's."""
    if record.version != expected_version + 1:
        return False
    with session.no_autoflush:
        event = _latest_change(session, record)
    actor = session.info.get("actor")
    return event is not None and bool(actor) and event.actor == actor


def _pending(session: Session) -> set[int]:
    """What the session would write (by identity): rows added, deleted, or changed in value."""
    changed = [row for row in session.dirty if session.is_modified(row)]
    return {id(row) for row in [*session.new, *session.deleted, *changed]}


def update_record(
    session: Session, record: RecordT, expected_version: int, **changes: Any
) -> RecordT:
    """Apply edits to a loaded row, refusing if it changed since the form opened.

    Raises:
        EditConflict: Someone else saved the row in the meantime.
    """
    with editing(session, record, expected_version):
        for name, value in changes.items():
            setattr(record, name, value)
    return record


def conflict_on(session: Session, record: Entity) -> EditConflict:
    """The conflict for a row as ``session`` sees it now: who saved it last, when, what."""
    model = type(record)
    event = _latest_change(session, record)
    who = event.actor if event is not None else ""
    called = officer_called(session, who) if who else ""
    fields = _changed_fields(event)
    what = what_of(model)
    by = f" by {called}" if who else " elsewhere"
    listed = f" ({', '.join(fields)})" if fields else ""
    message = (
        f"This {what} was changed{by} on {format_when(record.updated_at)}{listed}, "
        "after you opened it. Nothing you typed has been saved."
    )
    return EditConflict(
        message,
        what=what,
        record_id=record.id,
        changed_at=record.updated_at,
        changed_by=who,
        changed_by_name=called,
        changed_fields=fields,
        current_version=record.version,
    )


@overload
def _conflict_read_afresh(
    session: Session, model: type[Entity], record_id: uuid.UUID
) -> EditConflict | NotFound: ...


@overload
def _conflict_read_afresh(
    session: Session, model: type[Entity], record_id: uuid.UUID, *, unless_at: int
) -> EditConflict | NotFound | None: ...


def _conflict_read_afresh(
    session: Session, model: type[Entity], record_id: uuid.UUID, *, unless_at: int | None = None
) -> EditConflict | NotFound | None:
    """The conflict as committed now, read in a session of its own.

    The edit's own transaction failed and can no longer be read from. With
    ``unless_at``, None when the row is still at that version (no conflict).
    """
    with Session(session.get_bind(), expire_on_commit=False, autoflush=False) as fresh:
        latest = fresh.get(model, record_id)
        if latest is None:
            return removed(fresh, model, record_id)
        if latest.version == unless_at:
            return None
        return conflict_on(fresh, latest)


def _latest_change(session: Session, record: Entity) -> AuditEvent | None:
    """The newest audit event that wrote this row (or one of its parts)."""
    record_id = str(record.id)
    about = col(AuditEvent.entity_id) == record_id
    parts = _PARTS.get(str(type(record).__tablename__))
    if parts:
        about = or_(
            about,
            and_(col(AuditEvent.entity).in_(parts), col(AuditEvent.changes).contains(record_id)),
        )
    return session.exec(
        select(AuditEvent)
        .where(about, col(AuditEvent.action) != "view")
        .order_by(col(AuditEvent.at).desc())
        .limit(1)
    ).first()


def _changed_fields(event: AuditEvent | None) -> tuple[str, ...]:
    if event is None or event.action != "update":
        return ()
    try:
        changes = json.loads(event.changes or "{}")
    except ValueError:
        return ()
    if not isinstance(changes, dict):
        return ()
    return tuple(field_label(name) for name in changes)


def saved_before(
    session: Session, model: type[RecordT], record_id: uuid.UUID | None, **columns: Any
) -> RecordT | None:
    """The row an earlier try of the same save created, with ``columns`` as typed now.

    A new record's key is made before its first save is tried. When the link to
    the team server fails just after the server committed, the officer is told
    it was not saved and saves again with the same key: the row is found here
    rather than added twice. If the typing changed meanwhile, the row is brought
    up to it as an ordinary edit; if not, nothing is written. None when there is
    no such row (the usual case: nothing was saved yet).
    """
    existing = already_saved(session, model, record_id)
    if existing is None:
        return None
    changed = {name: value for name, value in columns.items() if getattr(existing, name) != value}
    if changed:
        update_record(session, existing, existing.version, **changed)
    return existing


def already_saved(
    session: Session, model: type[RecordT], record_id: uuid.UUID | None
) -> RecordT | None:
    """The row an earlier try of a save created with this key, as it is; None if none did.

    For a record saved with its parts in one transaction (a case with its people
    and property, an ABC with its conditions): the row being there means the
    whole earlier try committed, so a retry returns it and writes nothing.
    """
    if record_id is None:
        return None
    return session.get(model, record_id)
