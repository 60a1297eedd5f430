"""Starting a risk assessment or its history from a case: which victim, and any draft."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from fieldcase.domain.risk import Questionnaire, QuestionnaireError
from fieldcase.services import risk as risk_service
from fieldcase.ui.dialogs.risk_dialogs import ResumeChoice, RiskResumeDialog, RiskVictimDialog
from fieldcase.ui.screens.risk_assessment import RiskAssessmentScreen
from fieldcase.ui.screens.risk_history import RiskHistoryScreen

if TYPE_CHECKING:
    from fieldcase.ui.app import FieldcaseApp


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


def _victims(app: FieldcaseApp, case_id: uuid.UUID) -> list[risk_service.Victim]:
    with app.store.reading() as session:
        victims = risk_service.victims(session, case_id)
    if not victims:
        app.notify("Add the victim to the case first (p on the case file).", severity="warning")
    return victims


def start_risk_assessment(
    app: FieldcaseApp,
    case_id: uuid.UUID,
    on_done: Callable[[uuid.UUID | None], None] | None = None,
) -> None:
    """Choose the victim (only if there are several), offer any draft, then ask.

    Args:
        app: The running app.
        case_id: The case the victim is on.
        on_done: Called with the saved assessment's id, or None if it was not saved.
    """
    questionnaire = _questionnaire(app)
    victims = _victims(app, case_id)
    if questionnaire is None or not victims:
        return
    with app.store.reading() as session:
        unfinished = set(risk_service.drafts_for_case(session, case_id))

    def ask(person_id: uuid.UUID, resume: bool) -> None:
        app.push_screen(
            RiskAssessmentScreen(case_id, person_id, questionnaire, resume=resume), on_done
        )

    def chosen(person_id: uuid.UUID | None) -> None:
        if person_id is None:
            return
        with app.store.reading() as session:
            draft = risk_service.load_draft(session, case_id, person_id)
        if draft is None:
            ask(person_id, resume=False)
            return

        def decided(choice: ResumeChoice | None) -> None:
            if choice is ResumeChoice.RESUME:
                ask(person_id, resume=True)
            elif choice is ResumeChoice.DISCARD:
                with app.store.transaction() as session:
                    risk_service.discard_draft(session, case_id, person_id)
                ask(person_id, resume=False)

        name = next(v.name for v in victims if v.person_id == person_id)
        app.push_screen(
            RiskResumeDialog(
                name,
                answered=len(draft.answers),
                total=len(questionnaire.questions),
                saved_at=draft.updated_at,
            ),
            decided,
        )

    if len(victims) == 1:
        chosen(victims[0].person_id)
    else:
        app.push_screen(
            RiskVictimDialog(victims, title="Assess which victim?", unfinished=unfinished),
            chosen,
        )


def open_risk_history(app: FieldcaseApp, case_id: uuid.UUID) -> None:
    """Show a victim's assessment history (choosing the victim if there are several)."""
    victims = _victims(app, case_id)
    if not victims:
        return
    try:
        questionnaire: Questionnaire | None = risk_service.questionnaire_for(app.settings)
    except QuestionnaireError:
        questionnaire = None

    def chosen(person_id: uuid.UUID | None) -> None:
        if person_id is not None:
            app.push_screen(RiskHistoryScreen(case_id, person_id, questionnaire))

    if len(victims) == 1:
        chosen(victims[0].person_id)
    else:
        app.push_screen(RiskVictimDialog(victims, title="Whose risk history?"), chosen)
