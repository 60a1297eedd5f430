"""What the ABC screens show: one ABC in full, a case's ABCs, and the people one can be with."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from fieldcase.db import audit
from fieldcase.db.models import (
    AbcAgreement,
    AbcBreach,
    AbcCondition,
    AbcReview,
    AbcSignatory,
    Case,
    CaseParty,
    Person,
    Property,
)
from fieldcase.domain import abc as rules
from fieldcase.domain.abc import AbcStatus, Monitor, ReviewState, SignatoryRole, Substantiated
from fieldcase.domain.people import birth_for_age_rules
from fieldcase.domain.vocab import PartyRole, split_values
from fieldcase.services.abc_agreements import (
    as_signatures,
    conditions_of,
    get_abc,
    required_signatories,
    signatories_of,
)
from fieldcase.services.errors import NotFound


@dataclass(frozen=True)
class PerpetratorChoice:
    """An alleged perpetrator on a case, for choosing who an ABC is with."""

    person_id: uuid.UUID
    name: str
    date_of_birth: date | None
    """As the age rules go by it (``domain.people.birth_for_age_rules``)."""
    engagement: str


@dataclass(frozen=True)
class AbcView:
    """An ABC with everything its screen and the printed agreement show."""

    abc: AbcAgreement
    person: Person
    case: Case
    case_property: Property | None
    """The case's property, where the victims live."""
    conditions: list[AbcCondition]
    signatories: list[AbcSignatory]
    reviews: list[AbcReview]
    """Newest first."""
    breaches: list[AbcBreach]
    """Newest first."""
    required: list[SignatoryRole]
    missing: list[SignatoryRole]
    """Required roles not yet signed."""

    @property
    def status(self) -> AbcStatus:
        """The stored status."""
        return AbcStatus(self.abc.status)

    @property
    def monitored_by(self) -> list[Monitor]:
        """Who monitors it."""
        return [Monitor(m) for m in split_values(self.abc.monitored_by) if m in set(Monitor)]

    @property
    def condition_numbers(self) -> dict[uuid.UUID, int]:
        """Condition id -> its number on the agreement (1-based)."""
        return {c.id: n for n, c in enumerate(self.conditions, start=1)}

    def breached_numbers(self, breach: AbcBreach) -> list[int]:
        """The numbers of the conditions a breach was against."""
        numbers = self.condition_numbers
        return sorted(
            numbers[uuid.UUID(i)] for i in split_values(breach.conditions) if _known(i, numbers)
        )

    def review_state(self, today: date) -> ReviewState | None:
        """How urgent the next review is, for an active ABC."""
        if self.status != AbcStatus.ACTIVE or self.abc.next_review_on is None:
            return None
        return rules.review_state(self.abc.next_review_on, today)

    @property
    def substantiated_breaches(self) -> int:
        """How many breaches were made out."""
        return sum(1 for b in self.breaches if b.substantiated == Substantiated.YES)


def _known(raw: str, numbers: dict[uuid.UUID, int]) -> bool:
    try:
        return uuid.UUID(raw) in numbers
    except ValueError:
        return False


@dataclass(frozen=True)
class AbcSummary:
    """One line in a case's list of ABCs."""

    id: uuid.UUID
    person_id: uuid.UUID
    person_name: str
    status: AbcStatus
    start_on: date
    end_on: date
    next_review_on: date | None
    conditions: int
    substantiated_breaches: int
    review_state: ReviewState | None = None
    """How urgent the next review is on the day the list was loaded."""
    from_case: str = ""
    """The reference of the case the ABC was made in, when it is not the case listed."""


def perpetrators(session: Session, case_id: uuid.UUID) -> list[PerpetratorChoice]:
    """The alleged perpetrators on a case, in the order they were added."""
    rows = session.exec(
        select(CaseParty, Person)
        .join(Person, col(Person.id) == CaseParty.person_id)
        .where(CaseParty.case_id == case_id, CaseParty.role == PartyRole.PERPETRATOR)
        .order_by(col(CaseParty.created_at))
    ).all()
    return [
        PerpetratorChoice(
            person.id,
            person.full_name,
            birth_for_age_rules(person.date_of_birth, person.age_given, person.age_given_on),
            party.engagement,
        )
        for party, person in rows
    ]


def case_reference(session: Session, case_id: uuid.UUID) -> str:
    """A case's reference, for titles.

    Raises:
        NotFound: There is no such case.
    """
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound("That case is not in this database.")
    return case.reference


def load_abc(session: Session, abc_id: uuid.UUID, *, record_view: bool = False) -> AbcView:
    """An ABC with its conditions, signatories, reviews and breaches.

    Raises:
        NotFound: There is no such ABC.
    """
    abc = get_abc(session, abc_id)
    person = session.get(Person, abc.person_id)
    case = session.get(Case, abc.case_id)
    if person is None or case is None:
        raise NotFound("That ABC's case or person is no longer in the database.")
    prop = session.get(Property, case.property_id) if case.property_id else None
    signatories = signatories_of(session, abc.id)
    reviews = list(
        session.exec(
            select(AbcReview)
            .where(AbcReview.abc_id == abc.id)
            .order_by(col(AbcReview.reviewed_on).desc(), col(AbcReview.created_at).desc())
        ).all()
    )
    breaches = list(
        session.exec(
            select(AbcBreach)
            .where(AbcBreach.abc_id == abc.id)
            .order_by(col(AbcBreach.occurred_on).desc(), col(AbcBreach.created_at).desc())
        ).all()
    )
    required = required_signatories(abc, person)
    if record_view:
        audit.record(
            session, action="view", entity="abcagreement", entity_id=str(abc.id), case_id=case.id
        )
    loaded = AbcView(
        abc=abc,
        person=person,
        case=case,
        case_property=prop,
        conditions=conditions_of(session, abc.id),
        signatories=signatories,
        reviews=reviews,
        breaches=breaches,
        required=required,
        missing=rules.missing_signatures(required, as_signatures(signatories)),
    )
    detach(session, abc, person, case, prop, *loaded.conditions, *signatories, *reviews, *breaches)
    return loaded


def detach(session: Session, *rows: object) -> None:
    """Let loaded rows outlive the session (a read session rolls back, which would expire them)."""
    for row in rows:
        if row is not None and row in session:
            session.expunge(row)


def list_abcs(
    session: Session,
    case_id: uuid.UUID,
    *,
    person_id: uuid.UUID | None = None,
    today: date | None = None,
    perpetrators_elsewhere: bool = False,
) -> list[AbcSummary]:
    """A case's ABCs (optionally one person's), newest first; ``today`` rates the reviews due.

    With ``perpetrators_elsewhere`` the ABCs its alleged perpetrators signed in other
    cases are listed too: an ABC follows the person, not the case.
    """
    where = col(AbcAgreement.case_id) == case_id
    if perpetrators_elsewhere:
        theirs = select(CaseParty.person_id).where(
            CaseParty.case_id == case_id, CaseParty.role == PartyRole.PERPETRATOR
        )
        where = or_(where, col(AbcAgreement.person_id).in_(theirs))
    stmt = (
        select(AbcAgreement, Person.full_name, Case.reference)
        .join(Person, col(Person.id) == AbcAgreement.person_id)
        .join(Case, col(Case.id) == AbcAgreement.case_id)
        .where(where)
        .order_by(col(AbcAgreement.start_on).desc(), col(AbcAgreement.created_at).desc())
    )
    if person_id is not None:
        stmt = stmt.where(AbcAgreement.person_id == person_id)
    rows = session.exec(stmt).all()
    ids = [abc.id for abc, _, _ in rows]
    conditions = counts_per_abc(session, AbcCondition, ids)
    breaches = counts_per_abc(session, AbcBreach, ids, substantiated_only=True)
    return [
        AbcSummary(
            id=abc.id,
            person_id=abc.person_id,
            person_name=name,
            status=AbcStatus(abc.status),
            start_on=abc.start_on,
            end_on=abc.end_on,
            next_review_on=abc.next_review_on,
            conditions=conditions.get(abc.id, 0),
            substantiated_breaches=breaches.get(abc.id, 0),
            review_state=(
                rules.review_state(abc.next_review_on, today)
                if today is not None and abc.next_review_on is not None
                else None
            ),
            from_case=reference if abc.case_id != case_id else "",
        )
        for abc, name, reference in rows
    ]


def counts_per_abc(
    session: Session,
    table: type[AbcCondition] | type[AbcBreach],
    ids: list[uuid.UUID],
    *,
    substantiated_only: bool = False,
) -> dict[uuid.UUID, int]:
    """How many conditions (or substantiated breaches) each ABC has."""
    if not ids:
        return {}
    abc_col = col(table.abc_id)
    stmt = select(abc_col, func.count()).where(abc_col.in_(ids)).group_by(abc_col)
    if substantiated_only:
        stmt = stmt.where(col(AbcBreach.substantiated) == Substantiated.YES)
    return {abc_id: int(n) for abc_id, n in session.exec(stmt).all()}
