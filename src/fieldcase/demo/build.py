"""Invented demo cases, for trying fieldcase and for screenshots.

The cases are data, in ``data/demo_cases.toml``. Every name, address, phone
number and crime number in them is made up: streets are in the fictional town
of Eastbridge (postcode area ``EB``, which no real town uses), phone numbers
come from Ofcom's 07700 900xxx drama range, and crime numbers use an invented
``EB/nnnnn/yy`` format.

The demo is deterministic: the same ``today`` gives the same cases, people,
dates and notes (only the random record ids and creation stamps differ).
"""

from __future__ import annotations

import random
import tomllib
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from importlib import resources
from typing import Any

from sqlmodel import Session

from fieldcase.db.models import Case, CautionMarker
from fieldcase.db.store import Store
from fieldcase.demo.abcs import add_demo_abcs
from fieldcase.demo.protection import add_approach_consent, add_demo_protection
from fieldcase.demo.risk import add_demo_risk
from fieldcase.demo.visits import add_demo_visits
from fieldcase.domain.closure import ClosureOutcome, Decision, Resolution
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import (
    CaseStatus,
    Category,
    CautionKind,
    ContactMethod,
    ContactOutcome,
    Direction,
    Engagement,
    IncidentType,
    PartyRole,
    RiskLevel,
    Strand,
)
from fieldcase.progress import Progress, no_progress
from fieldcase.services import case_file, case_records, closure, contact_records, intake
from fieldcase.services.case_records import ActionInput, IncidentInput, PersonInput
from fieldcase.services.contact_records import ContactInput
from fieldcase.services.intake import NewCaseInput

DEMO_PASSPHRASE = "fieldcase-demo"
"""The demo database's passphrase. It guards nothing: the demo holds only invented data."""
DEMO_OFFICER = "Sam Okafor"
"""The officer the demo cases are assigned to, unless another name is given."""
DEMO_COLLEAGUE = "Priya Desai"
"""A second officer, so that an officer's own cases and all cases differ."""
STORY_VICTIM = "Marta Nowicka"
"""The victim in the case modelled on the design story."""
SEED = 2026
"""Seeds the few details chosen at random: times of day, tenancy numbers, ages."""


def load_sketches() -> list[dict[str, Any]]:
    """The demo cases from the data file, vocabulary checked.

    Raises:
        ValueError: A value in the file is not in fieldcase's vocabulary.
    """
    text = (resources.files("fieldcase") / "data" / "demo_cases.toml").read_text("utf-8")
    sketches: list[dict[str, Any]] = tomllib.loads(text)["case"]
    for raw in sketches:
        _check_vocabulary(raw)
    return sketches


def _check_vocabulary(raw: dict[str, Any]) -> None:
    """Raise ValueError where a case in the data file uses a word fieldcase does not know."""
    checks: list[tuple[type[StrEnum], str]] = [
        (Category, raw["category"]),
        (RiskLevel, raw.get("risk", RiskLevel.STANDARD)),
        (CaseStatus, raw.get("status", CaseStatus.OPEN)),
        *((Strand, s) for s in raw["strands"]),
        *((IncidentType, k) for k in raw["incident"]["kinds"]),
        *((IncidentType, k) for later in raw.get("later_incidents", []) for k in later["kinds"]),
        *((Engagement, p["engagement"]) for p in raw.get("perpetrators", [])),
        *((PartyRole, o["role"]) for o in raw.get("others", [])),
        *((ContactMethod, c["method"]) for c in raw.get("contacts", [])),
        *((ContactOutcome, c["outcome"]) for c in raw.get("contacts", [])),
    ]
    if "caution" in raw:
        checks.append((CautionKind, raw["caution"]["kind"]))
    if "closure" in raw:
        checks.append((ClosureOutcome, raw["closure"]["outcome"]))
    for vocabulary, value in checks:
        vocabulary(value)


def populate(
    store: Store,
    *,
    policy: Policy,
    today: date,
    officer_name: str = DEMO_OFFICER,
    progress: Progress = no_progress,
) -> None:
    """Fill a fresh store with the invented demo caseload, in one transaction.

    One case follows the design story (a family targeted for their nationality
    by two neighbours, police involved, one alleged perpetrator engaged and the
    other gone from the address); 25 more cover every category and strand,
    open, monitoring and closed, at every risk level, some overdue for contact.
    Everything goes in through the case services, as an officer's typing would.

    Risk levels are set on the cases directly, as the level an assessment would
    have given. The risk assessments behind them are added by the risk module's
    own demo function, called from here once it exists.

    Args:
        store: A newly created store with no cases in it.
        policy: The organisation policy, which sets the contact due dates.
        today: The officer's local date; every date in the demo is relative to it.
            It must not be later than the real today: incidents and contacts
            cannot be in the future.
        officer_name: The officer most demo cases are assigned to.
        progress: Told after each case, and after each set of assessments, visits and ABCs.
    """
    rng = random.Random(SEED)
    phones = (f"07700 900{n:03d}" for n in range(100, 1000, 7))
    sketches = sorted(load_sketches(), key=lambda raw: -int(raw["opened_days_ago"]))
    total = len(sketches) + 4
    progress(0, total)
    with store.transaction() as session:
        for done, raw in enumerate(sketches, start=1):
            officer = DEMO_COLLEAGUE if raw.get("colleague") else officer_name
            _add_case(session, raw, rng, phones, policy, today, officer)
            progress(done, total)
        add_demo_risk(session, policy=policy, today=today)
        progress(total - 3, total)
        add_demo_protection(session, today=today, officer_name=officer_name)
        progress(total - 2, total)
        add_demo_visits(session, today=today, officer_name=officer_name)
        progress(total - 1, total)
        add_demo_abcs(session, today=today, policy=policy, officer_name=officer_name)
    progress(total, total)


def _add_case(
    session: Session,
    raw: dict[str, Any],
    rng: random.Random,
    phones: Iterator[str],
    policy: Policy,
    today: date,
    officer: str,
) -> None:
    opened_on = today - timedelta(days=raw["opened_days_ago"])
    perpetrators: list[dict[str, Any]] = raw.get("perpetrators", [])
    people = [
        PersonInput(
            full_name=raw["victim"],
            role=PartyRole.VICTIM,
            phone=next(phones),
            safe_contact_number=next(phones),
            preferred_contact_times=rng.choice(
                ["Weekdays after 4pm", "Mornings before 11", "Any time, text first", "Evenings"]
            ),
        ),
        *(
            PersonInput(
                full_name=member["name"],
                role=PartyRole.HOUSEHOLD,
                date_of_birth=_born(today, member.get("age"), rng),
            )
            for member in raw.get("household", [])
        ),
        *(
            PersonInput(
                full_name=perp.get("name", ""),
                role=PartyRole.PERPETRATOR,
                address=perp.get("address", ""),
                date_of_birth=_born(today, perp.get("age"), rng),
            )
            for perp in perpetrators
        ),
        *(
            PersonInput(
                full_name=other["name"],
                role=PartyRole(other["role"]),
                phone=other.get("phone", ""),
                notes=other.get("notes", ""),
            )
            for other in raw.get("others", [])
        ),
    ]
    reported = _moment(opened_on - timedelta(days=rng.choice([0, 0, 1])), rng, evening=True)
    crime_number = raw.get("crime_number", "")
    case = intake.create_case(
        session,
        NewCaseInput(
            category=raw["category"],
            strands=list(raw["strands"]),
            address=raw["address"],
            postcode=raw["postcode"],
            tenancy_ref=f"EBH-{rng.randrange(10000, 99999)}",
            summary=raw["summary"],
            police_refs=crime_number,
            people=people,
            incident=IncidentInput(
                occurred_at=reported,
                kinds=list(raw["incident"]["kinds"]),
                strands=list(raw["strands"]),
                location=raw["address"],
                who=", ".join(perp.get("name", "Unknown") for perp in perpetrators),
                police_crime_number=crime_number,
                description=raw["incident"]["description"],
                other_kind=raw["incident"].get("other_kind", ""),
            ),
        ),
        officer_name=officer,
        policy=policy,
        today=opened_on,
    )
    case.risk_level = raw.get("risk", "")
    file = case_file.load_case_file(session, case.id, record_view=False)
    victim_id = file.people_in(PartyRole.VICTIM)[0].person.id
    perp_views = file.people_in(PartyRole.PERPETRATOR)

    for later in raw.get("later_incidents", []):
        case_records.add_incident(
            session,
            case.id,
            IncidentInput(
                occurred_at=_moment(today - timedelta(days=later["days_ago"]), rng, evening=True),
                kinds=list(later["kinds"]),
                strands=list(raw["strands"]),
                location=raw["address"],
                description=later["description"],
                other_kind=later.get("other_kind", ""),
            ),
            policy=policy,
        )
    contacts = sorted(raw.get("contacts", []), key=lambda c: -int(c["days_ago"]))
    if any(c["who"] != "victim" for c in contacts):
        add_approach_consent(
            session, case.id, victim_id, opened_on=opened_on, today=today, officer_name=officer
        )
    for contact in contacts:
        who = contact["who"]
        contact_records.add_contact(
            session,
            case.id,
            ContactInput(
                at=_moment(today - timedelta(days=contact["days_ago"]), rng),
                method=contact["method"],
                direction=Direction.OUT,
                person_id=victim_id if who == "victim" else perp_views[int(who[4:])].person.id,
                outcome=contact["outcome"],
                notes=contact["notes"],
            ),
            officer_name=officer,
            policy=policy,
        )
    for view, perp in zip(perp_views, perpetrators, strict=True):
        if view.party.engagement != perp["engagement"]:
            case_records.set_engagement(session, view.party.id, perp["engagement"])
    for item in raw.get("actions", []):
        due = today + timedelta(days=item["due_in_days"])
        action = case_records.add_action(
            session,
            case.id,
            ActionInput(
                what=item["what"], who=item["who"].replace("{officer}", officer), due_on=due
            ),
        )
        if item["done"]:
            action.done_on = min(due, today - timedelta(days=1))
    if "caution" in raw:
        session.add(
            CautionMarker(
                property_id=case.property_id,
                kind=raw["caution"]["kind"],
                note=raw["caution"]["note"],
                added_by=officer,
            )
        )
    if raw.get("status", CaseStatus.OPEN) == CaseStatus.CLOSED:
        last = min((int(c["days_ago"]) for c in contacts), default=raw["opened_days_ago"])
        _close(session, case.id, raw["closure"], today - timedelta(days=max(last - 2, 1)), policy)
        return
    case.status = raw.get("status", CaseStatus.OPEN)
    case_file.refresh_case(session, case, policy)


def _close(
    session: Session, case_id: uuid.UUID, raw: dict[str, Any], day: date, policy: Policy
) -> None:
    """Close a demo case as its officer would, on ``day``: open actions are marked done."""
    now = datetime.combine(day, time(16, 30)).astimezone().astimezone(UTC)
    found = closure.closure_check(session, case_id, today=day, now=now)
    decisions = {
        item.key: Decision(Resolution.DONE)
        if Resolution.DONE in item.choices
        else Decision(Resolution.KEEP, "Handed over to the neighbourhood team.")
        for item in found.live
    }
    case = session.get(Case, case_id)
    assert case is not None
    closure.close_case(
        session,
        case_id,
        found.version,
        closure.ClosureInput(
            outcome=raw["outcome"],
            reason=raw["reason"],
            satisfaction=str(raw["satisfaction"]),
            feedback=raw["feedback"],
            decisions=decisions,
        ),
        officer_name=case.officer_name,
        policy=policy,
        today=day,
        now=now,
    )


def _moment(day: date, rng: random.Random, *, evening: bool = False) -> datetime:
    """A plausible local time on ``day`` (office hours; evening for incidents), in UTC."""
    hour = rng.randrange(17, 22) if evening else rng.randrange(9, 17)
    local = datetime.combine(day, time(hour, rng.choice([0, 10, 15, 20, 30, 40, 45, 50])))
    return local.astimezone().astimezone(UTC)


def _born(today: date, age: int | None, rng: random.Random) -> date | None:
    """A date of birth that makes someone ``age`` years old today."""
    if age is None:
        return None
    return today - timedelta(days=age * 365 + rng.randrange(30, 330))
