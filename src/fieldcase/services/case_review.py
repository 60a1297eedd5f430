"""Which cases meet the ASB Case Review (community trigger) threshold, from their reports.

Nothing is stored: the threshold is checked from the incidents each time a case
or the caseload is shown, so a new report, an edited date or a change of the
organisation's threshold counts at once.
"""

from __future__ import annotations

import uuid

from sqlmodel import Session, col, select

from fieldcase.db.models import Case, Incident
from fieldcase.domain.case_review import Report, case_review_reason
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import CaseStatus, Category


def case_review_flags(
    session: Session, case_ids: list[uuid.UUID], policy: Policy
) -> dict[uuid.UUID, str]:
    """Case id -> why it meets the threshold, for the cases of ``case_ids`` open and meeting it."""
    if not case_ids:
        return {}
    cases = session.exec(
        select(Case.id, Case.category).where(
            col(Case.id).in_(case_ids), Case.status != CaseStatus.CLOSED
        )
    ).all()
    reports: dict[uuid.UUID, list[Report]] = {case_id: [] for case_id, _ in cases}
    for case_id, occurred_at, strands in session.exec(
        select(Incident.case_id, Incident.occurred_at, Incident.strands).where(
            col(Incident.case_id).in_(list(reports))
        )
    ).all():
        reports[case_id].append(Report(occurred_at, hate=bool(strands.strip())))
    flags: dict[uuid.UUID, str] = {}
    for case_id, category in cases:
        hate_case = category in set(Category) and Category(category).is_hate
        reason = case_review_reason(reports[case_id], policy, hate_case=hate_case)
        if reason:
            flags[case_id] = reason
    return flags
