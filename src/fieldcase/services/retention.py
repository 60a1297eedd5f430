"""Retention: purge closed cases once the organisation's retention period has passed.

A case may be purged ``Policy.retention_years`` after it closed, unless it is
on legal hold. Purging removes the case and everything hanging off it, in one
transaction: its incidents, contacts, actions, parties, consents,
disclosures, assessments, visits, ABCs (with their conditions, signatories,
reviews and breaches), enforcement steps and drafts; the people in it who
appear in no other case (with their caution markers); and the case's
addresses when nothing else refers to them. Caution markers on an address
that is still in use stay: they protect staff.

The audit trail. Audit events about purged records hold the purged personal
data (every create and update records field values), so they are removed
too, and one ``purge`` event per case is written in their place: who purged,
when, the case reference, its closure date and how many records of each kind
went. The audit table is append-only, enforced by database triggers; a purge
is the single exception. The purge writes the row ``setting(key =
'purge_in_progress', value = '1')`` inside its own transaction before
deleting audit events and removes it before committing, so the flag is never
visible outside a purge. The delete trigger on ``auditevent`` must allow a
delete while that row exists::

    CREATE TRIGGER auditevent_append_only_delete BEFORE DELETE ON auditevent
    WHEN NOT EXISTS (SELECT 1 FROM setting
                     WHERE key = 'purge_in_progress' AND value = '1')
    BEGIN SELECT RAISE(ABORT, 'The audit trail cannot be changed.'); END;

Updates of audit rows stay forbidden without exception.

After the transaction, :func:`scrub` makes the removed text unrecoverable
from the file: ``secure_delete`` (set on every connection) has already
zeroed the deleted cells, ``VACUUM`` rebuilds the file without free pages,
and ``wal_checkpoint(TRUNCATE)`` empties the write-ahead log.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Engine, Table, delete, func, or_, select
from sqlmodel import Session, col
from sqlmodel import select as select_model

from fieldcase.db import audit
from fieldcase.db.models import AuditEvent, Case, Draft, Setting, metadata
from fieldcase.db.store import Store
from fieldcase.domain import dates
from fieldcase.domain.policy import Policy
from fieldcase.domain.protection import retention_ends
from fieldcase.domain.vocab import CaseStatus
from fieldcase.progress import Progress, no_progress
from fieldcase.services.errors import NotFound

PURGE_FLAG = "purge_in_progress"
"""The ``setting`` key that lets the audit triggers allow a purge's deletes."""

_OWNED_BY_PERSON = frozenset({"cautionmarker"})
"""Tables whose rows about a person go when the person goes."""


@dataclass(frozen=True)
class RetentionCase:
    """A closed case whose retention period has passed."""

    case_id: uuid.UUID
    reference: str
    closed_on: date
    purge_from: date
    """The first day it could be purged."""
    legal_hold: bool


@dataclass(frozen=True)
class RetentionReview:
    """What a purge would do today."""

    due: list[RetentionCase]
    """Cases that would be purged."""
    held: list[RetentionCase]
    """Cases past their retention period but kept because of a legal hold."""


@dataclass
class PurgedCase:
    """What was removed for one case."""

    reference: str
    closed_on: date
    removed: dict[str, int] = field(default_factory=dict)
    """Table name -> rows removed, including ``auditevent``."""


@dataclass
class PurgeResult:
    """What a purge removed, and whether the file was scrubbed afterwards."""

    cases: list[PurgedCase] = field(default_factory=list)
    scrubbed: bool = False
    """False when another program held the database open and the log could not be emptied."""


def review(session: Session, policy: Policy, *, today: date | None = None) -> RetentionReview:
    """The closed cases past their retention period: those due for purging and those on hold."""
    today = today or dates.local_today()
    rows = session.execute(
        select(col(Case.id), col(Case.reference), col(Case.closed_on), col(Case.legal_hold))
        .where(col(Case.status) == CaseStatus.CLOSED, col(Case.closed_on).is_not(None))
        .order_by(col(Case.closed_on), col(Case.reference))
    ).all()
    due: list[RetentionCase] = []
    held: list[RetentionCase] = []
    for case_id, reference, closed_on, legal_hold in rows:
        purge_from = retention_ends(closed_on, policy.retention_years)
        if purge_from > today:
            continue
        entry = RetentionCase(case_id, reference, closed_on, purge_from, bool(legal_hold))
        (held if legal_hold else due).append(entry)
    return RetentionReview(due=due, held=held)


def set_legal_hold(session: Session, reference: str, hold: bool) -> Case:
    """Put a case on legal hold (it is never purged) or release it; the change is audited.

    Raises:
        NotFound: No case has that reference.
    """
    case = session.exec(
        select_model(Case).where(func.upper(Case.reference) == reference.strip().upper())
    ).first()
    if case is None:
        raise NotFound(f"There is no case {reference.strip()}.")
    case.legal_hold = hold
    session.flush()
    return case


def purge_due(
    session: Session,
    policy: Policy,
    *,
    today: date | None = None,
    progress: Progress = no_progress,
) -> list[PurgedCase]:
    """Remove every case due for purging, in the caller's transaction.

    The caller commits; call :func:`scrub` after the commit. Use :func:`purge`
    to do both. ``progress`` is told after each case, out of the cases due plus one
    (the rebuild of the file that follows).
    """
    due = review(session, policy, today=today).due
    if not due:
        return []
    total = len(due) + 1
    progress(0, total)
    _set_flag(session, True)
    purged = []
    for done, entry in enumerate(due, start=1):
        purged.append(_purge_case(session, entry, policy))
        progress(done, total)
    _set_flag(session, False)
    if _has_table(session, "sqlite_stat4"):
        # Index statistics keep sample key values (names among them): rebuild them.
        session.connection().exec_driver_sql("ANALYZE")
    return purged


def purge(
    store: Store,
    policy: Policy,
    *,
    today: date | None = None,
    progress: Progress = no_progress,
) -> PurgeResult:
    """Purge every case due for it in one transaction, then scrub the file.

    ``progress`` is told after each case and once more when the file is rebuilt.
    """
    with store.transaction() as session:
        cases = purge_due(session, policy, today=today, progress=progress)
    scrubbed = scrub(store.engine) if cases else True
    if cases:
        progress(len(cases) + 1, len(cases) + 1)
    return PurgeResult(cases=cases, scrubbed=scrubbed)


def scrub(engine: Engine) -> bool:
    """Rebuild the database file and empty its write-ahead log.

    Returns:
        True when the log was emptied; False when another connection (another
        fieldcase window, say) was reading, so old pages may remain in the log
        until it is checkpointed.
    """
    if engine.dialect.name != "sqlite":
        return True
    raw = engine.raw_connection()
    try:
        conn: Any = raw.driver_connection
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'case_search'").fetchone():
            # Merging the search index drops the words of deleted cases it still held.
            conn.execute("INSERT INTO case_search (case_search) VALUES ('optimize')")
            conn.commit()
        conn.execute("VACUUM")
        busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        raw.close()
    return int(busy) == 0


def _purge_case(session: Session, entry: RetentionCase, policy: Policy) -> PurgedCase:
    case_table: Table = Case.__table__  # type: ignore[attr-defined]
    removed: dict[str, int] = {}
    refs: dict[str, set[Any]] = {"person": set(), "property": set()}
    deleted_ids: set[Any] = {entry.case_id}
    _collect_refs(session, case_table, [entry.case_id], refs)
    _delete_below(session, case_table, [entry.case_id], removed, refs, deleted_ids)
    removed["draft"] = _delete_drafts(session, entry.case_id)
    removed["case"] = _delete(session, case_table, [entry.case_id])
    _delete_orphans(session, "person", refs["person"], removed, deleted_ids)
    _delete_orphans(session, "property", refs["property"], removed, deleted_ids)
    removed["auditevent"] = _delete_audit(session, entry.case_id, deleted_ids)
    result = PurgedCase(entry.reference, entry.closed_on, {k: v for k, v in removed.items() if v})
    audit.record(
        session,
        action="purge",
        entity="case",
        entity_id=str(entry.case_id),
        case_id=entry.case_id,
        changes={
            "reference": entry.reference,
            "closed_on": entry.closed_on,
            "retention_years": policy.retention_years,
            "removed": result.removed,
        },
    )
    return result


def _children(table: Table) -> list[tuple[Table, Any]]:
    """Tables with a foreign key to ``table``'s id, and the referring column."""
    out = []
    for other in metadata.sorted_tables:
        if other is table:
            continue
        for fk in other.foreign_keys:
            if fk.column.table is table:
                out.append((other, fk.parent))
    return out


def _referrers(table_name: str) -> list[tuple[Table, Any]]:
    return _children(metadata.tables[table_name])


def _collect_refs(
    session: Session, table: Table, ids: Sequence[Any], refs: dict[str, set[Any]]
) -> None:
    """Note the people and addresses the rows point at, before the rows go."""
    for fk in table.foreign_keys:
        target = fk.column.table.name
        if target in refs and ids:
            found = session.execute(
                select(fk.parent).where(table.c.id.in_(ids), fk.parent.is_not(None))
            ).scalars()
            refs[target].update(found)


def _delete_below(
    session: Session,
    table: Table,
    ids: Sequence[Any],
    removed: dict[str, int],
    refs: dict[str, set[Any]],
    deleted_ids: set[Any],
) -> None:
    """Delete every row that hangs off ``ids`` in ``table``, deepest first."""
    for child, column in _children(table):
        if child.name in ("case", "person", "property"):
            continue
        child_ids = list(session.execute(select(child.c.id).where(column.in_(ids))).scalars())
        if not child_ids:
            continue
        _collect_refs(session, child, child_ids, refs)
        _delete_below(session, child, child_ids, removed, refs, deleted_ids)
        removed[child.name] = removed.get(child.name, 0) + _delete(session, child, child_ids)
        deleted_ids.update(child_ids)


def _delete(session: Session, table: Table, ids: Sequence[Any]) -> int:
    if not ids:
        return 0
    result = session.execute(delete(table).where(table.c.id.in_(ids)))
    return int(result.rowcount)  # type: ignore[attr-defined]


def _delete_orphans(
    session: Session,
    table_name: str,
    candidates: Iterable[Any],
    removed: dict[str, int],
    deleted_ids: set[Any],
) -> None:
    """Delete the people (or addresses) that nothing left in the database refers to."""
    table = metadata.tables[table_name]
    referrers = _referrers(table_name)
    orphans = []
    for item in candidates:
        still_used = any(
            session.execute(select(func.count()).select_from(t).where(c == item)).scalar_one()
            for t, c in referrers
            if not (table_name == "person" and t.name in _OWNED_BY_PERSON)
        )
        if not still_used:
            orphans.append(item)
    if not orphans:
        return
    for owned, column in referrers:
        if table_name == "person" and owned.name in _OWNED_BY_PERSON:
            owned_ids = list(
                session.execute(select(owned.c.id).where(column.in_(orphans))).scalars()
            )
            removed[owned.name] = removed.get(owned.name, 0) + _delete(session, owned, owned_ids)
            deleted_ids.update(owned_ids)
    removed[table_name] = _delete(session, table, orphans)
    deleted_ids.update(orphans)


def _delete_drafts(session: Session, case_id: uuid.UUID) -> int:
    """Drafts whose key names the case (e.g. ``risk:<case id>:<person id>``)."""
    keys = {str(case_id), case_id.hex}
    result = session.execute(delete(Draft).where(or_(*(col(Draft.key).contains(k) for k in keys))))
    return int(result.rowcount)  # type: ignore[attr-defined]


def _delete_audit(session: Session, case_id: uuid.UUID, deleted_ids: set[Any]) -> int:
    """Audit events about the case or any removed record (they hold its field values)."""
    entity_ids = [str(i) for i in deleted_ids]
    total = 0
    # Chunked: a purge of a large case can remove thousands of records.
    for start in range(0, max(len(entity_ids), 1), 500):
        chunk = entity_ids[start : start + 500]
        result = session.execute(
            delete(AuditEvent).where(
                or_(col(AuditEvent.case_id) == case_id, col(AuditEvent.entity_id).in_(chunk))
            )
        )
        total += int(result.rowcount)  # type: ignore[attr-defined]
    return total


def _set_flag(session: Session, on: bool) -> None:
    session.execute(delete(Setting).where(col(Setting.key) == PURGE_FLAG))
    if on:
        session.add(Setting(key=PURGE_FLAG, value="1"))
    session.flush()


def _has_table(session: Session, name: str) -> bool:
    if session.get_bind().dialect.name != "sqlite":
        return False
    found = session.connection().exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    )
    return found.first() is not None
