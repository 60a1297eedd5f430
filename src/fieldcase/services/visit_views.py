"""What the visit screens load: one call per screen, everything it shows.

The plan form opens with the case's people, the stored plan (when changing
one) and the caution markers and consent for its person and place; the visit
list with the case's reference and its visits.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session

from fieldcase.db.models import Visit
from fieldcase.domain.visits import PlaceKind
from fieldcase.services.visit_planning import (
    Party,
    PlanningFacts,
    VisitInput,
    case_parties,
    case_reference,
    get_visit,
    planning_facts,
    visit_input_of,
    visits_for_case,
)


@dataclass(frozen=True)
class VisitPlanView:
    """Everything the plan form shows as it opens."""

    reference: str
    parties: list[Party]
    initial: VisitInput | None
    """The stored plan when changing one; None for a new visit."""
    version: int
    """The stored plan's version, to refuse a save over someone else's change."""
    facts: PlanningFacts
    """Where, cautions and consent for the person and place the form opens with."""


@dataclass(frozen=True)
class CaseVisits:
    """A case's visits, as the visit list shows them."""

    reference: str
    visits: list[Visit]
    """The next planned first, then the rest newest first."""


def visit_plan_view(
    session: Session, case_id: uuid.UUID, visit_id: uuid.UUID | None = None
) -> VisitPlanView:
    """What the plan form needs to open: a new plan, or the stored one to change.

    Raises:
        NotFound: There is no such case or visit.
    """
    reference = case_reference(session, case_id)
    initial: VisitInput | None = None
    version = 0
    if visit_id is not None:
        visit = get_visit(session, visit_id)
        initial, version = visit_input_of(visit), visit.version
    facts = planning_facts(
        session,
        case_id,
        person_id=initial.person_id if initial else None,
        place_kind=initial.place_kind if initial else PlaceKind.PROPERTY,
        place_detail=initial.place_detail if initial else "",
    )
    return VisitPlanView(reference, case_parties(session, case_id), initial, version, facts)


def case_visits(session: Session, case_id: uuid.UUID) -> CaseVisits:
    """A case's reference and its visits, for the visit list.

    Raises:
        NotFound: There is no such case.
    """
    return CaseVisits(case_reference(session, case_id), visits_for_case(session, case_id))
