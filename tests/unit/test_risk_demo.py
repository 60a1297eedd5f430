"""The demo's risk assessments: the history behind each demo case's level."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlmodel import select

from fieldcase.db.models import Case, RiskAssessment
from fieldcase.db.store import Store, open_store
from fieldcase.demo.build import DEMO_OFFICER, DEMO_PASSPHRASE, STORY_VICTIM, populate
from fieldcase.demo.risk import add_demo_risk
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import CaseStatus, Category, RiskLevel, Strand
from fieldcase.services import case_records, caseload, intake
from fieldcase.services import risk as risk_service

TODAY = date(2026, 11, 20)


def demo_case(
    store: Store,
    level: str,
    opened_days_ago: int,
    status: str = "open",
    category: str = Category.HATE_CRIME,
) -> None:
    with store.transaction() as session:
        hate = Category(category).is_hate
        case = intake.create_case(
            session,
            intake.NewCaseInput(
                category=category,
                strands=[Strand.RELIGION] if hate else [],
                address=f"{opened_days_ago} Demo Street, Eastbridge",
                people=[case_records.PersonInput(full_name=f"Demo Victim {opened_days_ago}")],
            ),
            officer_name="Sam Okafor",
            policy=Policy(),
            today=TODAY - timedelta(days=opened_days_ago),
        )
        case.risk_level = level
        case.status = status
        if status == CaseStatus.CLOSED:
            case.closed_on = TODAY - timedelta(days=opened_days_ago // 2)


def test_every_case_level_is_backed_by_its_latest_assessment(store: Store) -> None:
    """Each demo case with a level gets assessments whose latest gives exactly that level."""
    for level, age in [("high", 41), ("medium", 35), ("standard", 62), ("", 3)]:
        demo_case(store, level, age)
    demo_case(store, "high", 120, status=CaseStatus.CLOSED)
    for level, age in [("high", 44), ("medium", 45), ("standard", 46)]:
        demo_case(store, level, age, category=Category.PERSONAL_ASB)
    with store.transaction() as session:
        added = add_demo_risk(session, policy=Policy(), today=TODAY)
    with store.reading() as session:
        rows = session.exec(select(Case).order_by(Case.opened_on)).all()
        summary = []
        for case in rows:
            (victim,) = risk_service.victims(session, case.id)
            history = risk_service.history(session, case.id, victim.person_id)
            summary.append(
                (case.risk_level, [r.final_level.value for r in history], case.review_due)
            )
        total = len(session.exec(select(RiskAssessment)).all())
    assert added == total
    closed, standard, *asb, high, medium, unassessed = summary
    assert [case_level for case_level, _, _ in asb] == ["standard", "medium", "high"]
    assert [levels[-1] for _, levels, _ in asb] == ["standard", "medium", "high"]
    assert closed[0] == "high" and closed[2] is None, "a closed case has no review due"
    assert standard[1][0] == "medium" and standard[1][-1] == "standard"
    assert set(high[1]) == {"high"} and len(high[1]) > 1
    assert medium[1][0] == "high" and medium[1][-1] == "medium"
    assert unassessed == ("", [], None)
    assert all(len(levels) <= 4 for _, levels, _ in summary)
    assert all(due is None or due > TODAY for _, _, due in summary), "no review overdue"


def test_one_medium_case_shows_an_override(store: Store) -> None:
    """The demo includes an officer override with its reason, for the history screen."""
    demo_case(store, "medium", 20)
    with store.transaction() as session:
        add_demo_risk(session, policy=Policy(), today=TODAY)
    with store.reading() as session:
        latest = risk_service.latest(session, session.exec(select(Case.id)).one())
    assert latest is not None
    assert latest.computed_level == RiskLevel.STANDARD
    assert latest.final_level == RiskLevel.MEDIUM
    assert "Police intelligence" in latest.override_reason


def test_assessments_start_the_day_after_opening(store: Store) -> None:
    """The first assessment is the day after the case opened; each scores its level."""
    demo_case(store, "high", 30)
    with store.transaction() as session:
        add_demo_risk(session, policy=Policy(), today=TODAY)
    with store.reading() as session:
        first = [(r.assessed_at, r.score) for r in session.exec(select(RiskAssessment)).all()]
    assert sorted(first)[0][0].date() in {TODAY - timedelta(days=29), TODAY - timedelta(days=30)}
    assert [score for _, score in sorted(first)] == [13] * len(first)


def test_demo_database_has_the_assessments_behind_its_levels(tmp_path: Path) -> None:
    """In the real demo, every assessed case's level is its latest assessment's final level."""
    store = open_store(tmp_path / "demo.db", DEMO_PASSPHRASE, create=True, actor=DEMO_OFFICER)
    try:
        populate(store, policy=Policy(), today=TODAY)
        with store.reading() as session:
            assessed = session.exec(select(Case).where(Case.risk_level != "")).all()
            assert assessed
            for case in assessed:
                latest = risk_service.latest(session, case.id)
                assert latest is not None and latest.final_level == case.risk_level
            (story,) = caseload.search_cases(
                session, STORY_VICTIM, include_closed=True, today=TODAY
            )
            (victim,) = risk_service.victims(session, story.id)
            history = risk_service.history(session, story.id, victim.person_id)
        assert len(history) > 1 and all(r.final_level == RiskLevel.HIGH for r in history)
    finally:
        store.close()
