"""Starting a risk assessment or its history from a case: which victim, and any draft.

Each runs as a worker on the app: one service call finds the victims and any
unfinished assessments, then the officer is asked (``app.ask``) whom to
assess and whether to carry on.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from fieldcase.domain.risk import Questionnaire, QuestionnaireError
from fieldcase.services import drafts
from fieldcase.services import risk as risk_service
from fieldcase.services.errors import NotFound
from fieldcase.ui.dialogs.risk_dialogs import ResumeChoice, RiskResumeDialog, RiskVictimDialog
from fieldcase.ui.screens.risk_assessment import Assessed, RiskAssessmentScreen
from fieldcase.ui.screens.risk_history import RiskHistoryScreen

if TYPE_CHECKING:
    from fieldcase.ui.app import FieldcaseApp

OnDone = Callable[[uuid.UUID | None], None]
"""Called with the saved assessment's id, or None if it was not saved."""


def _questionnaire(app: FieldcaseApp) -> Questionnaire | None:
    try:
        return risk_service.questionnaire_for(app.settings)
    except QuestionnaireError as exc:
        app.notify(
            f"The risk questionnaire cannot be used. {exc}",
            title="Questionnaire",
            severity="error",
            timeout=20,
            markup=False,
        )
        return None


async def _start(app: FieldcaseApp, case_id: uuid.UUID) -> risk_service.AssessmentStart | None:
    """The case's victims and drafts, or None (the officer is told why)."""
    try:
        start = await app.run_service(risk_service.assessment_start, case_id)
    except NotFound as exc:
        app.notify(str(exc), severity="error", markup=False)
        return None
    if not start.victims:
        app.notify("Add the victim to the case first (p on the case file).", severity="warning")
        return None
    return start


async def _choose(
    app: FieldcaseApp, start: risk_service.AssessmentStart, title: str, *, drafts_too: bool
) -> risk_service.Victim | None:
    """The victim, asking only when there are several."""
    if len(start.victims) == 1:
        return start.victims[0]
    unfinished = set(start.drafts) if drafts_too else None
    person_id = await app.ask(RiskVictimDialog(start.victims, title=title, unfinished=unfinished))
    return next((v for v in start.victims if v.person_id == person_id), None)


def start_risk_assessment(
    app: FieldcaseApp, case_id: uuid.UUID, on_done: OnDone | None = None
) -> None:
    """Choose the victim (only if there are several), offer any draft, then ask.

    Args:
        app: The running app.
        case_id: The case the victim is on.
        on_done: Called with the saved assessment's id, or None if it was not saved.
    """
    app.run_worker(_assess(app, case_id, on_done), group="risk-launch", exclusive=True)


async def _assess(app: FieldcaseApp, case_id: uuid.UUID, on_done: OnDone | None) -> None:
    questionnaire = _questionnaire(app)
    if questionnaire is None:
        return
    start = await _start(app, case_id)
    if start is None:
        return
    victim = await _choose(app, start, "Assess which victim?", drafts_too=True)
    if victim is None:
        return
    draft = start.drafts.get(victim.person_id)
    if draft is not None:
        choice = await app.ask(
            RiskResumeDialog(
                victim.name,
                answered=len(draft.answers),
                total=len(questionnaire.questions),
                saved_at=draft.updated_at,
            )
        )
        if choice is None:
            return
        if choice is ResumeChoice.DISCARD:
            await app.run_service(drafts.discard_draft, draft.key)
            draft = None
    assessed = Assessed(case_id, victim.person_id, start.case_reference, victim.name)
    app.push_screen(RiskAssessmentScreen(assessed, questionnaire, draft=draft), on_done)


def open_risk_history(app: FieldcaseApp, case_id: uuid.UUID) -> None:
    """Show a victim's assessment history (choosing the victim if there are several)."""
    app.run_worker(_history(app, case_id), group="risk-launch", exclusive=True)


async def _history(app: FieldcaseApp, case_id: uuid.UUID) -> None:
    start = await _start(app, case_id)
    if start is None:
        return
    victim = await _choose(app, start, "Whose risk history?", drafts_too=False)
    if victim is None:
        return
    try:
        questionnaire: Questionnaire | None = risk_service.questionnaire_for(app.settings)
    except QuestionnaireError:
        questionnaire = None
    app.push_screen(RiskHistoryScreen(case_id, victim.person_id, questionnaire))
