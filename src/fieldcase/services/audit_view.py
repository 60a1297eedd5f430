"""A case's audit history, newest first, with field changes as readable lines.

The history of a case covers every event recorded against it (its records
being created, changed or deleted, and the case file being opened), plus
changes to the people and the property in the case, which are shared
between cases and so carry no case of their own.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select

from fieldcase.db.models import AuditEvent, Case, CaseParty, Person
from fieldcase.domain.dates import to_local
from fieldcase.domain.text import one_line
from fieldcase.domain.vocab import PartyRole
from fieldcase.services.errors import NotFound

PAGE_SIZE = 50
VALUE_LIMIT = 80
"""Longest value shown in a change line; the full text stays in the database."""

ENTITY_LABELS = {
    "case": "case",
    "person": "person",
    "property": "property",
    "caseparty": "person in the case",
    "incident": "incident",
    "contact": "contact",
    "action": "action",
    "cautionmarker": "caution marker",
    "consent": "consent",
    "disclosure": "disclosure",
    "riskassessment": "risk assessment",
    "visit": "visit",
    "abcagreement": "acceptable behaviour contract",
    "abccondition": "ABC condition",
    "abcsignatory": "ABC signatory",
    "abcreview": "ABC review",
    "abcbreach": "ABC breach",
    "enforcementstep": "enforcement step",
    "caseclosure": "closing or reopening of the case",
    "caselink": "link to an earlier case",
    "chronology": "the chronology",
    "database": "database",
    "team": "team",
    "officer": "officer",
}

FIELD_LABELS = {
    "full_name": "Name",
    "date_of_birth": "Date of birth",
    "safe_contact_number": "Safe contact number",
    "police_refs": "Police references",
    "police_crime_number": "Police crime number",
    "opened_on": "Opened",
    "closed_on": "Closed",
    "due_on": "Due",
    "done_on": "Done",
    "occurred_at": "When",
    "at": "When",
    "kinds": "What happened",
    "who": "Who",
    "what": "What",
    "officer_name": "Officer",
    "risk_level": "Risk level",
    "next_contact_due": "Next contact due",
    "last_contact_at": "Last contact",
    "review_due": "Review due",
    "legal_hold": "Legal hold",
    "closure_outcome": "Outcome",
    "closure_reason": "Why it closed",
    "victim_satisfaction": "Victim's satisfaction",
    "satisfaction_declined": "Victim declined to rate",
    "feedback": "Victim's words",
    "live_items": "Still live when it closed",
    "covered_from": "Covering for",
    "from": "From the laptop file",
}

_VERBS = {
    "create": "Added",
    "update": "Changed",
    "delete": "Deleted",
    "merge": "Merged a copy into",
    "export": "Exported",
}

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)$")


@dataclass(frozen=True)
class AuditEntry:
    """One event in a case's history, ready to show."""

    at: datetime
    """When it happened (aware UTC; show with ``to_local``)."""
    actor: str
    """The officer who did it."""
    action: str
    """create, update, delete, view or another event name."""
    entity: str
    """The table the event is about."""
    headline: str
    """One sentence, e.g. “Changed contact” or “Opened the case file”."""
    changes: list[str] = field(default_factory=list)
    """One line per field: “Notes: “old” → “new””."""


@dataclass(frozen=True)
class AuditPage:
    """One page of a case's history."""

    case_reference: str
    """The case the history is about, e.g. ``FC-2026-0007``."""
    entries: list[AuditEntry]
    page: int
    """Zero-based page number."""
    page_size: int
    total: int
    """Events in the whole history."""

    @property
    def pages(self) -> int:
        """How many pages the history has (at least one)."""
        return max(1, -(-self.total // self.page_size))

    @property
    def has_next(self) -> bool:
        """True when an older page follows."""
        return (self.page + 1) * self.page_size < self.total

    @property
    def has_previous(self) -> bool:
        """True when a newer page precedes."""
        return self.page > 0


def case_history(
    session: Session, case_id: uuid.UUID, *, page: int = 0, page_size: int = PAGE_SIZE
) -> AuditPage:
    """One page of the audit history of a case, newest first.

    Raises:
        NotFound: There is no such case.
    """
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound("That case is not in this database.")
    person_ids = [
        str(pid)
        for pid in session.exec(
            select(CaseParty.person_id).where(CaseParty.case_id == case_id)
        ).all()
    ]
    about_case = or_(
        col(AuditEvent.case_id) == case_id,
        and_(col(AuditEvent.entity) == "person", col(AuditEvent.entity_id).in_(person_ids)),
    )
    if case.property_id is not None:
        about_case = or_(
            about_case,
            and_(
                col(AuditEvent.entity) == "property",
                col(AuditEvent.entity_id) == str(case.property_id),
            ),
        )
    total = session.exec(select(func.count()).select_from(AuditEvent).where(about_case)).one()
    page = max(0, page)
    rows = session.exec(
        select(AuditEvent)
        .where(about_case)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .offset(page * page_size)
        .limit(page_size)
    ).all()
    people = _current_names(session, [e.entity_id for e in rows if e.entity == "person"])
    return AuditPage(
        case_reference=case.reference,
        entries=[describe(event, names=people) for event in rows],
        page=page,
        page_size=page_size,
        total=int(total),
    )


def _current_names(session: Session, ids: list[str]) -> dict[str, str]:
    wanted = []
    for raw in set(ids):
        try:
            wanted.append(uuid.UUID(raw))
        except ValueError:
            continue
    if not wanted:
        return {}
    rows = session.exec(select(Person.id, Person.full_name).where(col(Person.id).in_(wanted)))
    return {str(pid): name for pid, name in rows}


def _changes(event: AuditEvent) -> dict[str, Any]:
    try:
        value = json.loads(event.changes or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _recorded(changes: dict[str, Any], name: str) -> Any:
    """A field's value as added or deleted (whichever side of the pair is filled)."""
    pair = changes.get(name)
    if isinstance(pair, list) and len(pair) == 2:
        return pair[1] if pair[1] not in (None, "") else pair[0]
    return None


def _subject(event: AuditEvent, names: dict[str, str]) -> str:
    """Who or what the event is about, in a few words, e.g. “Marta Nowicka”."""
    changes = _changes(event)
    if event.entity == "person":
        name = _recorded(changes, "full_name") or names.get(event.entity_id)
        return f" “{one_line(str(name), 40)}”" if name else ""
    if event.entity == "property":
        address = _recorded(changes, "address")
        return f" “{one_line(str(address), 40)}”" if address else ""
    return ""


def describe(event: AuditEvent, *, names: dict[str, str] | None = None) -> AuditEntry:
    """An audit event as a headline and readable change lines.

    Args:
        event: The recorded event.
        names: Current names of people by id, for events that do not carry one.
    """
    label = ENTITY_LABELS.get(event.entity, event.entity)
    role = _recorded(_changes(event), "role") if event.entity == "caseparty" else None
    if role and event.action in ("create", "delete"):
        try:
            label = PartyRole(role).label.lower()
        except ValueError:
            label = f"{one_line(str(role), 30)} in the case"
        label += " to the case" if event.action == "create" else " from the case"
    label += _subject(event, names or {})
    if event.action == "view":
        headline = "Opened the case file" if event.entity == "case" else f"Viewed {label}"
    elif event.action == "rekey":
        headline = "Changed the database passphrase"
    elif event.action == "import":
        headline = f"Moved the {label} onto the team server"
    elif event.action in _VERBS:
        headline = f"{_VERBS[event.action]} {label}"
    else:
        headline = f"{event.action.capitalize()} {label}"
    return AuditEntry(
        at=event.at,
        actor=event.actor,
        action=event.action,
        entity=event.entity,
        headline=headline,
        changes=change_lines(event.action, event.changes),
    )


def change_lines(action: str, changes_json: str) -> list[str]:
    """Each changed field as “Field: old → new” (or “Field: value” for an addition or deletion).

    Links to other records (``…_id`` fields) are left out of additions and
    deletions, where they only repeat what the headline says.
    """
    try:
        changes = json.loads(changes_json or "{}")
    except ValueError:
        return ["(the recorded changes cannot be read)"]
    if not isinstance(changes, dict):
        return []
    lines: list[str] = []
    for name, pair in changes.items():
        if not (isinstance(pair, list) and len(pair) == 2):
            lines.append(f"{field_label(name)}: {show_value(pair)}")
            continue
        old, new = pair
        if name.endswith("_id") and action in ("create", "delete"):
            continue
        if action == "create" or (action == "import" and old is None):
            lines.append(f"{field_label(name)}: {show_value(new)}")
        elif action == "delete":
            lines.append(f"{field_label(name)}: {show_value(old)}")
        else:
            lines.append(f"{field_label(name)}: {show_value(old)} → {show_value(new)}")
    return lines


def field_label(name: str) -> str:
    """A column name as a label, e.g. ``safe_contact_number`` → “Safe contact number”."""
    if name in FIELD_LABELS:
        return FIELD_LABELS[name]
    words = name.removesuffix("_id").replace("_", " ").strip()
    return (words[:1].upper() + words[1:]) if words else name


def show_value(value: Any) -> str:
    """A recorded value as text: dates in local time, text quoted and on one line."""
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if _ISO_MOMENT.match(text):
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            return to_local(moment).strftime("%d %b %Y %H:%M")
    if _ISO_DATE.match(text):
        try:
            return date.fromisoformat(text).strftime("%d %b %Y")
        except ValueError:
            pass
    return "“" + one_line(text, VALUE_LIMIT) + "”"
