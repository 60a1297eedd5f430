"""Likely duplicate properties, and merging two into one when an officer says so.

Databases written before addresses were matched (or typed with a mistake)
can hold the same address twice, and a caution on one copy does not show on
the other. ``likely_duplicates`` lists the copies; nothing is merged until an
officer chooses which record to keep, and ``merge_properties`` then moves
every case, person, caution and visit to it, audited, and removes the copy.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from fieldcase.db import audit
from fieldcase.db.models import Case, Property
from fieldcase.domain.dates import to_local
from fieldcase.domain.policy import Policy
from fieldcase.domain.protection import long_date
from fieldcase.services.case_file import refresh_case
from fieldcase.services.errors import NotFound, ValidationError
from fieldcase.services.merging import (
    Kinds,
    Notes,
    count_references,
    counted,
    move_references,
    remove_copy,
)
from fieldcase.services.properties import PropertyView, describe_properties

AT_AN_ADDRESS = Kinds(
    "property",
    {
        "case": ("case", "cases"),
        "cautionmarker": ("caution", "cautions"),
        "caseparty": ("person", "people"),
        "visit": ("visit", "visits"),
    },
)
"""What each table's rows at an address are called, for the listing."""


@dataclass(frozen=True)
class DuplicateProperty:
    """One copy of an address, with how much is recorded against it."""

    view: PropertyView
    created_at: datetime
    records: dict[str, int]
    """E.g. {"cases": 2, "people": 3, "cautions": 1, "visits": 0}."""

    def details(self, *, added: bool = True) -> list[str]:
        """Its tenancy, when it was added and what is recorded at it (stored text: show it
        literally)."""
        parts = [f"tenancy {self.view.tenancy_ref}"] if self.view.tenancy_ref else []
        if added:
            parts.append(f"added {long_date(to_local(self.created_at).date())}")
        parts.append(counted(self.records, AT_AN_ADDRESS))
        return ["; ".join(parts)]


@dataclass(frozen=True)
class DuplicateGroup:
    """Properties that are probably one address: the same key, postcodes that agree."""

    key: str
    postcode: str
    """The postcode they share; blank when none of them has one."""
    properties: list[DuplicateProperty]


@dataclass(frozen=True)
class MergeResult:
    """What a merge moved to the kept property."""

    kept: PropertyView
    merged_address: str
    moved: dict[str, int]
    case_references: list[str]


def likely_duplicates(
    session: Session, *, arriving: Collection[uuid.UUID] | None = None
) -> list[DuplicateGroup]:
    """Groups of properties with the same normalised address and compatible postcodes.

    A property without a postcode is listed with each postcode its address is
    recorded at; the same address at two different postcodes is not a duplicate.

    Args:
        arriving: Records just moved in: only the groups where one of them meets a
            record that was there before. None lists every group.
    """
    keys = session.exec(
        select(Property.address_key)
        .where(Property.address_key != "")
        .group_by(col(Property.address_key))
        .having(func.count() > 1)
    ).all()
    if not keys:
        return []
    props = session.exec(
        select(Property)
        .where(col(Property.address_key).in_(keys))
        .order_by(col(Property.address_key), col(Property.created_at), col(Property.id))
    ).all()
    by_key: dict[str, list[Property]] = {}
    for prop in props:
        by_key.setdefault(prop.address_key, []).append(prop)
    groups: list[DuplicateGroup] = []
    for key, same in by_key.items():
        postcodes = sorted({p.postcode for p in same} - {""}) or [""]
        for postcode in postcodes:
            members = [p for p in same if p.postcode in (postcode, "")]
            new = {p.id in arriving for p in members} if arriving is not None else {True, False}
            if len(members) > 1 and new == {True, False}:
                groups.append(DuplicateGroup(key, postcode, _described(session, members)))
    return groups


def merge_properties(
    session: Session, keep_id: uuid.UUID, other_id: uuid.UUID, *, policy: Policy
) -> MergeResult:
    """Move everything recorded at ``other_id`` to ``keep_id`` and remove the copy.

    The kept record takes the copy's postcode, tenancy reference and notes where
    its own are blank; a different postcode or tenancy reference is kept in its
    notes. Every move is in the audit trail, with one event naming the merge.

    Raises:
        NotFound: Either property is not in the database. ValidationError: they are one record.
        NotAllowed: On a team server, the copy is also in another team's cases.
    """
    if keep_id == other_id:
        raise ValidationError({"other": "Choose two different properties to merge."})
    keep = session.get(Property, keep_id)
    other = session.get(Property, other_id)
    if keep is None or other is None:
        raise NotFound("That property is no longer in the database.")
    moved = move_references(session, AT_AN_ADDRESS, other_id, keep_id).counts
    _take_details(keep, other)
    audit.record(
        session,
        action="merge",
        entity="property",
        entity_id=str(keep_id),
        changes={"merged": [f"{other.address} {other.postcode}".strip(), keep.address]},
    )
    merged_address = ", ".join(x for x in (other.address, other.postcode) if x)
    session.flush()
    remove_copy(
        session,
        other,
        still_used=(
            f"{merged_address} is also recorded in another team's cases, which you cannot "
            "see, so that record cannot be removed. Nothing has been merged: keep it and "
            "merge the other into it, or ask a supervisor."
        ),
    )
    cases = session.exec(
        select(Case).where(Case.property_id == keep_id).order_by(col(Case.reference))
    ).all()
    for case in cases:
        refresh_case(session, case, policy)
    session.flush()
    (kept,) = describe_properties(session, [keep])
    return MergeResult(kept, merged_address, moved, [c.reference for c in cases])


def _take_details(keep: Property, other: Property) -> None:
    """The copy's postcode, tenancy reference and notes, kept on the record that stays."""
    notes = Notes(keep.notes)
    keep.postcode = notes.take(keep.postcode, other.postcode, "Also recorded at postcode {}.")
    keep.tenancy_ref = notes.take(
        keep.tenancy_ref, other.tenancy_ref, "Also recorded with tenancy reference {}."
    )
    notes.add(other.notes)
    keep.notes = notes.text()


def _described(session: Session, props: list[Property]) -> list[DuplicateProperty]:
    views = describe_properties(session, props)
    counts = count_references(session, AT_AN_ADDRESS, [p.id for p in props])
    return [
        DuplicateProperty(view=view, created_at=prop.created_at, records=counts[prop.id])
        for view, prop in zip(views, props, strict=True)
    ]
