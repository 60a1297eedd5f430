"""The caseload: one page of cases, most urgent first, filtered and ordered in SQL."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import case as sql_case
from sqlalchemy import column, func, or_, table
from sqlalchemy import select as sql_select
from sqlmodel import Session, col, select

from fieldcase.db.models import Case, CaseParty, Person
from fieldcase.domain import dates
from fieldcase.domain.address import STREET_WORDS
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import CaseStatus, PartyRole, RiskLevel, split_values
from fieldcase.services.actions_due import overdue_action_counts
from fieldcase.services.case_review import case_review_flags

PAGE_SIZE = 50
SHORTEST_INDEXED = 3
"""The trigram index finds runs of three letters or more; shorter words are read case by case."""

_search_key = table("case_search_key", column("id"), column("case_id"))
_search_index = table("case_search", column("rowid"), column("search_text"))


@dataclass(frozen=True)
class CaseRow:
    """One line of the caseload list."""

    id: uuid.UUID
    reference: str
    category: str
    strands: list[str]
    status: str
    victim: str
    risk_level: str
    last_contact_at: datetime | None
    next_contact_due: date | None
    review_due: date | None
    officer_name: str
    closed_on: date | None = None
    """When the case closed, while it is closed."""
    case_review: str = ""
    """Why the case meets the ASB Case Review threshold; empty when it does not."""
    overdue_actions: int = 0
    """How many actions on the case's plan are past their due day and not done."""

    def overdue(self, today: date) -> bool:
        """True when the next contact was due before today."""
        return self.next_contact_due is not None and self.next_contact_due < today


@dataclass(frozen=True)
class CaseloadPage:
    """One page of the caseload and how many cases match in all."""

    rows: list[CaseRow]
    total: int
    page: int
    """Zero-based page number."""
    page_size: int

    @property
    def pages(self) -> int:
        """How many pages the matching cases fill (at least one)."""
        return max(-(-self.total // self.page_size), 1)


def caseload_page(
    session: Session,
    query: str = "",
    *,
    officer_name: str | None = None,
    team: str | None = None,
    include_closed: bool = False,
    today: date | None = None,
    page: int = 0,
    page_size: int = PAGE_SIZE,
    policy: Policy | None = None,
) -> CaseloadPage:
    """The dashboard's contents: one page of matching cases, most urgent first, and the count.

    ``officer_name`` keeps one officer's cases, ``team`` one team's (on a team server).
    ``policy`` sets the ASB Case Review threshold (the default policy without it).
    """
    filters = _Filters(query, officer_name, team, include_closed)
    today = today or dates.local_today()
    # The total comes with the page (a window count): one pass over the matches, not two.
    stmt = _ordered(session, select(Case, func.count().over()), filters, today)
    found = session.exec(stmt.limit(page_size).offset(page * page_size)).all()
    if found:
        total = int(found[0][1])
    else:
        total = count_cases(
            session, query, officer_name=officer_name, team=team, include_closed=include_closed
        )
    rows = _rows(session, [c for c, _ in found], today, policy or Policy())
    return CaseloadPage(rows=rows, total=total, page=page, page_size=page_size)


@dataclass(frozen=True)
class _Filters:
    """Which cases the caseload lists."""

    query: str
    officer_name: str | None
    team: str | None
    include_closed: bool


def search_cases(
    session: Session,
    query: str = "",
    *,
    officer_name: str | None = None,
    team: str | None = None,
    include_closed: bool = False,
    today: date | None = None,
    limit: int = PAGE_SIZE,
    offset: int = 0,
    policy: Policy | None = None,
) -> list[CaseRow]:
    """One page of cases matching ``query``, most urgent first, filtered in SQL.

    Urgent means: High risk first, then cases not yet assessed (their risk is
    unknown, so they are treated as next most serious), then Medium, then
    Standard. Within each level, overdue contacts or reviews come first, then
    the earliest due date.
    """
    today = today or dates.local_today()
    filters = _Filters(query, officer_name, team, include_closed)
    stmt = _ordered(session, select(Case), filters, today).limit(limit).offset(offset)
    return _rows(session, list(session.exec(stmt).all()), today, policy or Policy())


def _ordered(session: Session, stmt: Any, filters: _Filters, today: date) -> Any:
    """``stmt`` over the matching cases, most urgent first."""
    f = filters
    stmt = _filtered(session, stmt, f.query, f.officer_name, f.team, f.include_closed)
    overdue_first = sql_case(
        (col(Case.next_contact_due) < today, 0), (col(Case.review_due) < today, 0), else_=1
    )
    risk_rank = sql_case(
        (col(Case.risk_level) == RiskLevel.HIGH, 0),
        (col(Case.risk_level) == RiskLevel.MEDIUM, 2),
        (col(Case.risk_level) == RiskLevel.STANDARD, 3),
        else_=1,
    )
    closed_last = sql_case((col(Case.status) == CaseStatus.CLOSED, 1), else_=0)
    return stmt.order_by(
        closed_last,
        risk_rank,
        overdue_first,
        col(Case.next_contact_due).is_(None),
        col(Case.next_contact_due),
        col(Case.reference).desc(),
    )


def _rows(session: Session, cases: list[Case], today: date, policy: Policy) -> list[CaseRow]:
    ids = [c.id for c in cases]
    victims = _victim_names(session, ids)
    flags = case_review_flags(session, ids, policy)
    late = overdue_action_counts(session, ids, today)
    return [
        CaseRow(
            id=c.id,
            reference=c.reference,
            category=c.category,
            strands=split_values(c.strands),
            status=c.status,
            victim=victims.get(c.id, ""),
            risk_level=c.risk_level,
            last_contact_at=c.last_contact_at,
            next_contact_due=c.next_contact_due,
            review_due=c.review_due,
            officer_name=c.officer_name,
            closed_on=c.closed_on if c.status == CaseStatus.CLOSED else None,
            case_review=flags.get(c.id, ""),
            overdue_actions=late.get(c.id, 0),
        )
        for c in cases
    ]


def count_cases(
    session: Session,
    query: str = "",
    *,
    officer_name: str | None = None,
    team: str | None = None,
    include_closed: bool = False,
) -> int:
    """How many cases match, for the list's footer."""
    counting = select(func.count()).select_from(Case)
    stmt = _filtered(session, counting, query, officer_name, team, include_closed)
    return int(session.exec(stmt).one())


def _filtered(
    session: Session,
    stmt: Any,
    query: str,
    officer_name: str | None,
    team: str | None,
    include_closed: bool,
) -> Any:
    if not include_closed:
        stmt = stmt.where(Case.status != CaseStatus.CLOSED)
    if officer_name:
        stmt = stmt.where(Case.officer_name == officer_name)
    if team:
        stmt = stmt.where(Case.team == team)
    indexed = session.get_bind().dialect.name == "sqlite"
    matches: list[str] = []
    for word in query.lower().split():
        # "rd" finds "Sorrel Road": the search text holds each address's spelt-out key.
        spellings = sorted({word, STREET_WORDS.get(word.strip("."), word)})
        if indexed and all(len(w) >= SHORTEST_INDEXED for w in spellings):
            matches.append("(" + " OR ".join(_phrase(w) for w in spellings) + ")")
        else:
            stmt = stmt.where(or_(*(_contains(col(Case.search_text), w) for w in spellings)))
    if matches:
        stmt = stmt.where(col(Case.id).in_(_indexed_matches(" AND ".join(matches))))
    return stmt


def _phrase(word: str) -> str:
    """One word as an FTS5 string: every character literal, found anywhere in the text."""
    return '"' + word.replace('"', '""') + '"'


def _indexed_matches(expression: str) -> Any:
    """The ids of the cases whose search text the trigram index matches (SQLite only)."""
    found = sql_select(_search_index.c.rowid).where(
        _search_index.c.search_text.op("MATCH")(expression)
    )
    return sql_select(_search_key.c.case_id).where(_search_key.c.id.in_(found))


def _contains(column: Any, word: str) -> Any:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(f"%{escaped}%", escape="\\")


def _victim_names(session: Session, case_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not case_ids:
        return {}
    rows = session.exec(
        select(CaseParty.case_id, Person.full_name)
        .join(Person, col(Person.id) == CaseParty.person_id)
        .where(col(CaseParty.case_id).in_(case_ids), CaseParty.role == PartyRole.VICTIM)
        .order_by(col(CaseParty.created_at))
    ).all()
    names: dict[uuid.UUID, list[str]] = {}
    for case_id, name in rows:
        names.setdefault(case_id, []).append(name)
    return {cid: ", ".join(n) for cid, n in names.items()}
