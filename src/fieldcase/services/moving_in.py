"""Moving an officer's laptop database onto the team server: every record, with its history.

IT runs it as the database's owner role (``fieldcase server import``), in one
transaction: everything moves or nothing does. Records keep their ids, so a
second run finds them there and adds nothing; a record changed on the server
since is reported and the server's copy kept. The cases go to the officer
named (and their team, or another one); the audit events keep the laptop's
"who" and "when", and one "import" event per case (and one for the whole
file) says who moved it. Half-typed forms and the laptop's own settings stay
on the laptop. People and addresses the server may already hold as other
records are listed for an officer to review, never merged here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, insert, select, text
from sqlmodel import Session

from fieldcase.db import audit
from fieldcase.db.engine import StoreError
from fieldcase.db.models import Officer, Team, metadata
from fieldcase.db.store import OFFICER, OfficerIdentity
from fieldcase.domain.reference import REFERENCE_PATTERN, next_reference
from fieldcase.progress import Progress, no_progress
from fieldcase.services.errors import NotAllowed, ValidationError
from fieldcase.services.moving_in_matches import MaybeKnown, maybe_known

LEFT_BEHIND = frozenset({"draft", "setting", "team", "officer"})
"""Half-typed forms, the laptop's own settings, and a team server's people (empty on a laptop)."""
ASSIGNED = frozenset({"team", "officer_name", "covered_from", "reference", "search_text"})
"""Case columns the import sets on the server: not compared when a case is already there."""
KINDS = {
    "auditevent": "audit events",
    "person": "people",
    "property": "addresses",
    "case": "cases",
    "cautionmarker": "caution markers",
    "abcagreement": "ABCs",
    "action": "actions",
    "caseclosure": "closures",
    "caselink": "links between cases",
    "caseparty": "people's roles in cases",
    "consent": "consents",
    "contact": "contacts",
    "disclosure": "disclosures",
    "incident": "incidents",
    "riskassessment": "risk assessments",
    "visit": "visits",
    "abcbreach": "ABC breaches",
    "abccondition": "ABC conditions",
    "abcreview": "ABC reviews",
    "abcsignatory": "ABC signatories",
    "enforcementstep": "enforcement steps",
    "attachment": "attachments",
    "attachmentcontent": "attachment files",
}
BATCH = 500
BLOB_BATCH = 8
"""Attachment files are read a few at a time: each may be many megabytes."""
AUDIT_NOT_KEPT = (
    "The team server wrote its own login over the laptop's audit history, so nothing was "
    "moved. Run the import as the database's owner role, after fieldcase server upgrade "
    "(which rebuilds the server's rules)."
)


@dataclass
class KindMoved:
    """How one kind of record fared."""

    kind: str
    """The kind in words, plural: "cases", "audit events"."""
    moved: int = 0
    already_there: int = 0
    """Already on the server, exactly as on the laptop."""
    changed: list[str] = field(default_factory=list)
    """Already on the server but changed there since (a case's reference, else the id)."""


@dataclass
class MoveSummary:
    """What one import moved, for the officer named and their team."""

    officer: str
    team: str
    kinds: list[KindMoved]
    renumbered: dict[str, str] = field(default_factory=dict)
    """Laptop case references already used on the server, and the new ones given."""
    drafts_left: int = 0
    """Half-typed forms that stay on the laptop."""
    maybe_known: list[MaybeKnown] = field(default_factory=list)
    """People and addresses moved in that the server may already hold as other records."""

    @property
    def moved(self) -> int:
        """How many records moved, of every kind."""
        return sum(k.moved for k in self.kinds)


@dataclass
class _Run:
    officer: Officer
    team: str
    source: str
    summary: MoveSummary
    laptop_references: set[str] = field(default_factory=set)
    """Every case reference in the laptop file: a renumbered case takes none of them."""
    done: int = 0
    total: int = 0
    arrived: dict[str, set[uuid.UUID]] = field(
        default_factory=lambda: {"person": set(), "property": set()}
    )
    """The ids of the people and properties this run moved in."""


def move_in(
    session: Session,
    laptop: Engine,
    *,
    source: str,
    officer: str,
    team: str | None = None,
    progress: Progress = no_progress,
) -> MoveSummary:
    """Copy every record of the laptop database into the team server's transaction.

    Args:
        laptop: The laptop file, opened for reading (``db.laptop_file``).
        source: The file's name, for the audit trail.
        officer: The login the cases are assigned to.
        team: The team the cases go to; the officer's own when None.

    Raises:
        NotAllowed: Run by an officer's login rather than the owner role.
        ValidationError: ``officer`` or ``team`` is not on the server.
        StoreError: The server did not keep the laptop's audit history as it was.
    """
    if isinstance(session.info.get(OFFICER), OfficerIdentity):
        raise NotAllowed(
            "Moving a laptop's database in is for IT, as the database's owner role: "
            "it writes the laptop's audit history with its original who and when, "
            "which no officer's login may do."
        )
    run = _start(session, officer, team, source)
    tables = [t for t in metadata.sorted_tables if t.name not in LEFT_BEHIND]
    with laptop.connect() as conn:
        run.summary.drafts_left = _count(conn, metadata.tables["draft"])
        run.total = sum(_count(conn, table) for table in tables)
        case = metadata.tables["case"]
        run.laptop_references = {str(r) for r in conn.execute(select(case.c.reference)).scalars()}
        progress(0, run.total)
        for table in tables:
            kind = KindMoved(KINDS.get(table.name, table.name))
            run.summary.kinds.append(kind)
            for rows in _batches(conn, table):
                _move_batch(session, run, table, rows, kind)
                run.done += len(rows)
                progress(run.done, run.total)
    if run.summary.moved:
        _record_import(session, run)
    session.flush()
    run.summary.maybe_known = maybe_known(
        session, people=run.arrived["person"], addresses=run.arrived["property"]
    )
    return run.summary


def _start(session: Session, login: str, team: str | None, source: str) -> _Run:
    officer = session.get(Officer, login)
    if officer is None or not officer.active:
        raise ValidationError({"officer": f"There is no active officer with the login {login}."})
    chosen = team or officer.team
    if session.get(Team, chosen) is None:
        raise ValidationError({"team": f"There is no team {chosen} on this server."})
    return _Run(officer, chosen, source, MoveSummary(officer.login, chosen, []))


def _count(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _batches(conn: Connection, table: Table) -> Iterator[list[dict[str, Any]]]:
    size = BLOB_BATCH if table.name == "attachmentcontent" else BATCH
    found = conn.execution_options(yield_per=size).execute(
        select(table).order_by(*table.primary_key.columns)
    )
    for part in found.partitions():
        yield [dict(row._mapping) for row in part]


def _move_batch(
    session: Session, run: _Run, table: Table, rows: list[dict[str, Any]], kind: KindMoved
) -> None:
    """Insert the rows not yet on the server; count and compare those that are."""
    key = table.c.id
    there = {
        row.id: dict(row._mapping)
        for row in session.execute(select(table).where(key.in_([r["id"] for r in rows])))
    }
    ignored = ASSIGNED if table.name == "case" else frozenset()
    new = []
    for row in rows:
        held = there.get(row["id"])
        if held is None:
            new.append(row)
        elif all(held[name] == value for name, value in row.items() if name not in ignored):
            kind.already_there += 1
        else:
            kind.changed.append(str(held.get("reference") or row["id"]))
    if not new:
        return
    if table.name == "case":
        new = _assign_cases(session, run, new)
    session.execute(insert(table), new)
    kind.moved += len(new)
    if table.name in run.arrived:
        run.arrived[table.name].update(row["id"] for row in new)
    if table.name == "auditevent":
        _check_audit_kept(session, table, new)


def _assign_cases(session: Session, run: _Run, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The cases as the server holds them: the officer's, in the team, renumbered if need be."""
    used: dict[int, set[str]] = {}
    assigned = []
    for case in cases:
        old = str(case["reference"])
        match = REFERENCE_PATTERN.match(old)
        year = int(match.group(1)) if match else case["opened_on"].year
        if year not in used:
            used[year] = _references_used(session, year)
        reference = old
        if old in used[year]:
            reference = next_reference(year, sorted(used[year] | run.laptop_references))
        used[year].add(reference)
        changes: dict[str, Any] = {
            "from": [None, run.source],
            "officer_name": [case["officer_name"], run.officer.login],
            "team": [None, run.team],
        }
        if reference != old:
            run.summary.renumbered[old] = reference
            changes["reference"] = [old, reference]
        search = str(case["search_text"]).replace(old.lower(), reference.lower())
        assigned.append(
            case
            | {
                "reference": reference,
                "search_text": search,
                "officer_name": run.officer.login,
                "team": run.team,
                "covered_from": "",
            }
        )
        audit.record(
            session,
            action="import",
            entity="case",
            entity_id=str(case["id"]),
            case_id=case["id"],
            changes=changes,
        )
    return assigned


def _references_used(session: Session, year: int) -> set[str]:
    """Every reference of ``year`` on the server, locked against officers opening cases."""
    found = session.execute(text("SELECT fieldcase_case_references(:year)"), {"year": year})
    return {str(reference) for reference in found.scalars()}


def _check_audit_kept(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Refuse when the server stamped its own login over the laptop's "who"."""
    sent = {row["id"]: row["actor"] for row in rows}
    written = session.execute(
        select(table.c.id, table.c.actor).where(table.c.id.in_(list(sent)))
    ).all()
    if any(sent[event_id] != actor for event_id, actor in written):
        raise StoreError(AUDIT_NOT_KEPT)


def _record_import(session: Session, run: _Run) -> None:
    moved = ", ".join(f"{k.moved} {k.kind}" for k in run.summary.kinds if k.moved)
    audit.record(
        session,
        action="import",
        entity="laptop database",
        entity_id=run.source,
        case_id=None,
        changes={
            "officer": [None, run.officer.login],
            "team": [None, run.team],
            "moved": [None, moved],
        },
    )
