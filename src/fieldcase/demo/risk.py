"""Invented risk assessments behind the demo cases' risk levels.

The demo gives each case the level an assessment would have given; this adds
the assessments themselves, through the same service an officer's save uses,
so the case file, the history and its trend have something true to show.
Deterministic: the same cases and ``today`` give the same assessments.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from fieldcase.db.models import Case
from fieldcase.domain import dates
from fieldcase.domain.policy import Policy
from fieldcase.domain.risk import NO, UNKNOWN, YES, AnswerValue, load_questionnaire
from fieldcase.domain.vocab import CaseStatus, Category, RiskLevel
from fieldcase.services.risk import save_assessment, victims

MAX_PER_CASE = 4
"""At most this many assessments per demo case."""

ANSWERS: dict[RiskLevel, dict[str, AnswerValue]] = {
    RiskLevel.HIGH: {
        "personal": YES,
        "hostility": YES,
        "repeat": 4,
        "violence": YES,
        "impact": YES,
        "vulnerability": NO,
        "children": YES,
        "unsafe": NO,
        "perpetrator_close": YES,
        "moving": UNKNOWN,
    },
    RiskLevel.MEDIUM: {
        "personal": YES,
        "hostility": YES,
        "repeat": 2,
        "violence": YES,
        "impact": YES,
        "vulnerability": NO,
        "children": NO,
        "unsafe": NO,
        "perpetrator_close": NO,
        "moving": NO,
    },
    RiskLevel.STANDARD: {
        "personal": YES,
        "hostility": UNKNOWN,
        "repeat": 1,
        "violence": NO,
        "impact": NO,
        "vulnerability": NO,
        "children": NO,
        "unsafe": NO,
        "perpetrator_close": NO,
        "moving": NO,
    },
}
"""Answers giving each level on the default questionnaire: 13, 8 and 1 points for a hate
case; without the hostility question's 2 points (other cases) still High, Medium, Standard."""

NOTES: dict[RiskLevel, dict[str, str]] = {
    RiskLevel.HIGH: {
        "violence": "Car vandalised on the drive; threats shouted over the fence.",
        "perpetrator_close": "Alleged perpetrators live a few doors away.",
        "moving": "Has not decided; says they should not have to leave.",
    },
    RiskLevel.MEDIUM: {
        "repeat": "Two incidents reported; thinks there were more before.",
    },
    RiskLevel.STANDARD: {
        "hostility": "Not sure why they were targeted; to ask again at review.",
    },
}

FIRST_LEVEL = {
    RiskLevel.HIGH: RiskLevel.HIGH,
    RiskLevel.MEDIUM: RiskLevel.HIGH,
    RiskLevel.STANDARD: RiskLevel.MEDIUM,
}
"""How risk stood at the first visit, for cases reviewed since: High cases stay High
(the alleged perpetrators still live close by); the others have come down."""

OVERRIDE_REASON = (
    "Police intelligence that the alleged perpetrator has been seen near the victim's "
    "workplace; treat as Medium until the next review."
)


def add_demo_risk(session: Session, *, policy: Policy, today: date) -> int:
    """Assess the first victim of every demo case that has a risk level; returns how many.

    The first assessment is the day after the case opened; reviews follow at
    about the policy cadence up to a few days ago (or the day the case closed),
    and the latest gives the case's level. One open Medium case carries an
    officer override with its reason.
    """
    questionnaire = load_questionnaire()
    added = 0
    overridden = False
    demo_cases = session.exec(
        select(Case).where(Case.risk_level != "").order_by(col(Case.reference))
    ).all()
    for case in demo_cases:
        target = RiskLevel(case.risk_level)
        people = victims(session, case.id)
        if not people:
            continue
        # The latest review two to six days ago, so review dates vary from case to case.
        end = case.closed_on or today - timedelta(days=2 + _number(case.reference) % 5)
        days = _assessment_days(case.opened_on, end, target, policy, today)
        for number, day in enumerate(days):
            latest = number == len(days) - 1
            level = target if latest else FIRST_LEVEL[target]
            override = (
                latest
                and not overridden
                and level is RiskLevel.MEDIUM
                and case.status != CaseStatus.CLOSED
            )
            answers = dict(ANSWERS[RiskLevel.STANDARD if override else level])
            if not Category(case.category).is_hate:
                answers["hostility"] = NO
            save_assessment(
                session,
                case_id=case.id,
                person_id=people[0].person_id,
                questionnaire=questionnaire,
                answers=answers,
                notes=NOTES[level],
                override_level=RiskLevel.MEDIUM if override else None,
                override_reason=OVERRIDE_REASON if override else "",
                assessor=case.officer_name,
                now=_late_morning(day),
                policy=policy,
            )
            overridden = overridden or override
            added += 1
    return added


def _assessment_days(
    opened: date, end: date, target: RiskLevel, policy: Policy, today: date
) -> list[date]:
    """The first visit, then reviews spread evenly up to ``end``, about a cadence apart."""
    first = max(opened, min(opened + timedelta(days=1), today - timedelta(days=1)))
    span = max((end - first).days, 0)
    count = min(MAX_PER_CASE, 1 + span // dates.review_cadence_days(policy, target))
    if count == 1:
        return [first]
    return [first + timedelta(days=span * i // (count - 1)) for i in range(count)]


def _number(reference: str) -> int:
    digits = "".join(ch for ch in reference[-4:] if ch.isdigit())
    return int(digits or 0)


def _late_morning(day: date) -> datetime:
    return datetime.combine(day, time(11, 15)).astimezone().astimezone(UTC)
