"""Everything the case file screen shows, gathered in one call."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from fieldcase.db.models import CaseClosure, Visit
from fieldcase.domain.policy import Policy
from fieldcase.services import case_file, visit_planning
from fieldcase.services.case_file import CaseFile
from fieldcase.services.case_links import LinkedCase, linked_cases
from fieldcase.services.case_review import case_review_flags
from fieldcase.services.cautions import cautions_on_case
from fieldcase.services.closure import latest_closure
from fieldcase.services.consent import consent_summary
from fieldcase.services.contacts import each_perpetrator


@dataclass(frozen=True)
class CaseOverview:
    """A case file with its consent line, its visits and the cautions that follow it."""

    file: CaseFile
    consent_line: str
    next_visit: Visit | None
    planned_visits: int
    cautions: list[str]
    """The kinds of caution marker on the case's address and people, by label."""
    each_perpetrator: list[tuple[uuid.UUID, str]]
    """Who a contact "with each alleged perpetrator" goes to: (person id, name)."""
    closure: CaseClosure | None = None
    """How the case closed, while it is closed."""
    links: list[LinkedCase] = field(default_factory=list)
    """The closed case this one follows, and any later case following it."""
    case_review: str = ""
    """Why the case meets the ASB Case Review threshold; empty when it does not."""


def case_overview(
    session: Session,
    case_id: uuid.UUID,
    *,
    now: datetime,
    record_view: bool = True,
    policy: Policy | None = None,
) -> CaseOverview:
    """Load the case file screen's contents; ``record_view`` audits that it was opened.

    ``policy`` sets the ASB Case Review threshold (the default policy without it).

    Raises:
        NotFound: There is no such case.
    """
    file = case_file.load_case_file(session, case_id, record_view=record_view)
    return CaseOverview(
        file=file,
        consent_line=consent_summary(session, case_id),
        next_visit=visit_planning.next_planned(session, case_id, now=now),
        planned_visits=visit_planning.count_planned(session, case_id),
        cautions=sorted({m.label for m in cautions_on_case(session, case_id)}),
        each_perpetrator=each_perpetrator(session, case_id),
        closure=latest_closure(session, case_id),
        links=linked_cases(session, case_id),
        case_review=case_review_flags(session, [case_id], policy or Policy()).get(case_id, ""),
    )
