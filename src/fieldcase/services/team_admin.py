"""Teams and officers of a team server, managed by IT through ``fieldcase server``.

These run as the database's owner role: only it may add teams, create
logins and change who supervises (officers can only read the lists). Each
change is written to the audit trail, which records the owner's login.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from fieldcase.db import access, audit
from fieldcase.db.models import Case, Officer, Team
from fieldcase.domain.passphrase import passphrase_problem
from fieldcase.domain.vocab import CaseStatus
from fieldcase.services.errors import NotFound, ValidationError
from fieldcase.services.security import published_passphrases

LOGIN_PATTERN = re.compile(r"^[a-z][a-z0-9._-]{1,62}$")
TEAM_PATTERN = re.compile(r"^[\w][\w &'.-]{0,59}$")


@dataclass(frozen=True)
class OfficerSummary:
    """One officer as IT sees them."""

    login: str
    full_name: str
    team: str
    supervisor: bool
    active: bool
    open_cases: int


def add_team(session: Session, name: str) -> Team:
    """Add a team.

    Raises:
        ValidationError: The name is not usable, or the team exists already.
    """
    name = name.strip()
    if not TEAM_PATTERN.match(name):
        raise ValidationError(
            {"team": "A team's name is 1 to 60 letters, digits, spaces and - & ' ."}
        )
    if session.get(Team, name) is not None:
        raise ValidationError({"team": f"There is already a team called {name}."})
    team = Team(name=name)
    session.add(team)
    session.flush()
    audit.record(session, action="create", entity="team", entity_id=name)
    return team


def add_officer(
    session: Session, login: str, *, team: str, full_name: str = "", password: str | None = None
) -> bool:
    """Give an officer a login in a team (or bring a removed officer back).

    A login that already exists on the server (made by IT for something else,
    or for another fieldcase database) is used as it is; its password is set
    only when one is given. Returns True when a new login was created.

    Raises:
        ValidationError: The login or team is not usable, or the password is too weak.
    """
    _check_login(login)
    if session.get(Team, team) is None:
        raise ValidationError({"team": f"There is no team called {team}: add it first."})
    if password is not None:
        problem = passphrase_problem(
            password, personal=[login, full_name], published=published_passphrases()
        )
        if problem:
            raise ValidationError({"password": f"That password is too weak. {problem}"})
    conn = session.connection()
    existing = session.get(Officer, login)
    if existing is not None and existing.active:
        raise ValidationError({"login": f"{login} is already an officer, in {existing.team}."})
    if access.is_privileged(conn, login):
        raise ValidationError(
            {
                "login": f"{login} is the owner, a superuser or bypasses row security: "
                "an officer needs a login of their own."
            }
        )
    created = not access.login_exists(conn, login)
    if created:
        access.create_login(conn, login)
    if password is not None:
        access.set_password(conn, login, password)
    access.join_officers(conn, login)
    officer = existing or Officer(login=login, team=team)
    officer.team, officer.active = team, True
    officer.full_name = full_name.strip() or officer.full_name
    session.add(officer)
    session.flush()
    audit.record(
        session,
        action="create" if existing is None else "update",
        entity="officer",
        entity_id=login,
        changes={"team": [None, team], "active": [None, True]},
    )
    return created


def make_supervisor(session: Session, login: str, *, supervisor: bool = True) -> None:
    """Let an officer see and reassign every team's cases (or stop them).

    Raises:
        NotFound: There is no active officer with this login.
    """
    _change(session, _active(session, login), "supervisor", supervisor)


def set_safe_contact(session: Session, login: str, route: str) -> None:
    """Record how colleagues reach an officer safely when a visit check-in is overdue.

    Raises:
        NotFound: There is no active officer with this login.
        ValidationError: The route is longer than a line.
    """
    officer = _active(session, login)
    route = " ".join(route.split())
    if len(route) > 200:
        raise ValidationError({"safe_contact": "Keep the safe contact route to one line."})
    _change(session, officer, "safe_contact", route)


def _change(session: Session, officer: Officer, name: str, value: object) -> None:
    """Set one of an officer's settings, audited; nothing happens when it is already so."""
    before = getattr(officer, name)
    if before == value:
        return
    audit.record(
        session,
        action="update",
        entity="officer",
        entity_id=officer.login,
        changes={name: [before, value]},
    )
    setattr(officer, name, value)
    session.add(officer)
    session.flush()


def remove_officer(session: Session, login: str) -> bool:
    """Stop an officer using the team server; their name stays in the records and the audit.

    The login leaves the officers' group (so it can no longer connect), the
    officer is marked inactive (so it sees nothing, even on a connection
    already open) and its open connections are closed where the owner may.
    Returns whether they were.

    Raises:
        NotFound: There is no active officer with this login.
        ValidationError: They still hold open cases: these must be moved first.
    """
    officer = _active(session, login)
    held = open_case_count(session, login)
    if held:
        raise ValidationError(
            {
                "login": f"{login} still holds {held} open case{'s' if held != 1 else ''}. "
                f"Move them first: fieldcase server cover {login} --by COLLEAGUE"
            }
        )
    officer.active = False
    officer.supervisor = False
    session.add(officer)
    session.flush()
    conn = session.connection()
    access.leave_officers(conn, login)
    audit.record(
        session,
        action="update",
        entity="officer",
        entity_id=login,
        changes={"active": [True, False]},
    )
    return access.end_sessions(conn, login)


def officers(session: Session) -> list[OfficerSummary]:
    """Every officer, active first, by team and login, with how many open cases each holds."""
    counts = dict(
        session.exec(
            select(Case.officer_name, func.count())
            .where(Case.status != CaseStatus.CLOSED)
            .group_by(col(Case.officer_name))
        ).all()
    )
    rows = session.exec(
        select(Officer).order_by(col(Officer.active).desc(), col(Officer.team), col(Officer.login))
    ).all()
    return [
        OfficerSummary(
            login=o.login,
            full_name=o.full_name,
            team=o.team,
            supervisor=o.supervisor,
            active=o.active,
            open_cases=int(counts.get(o.login, 0)),
        )
        for o in rows
    ]


def open_case_count(session: Session, login: str) -> int:
    """How many cases not closed are assigned to this officer."""
    found = session.exec(
        select(func.count())
        .select_from(Case)
        .where(Case.officer_name == login, Case.status != CaseStatus.CLOSED)
    ).one()
    return int(found)


def _active(session: Session, login: str) -> Officer:
    officer = session.get(Officer, login)
    if officer is None or not officer.active:
        raise NotFound(f"There is no officer with the login {login}.")
    return officer


def _check_login(login: str) -> None:
    if not LOGIN_PATTERN.match(login):
        raise ValidationError(
            {
                "login": "A login is 2 to 63 characters: lower-case letters, digits, . _ or -, "
                "starting with a letter (e.g. spatel)."
            }
        )
