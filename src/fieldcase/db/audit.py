"""The audit trail: every create, update and delete, in the same transaction.

A ``before_flush`` hook turns the session's pending changes into
``AuditEvent`` rows, so no service can forget to audit. The database itself
refuses updates and deletes of audit rows (see the triggers in migration 0002).
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, inspect
from sqlmodel import Session

from fieldcase.db.models import AbcAgreement, AuditEvent, Case, Entity
from fieldcase.db.types import utcnow

QUIET_FIELDS = frozenset({"created_at", "updated_at", "version", "search_text"})
VIEWS = "fieldcase.views"
"""Session info key: "view" events, written by the store after the read (see ``record``)."""


def watch(session: Session) -> None:
    """Audit everything this session writes."""
    if not event.contains(session, "before_flush", _before_flush):
        event.listen(session, "before_flush", _before_flush)


def record(
    session: Session,
    *,
    action: str,
    entity: str,
    entity_id: str = "",
    case_id: uuid.UUID | None = None,
    changes: dict[str, Any] | None = None,
) -> None:
    """Add one audit event by hand, e.g. for opening a case file.

    A "view" in a session from the store is handed to the store instead, which
    writes it after the read in a transaction of its own: reading a case must
    work on a full disk, and a view recorded while reading is not lost.
    """
    event = AuditEvent(
        actor=str(session.info.get("actor", "")),
        action=action,
        entity=entity,
        entity_id=entity_id,
        case_id=case_id,
        changes=json.dumps(changes or {}, default=_plain, ensure_ascii=False),
    )
    views = session.info.get(VIEWS)
    if action == "view" and isinstance(views, list):
        views.append(event)
        return
    session.add(event)


def record_removal(session: Session, obj: Entity) -> None:
    """A "delete" event for a row the server removes on the session's behalf (not by a flush)."""
    fields = {k: [v, None] for k, v in _columns(obj).items() if v not in (None, "")}
    _add(session, "delete", obj, fields)


def _before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    now = utcnow()
    with session.no_autoflush:
        for obj in list(session.new):
            if isinstance(obj, Entity):
                fields = {k: [None, v] for k, v in _columns(obj).items() if v not in (None, "")}
                _add(session, "create", obj, fields)
        for obj in list(session.dirty):
            if isinstance(obj, Entity) and session.is_modified(obj, include_collections=False):
                changed = _changed(obj)
                if changed:
                    obj.updated_at = now
                    _add(session, "update", obj, changed)
        for obj in list(session.deleted):
            if isinstance(obj, Entity):
                fields = {k: [v, None] for k, v in _columns(obj).items() if v not in (None, "")}
                _add(session, "delete", obj, fields)


def _add(session: Session, action: str, obj: Entity, changes: dict[str, list[Any]]) -> None:
    record(
        session,
        action=action,
        entity=type(obj).__tablename__,  # type: ignore[arg-type]
        entity_id=str(obj.id),
        case_id=_case_of(session, obj),
        changes=changes,
    )


def _case_of(session: Session, obj: Entity) -> uuid.UUID | None:
    if isinstance(obj, Case):
        return obj.id
    case_id = getattr(obj, "case_id", None)
    if case_id is not None:
        return case_id  # type: ignore[no-any-return]
    abc_id = getattr(obj, "abc_id", None)
    if abc_id is not None:
        abc = session.get(AbcAgreement, abc_id)
        return abc.case_id if abc else None
    return None


def _columns(obj: Entity) -> dict[str, Any]:
    mapper = inspect(type(obj))
    return {
        col.key: getattr(obj, col.key)
        for col in mapper.column_attrs
        if col.key not in QUIET_FIELDS and col.key != "id"
    }


def _changed(obj: Entity) -> dict[str, list[Any]]:
    state = inspect(obj)
    out: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in QUIET_FIELDS:
            continue
        hist = state.attrs[attr.key].history
        if hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old != new:
                out[attr.key] = [old, new]
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)
