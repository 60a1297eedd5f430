"""People and addresses that may be recorded twice, listed together and merged by their ids.

The command line and the Duplicates screen both list what
``likely_duplicates`` finds and merge through ``merge_records``, which works
out from the two ids whether they are people or addresses. Nothing is merged
until an officer names the record to keep and the copy.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session

from fieldcase.db.models import Person, Property
from fieldcase.domain.policy import Policy
from fieldcase.services import person_merge, property_merge
from fieldcase.services.errors import NotFound, ValidationError
from fieldcase.services.merging import Kinds, count_references, counted
from fieldcase.services.person_merge import RECORDED_AGAINST_A_PERSON, DuplicatePeople
from fieldcase.services.property_merge import AT_AN_ADDRESS, DuplicateGroup

PERSON = "person"
ADDRESS = "address"


@dataclass(frozen=True)
class Duplicates:
    """Everything that may be recorded twice."""

    people: list[DuplicatePeople]
    addresses: list[DuplicateGroup]


def likely_duplicates(session: Session) -> Duplicates:
    """People who are probably one person and addresses that are probably one address.

    Listing changes nothing.
    """
    return Duplicates(
        person_merge.likely_duplicate_people(session),
        property_merge.likely_duplicates(session),
    )


def kinds_of(what: str) -> Kinds:
    """What the records against a person or an address are called."""
    return RECORDED_AGAINST_A_PERSON if what == PERSON else AT_AN_ADDRESS


@dataclass(frozen=True)
class MergePreview:
    """What merging a copy into the record to keep would do, before it is done."""

    what: str
    """``person`` or ``address``."""
    keep: str
    copy: str
    moves: dict[str, int]
    """What is recorded against the copy, by kind."""
    joins: list[str]
    """Roles both people have in one case, which become one (people only)."""

    def question(self) -> str:
        """The question to ask before merging, saying what will move."""
        moving = counted(self.moves, kinds_of(self.what), zeros=False) or "nothing"
        joins = (
            f" ({_roles(len(self.joins))} both had become one: {', '.join(self.joins)})"
            if self.joins
            else ""
        )
        details = (
            "date of birth, phone numbers, contact times, email and notes"
            if self.what == PERSON
            else "postcode, tenancy reference and notes"
        )
        return (
            f"Merge {self.copy} into {self.keep}?\n"
            f"Moves {moving} to {self.keep}{joins}. {self.keep} takes {self.copy}'s "
            f"{details} where blank; different ones go into the notes. "
            f"Then {self.copy} is removed. This cannot be undone."
        )


@dataclass(frozen=True)
class Merged:
    """What a merge did, for the officer."""

    what: str
    kept: str
    merged: str
    moved: dict[str, int]
    joined: list[str]
    case_references: list[str]

    def sentence(self, *, zeros: bool = False) -> str:
        """E.g. "Merged Jo Marsh into PC Jo Marsh: moved 1 role, 2 contacts."."""
        moving = counted(self.moved, kinds_of(self.what), zeros=zeros) or "nothing else"
        text = f"Merged {self.merged} into {self.kept}: moved {moving}"
        if self.joined:
            text += f"; joined {_roles(len(self.joined))} both had ({', '.join(self.joined)})"
        return text + "."


def merge_preview(session: Session, keep_id: uuid.UUID, copy_id: uuid.UUID) -> MergePreview:
    """What merging ``copy_id`` into ``keep_id`` would move. Nothing is changed.

    Raises:
        ValidationError: They are one record, or a person and an address.
        NotFound: Either id is not a person or an address in the database.
    """
    what = _kind(session, keep_id, copy_id)
    moves = count_references(session, kinds_of(what), [copy_id])[copy_id]
    if what == PERSON:
        keep, copy = session.get(Person, keep_id), session.get(Person, copy_id)
        assert keep is not None and copy is not None
        joins = [
            person_merge.role_label(party, case)
            for _, party, case in person_merge.shared_roles(session, keep_id, copy_id)
        ]
        moves["roles"] -= len(joins)
        return MergePreview(what, keep.full_name, copy.full_name, moves, joins)
    kept, other = session.get(Property, keep_id), session.get(Property, copy_id)
    assert kept is not None and other is not None
    return MergePreview(what, _address(kept), _address(other), moves, [])


def merge_records(
    session: Session, keep_id: uuid.UUID, copy_id: uuid.UUID, *, policy: Policy
) -> Merged:
    """Merge the copy into the record to keep: two people, or two addresses.

    Raises:
        ValidationError: They are one record, or a person and an address.
        NotFound: Either id is not a person or an address in the database.
    """
    what = _kind(session, keep_id, copy_id)
    if what == PERSON:
        person = person_merge.merge_people(session, keep_id, copy_id, policy=policy)
        return Merged(
            what,
            person.kept.full_name,
            person.merged_name,
            person.moved,
            person.joined_roles,
            person.case_references,
        )
    prop = property_merge.merge_properties(session, keep_id, copy_id, policy=policy)
    return Merged(what, prop.kept.label, prop.merged_address, prop.moved, [], prop.case_references)


def _kind(session: Session, keep_id: uuid.UUID, copy_id: uuid.UUID) -> str:
    if keep_id == copy_id:
        raise ValidationError({"copy": "Choose two different records: one to keep, one copy."})
    people = [session.get(Person, i) is not None for i in (keep_id, copy_id)]
    places = [session.get(Property, i) is not None for i in (keep_id, copy_id)]
    for record_id, person, place in zip((keep_id, copy_id), people, places, strict=True):
        if not person and not place:
            raise NotFound(f"No person or address has the id {record_id}.")
    if all(people):
        return PERSON
    if all(places):
        return ADDRESS
    raise ValidationError(
        {"copy": "One is a person and the other an address: merge two people or two addresses."}
    )


def _address(prop: Property) -> str:
    return ", ".join(x for x in (prop.address, prop.postcode) if x)


def _roles(n: int) -> str:
    return "1 role" if n == 1 else f"{n} roles"
