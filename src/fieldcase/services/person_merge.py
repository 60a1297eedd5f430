"""Likely duplicate people, and merging two records of one person when an officer says so.

A person typed twice ("Gary Stroud" in one case, "STROUD, Gary" in another)
is two records, and the caution, ABC and ladder on one do not follow the
other. ``likely_duplicate_people`` lists the records that are probably one
person; nothing is merged until an officer chooses the record to keep, and
``merge_people`` then moves everything recorded against the copy to it,
audited, and removes the copy.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from itertools import combinations

from sqlalchemy import or_
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from fieldcase.db import audit
from fieldcase.db.models import Case, CaseParty, Draft, Person, Property
from fieldcase.domain.dates import to_local
from fieldcase.domain.people import likeness
from fieldcase.domain.policy import Policy
from fieldcase.domain.protection import long_date
from fieldcase.domain.vocab import Engagement
from fieldcase.domain.when import format_day
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
from fieldcase.services.people import KnownPerson, PersonRole, describe_people

RECORDED_AGAINST_A_PERSON = Kinds(
    "person",
    {
        "caseparty": ("role", "roles"),
        "contact": ("contact", "contacts"),
        "cautionmarker": ("caution", "cautions"),
        "consent": ("consent", "consents"),
        "riskassessment": ("risk assessment", "risk assessments"),
        "visit": ("visit", "visits"),
        "abcagreement": ("ABC", "ABCs"),
        "enforcementstep": ("ladder step", "ladder steps"),
    },
)
"""What each table's rows about a person are called, for the listing."""
REASON_ORDER = (
    "same name",
    "similar name",
    "same surname",
    "same date of birth",
    "same phone number",
)


@dataclass(frozen=True)
class DuplicatePerson:
    """One record of a person, with what is recorded against it."""

    person: KnownPerson
    created_at: datetime
    records: dict[str, int]
    """E.g. {"roles": 2, "contacts": 5, "cautions": 1, ...}: every kind, 0 when none."""

    def details(self, today: date, *, added: bool = True) -> list[str]:
        """What tells this record apart, a line each (stored text: show it literally).

        ``added`` says when the record was made, in the last line.
        """
        person = self.person
        lines = [", ".join(x for x in (person.born(today), person.phone) if x)]
        lines.append(", ".join(role.label for role in person.roles) or "in no case")
        if person.addresses:
            lines.append("at " + "; ".join(person.addresses))
        safety = [f"caution: {', '.join(person.cautions)}"] if person.cautions else []
        safety += [f"ladder: {person.ladder}"] if person.ladder else []
        lines.append("; ".join(safety))
        recorded = counted(self.records, RECORDED_AGAINST_A_PERSON, zeros=False)
        recorded = recorded or "nothing recorded against it"
        if added:
            recorded = f"added {long_date(to_local(self.created_at).date())}; {recorded}"
        lines.append(recorded)
        return [line for line in lines if line]


@dataclass(frozen=True)
class DuplicatePeople:
    """Records that are probably one person, oldest first."""

    why: str
    """E.g. "same name, same phone number"."""
    people: list[DuplicatePerson]


@dataclass(frozen=True)
class PersonMergeResult:
    """What a merge moved to the kept person."""

    kept: KnownPerson
    merged_name: str
    moved: dict[str, int]
    joined_roles: list[str]
    """Roles both records had in one case, now one role, e.g. "witness in FC-2026-0003"."""
    case_references: list[str]
    """The cases whose people changed."""


@dataclass(frozen=True)
class _Row:
    id: uuid.UUID
    full_name: str
    name_key: str
    date_of_birth: date | None
    phone_key: str
    created_at: datetime


def likely_duplicate_people(
    session: Session, *, arriving: Collection[uuid.UUID] | None = None
) -> list[DuplicatePeople]:
    """Groups of people who are probably one person. Nothing is changed.

    Two records are linked by the same name (any case, spacing, accents or word
    order), by a similar name with the same date of birth, or by the same phone
    number (people share phones, so the officer decides). Records linked through
    a third are one group.

    Args:
        arriving: Records just moved in: only the groups where one of them meets a
            record that was there before. None lists every group.
    """
    found_rows = session.execute(
        select_columns(
            col(Person.id),
            col(Person.full_name),
            col(Person.name_key),
            col(Person.date_of_birth),
            col(Person.phone_key),
            col(Person.created_at),
        ).order_by(col(Person.created_at), col(Person.id))
    )
    rows = [_Row(*row) for row in found_rows]
    groups = _Groups()
    for bucket in _buckets(rows):
        for a, b in _pairs(bucket, arriving, chain=True):
            groups.link(a, b)
    for bucket in _by_birth(rows):
        for a, b in _pairs(bucket, arriving, chain=False):
            groups.link(a, b)
    found = groups.found()
    if arriving is not None:
        found = [(members, why) for members, why in found if _meets(members, arriving)]
    ids = [row.id for members, _ in found for row in members]
    known = {p.id: p for p in describe_people(session, ids)}
    counts = count_references(session, RECORDED_AGAINST_A_PERSON, ids)
    listed = [
        DuplicatePeople(
            why=", ".join(r for r in REASON_ORDER if r in reasons),
            people=[DuplicatePerson(known[r.id], r.created_at, counts[r.id]) for r in members],
        )
        for members, reasons in found
    ]
    return sorted(listed, key=lambda g: g.people[0].person.full_name.casefold())


def _pairs(
    bucket: list[_Row], arriving: Collection[uuid.UUID] | None, *, chain: bool
) -> Iterator[tuple[_Row, _Row]]:
    """The records of a bucket to compare: the first with each other (``chain``), else every
    pair, or with ``arriving`` every pair with a record just moved in."""
    if chain:
        yield from ((bucket[0], other) for other in bucket[1:])
        return
    for a, b in combinations(bucket, 2):
        if arriving is None or a.id in arriving or b.id in arriving:
            yield a, b


def _meets(members: Iterable[_Row], arriving: Collection[uuid.UUID]) -> bool:
    """One of the records just arrived and another was there before."""
    new = {row.id in arriving for row in members}
    return new == {True, False}


def _buckets(rows: Iterable[_Row]) -> list[list[_Row]]:
    """Records sharing the same name words, the same name run together, or a phone number."""
    buckets: dict[tuple[str, str], list[_Row]] = {}
    for row in rows:
        keys = [("phone", key) for key in row.phone_key.split()]
        if row.name_key:
            keys.append(("words", " ".join(sorted(row.name_key.split()))))
            keys.append(("joined", row.name_key.replace(" ", "")))
        for key in keys:
            buckets.setdefault(key, []).append(row)
    return [bucket for bucket in buckets.values() if len(bucket) > 1]


def _by_birth(rows: Iterable[_Row]) -> list[list[_Row]]:
    born: dict[date, list[_Row]] = {}
    for row in rows:
        if row.date_of_birth is not None and row.name_key:
            born.setdefault(row.date_of_birth, []).append(row)
    return [bucket for bucket in born.values() if len(bucket) > 1]


class _Groups:
    """Records linked, with why: linked through a third, they are one group."""

    def __init__(self) -> None:
        self.parent: dict[uuid.UUID, uuid.UUID] = {}
        self.rows: dict[uuid.UUID, _Row] = {}
        self.reasons: dict[uuid.UUID, set[str]] = {}

    def _root(self, person_id: uuid.UUID) -> uuid.UUID:
        while self.parent.setdefault(person_id, person_id) != person_id:
            person_id = self.parent[person_id]
        return person_id

    def link(self, a: _Row, b: _Row) -> None:
        """Link two records when they are alike (see ``domain.people.likeness``)."""
        why = likeness(
            a.full_name,
            b.full_name,
            typed_dob=a.date_of_birth,
            known_dob=b.date_of_birth,
            typed_phones=a.phone_key,
            known_phones=b.phone_key,
        )
        if not why:
            return
        self.rows[a.id], self.rows[b.id] = a, b
        root_a, root_b = self._root(a.id), self._root(b.id)
        reasons = self.reasons.pop(root_a, set()) | self.reasons.pop(root_b, set())
        self.parent[root_b] = root_a
        self.reasons[root_a] = reasons | set(why.reasons)

    def found(self) -> list[tuple[list[_Row], set[str]]]:
        """Each group's records (oldest first) and the reasons that link them."""
        members: dict[uuid.UUID, list[_Row]] = {}
        for person_id, row in self.rows.items():
            members.setdefault(self._root(person_id), []).append(row)
        return [
            (sorted(rows, key=lambda r: (r.created_at, str(r.id))), self.reasons[root])
            for root, rows in members.items()
        ]


def merge_people(
    session: Session, keep_id: uuid.UUID, copy_id: uuid.UUID, *, policy: Policy
) -> PersonMergeResult:
    """Move everything recorded against ``copy_id`` to ``keep_id`` and remove the copy.

    Every row that points at the copy moves. Where both had the same role in one
    case, one role stays, taking the other's details where its own are blank.
    The kept person takes the copy's date of birth, phone numbers, contact times,
    email and notes where its own are blank; a different value goes into its
    notes. Notes not for disclosure on either stay not for disclosure. Every
    change is in the audit trail, with one event naming the merge.

    Raises:
        ValidationError: Keep and copy are one record.
        NotFound: Either person is not in the database.
        NotAllowed: On a team server, the copy is also in another team's cases.
    """
    if keep_id == copy_id:
        raise ValidationError({"copy": "Choose two different people to merge."})
    keep = session.get(Person, keep_id)
    copy = session.get(Person, copy_id)
    if keep is None or copy is None:
        raise NotFound("That person is no longer in the database.")
    joined, joined_cases = _join_shared_roles(session, keep_id, copy_id)
    moved = move_references(session, RECORDED_AGAINST_A_PERSON, copy_id, keep_id)
    _move_drafts(session, copy_id, keep_id)
    _take_details(keep, copy)
    changes = {
        "merged": [f"{copy.full_name} ({copy_id})", f"{keep.full_name} ({keep_id})"],
        "moved": counted(moved.counts, RECORDED_AGAINST_A_PERSON, zeros=False) or "nothing",
    }
    if joined:
        changes["joined"] = ", ".join(joined)
    audit.record(session, action="merge", entity="person", entity_id=str(keep_id), changes=changes)
    merged_name = copy.full_name
    session.flush()
    remove_copy(session, copy, still_used=_seen_by_another_team(merged_name))
    cases = session.exec(
        select(Case)
        .where(col(Case.id).in_(moved.case_ids | joined_cases))
        .order_by(col(Case.reference))
    ).all()
    for case in cases:
        refresh_case(session, case, policy)
    (kept,) = describe_people(session, [keep_id])
    return PersonMergeResult(kept, merged_name, moved.counts, joined, [c.reference for c in cases])


def _seen_by_another_team(name: str) -> str:
    return (
        f"This {name} is also in another team's cases, which you cannot see, so the record "
        "cannot be removed. Nothing has been merged: keep this record and merge the other "
        "into it, or ask a supervisor."
    )


def shared_roles(
    session: Session, keep_id: uuid.UUID, copy_id: uuid.UUID
) -> list[tuple[CaseParty, CaseParty, Case]]:
    """Roles both people have in one case: (the kept person's, the copy's, the case)."""
    kept = {
        (party.case_id, party.role): party
        for party in session.exec(select(CaseParty).where(CaseParty.person_id == keep_id)).all()
    }
    rows = session.exec(
        select(CaseParty, Case)
        .join(Case, col(Case.id) == CaseParty.case_id)
        .where(CaseParty.person_id == copy_id)
        .order_by(col(Case.reference))
    ).all()
    return [
        (kept[(party.case_id, party.role)], party, case)
        for party, case in rows
        if (party.case_id, party.role) in kept
    ]


def role_label(party: CaseParty, case: Case) -> str:
    """E.g. "witness in FC-2026-0003"."""
    return PersonRole(case.id, case.reference, party.role, case.status).label


def _join_shared_roles(
    session: Session, keep_id: uuid.UUID, copy_id: uuid.UUID
) -> tuple[list[str], set[uuid.UUID]]:
    """Where both had one role in one case, fold the copy's role into the kept one.

    Returns the roles joined, in words, and their cases.
    """
    joined: list[str] = []
    cases: set[uuid.UUID] = set()
    for keeping, party, case in shared_roles(session, keep_id, copy_id):
        _fold_role(session, keeping, party)
        session.delete(party)
        joined.append(role_label(party, case))
        cases.add(case.id)
    session.flush()
    return joined, cases


def _fold_role(session: Session, keep: CaseParty, copy: CaseParty) -> None:
    """The copy's engagement, relationship, address and notes, kept on the role that stays."""
    notes = Notes(keep.notes)
    if keep.engagement in ("", Engagement.NOT_CONTACTED):
        keep.engagement = copy.engagement or keep.engagement
    elif copy.engagement not in ("", Engagement.NOT_CONTACTED, keep.engagement):
        notes.add(f"Also recorded as {Engagement(copy.engagement).label.lower()}.")
    keep.relationship = notes.take(keep.relationship, copy.relationship, "Also recorded as {}.")
    if keep.property_id is None:
        keep.property_id = copy.property_id
    elif copy.property_id not in (None, keep.property_id):
        prop = session.get(Property, copy.property_id)
        if prop is not None:
            where = ", ".join(x for x in (prop.address, prop.postcode) if x)
            notes.add(f"Also recorded at {where}.")
    notes.add(copy.notes)
    keep.notes = notes.text()


def _take_details(keep: Person, copy: Person) -> None:
    """The copy's details where the kept person has none; different ones go into the notes."""
    notes = Notes(keep.notes)
    if " ".join(copy.full_name.split()).casefold() != " ".join(keep.full_name.split()).casefold():
        notes.add(f"Also recorded as {copy.full_name}.")
    if keep.date_of_birth is None:
        keep.date_of_birth = copy.date_of_birth
    elif copy.date_of_birth not in (None, keep.date_of_birth):
        notes.add(f"Also recorded with date of birth {format_day(copy.date_of_birth)}.")
    if copy.age_given is not None:
        if keep.date_of_birth is None and keep.age_given is None:
            keep.age_given, keep.age_given_on = copy.age_given, copy.age_given_on
        elif (copy.age_given, copy.age_given_on) != (keep.age_given, keep.age_given_on):
            on = f" on {format_day(copy.age_given_on)}" if copy.age_given_on else ""
            notes.add(f"Also recorded as aged {copy.age_given}{on}.")
    keep.phone = notes.take(keep.phone, copy.phone, "Also recorded with phone {}.")
    keep.safe_contact_number = notes.take(
        keep.safe_contact_number, copy.safe_contact_number, "Also recorded with safe number {}."
    )
    keep.preferred_contact_times = notes.take(
        keep.preferred_contact_times,
        copy.preferred_contact_times,
        "Also recorded with contact times: {}.",
    )
    keep.email = notes.take(keep.email, copy.email, "Also recorded with email {}.")
    notes.add(copy.notes)
    keep.notes = notes.text()
    keep.not_for_disclosure = keep.not_for_disclosure or copy.not_for_disclosure


def _move_drafts(session: Session, copy_id: uuid.UUID, keep_id: uuid.UUID) -> None:
    """Half-finished forms about the copy (a risk assessment, say) carry on for the kept person.

    Where the kept person has a draft of the same form already (by the same officer),
    both are kept: the copy's stays as it was.
    """
    old, new = str(copy_id), str(keep_id)
    drafts = session.exec(
        select(Draft).where(or_(col(Draft.key).contains(old), col(Draft.payload).contains(old)))
    ).all()
    for draft in drafts:
        key = draft.key.replace(old, new)
        if key != draft.key and session.get(Draft, (draft.owner, key)) is not None:
            continue
        draft.key = key
        draft.payload = draft.payload.replace(old, new)
    session.flush()
