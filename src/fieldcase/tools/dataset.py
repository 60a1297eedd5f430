"""An invented but realistic caseload for the benchmark, the same every time for a seed.

Each case has about three people (a victim, often a household member or a
witness, usually an alleged perpetrator), ten incidents and contacts between
them, a risk assessment history, and now and then a visit or an ABC with its
reviews and breaches. A few cases are long-running, with 500 chronology
entries. Search text and due dates are worked out as the services would.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, SQLModel

from fieldcase.db.models import (
    AbcAgreement,
    AbcBreach,
    AbcReview,
    Case,
    CaseParty,
    Contact,
    Incident,
    Person,
    Property,
    RiskAssessment,
    Visit,
)
from fieldcase.db.store import Store
from fieldcase.domain.address import address_key, compact_postcode
from fieldcase.domain.people import name_key
from fieldcase.domain.vocab import Category, IncidentType, PartyRole, RiskLevel, Strand

TODAY = date(2026, 11, 25)
OFFICER = "Bench Officer"
BIG_CASE_ENTRIES = 500
FIRST = [
    "Ada",
    "Bilal",
    "Chen",
    "Dorota",
    "Emeka",
    "Farah",
    "Gareth",
    "Hana",
    "Ivo",
    "Jun",
    "Kasia",
    "Leon",
    "Mina",
    "Nuno",
    "Olu",
]
LAST = [
    "Abara",
    "Brook",
    "Czerny",
    "Dunmore",
    "Esposito",
    "Fenwick",
    "Gallo",
    "Hale",
    "Ito",
    "Jaworska",
    "Kaur",
    "Lund",
]
STREETS = [
    "Larch",
    "Mill",
    "Quarry",
    "Rowan",
    "Saxon",
    "Tanner",
    "Upton",
    "Vale",
    "Wren",
    "Sorrel",
    "Cobbler",
    "Marsh",
]
KINDS = ["Road", "Street", "Close", "Way", "Lane", "Row"]
METHODS = ["call", "letter", "visit", "email"]


@dataclass
class Dataset:
    """How many of each record were made, and the cases with the longest chronology."""

    counts: dict[str, int] = field(default_factory=dict)
    big_cases: list[uuid.UUID] = field(default_factory=list)


def generate(store: Store, cases: int = 10_000, *, seed: int = 9, big: int = 3) -> Dataset:
    """Insert ``cases`` invented cases, the first ``big`` of them with 500 entries each."""
    rng = random.Random(seed)
    made = Dataset()
    batch: list[SQLModel] = []
    with Session(store.engine) as session, session.begin():
        for n in range(1, cases + 1):
            entries = BIG_CASE_ENTRIES if n <= big else rng.randint(4, 16)
            rows, case = _case_rows(rng, n, entries)
            if n <= big:
                made.big_cases.append(case.id)
            batch.extend(rows)
            if len(batch) >= 5000 or n == cases:
                _insert(session, batch, made)
                batch = []
    return made


def _insert(session: Session, rows: list[SQLModel], made: Dataset) -> None:
    """Rows in the order their foreign keys need."""
    order = [Property, Person, Case, CaseParty, Incident, Contact, Visit, RiskAssessment]
    order += [AbcAgreement, AbcReview, AbcBreach]
    for model in order:
        # Core inserts, many rows a statement: the benchmark's set-up, not what it times.
        some = [r.model_dump() for r in rows if type(r) is model]
        if some:
            session.execute(insert(model.__table__), some)  # type: ignore[attr-defined]
        made.counts[model.__name__] = made.counts.get(model.__name__, 0) + len(some)


def _case_rows(rng: random.Random, n: int, entries: int) -> tuple[list[SQLModel], Case]:
    """One case and everything recorded about it."""
    street = f"{rng.randint(1, 300)} {rng.choice(STREETS)} {rng.choice(KINDS)}"
    postcode = f"EB{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice('ABDQ')}{rng.choice('LQT')}"
    prop = Property(address=street, postcode=postcode, address_key=address_key(street))
    names = [_name(rng) for _ in range(rng.choice([2, 3, 3, 3, 4]))]
    people = [Person(full_name=name, name_key=name_key(name)) for name in names]
    roles = [PartyRole.VICTIM, PartyRole.PERPETRATOR, PartyRole.HOUSEHOLD, PartyRole.WITNESS]
    reference = f"FC-{2016 + n // 10_000:04d}-{n % 10_000 + 1:04d}"
    police = f"EB/{rng.randint(10_000, 99_999)}/{rng.randint(20, 26)}"
    opened = TODAY - timedelta(days=rng.randint(0, 900))
    case = Case(
        reference=reference,
        category=rng.choice(list(Category)),
        strands=rng.choice(list(Strand)),
        officer_name=OFFICER if rng.random() < 0.6 else "Other Officer",
        police_refs=police if rng.random() < 0.5 else "",
        property_id=prop.id,
        opened_on=opened,
        status="closed" if rng.random() < 0.2 else "open",
        next_contact_due=TODAY + timedelta(days=rng.randint(-30, 30)),
    )
    parties = [
        CaseParty(case_id=case.id, person_id=p.id, role=role)
        for p, role in zip(people, roles, strict=False)
    ]
    history = _chronology(rng, case, people, opened, entries)
    history += _risk_history(rng, case, people[0], opened)
    history += _visits_and_abcs(rng, case, people, prop)
    crime_numbers = [r.police_crime_number for r in history if isinstance(r, Incident)]
    words = [reference, case.police_refs, *crime_numbers, *(p.full_name for p in people)]
    words += [street, prop.address_key, postcode, compact_postcode(postcode)]
    case.search_text = " | ".join(w for w in words if w).lower()
    contacts = [r.at for r in history if isinstance(r, Contact)]
    case.last_contact_at = max(contacts) if contacts else None
    return [prop, *people, case, *parties, *history], case


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _chronology(
    rng: random.Random, case: Case, people: list[Person], opened: date, entries: int
) -> list[SQLModel]:
    """Incidents and contacts, about half each, spread from the opening day to today."""
    span = max((TODAY - opened).days, 1)
    rows: list[SQLModel] = []
    for _ in range(entries):
        at = datetime.combine(opened, datetime.min.time(), UTC) + timedelta(
            days=rng.randint(0, span), minutes=rng.randint(480, 1080)
        )
        if rng.random() < 0.5:
            number = f"EB/{rng.randint(10_000, 99_999)}/26" if rng.random() < 0.2 else ""
            rows.append(
                Incident(
                    case_id=case.id,
                    occurred_at=at,
                    kinds=rng.choice(list(IncidentType)),
                    location="outside the front door",
                    police_crime_number=number,
                    description="Shouting and banging on the door late at night.",
                )
            )
        else:
            rows.append(
                Contact(
                    case_id=case.id,
                    person_id=rng.choice(people).id,
                    at=at,
                    method=rng.choice(METHODS),
                    outcome="spoke",
                    notes="Talked through what happened since the last call.",
                    officer_name=OFFICER,
                )
            )
    return rows


def _risk_history(rng: random.Random, case: Case, victim: Person, opened: date) -> list[SQLModel]:
    """One to three assessments; the latest sets the case's level."""
    rows: list[SQLModel] = []
    for k in range(rng.randint(0, 3)):
        level = rng.choice(list(RiskLevel))
        assessed = datetime.combine(opened + timedelta(days=28 * k), datetime.min.time(), UTC)
        rows.append(
            RiskAssessment(
                case_id=case.id,
                person_id=victim.id,
                score=rng.randint(0, 30),
                computed_level=level,
                final_level=level,
                assessor=OFFICER,
                assessed_at=assessed,
                next_review_on=assessed.date() + timedelta(days=28),
            )
        )
        case.risk_level = level
        case.review_due = assessed.date() + timedelta(days=28)
    return rows


def _visits_and_abcs(
    rng: random.Random, case: Case, people: list[Person], prop: Property
) -> list[SQLModel]:
    """A visit for one case in two; an ABC for one in ten, with reviews and a breach or not."""
    rows: list[SQLModel] = []
    when = datetime.combine(TODAY, datetime.min.time(), UTC) + timedelta(days=rng.randint(-60, 30))
    if rng.random() < 0.5:
        rows.append(
            Visit(
                case_id=case.id,
                person_id=people[0].id,
                property_id=prop.id,
                kind="victim_support",
                planned_at=when,
            )
        )
    if rng.random() < 0.1 and len(people) > 1:
        start = TODAY - timedelta(days=rng.randint(0, 170))
        abc = AbcAgreement(
            case_id=case.id,
            person_id=people[1].id,
            start_on=start,
            end_on=start + timedelta(days=182),
            status="active",
            next_review_on=start + timedelta(weeks=4),
        )
        rows.append(abc)
        reviews: list[Any] = [
            AbcReview(
                abc_id=abc.id, reviewed_on=start + timedelta(weeks=4 * k), compliance="complied"
            )
            for k in range(1, rng.randint(1, 4))
        ]
        if rng.random() < 0.25:
            reviews.append(
                AbcBreach(
                    abc_id=abc.id,
                    occurred_on=start + timedelta(days=20),
                    description="Came to the door.",
                )
            )
        rows.extend(reviews)
    return rows
