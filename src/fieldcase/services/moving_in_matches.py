"""People and addresses moved in from a laptop that the team server may already hold.

A colleague may have recorded the same alleged perpetrator or the same address
on the server before the laptop's cases arrive: then the caution markers, the
enforcement ladder and the consent are split between two records. The import
lists them, found as the Duplicates screen finds them, and merges nothing: an
officer who sees both records decides.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from fieldcase.db.models import Case, CaseParty, Visit
from fieldcase.services.person_merge import likely_duplicate_people
from fieldcase.services.property_merge import likely_duplicates

PERSON = "person"
ADDRESS = "address"
LINKS: dict[str, list[tuple[Any, Any]]] = {
    PERSON: [(CaseParty.person_id, CaseParty.case_id), (Visit.person_id, Visit.case_id)],
    ADDRESS: [
        (Case.property_id, Case.id),
        (CaseParty.property_id, CaseParty.case_id),
        (Visit.property_id, Visit.case_id),
    ],
}
"""(record column, case column): the links row security shows a person or an address by."""
CHUNK = 5000


@dataclass(frozen=True)
class KnownRecord:
    """A record already on the server, and the cases (with their teams) it is in."""

    label: str
    """The name, or the address and postcode (stored text: show it literally)."""
    cases: list[tuple[str, str]]
    """(reference, team) of each case naming the record; team blank when none."""


@dataclass(frozen=True)
class MaybeKnown:
    """A person or an address moved in that may be a record the server already holds."""

    what: str
    """``person`` or ``address``."""
    id: uuid.UUID
    """The moved-in record's id."""
    arrived: str
    """The moved-in record's name, or address and postcode."""
    why: str
    """E.g. "same name, same date of birth"; for an address, "same address"."""
    known: list[KnownRecord]

    def seen_by(self, team: str) -> bool:
        """True when officers of ``team`` see one of the server's records (and so can merge)."""
        return any(case_team == team for record in self.known for _, case_team in record.cases)


def maybe_known(
    session: Session,
    *,
    people: Collection[uuid.UUID],
    addresses: Collection[uuid.UUID],
) -> list[MaybeKnown]:
    """The moved-in people and addresses that look like records already on the server.

    Reads every team's records: run as the owner role, in the import's transaction.
    """
    return _people(session, people) + _addresses(session, addresses)


def _people(session: Session, arrived: Collection[uuid.UUID]) -> list[MaybeKnown]:
    groups = likely_duplicate_people(session, arriving=arrived) if arrived else []
    there = {p.person.id for group in groups for p in group.people} - set(arrived)
    cases = _cases(session, PERSON, there)
    found = []
    for group in groups:
        known = [
            KnownRecord(p.person.full_name, cases.get(p.person.id, []))
            for p in group.people
            if p.person.id in there
        ]
        found += [
            MaybeKnown(PERSON, p.person.id, p.person.full_name, group.why, known)
            for p in group.people
            if p.person.id in arrived
        ]
    return found


def _addresses(session: Session, arrived: Collection[uuid.UUID]) -> list[MaybeKnown]:
    """An address without a postcode may match at several postcodes: listed once, with all."""
    groups = likely_duplicates(session, arriving=arrived) if arrived else []
    there = {p.view.id for group in groups for p in group.properties} - set(arrived)
    cases = _cases(session, ADDRESS, there)
    found: dict[uuid.UUID, MaybeKnown] = {}
    for group in groups:
        known = [
            KnownRecord(p.view.label, cases.get(p.view.id, []))
            for p in group.properties
            if p.view.id in there
        ]
        for prop in group.properties:
            if prop.view.id in arrived:
                held = found.get(prop.view.id)
                earlier = held.known if held else []
                found[prop.view.id] = MaybeKnown(
                    ADDRESS,
                    prop.view.id,
                    prop.view.label,
                    "same address",
                    earlier + [k for k in known if k not in earlier],
                )
    return list(found.values())


def _cases(
    session: Session, what: str, ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, list[tuple[str, str]]]:
    """(reference, team) of the cases an officer would see each record through (row
    security's own links), by record."""
    found: dict[uuid.UUID, set[tuple[str, str]]] = {}
    wanted = list(ids)
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        for record, case in LINKS[what]:
            query = select(record, Case.reference, Case.team).where(col(record).in_(chunk))
            if case is not Case.id:
                query = query.join(Case, col(Case.id) == case)
            for record_id, reference, team in session.exec(query).all():
                found.setdefault(record_id, set()).add((reference, team or ""))
    return {record_id: sorted(cases) for record_id, cases in found.items()}
