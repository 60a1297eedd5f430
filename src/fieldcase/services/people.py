"""Finding the people already known, so that nobody is recorded twice.

Wherever a person is entered, what is typed searches the people already
known: by name (ignoring case, spacing and accents), date of birth, phone
number or address. Each match comes with what an officer needs to tell
people apart and to stay safe: their cases and roles, their addresses,
their caution markers and where they are on the enforcement ladder.
``possible_duplicates`` says who a person about to be added might already be.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, or_
from sqlmodel import Session, col, select

from fieldcase.db.models import Case, CaseParty, CautionMarker, EnforcementStep, Person, Property
from fieldcase.domain.address import (
    TypedAddress,
    address_words,
    is_postcode,
    normalise_postcode,
    split_postcode,
)
from fieldcase.domain.ladder import current_rung
from fieldcase.domain.people import (
    Likeness,
    age_now,
    likeness,
    name_key,
    name_words,
    phone_key,
    phone_keys,
)
from fieldcase.domain.vocab import CautionKind, PartyRole
from fieldcase.domain.when import WhenError, format_day, parse_day
from fieldcase.services.case_records import PersonInput

FIND_LIMIT = 8
"""How many people a search offers: enough to choose from, few enough to read."""


@dataclass(frozen=True)
class PersonRole:
    """One role a person has in one case."""

    case_id: uuid.UUID
    reference: str
    role: str
    case_status: str
    relationship: str = ""

    @property
    def label(self) -> str:
        """E.g. "alleged perpetrator in FC-2026-0002 (closed)"."""
        role = PartyRole(self.role).label.lower() if self.role in set(PartyRole) else self.role
        closed = " (closed)" if self.case_status == "closed" else ""
        return f"{role} in {self.reference}{closed}"


@dataclass(frozen=True)
class KnownPerson:
    """A person already recorded, with what tells them apart and what keeps officers safe."""

    id: uuid.UUID
    full_name: str
    date_of_birth: date | None
    age_given: int | None
    age_given_on: date | None
    phone: str
    addresses: list[str]
    roles: list[PersonRole]
    cautions: list[str]
    """Active caution markers on the person, as officers say them."""
    ladder: str
    """The highest landlord's step taken, e.g. "Warning letter"; blank when none."""
    why: str = ""
    """Why they are offered, e.g. "same name, same date of birth"; blank for a plain search."""

    def born(self, today: date) -> str:
        """ "born 03/04/1981", "about 9" or blank."""
        if self.date_of_birth is not None:
            return f"born {format_day(self.date_of_birth)}"
        if self.age_given is not None:
            return f"about {age_now(self.age_given, self.age_given_on, today)}"
        return ""

    def summary(self, today: date) -> str:
        """One line an officer can choose from (stored text: show it literally)."""
        parts = [self.full_name]
        parts += [x for x in (self.born(today), self.phone) if x]
        parts += self.addresses[:1]
        line = ", ".join(parts)
        if self.roles:
            line += "; " + ", ".join(r.label for r in self.roles[:3])
            if len(self.roles) > 3:
                line += f" and {len(self.roles) - 3} more"
        if self.cautions:
            line += "; caution: " + ", ".join(self.cautions)
        if self.ladder:
            line += f"; ladder: {self.ladder}"
        if self.why:
            line += f" ({self.why})"
        return line


def find_people(
    session: Session, text: str, *, today: date, limit: int = FIND_LIMIT
) -> list[KnownPerson]:
    """People matching what is typed: name words, a date of birth, a phone number or an address.

    Every name word typed must begin a word of the name, in any order ("gar
    str" finds Gary Stroud; "popescu" finds Ana and Ion Popescu). A date finds
    people born that day, a number of seven digits or more finds that phone
    number, and a postcode or street finds the people recorded at that address.
    """
    text = text.strip()
    if not text:
        return []
    ids: list[uuid.UUID] = []
    ids += _by_phone(session, text)
    ids += _by_birth(session, text, today)
    ids += _by_address(session, text)
    ids += _by_name(session, text)
    unique = list(dict.fromkeys(ids))[:limit]
    return describe_people(session, unique)


def _by_name(session: Session, text: str) -> list[uuid.UUID]:
    words = name_words(text)
    if not words:
        return []
    stmt = select(Person.id, Person.name_key).where(Person.name_key != "")
    for word in words:
        stmt = stmt.where(col(Person.name_key).like(f"%{word}%"))
    found = []
    for person_id, key in session.exec(stmt.order_by(col(Person.name_key))).all():
        keys = key.split()
        if all(any(k.startswith(w) for k in keys) for w in words):
            found.append(person_id)
    return found


def _by_phone(session: Session, text: str) -> list[uuid.UUID]:
    if sum(ch.isdigit() for ch in text) < 7 or any(ch.isalpha() for ch in text):
        return []
    key = phone_key(text)
    if not key:
        return []
    return list(session.exec(select(Person.id).where(col(Person.phone_key).like(f"%{key}%"))).all())


def _by_birth(session: Session, text: str, today: date) -> list[uuid.UUID]:
    if not any(ch.isdigit() for ch in text) or not any(ch in "/-." for ch in text):
        return []
    try:
        born = parse_day(text, today=today, prefer="past")
    except WhenError:
        return []
    return list(session.exec(select(Person.id).where(Person.date_of_birth == born)).all())


def _by_address(session: Session, text: str) -> list[uuid.UUID]:
    if is_postcode(text):
        typed = TypedAddress("", normalise_postcode(text))
    else:
        typed = split_postcode(text)
    words = address_words(typed.address)
    if not typed.postcode and not (words and any(w.isdigit() for w in words)):
        return []
    stmt = select(CaseParty.person_id).join(Property, col(Property.id) == CaseParty.property_id)
    if typed.postcode:
        stmt = stmt.where(Property.postcode == typed.postcode)
    for word in words:
        stmt = stmt.where(col(Property.address_key).like(f"%{word}%"))
    return list(dict.fromkeys(session.exec(stmt).all()))


def possible_duplicates(
    session: Session,
    *,
    full_name: str,
    date_of_birth: date | None = None,
    phones: Sequence[str] = (),
    exclude: Iterable[uuid.UUID] = (),
) -> list[KnownPerson]:
    """People already known who may be the person about to be added, with why.

    The same name (any case, spacing, accents or word order) is always offered;
    a similar name only with the same date of birth or phone number; the same
    phone number always (people share phones, so the officer decides).
    """
    typed_phones = phone_keys(*phones)
    words = name_words(full_name)
    conditions: list[ColumnElement[bool]] = []
    if words:
        conditions.append(col(Person.name_key).like(f"%{words[-1]}%"))
        conditions.append(col(Person.name_key).like(f"%{''.join(words)}%"))
    if date_of_birth is not None:
        conditions.append(col(Person.date_of_birth) == date_of_birth)
    for key in typed_phones.split():
        conditions.append(col(Person.phone_key).like(f"%{key}%"))
    if not conditions or not name_key(full_name) and not typed_phones:
        return []
    skip = set(exclude)
    why: dict[uuid.UUID, Likeness] = {}
    for person in session.exec(select(Person).where(or_(*conditions))).all():
        if person.id in skip:
            continue
        reason = likeness(
            full_name,
            person.full_name,
            typed_dob=date_of_birth,
            known_dob=person.date_of_birth,
            typed_phones=typed_phones,
            known_phones=person.phone_key,
        )
        if reason:
            why[person.id] = reason
    found = describe_people(session, list(why), why={k: str(v) for k, v in why.items()})
    return sorted(found, key=lambda p: ("same name" not in p.why, p.full_name.casefold()))


def people_it_may_be(session: Session, person: PersonInput) -> list[KnownPerson]:
    """Who a person typed into a form (not picked) may already be, with why.

    Nobody for a person picked from the people already known, and nobody the
    officer has already said it is not (``person.declined``).
    """
    if person.person_id is not None:
        return []
    return possible_duplicates(
        session,
        full_name=person.full_name,
        date_of_birth=person.date_of_birth,
        phones=(person.phone, person.safe_contact_number),
        exclude=person.declined,
    )[:FIND_LIMIT]


def describe_people(
    session: Session, ids: Sequence[uuid.UUID], *, why: dict[uuid.UUID, str] | None = None
) -> list[KnownPerson]:
    """People by id, in the order given, with their roles, addresses, cautions and ladder."""
    if not ids:
        return []
    people = {p.id: p for p in session.exec(select(Person).where(col(Person.id).in_(ids))).all()}
    roles: dict[uuid.UUID, list[PersonRole]] = {i: [] for i in ids}
    addresses: dict[uuid.UUID, list[str]] = {i: [] for i in ids}
    rows = session.exec(
        select(CaseParty, Case, Property)
        .join(Case, col(Case.id) == CaseParty.case_id)
        .outerjoin(Property, col(Property.id) == CaseParty.property_id)
        .where(col(CaseParty.person_id).in_(ids))
        .order_by(col(Case.opened_on).desc(), col(Case.reference))
    ).all()
    for party, case, prop in rows:
        roles[party.person_id].append(
            PersonRole(case.id, case.reference, party.role, case.status, party.relationship)
        )
        if prop is not None:
            where = ", ".join(x for x in (prop.address, prop.postcode) if x)
            if where not in addresses[party.person_id]:
                addresses[party.person_id].append(where)
    cautions: dict[uuid.UUID, list[str]] = {i: [] for i in ids}
    for marker in session.exec(
        select(CautionMarker).where(
            col(CautionMarker.person_id).in_(ids), col(CautionMarker.active).is_(True)
        )
    ).all():
        assert marker.person_id is not None
        kind = CautionKind(marker.kind).label if marker.kind in set(CautionKind) else marker.kind
        cautions[marker.person_id].append(kind)
    steps: dict[uuid.UUID, list[str]] = {i: [] for i in ids}
    for person_id, kind in session.exec(
        select(EnforcementStep.person_id, EnforcementStep.kind).where(
            col(EnforcementStep.person_id).in_(ids)
        )
    ).all():
        steps[person_id].append(kind)
    found = []
    for person_id in ids:
        person = people.get(person_id)
        if person is None:
            continue
        rung = current_rung(steps[person_id])
        found.append(
            KnownPerson(
                id=person.id,
                full_name=person.full_name,
                date_of_birth=person.date_of_birth,
                age_given=person.age_given,
                age_given_on=person.age_given_on,
                phone=person.phone,
                addresses=addresses[person_id],
                roles=roles[person_id],
                cautions=cautions[person_id],
                ladder=rung.label if rung is not None else "",
                why=(why or {}).get(person_id, ""),
            )
        )
    return found
