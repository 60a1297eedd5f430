"""Properties: one record per address, found however the address was typed.

An address is matched on its normalised key (flat, number or name, street:
see ``domain.address``) and its postcode. A postcode typed on one side only
still matches, so "8 sorrel way" finds the "8 Sorrel Way, EB2 7QL" recorded
last week, and the dog caution on it follows into every plan and briefing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from fieldcase.db.models import Case, CaseParty, CautionMarker, Property
from fieldcase.domain.address import (
    PostcodeError,
    TypedAddress,
    address_key,
    address_words,
    compact_postcode,
    is_postcode,
    normalise_postcode,
    split_postcode,
)
from fieldcase.domain.vocab import CaseStatus, PartyRole
from fieldcase.services.errors import ValidationError

LOOKUP_LIMIT = 20


@dataclass(frozen=True)
class PropertyView:
    """A known address, as a form offers it; detached from the session."""

    id: uuid.UUID
    address: str
    postcode: str
    tenancy_ref: str
    cautions: int
    """Active caution markers on the address."""
    open_cases: tuple[str, ...]
    """References of the open cases at the address."""

    @property
    def label(self) -> str:
        """The address and postcode on one line."""
        return ", ".join(x for x in (self.address, self.postcode) if x)


def typed_address(address: str, postcode: str, *, postcode_field: str = "postcode") -> TypedAddress:
    """The address and canonical postcode typed; a postcode at the address's end is split off.

    Raises:
        ValidationError: The postcode cannot be read, or the address ends in a different one.
    """
    typed = split_postcode(address)
    try:
        given = normalise_postcode(postcode)
    except PostcodeError as exc:
        raise ValidationError({postcode_field: str(exc)}) from None
    if given and typed.postcode and given != typed.postcode:
        raise ValidationError(
            {postcode_field: f"The address ends in {typed.postcode} but the postcode is {given}."}
        )
    return TypedAddress(typed.address, given or typed.postcode)


def postcode_problem(postcode: str) -> str:
    """Why a typed postcode cannot be read, or "" when it can (or is blank)."""
    try:
        normalise_postcode(postcode)
    except PostcodeError as exc:
        return str(exc)
    return ""


def matching_properties(session: Session, typed: TypedAddress) -> list[Property]:
    """Recorded properties at this address: same key, and the same postcode or one missing.

    The best match comes first: the same postcode, then one with a postcode, then the oldest.
    """
    key = address_key(typed.address)
    if not key:
        return []
    found = session.exec(
        select(Property)
        .where(Property.address_key == key)
        .order_by(col(Property.created_at), col(Property.id))
    ).all()
    if typed.postcode:
        found = [p for p in found if p.postcode in (typed.postcode, "")]
    return sorted(found, key=lambda p: (p.postcode != typed.postcode, p.postcode == ""))


def find_or_add_property(
    session: Session,
    address: str,
    postcode: str,
    tenancy: str,
    *,
    postcode_field: str = "postcode",
) -> Property:
    """The property at this address, added if it is not recorded yet.

    ``postcode_field`` is the form field an error about the postcode belongs to.
    A postcode learnt now is added to a property recorded without one.

    Raises:
        ValidationError: The postcode cannot be read, or the address without a
            postcode is recorded at more than one postcode.
    """
    typed = typed_address(address, postcode, postcode_field=postcode_field)
    candidates = matching_properties(session, typed)
    postcodes = sorted({p.postcode for p in candidates} - {""})
    if not typed.postcode and len(postcodes) > 1:
        raise ValidationError(
            {
                postcode_field: f"{typed.address} is recorded at {' and '.join(postcodes)}: "
                "give the postcode."
            }
        )
    if candidates:
        found = candidates[0]
        if typed.postcode and not found.postcode:
            found.postcode = typed.postcode
        if tenancy.strip() and not found.tenancy_ref:
            found.tenancy_ref = tenancy.strip()
        session.flush()
        return found
    prop = Property(
        address=typed.address,
        postcode=typed.postcode,
        address_key=address_key(typed.address),
        tenancy_ref=tenancy.strip(),
    )
    session.add(prop)
    session.flush()
    return prop


def properties_at(session: Session, postcode: str) -> list[PropertyView]:
    """The known addresses at a postcode, in street and number order; none if it cannot be read."""
    try:
        canonical = normalise_postcode(postcode)
    except PostcodeError:
        return []
    if not canonical:
        return []
    found = session.exec(select(Property).where(Property.postcode == canonical)).all()
    return describe_properties(session, sorted(found, key=_street_order))


def find_properties(session: Session, text: str) -> list[PropertyView]:
    """Known addresses matching what is typed: words of the address and/or a postcode."""
    if is_postcode(text):
        return properties_at(session, text)
    typed = split_postcode(text)
    stmt = select(Property)
    if typed.postcode:
        stmt = stmt.where(Property.postcode == typed.postcode)
    compact = func.lower(func.replace(col(Property.postcode), " ", ""))
    words = address_words(typed.address)
    if not words and not typed.postcode:
        return []
    for word in words:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(
            or_(
                col(Property.address_key).like(pattern, escape="\\"),
                compact.like(pattern, escape="\\"),
            )
        )
    found = session.exec(stmt.limit(LOOKUP_LIMIT)).all()
    return describe_properties(session, sorted(found, key=_street_order))


def open_cases_at(session: Session, typed: TypedAddress, *, closed: bool = False) -> list[Case]:
    """Open cases whose property, or a victim's or household member's home, is this address
    (with ``closed``, the closed cases instead)."""
    ids = [p.id for p in matching_properties(session, typed)]
    if not ids:
        return []
    lives_there = select(CaseParty.case_id).where(
        col(CaseParty.property_id).in_(ids),
        col(CaseParty.role).in_([PartyRole.VICTIM, PartyRole.HOUSEHOLD]),
    )
    return list(
        session.exec(
            select(Case)
            .where(
                (Case.status == CaseStatus.CLOSED) if closed else Case.status != CaseStatus.CLOSED,
                or_(col(Case.property_id).in_(ids), col(Case.id).in_(lives_there)),
            )
            .order_by(col(Case.reference))
        ).all()
    )


def describe_properties(session: Session, props: Sequence[Property]) -> list[PropertyView]:
    """Properties with their active cautions and open cases, for a form or a listing."""
    ids = [p.id for p in props]
    if not ids:
        return []
    cautions: dict[uuid.UUID, int] = {}
    for property_id in session.exec(
        select(CautionMarker.property_id).where(
            col(CautionMarker.property_id).in_(ids), col(CautionMarker.active).is_(True)
        )
    ).all():
        if property_id is not None:
            cautions[property_id] = cautions.get(property_id, 0) + 1
    cases: dict[uuid.UUID, list[str]] = {}
    for property_id, reference in session.exec(
        select(Case.property_id, Case.reference)
        .where(col(Case.property_id).in_(ids), Case.status != CaseStatus.CLOSED)
        .order_by(col(Case.reference))
    ).all():
        if property_id is not None:
            cases.setdefault(property_id, []).append(reference)
    return [
        PropertyView(
            id=p.id,
            address=p.address,
            postcode=p.postcode,
            tenancy_ref=p.tenancy_ref,
            cautions=cautions.get(p.id, 0),
            open_cases=tuple(cases.get(p.id, [])),
        )
        for p in props
    ]


def search_words(prop: Property) -> list[str]:
    """What finds a property's cases in a search: the address, its key and both postcode forms."""
    return [
        prop.address,
        prop.address_key,
        prop.postcode,
        compact_postcode(prop.postcode),
        prop.tenancy_ref,
    ]


def _street_order(prop: Property) -> tuple[str, int, str]:
    """Street, then house number as a number, then the rest: 2 before 10."""
    words = prop.address_key.split()
    numbers = [w for w in words if w[:1].isdigit()]
    number = numbers[-1] if numbers else ""
    digits = "".join(ch for ch in number.split("-")[0] if ch.isdigit())
    street = " ".join(w for w in words if not w[:1].isdigit() and w != "flat")
    return (street, int(digits) if digits else 0, prop.address_key)
