"""Caution markers: reasons for care that follow an address or a person.

A marker belongs to a property, a person, or both. Every visit plan gathers
the markers for its address, for the person being visited, and for anyone
recorded as living at that address, so nobody has to remember to look.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, or_
from sqlmodel import Session, col, select

from fieldcase.db.models import Case, CaseParty, CautionMarker, Person, Property
from fieldcase.domain.vocab import CautionKind
from fieldcase.services.errors import NotFound, ValidationError


@dataclass(frozen=True)
class CautionView:
    """A marker with what it is attached to, in words; detached from the session."""

    id: uuid.UUID
    kind: str
    note: str
    added_by: str
    added_at: datetime
    property_id: uuid.UUID | None
    person_id: uuid.UUID | None
    applies_to: str
    """The address and/or the person's name the marker is on."""

    @property
    def label(self) -> str:
        """The kind of caution, as officers say it."""
        return CautionKind(self.kind).label if self.kind in set(CautionKind) else self.kind


@dataclass
class CautionInput:
    """What the officer says about a new caution marker."""

    kind: str
    property_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None
    note: str = ""


def add_caution_marker(session: Session, data: CautionInput, *, added_by: str) -> uuid.UUID:
    """Put a caution marker on a property and/or a person; returns the marker's id.

    Raises:
        ValidationError: As for ``add_caution``.
    """
    marker = add_caution(
        session,
        kind=data.kind,
        property_id=data.property_id,
        person_id=data.person_id,
        note=data.note,
        added_by=added_by,
    )
    return marker.id


def add_caution(
    session: Session,
    *,
    kind: str,
    property_id: uuid.UUID | None = None,
    person_id: uuid.UUID | None = None,
    note: str = "",
    added_by: str = "",
) -> CautionMarker:
    """Put a caution marker on a property and/or a person.

    Raises:
        ValidationError: The marker has no kind, nothing to attach to, or needs a note.
    """
    errors: dict[str, str] = {}
    if kind not in set(CautionKind):
        errors["kind"] = "Choose the kind of caution."
    elif kind == CautionKind.OTHER and not note.strip():
        errors["note"] = "Say what the caution is about."
    if property_id is None and person_id is None:
        errors["target"] = "A caution goes on an address or a person."
    if property_id is not None and session.get(Property, property_id) is None:
        errors["target"] = "That address is no longer in the database."
    if person_id is not None and session.get(Person, person_id) is None:
        errors["target"] = "That person is no longer in the database."
    if errors:
        raise ValidationError(errors)
    marker = CautionMarker(
        property_id=property_id,
        person_id=person_id,
        kind=kind,
        note=note.strip(),
        added_by=added_by,
    )
    session.add(marker)
    session.flush()
    return marker


def retire_caution(session: Session, marker_id: uuid.UUID) -> CautionMarker:
    """Stop a marker appearing on visit plans; it stays in the history.

    Raises:
        NotFound: There is no such marker.
    """
    marker = session.get(CautionMarker, marker_id)
    if marker is None:
        raise NotFound("That caution marker is no longer in the database.")
    marker.active = False
    session.flush()
    return marker


def cautions_for(
    session: Session,
    *,
    property_id: uuid.UUID | None,
    person_id: uuid.UUID | None,
) -> list[CautionView]:
    """Active markers for a visit to ``property_id`` to see ``person_id``.

    That is: markers on the address, on the person, and on anyone recorded (in
    any case) as living at the address. Oldest first.
    """
    people: set[uuid.UUID] = set()
    if person_id is not None:
        people.add(person_id)
    if property_id is not None:
        people.update(
            session.exec(
                select(CaseParty.person_id).where(CaseParty.property_id == property_id)
            ).all()
        )
    conditions: list[ColumnElement[bool]] = []
    if property_id is not None:
        conditions.append(col(CautionMarker.property_id) == property_id)
    if people:
        conditions.append(col(CautionMarker.person_id).in_(people))
    if not conditions:
        return []
    markers = session.exec(
        select(CautionMarker)
        .where(col(CautionMarker.active).is_(True), or_(*conditions))
        .order_by(col(CautionMarker.created_at))
    ).all()
    return _described(session, markers)


def cautions_on_case(session: Session, case_id: uuid.UUID) -> list[CautionView]:
    """Active markers on a case's people and on the addresses they are recorded at."""
    parties = session.exec(
        select(CaseParty.person_id, CaseParty.property_id).where(CaseParty.case_id == case_id)
    ).all()
    case = session.get(Case, case_id)
    properties = {p for _, p in parties if p is not None}
    if case is not None and case.property_id is not None:
        properties.add(case.property_id)
    people = {p for p, _ in parties}
    conditions: list[ColumnElement[bool]] = []
    if properties:
        conditions.append(col(CautionMarker.property_id).in_(properties))
    if people:
        conditions.append(col(CautionMarker.person_id).in_(people))
    if not conditions:
        return []
    markers = session.exec(
        select(CautionMarker)
        .where(col(CautionMarker.active).is_(True), or_(*conditions))
        .order_by(col(CautionMarker.created_at))
    ).all()
    return _described(session, markers)


def _described(session: Session, markers: Iterable[CautionMarker]) -> list[CautionView]:
    out = []
    for marker in markers:
        parts = []
        if marker.property_id is not None:
            prop = session.get(Property, marker.property_id)
            if prop is not None:
                parts.append(prop.address)
        if marker.person_id is not None:
            person = session.get(Person, marker.person_id)
            if person is not None:
                parts.append(person.full_name)
        out.append(
            CautionView(
                id=marker.id,
                kind=marker.kind,
                note=marker.note,
                added_by=marker.added_by,
                added_at=marker.created_at,
                property_id=marker.property_id,
                person_id=marker.person_id,
                applies_to=" · ".join(parts),
            )
        )
    return out
