"""The figures for a period, for the reports screen and ``fieldcase report``.

Counted from what is recorded, never typed: NM01 from the cases opened in the
period, satisfaction from the closure answers of cases closed in it, the
average days to close over those same cases, hate strands over the cases
opened in it; cases opened and satisfaction also month by month, for the
trends. Open cases by risk level and what is overdue are as they stand today.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, select

from fieldcase.db.models import Case, Incident
from fieldcase.domain.policy import Policy
from fieldcase.domain.reports import (
    Month,
    Nm01,
    OpenedCase,
    Satisfaction,
    monthly,
    nm01,
    satisfaction,
)
from fieldcase.domain.vocab import CaseStatus, Category, RiskLevel, Strand, split_values
from fieldcase.services.actions_due import overdue_actions
from fieldcase.services.errors import ValidationError


@dataclass(frozen=True)
class PeriodReport:
    """Every figure of the reports screen for one period."""

    start: date
    end: date
    today: date
    nm01: Nm01
    satisfaction: Satisfaction
    open_by_risk: dict[str, int]
    """Risk level value ('' for not yet assessed) -> open cases, highest first."""
    overdue_contacts: int
    overdue_reviews: int
    overdue_actions: int
    by_strand: dict[str, int]
    """Hate strand value -> cases opened in the period with it (on the case or a report)."""
    closed: int
    average_days_to_close: float | None
    by_month: list[Month]
    """Each calendar month the period touches: cases opened and satisfaction answers in it."""


def period_report(
    session: Session, *, start: date, end: date, today: date, policy: Policy
) -> PeriodReport:
    """The figures for the period from ``start`` to ``end``, both days included.

    Raises:
        ValidationError: The period ends before it starts.
    """
    if end < start:
        raise ValidationError({"end": "The period ends before it starts."})
    opened = list(
        session.exec(
            select(Case).where(col(Case.opened_on) >= start, col(Case.opened_on) <= end)
        ).all()
    )
    strands = _strands(session, opened)
    facts = [OpenedCase(c.opened_on, _is_hate(c) or bool(strands[c.id])) for c in opened]
    closed = session.exec(
        select(Case).where(
            Case.status == CaseStatus.CLOSED,
            col(Case.closed_on) >= start,
            col(Case.closed_on) <= end,
        )
    ).all()
    days = [(c.closed_on - c.opened_on).days for c in closed if c.closed_on is not None]
    by_strand = Counter(s for found in strands.values() for s in found)
    return PeriodReport(
        start=start,
        end=end,
        today=today,
        nm01=nm01(facts, start=start, end=end, homes=policy.homes),
        satisfaction=satisfaction(c.victim_satisfaction for c in closed),
        open_by_risk=_open_by_risk(session),
        overdue_contacts=_count_open(session, col(Case.next_contact_due) < today),
        overdue_reviews=_count_open(session, col(Case.review_due) < today),
        overdue_actions=len(overdue_actions(session, today)),
        by_strand={s.value: by_strand[s.value] for s in Strand if by_strand[s.value]},
        closed=len(closed),
        average_days_to_close=round(sum(days) / len(days), 1) if days else None,
        by_month=monthly(
            (c.opened_on for c in opened),
            ((c.closed_on, c.victim_satisfaction) for c in closed if c.closed_on is not None),
            start=start,
            end=end,
        ),
    )


def _is_hate(case: Case) -> bool:
    return case.category in set(Category) and Category(case.category).is_hate


def _strands(session: Session, cases: list[Case]) -> dict[object, set[str]]:
    """Case id -> the hate strands on the case and on any of its reports."""
    found: dict[object, set[str]] = {c.id: set(split_values(c.strands)) for c in cases}
    if cases:
        for case_id, strands in session.exec(
            select(Incident.case_id, Incident.strands).where(col(Incident.case_id).in_(list(found)))
        ).all():
            found[case_id].update(split_values(strands))
    return found


def _open_by_risk(session: Session) -> dict[str, int]:
    rows = dict(
        session.exec(
            select(Case.risk_level, func.count())
            .where(Case.status != CaseStatus.CLOSED)
            .group_by(col(Case.risk_level))
        ).all()
    )
    order = [RiskLevel.HIGH.value, RiskLevel.MEDIUM.value, RiskLevel.STANDARD.value, ""]
    return {level: int(rows.get(level, 0)) for level in order}


def _count_open(session: Session, condition: ColumnElement[bool]) -> int:
    return int(
        session.exec(
            select(func.count())
            .select_from(Case)
            .where(col(Case.status) != CaseStatus.CLOSED, condition)
        ).one()
    )


def report_rows(report: PeriodReport) -> list[tuple[str, str, str]]:
    """The figures as (section, figure, value) rows, as the screen and the command print them."""
    n = report.nm01
    not_set = "homes not set"
    rows = [
        ("NM01", "ASB cases opened", str(n.asb_cases)),
        ("NM01", "  per 1,000 homes", _number(n.asb_per_1000, not_set)),
        ("NM01", "ASB cases involving hate incidents", str(n.hate_cases)),
        ("NM01", "  per 1,000 homes", _number(n.hate_per_1000, not_set)),
        ("NM01", "Homes", str(n.homes) if n.homes else not_set),
    ]
    sat = report.satisfaction
    share = f"{sat.share:.1f}%" if sat.share is not None else "no answers"
    rows += [
        ("Satisfaction", "Satisfied with ASB handling (4 or 5 of 5)", share),
        ("Satisfaction", "  satisfied / answered", f"{sat.satisfied} / {sat.answered}"),
        ("Closed", "Cases closed", str(report.closed)),
        ("Closed", "Average days to close", _number(report.average_days_to_close, "none", 1)),
    ]
    for level, count in report.open_by_risk.items():
        name = RiskLevel(level).label if level else "Not yet assessed"
        rows.append(("Open cases by risk", name, str(count)))
    rows += [
        ("Overdue today", "Victim contacts", str(report.overdue_contacts)),
        ("Overdue today", "Risk reviews", str(report.overdue_reviews)),
        ("Overdue today", "Actions", str(report.overdue_actions)),
    ]
    for strand in Strand:
        rows.append(("Cases by hate strand", strand.label, str(report.by_strand.get(strand, 0))))
    return rows


def month_rows(report: PeriodReport) -> list[tuple[str, str, str]]:
    """The monthly trends as (section, figure, value) rows: cases opened and % satisfied.

    A month in which no victim answered says "no answers", never 0%.
    """
    rows: list[tuple[str, str, str]] = []
    for month in report.by_month:
        name = f"{month.first_day:%B %Y}"
        sat = month.satisfaction
        share = (
            f"{sat.share:.1f}% ({sat.satisfied} / {sat.answered})"
            if sat.share is not None
            else "no answers"
        )
        rows.append(("By month", f"{name}: ASB cases opened", str(month.opened)))
        rows.append(("By month", f"{name}: satisfied (4 or 5 of 5)", share))
    return rows


def _number(value: float | None, missing: str, places: int = 2) -> str:
    return f"{value:.{places}f}" if value is not None else missing
