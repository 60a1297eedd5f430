"""Who holds a case: a supervisor reassigns one, or moves an absent officer's cases to a colleague.

On a team server the database lets a supervisor see and change every team's
cases, and keeps other officers within their own team; these services add
the rule that only a supervisor (or IT, as the owner role) moves cases. Every
move is in the audit trail under the login that made it. Covering remembers
whose the cases were, so ending the cover gives back exactly those still held.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session, col, select

from fieldcase.db import audit
from fieldcase.db.models import Case, Officer
from fieldcase.db.store import OFFICER, OfficerIdentity
from fieldcase.domain.vocab import CaseStatus
from fieldcase.services.errors import NotAllowed, ValidationError
from fieldcase.services.records import load_record, update_record


@dataclass(frozen=True)
class Colleague:
    """An active officer a case can be given to."""

    login: str
    full_name: str
    team: str

    @property
    def label(self) -> str:
        """How the officer is shown in a list, e.g. “Sam Patel (spatel, North)”."""
        name = self.full_name or self.login
        return f"{name} ({self.login}, {self.team})" if self.full_name else f"{name} ({self.team})"


@dataclass(frozen=True)
class Moved:
    """Cases that changed hands in one action."""

    references: list[str]
    to: str
    """The login now holding them."""
    team: str

    @property
    def count(self) -> int:
        """How many cases moved."""
        return len(self.references)


def colleagues(session: Session) -> list[Colleague]:
    """Every active officer, by team and login."""
    rows = session.exec(
        select(Officer)
        .where(col(Officer.active).is_(True))
        .order_by(col(Officer.team), col(Officer.login))
    ).all()
    return [Colleague(o.login, o.full_name, o.team) for o in rows]


def reassign_case(session: Session, case_id: uuid.UUID, *, to: str, expected_version: int) -> Case:
    """Give a case to another officer; it moves to their team.

    Raises:
        NotAllowed: The officer is not a supervisor.
        ValidationError: ``to`` is not an active officer.
        NotFound: The case is not there (or not visible).
        EditConflict: The case was changed since the form opened.
    """
    _require_supervisor(session, "reassign a case")
    officer = _colleague(session, to, "officer")
    case = load_record(session, Case, case_id)
    return update_record(
        session,
        case,
        expected_version,
        officer_name=officer.login,
        team=officer.team,
        covered_from="",
    )


def cover_cases(session: Session, absent: str, *, by: str) -> Moved:
    """Give every open case of an absent officer to a colleague, remembering whose they were.

    The cases move to the colleague's team, so the colleague can see them.

    Raises:
        NotAllowed: The officer is not a supervisor.
        ValidationError: ``by`` is not an active officer, or is the absent officer.
    """
    _require_supervisor(session, "move an officer's cases")
    if absent == by:
        raise ValidationError({"by": "Choose a colleague other than the absent officer."})
    colleague = _colleague(session, by, "by")
    cases = session.exec(
        select(Case)
        .where(Case.officer_name == absent, Case.status != CaseStatus.CLOSED)
        .order_by(col(Case.reference))
    ).all()
    for case in cases:
        case.covered_from = case.covered_from or absent
        case.officer_name, case.team = colleague.login, colleague.team
        session.add(case)
    session.flush()
    moved = Moved([c.reference for c in cases], colleague.login, colleague.team)
    audit.record(
        session,
        action="cover",
        entity="officer",
        entity_id=absent,
        changes={"by": [None, by], "cases": [None, ", ".join(moved.references)]},
    )
    return moved


def end_cover(session: Session, absent: str) -> Moved:
    """Give an officer back the open cases covered for them (those not reassigned since).

    Raises:
        NotAllowed: The officer is not a supervisor.
        ValidationError: ``absent`` is not an active officer.
    """
    _require_supervisor(session, "move an officer's cases")
    officer = _colleague(session, absent, "absent")
    cases = session.exec(
        select(Case)
        .where(Case.covered_from == absent, Case.status != CaseStatus.CLOSED)
        .order_by(col(Case.reference))
    ).all()
    for case in cases:
        case.officer_name, case.team, case.covered_from = officer.login, officer.team, ""
        session.add(case)
    session.flush()
    moved = Moved([c.reference for c in cases], officer.login, officer.team)
    audit.record(
        session,
        action="cover ended",
        entity="officer",
        entity_id=absent,
        changes={"cases": [None, ", ".join(moved.references)]},
    )
    return moved


def _require_supervisor(session: Session, doing: str) -> None:
    officer = session.info.get(OFFICER)
    if isinstance(officer, OfficerIdentity) and not officer.supervisor:
        raise NotAllowed(f"Only a supervisor may {doing}.")


def _colleague(session: Session, login: str, field: str) -> Officer:
    officer = session.get(Officer, login)
    if officer is None or not officer.active:
        raise ValidationError({field: f"There is no active officer with the login {login}."})
    return officer
