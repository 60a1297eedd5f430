"""Snapshots of the risk assessment screens, with invented data at a fixed moment.

The README's pictures of these screens come from the demo scenes in
``fieldcase.tools.screenshots``, checked at the end of this file.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.risk import NO, UNKNOWN, YES, load_questionnaire
from fieldcase.domain.vocab import Category, PartyRole, RiskLevel, Strand
from fieldcase.services import case_records, intake
from fieldcase.services import risk as risk_service
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.screens.case_file import CaseFileScreen
from tests.conftest import FIXED_NOW
from tests.snapshots.test_screens import shoot

SIZE = (120, 40)


def story_case(store: Store) -> uuid.UUID:
    with store.transaction() as session:
        case = intake.create_case(
            session,
            intake.NewCaseInput(
                category=Category.HATE_CRIME,
                strands=[Strand.RACE],
                address="12 Larkspur Close, Eastbridge",
                postcode="EB2 7QL",
                people=[
                    case_records.PersonInput(full_name="Marta Nowicka"),
                    case_records.PersonInput(full_name="Gary Stroud", role=PartyRole.PERPETRATOR),
                ],
            ),
            officer_name="Officer Test",
            policy=Policy(),
            today=date(2026, 10, 5),
        )
        return case.id


def open_case_then(*keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.app.push_screen(CaseFileScreen(CASE_IDS[pilot.app]))
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


CASE_IDS: dict[object, uuid.UUID] = {}


def app_on_case(store: Store, make_app: Callable[..., FieldcaseApp]) -> FieldcaseApp:
    app = make_app(store)
    CASE_IDS[app] = story_case(store)
    return app


def test_question_with_running_score(
    snap_compare: Any, store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """Question 5 of 10 in bold with its help; the score bar reads 'Score 8 of 19' with an
    orange MEDIUM badge; y/n/u keys; a note on answer 4; the answer list marks question 5."""
    app = app_on_case(store, make_app)
    keys = ["r", "y", "y", "3", "enter", "y", "e", *"Car tyres slashed", "enter"]
    assert snap_compare(app, run_before=open_case_then(*keys), terminal_size=SIZE)


def test_count_question_being_typed(
    snap_compare: Any, store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """Question 3 asks for a count: 'Count: 12' typed, not yet entered, 'counts from 3
    incidents'; the footer offers Unknown and Enter count but not Yes or No."""
    app = app_on_case(store, make_app)
    assert snap_compare(app, run_before=open_case_then("r", "y", "n", "1", "2"), terminal_size=SIZE)


def test_summary_with_override(
    snap_compare: Any, store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """The summary: all ten answers with points, children 'Unknown' listed to follow up,
    computed MEDIUM, final HIGH 'overridden: Police intelligence', next review 2 Dec 2026."""
    app = app_on_case(store, make_app)
    keys = ["r", "y", "y", "2", "enter", "y", "n", "n", "u", "n", "y", "n", "o", "3"]
    keys += [*"Police intelligence", "enter"]
    assert snap_compare(app, run_before=open_case_then(*keys), terminal_size=SIZE)


def test_history_with_trend(
    snap_compare: Any, store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """Marta Nowicka's history: a trend of High, High, Medium, Standard bars (tall red to
    short green), the table newest first, and the latest assessment's answers and note below."""
    app = app_on_case(store, make_app)
    case_id = CASE_IDS[app]
    questionnaire = load_questionnaire()
    base = {q.id: NO for q in questionnaire.questions} | {"repeat": 0}
    plans: list[tuple[int, dict[str, object], dict[str, str]]] = [
        (50, base | {"unsafe": YES, "perpetrator_close": YES}, {"unsafe": "Will not go out"}),
        (
            43,
            base
            | {
                "violence": YES,
                "impact": YES,
                "repeat": 4,
                "hostility": YES,
                "perpetrator_close": YES,
            },
            {},
        ),
        (29, base | {"violence": YES, "personal": YES, "hostility": YES}, {}),
        (
            1,
            base | {"personal": YES, "hostility": UNKNOWN},
            {"hostility": "Unsure why; ask again at the review"},
        ),
    ]
    with store.transaction() as session:
        (victim,) = risk_service.victims(session, case_id)
        for days_ago, answers, notes in plans:
            risk_service.save_assessment(
                session,
                case_id=case_id,
                person_id=victim.person_id,
                questionnaire=questionnaire,
                answers=answers,  # type: ignore[arg-type]
                notes=notes,
                assessor="Officer Test",
                now=FIXED_NOW - timedelta(days=days_ago),
                policy=Policy(),
            )
    with store.reading() as session:
        levels = [r.final_level for r in risk_service.history(session, case_id, victim.person_id)]
    assert levels == [RiskLevel.HIGH, RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.STANDARD]
    assert snap_compare(app, run_before=open_case_then("R"), terminal_size=SIZE)


class TestDemoScenes:
    """The README's pictures of the risk screens, from the demo data."""

    def test_risk_assessment_scene(self, snap_compare: Any, demo_dir: Path) -> None:
        """Marta Nowicka's assessment at question 5 of 10, score 8 of 19 MEDIUM, with the
        note 'Car tyres slashed on the drive' on answer 4."""
        assert shoot(snap_compare, demo_dir, "risk-assessment")

    def test_risk_history_scene(self, snap_compare: Any, demo_dir: Path) -> None:
        """Marta Nowicka's risk history: one red bar per High assessment since the first
        visit, the table newest first, and the latest answers with their notes."""
        assert shoot(snap_compare, demo_dir, "risk-history")
