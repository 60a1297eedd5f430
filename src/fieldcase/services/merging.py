"""What points at a record, found from the models: shared by the person and property merges.

A merge moves every row that refers to the copy over to the kept record. The
rows are found from the foreign keys of the mapped tables rather than from a
list, so a table added later is moved too and nothing is left pointing at a
record that is about to be removed.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select
from sqlmodel.main import default_registry

from fieldcase.db import audit
from fieldcase.db.models import Case, Entity
from fieldcase.db.store import OFFICER, OfficerIdentity
from fieldcase.services.errors import EditConflict, NotAllowed

UNDEFINED_FUNCTION = "42883"
NOT_UPGRADED = (
    "This team server cannot merge records yet: IT runs fieldcase server upgrade once. "
    "Nothing has been merged."
)
SEEN_THROUGH = frozenset({"case", "caseparty", "visit"})
"""On a team server an officer sees a person or an address through these rows only: they
move last, so the copy's caution markers are still in reach when they move."""


@dataclass(frozen=True)
class Kinds:
    """What each table's rows are called when they point at one kind of record.

    E.g. for a person, ``caseparty`` rows are "roles"; a table without a name
    here is called by its table name, so a new table still shows up.
    """

    target: str
    """The table pointed at: ``person`` or ``property``."""
    names: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """Table -> (one, many), e.g. ``{"caseparty": ("role", "roles")}``."""

    def plural(self, model: Any) -> str:
        """What the rows of ``model`` are called, e.g. "roles"."""
        table = str(model.__tablename__)
        return self.names.get(table, (table, table))[1]

    def singular(self, plural: str) -> str:
        """One of them, e.g. "role" for "roles"."""
        for one, many in self.names.values():
            if many == plural:
                return one
        return plural


def references(target: str) -> list[tuple[Any, str]]:
    """Every mapped model and attribute with a foreign key to the table ``target``."""
    found: list[tuple[Any, str]] = []
    for mapper in default_registry.mappers:
        for column in mapper.columns:
            if any(fk.column.table.name == target for fk in column.foreign_keys):
                found.append((mapper.class_, mapper.get_property_by_column(column).key))
    return sorted(
        found,
        key=lambda pair: (
            str(pair[0].__tablename__) in SEEN_THROUGH,
            str(pair[0].__tablename__),
            pair[1],
        ),
    )


def record_names(kinds: Kinds) -> list[str]:
    """Every name a count can have: those ``kinds`` names in its order, then any others."""
    found = {kinds.plural(model) for model, _ in references(kinds.target)}
    named = [many for _, many in kinds.names.values() if many in found]
    return named + sorted(found - set(named))


def count_references(
    session: Session, kinds: Kinds, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, int]]:
    """How many rows of each kind point at each record (every kind listed, 0 when none)."""
    names = record_names(kinds)
    counts = {record_id: dict.fromkeys(names, 0) for record_id in ids}
    if not ids:
        return counts
    for model, attribute in references(kinds.target):
        column = getattr(model, attribute)
        for record_id, n in session.exec(
            select(column, func.count()).where(col(column).in_(list(ids))).group_by(column)
        ).all():
            counts[record_id][kinds.plural(model)] += n
    return counts


@dataclass(frozen=True)
class Moved:
    """What moving the references did."""

    counts: dict[str, int]
    """Rows moved, by what they are called (every kind listed, 0 when none)."""
    case_ids: set[uuid.UUID]
    """The cases those rows belong to."""


def move_references(
    session: Session, kinds: Kinds, copy_id: uuid.UUID, keep_id: uuid.UUID
) -> Moved:
    """Point every row that refers to ``copy_id`` at ``keep_id`` instead (audited as updates)."""
    counts = dict.fromkeys(record_names(kinds), 0)
    case_ids: set[uuid.UUID] = set()
    for model, attribute in references(kinds.target):
        rows = session.exec(select(model).where(getattr(model, attribute) == copy_id)).all()
        for row in rows:
            setattr(row, attribute, keep_id)
            case_id = row.id if isinstance(row, Case) else getattr(row, "case_id", None)
            if case_id is not None:
                case_ids.add(case_id)
        counts[kinds.plural(model)] += len(rows)
    session.flush()
    return Moved(counts, case_ids)


def remove_copy(session: Session, copy: Entity, *, still_used: str) -> None:
    """Remove the merged copy, now that everything the officer can see has moved off it.

    On a team server the officer no longer sees the copy at this point, so the
    server removes it on their behalf, and only when nothing at all points at it
    (``fieldcase_remove_merged``); the removal is audited here as a delete.

    Args:
        still_used: What to tell the officer when records they cannot see (another
            team's cases) still point at the copy.

    Raises:
        NotAllowed: Another team's records still point at the copy, or the server has not
            been upgraded to remove copies; nothing is merged.
        EditConflict: Someone changed or removed the copy meanwhile.
    """
    if not isinstance(session.info.get(OFFICER), OfficerIdentity):
        session.delete(copy)
        session.flush()
        return
    audit.record_removal(session, copy)
    session.flush()
    try:
        outcome = session.execute(
            text("SELECT fieldcase_remove_merged(:kind, :id, :version)"),
            {"kind": copy.__tablename__, "id": copy.id, "version": copy.version},
        ).scalar_one()
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", "") != UNDEFINED_FUNCTION:
            raise
        raise NotAllowed(NOT_UPGRADED) from exc
    if outcome == "in use":
        raise NotAllowed(still_used)
    if outcome != "removed":
        raise EditConflict("Someone changed or removed that record meanwhile: list them again.")
    session.expunge(copy)


def counted(counts: Mapping[str, int], kinds: Kinds, *, zeros: bool = True) -> str:
    """``{"cases": 1, "people": 2}`` -> "1 case, 2 people"; blank when there is nothing.

    Args:
        counts: How many, by plural name.
        kinds: What the names mean, for the singular.
        zeros: List kinds with none too ("0 visits").
    """
    return ", ".join(
        f"{n} {kinds.singular(name) if n == 1 else name}"
        for name, n in counts.items()
        if n or zeros
    )


class Notes:
    """The kept record's notes, growing with what the copy recorded differently.

    A detail the kept record lacks is taken from the copy; one it holds
    differently stays as it is, and the copy's goes into the notes, so nothing
    recorded is lost.
    """

    def __init__(self, notes: str) -> None:
        self.lines = [notes.strip()] if notes.strip() else []

    def take(self, kept: str, copy: str, said: str) -> str:
        """The value to keep: ``kept``, or ``copy`` where ``kept`` is blank.

        ``said`` words the note for a different value, e.g. "Also recorded
        with phone {}."; the copy's value goes where the braces are.
        """
        if copy.strip() and not kept.strip():
            return copy
        if copy.strip() and copy.strip() != kept.strip():
            self.add(said.format(copy.strip()))
        return kept

    def add(self, line: str) -> None:
        """Add a line, unless the notes already hold it."""
        if line.strip() and line.strip() not in self.lines:
            self.lines.append(line.strip())

    def text(self) -> str:
        """The notes as stored."""
        return "\n".join(self.lines)
