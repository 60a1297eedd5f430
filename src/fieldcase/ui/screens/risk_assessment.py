"""Risk assessment capture: one key per answer, the score always in view, never lost.

Every answer, note and override is kept at once as an encrypted draft (the
drafts every form uses, written off the interface thread), and on a lock or a
crash, so a flat battery mid-assessment loses nothing: starting the assessment
again offers to resume it (see ``risk_launch``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import ContentSwitcher, Header, Static

from fieldcase.domain import dates
from fieldcase.domain.risk import (
    MAX_NUMBER,
    NO,
    YES,
    AnswerKind,
    AnswerValue,
    Question,
    Questionnaire,
    Scoring,
    describe_answer,
    score_answers,
)
from fieldcase.domain.text import one_line
from fieldcase.domain.vocab import RiskLevel
from fieldcase.services import risk as risk_service
from fieldcase.services.drafts import DraftSnapshot
from fieldcase.services.errors import NotFound, ValidationError
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.dialogs.risk_dialogs import Override, RiskNoteDialog, RiskOverrideDialog
from fieldcase.ui.widgets.footer import Footer
from fieldcase.ui.widgets.form_draft import FormDraft
from fieldcase.ui.widgets.risk_level import RiskScoreBar
from fieldcase.ui.widgets.risk_question import RiskQuestionPage, RiskSummaryPage


@dataclass(frozen=True)
class Assessed:
    """Who is being assessed, on which case, as the screen names them."""

    case_id: uuid.UUID
    person_id: uuid.UUID
    case_reference: str
    victim_name: str


class RiskAssessmentScreen(FieldcaseScreen[uuid.UUID | None]):
    """Asks the questionnaire of one victim and saves the assessment."""

    HELP = (
        "Ask each question and answer with one key: y yes, n no, u unknown. For a count, "
        "type the digits and press Enter. The next question follows at once. Backspace or "
        "left goes back (answers are kept); right goes forward again. e adds a note to the "
        "answer just given. The running score and provisional level stay at the top. After "
        "the last question the summary shows every answer: o overrides the level (a reason "
        "is required), f says it was not taken face to face (so it is not logged as contact "
        "with the victim), s saves. Escape leaves; the answers are kept as a draft and offered "
        "again next time."
    )

    BINDINGS = [
        Binding("y", "answer('yes')", "Yes", id="answer-yes", tooltip="Answer yes and go on"),
        Binding("n", "answer('no')", "No", id="answer-no", tooltip="Answer no and go on"),
        Binding(
            "u",
            "answer('unknown')",
            "Unknown",
            id="answer-unknown",
            tooltip="The victim does not know or would rather not say; scores nothing",
        ),
        *[Binding(str(d), f"type_digit({d})", show=False, id=f"type-digit-{d}") for d in range(10)],
        Binding(
            "enter",
            "confirm_count",
            "Enter count",
            id="confirm-count",
            tooltip="Answer with the number typed and go on",
        ),
        Binding("e", "note", "Note", id="add-note", tooltip="Add a note to this answer"),
        Binding(
            "backspace",
            "erase_or_back",
            "Back",
            id="go-back",
            tooltip="Back to the previous question (or rub out a digit)",
        ),
        Binding(
            "left", "back", "Back", id="go-back-arrow", show=False, tooltip="Previous question"
        ),
        Binding(
            "right",
            "forward",
            "Next",
            id="go-forward",
            show=False,
            tooltip="Next question, keeping this answer",
        ),
        Binding(
            "o",
            "override",
            "Override",
            id="override-level",
            tooltip="Choose a different level, with a reason",
        ),
        Binding(
            "f",
            "face_to_face",
            "Face to face?",
            id="face-to-face",
            tooltip="Say whether the assessment was taken face to face (then it counts as contact)",
        ),
        Binding(
            "s,ctrl+s",
            "save",
            "Save",
            id="save-assessment",
            tooltip="Save the assessment and set the case's risk level",
        ),
        Binding(
            "escape",
            "leave",
            "Leave",
            id="leave-assessment",
            tooltip="Leave without saving; the answers are kept as a draft",
        ),
    ]

    def __init__(
        self,
        assessed: Assessed,
        questionnaire: Questionnaire,
        *,
        draft: risk_service.AssessmentDraft | None = None,
    ) -> None:
        """Assess one victim on one case.

        Args:
            assessed: The case and the victim being assessed.
            questionnaire: The questionnaire to ask (already validated).
            draft: The victim's unfinished assessment, to carry on from.
        """
        super().__init__()
        self.assessed = assessed
        self.case_id = assessed.case_id
        self.person_id = assessed.person_id
        self.questionnaire = questionnaire
        self.answers: dict[str, AnswerValue] = {}
        """Answers given so far, by question id."""
        self.notes: dict[str, str] = {}
        """Notes on answers, by question id."""
        self.position = 0
        """The question on screen; equal to the number of questions on the summary."""
        self.typed = ""
        """Digits typed for a number question, not yet entered."""
        self.override: Override | None = None
        self.face_to_face = True
        """Taken face to face: saving also logs contact with the victim."""
        self.saving = False
        """True while the assessment is on its way to the database."""
        self.new_id = uuid.uuid4()
        """The assessment's key, made before the first try: saving again never saves it twice."""
        self._resumed = draft
        self.draft = FormDraft(
            self,
            risk_service.draft_key(assessed.case_id, assessed.person_id),
            f"Risk assessment: {assessed.victim_name}",
            values=self._draft_values,
        )
        """The assessment in progress, kept on every answer (and on a lock or a crash)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="risk-title")
        yield RiskScoreBar(id="risk-score")
        with ContentSwitcher(initial="risk-asking", id="risk-pages"):
            yield RiskQuestionPage(id="risk-asking")
            yield RiskSummaryPage(id="risk-summary", can_focus=False)
        yield Footer()

    def on_mount(self) -> None:
        if self._resumed is not None:
            self._restore(self._resumed)
        self.draft.mark_pristine()
        self.sub_title = self.assessed.case_reference
        self.query_one("#risk-title", Static).update(
            Content.assemble(
                ("Risk assessment", "bold"),
                "  ·  ",
                self.assessed.case_reference,
                "  ·  ",
                (one_line(self.assessed.victim_name, 40), "bold"),
                "  ·  ",
                (one_line(self.questionnaire.title, 40), "dim"),
            )
        )
        self._show()

    def _restore(self, draft: risk_service.AssessmentDraft) -> None:
        fitted, dropped = draft.fitted_to(self.questionnaire)
        self.answers = dict(fitted.answers)
        self.notes = dict(fitted.notes)
        self.position = fitted.position
        self.face_to_face = fitted.face_to_face
        if fitted.override_level:
            try:
                self.override = Override(RiskLevel(fitted.override_level), fitted.override_reason)
            except ValueError:
                self.override = None
        if dropped:
            self.notify(
                f"The questionnaire has changed since this draft: {dropped} answer(s) to "
                "questions no longer asked were left out.",
                severity="warning",
            )

    def _draft_values(self) -> dict[str, Any]:
        return risk_service.AssessmentDraft(
            case_id=self.case_id,
            person_id=self.person_id,
            questionnaire_id=self.questionnaire.id,
            questionnaire_version=self.questionnaire.version,
            answers=dict(self.answers),
            notes=dict(self.notes),
            position=self.position,
            override_level=self.override.level if self.override else "",
            override_reason=self.override.reason if self.override else "",
            face_to_face=self.face_to_face,
        ).payload()

    def draft_snapshot(self) -> DraftSnapshot | None:
        """The assessment in progress, kept on a lock or a crash."""
        return self.draft.snapshot()

    @property
    def current(self) -> Question | None:
        """The question on screen, or None on the summary."""
        questions = self.questionnaire.questions
        return questions[self.position] if self.position < len(questions) else None

    def scoring(self) -> Scoring:
        """The score and level for the answers so far."""
        return score_answers(self.questionnaire, self.answers)

    def _show(self) -> None:
        scoring = self.scoring()
        self.query_one(RiskScoreBar).show(self.questionnaire, scoring)
        switcher = self.query_one(ContentSwitcher)
        if self.current is None:
            switcher.current = "risk-summary"
            self._show_summary(scoring)
        else:
            switcher.current = "risk-asking"
            self.query_one(RiskQuestionPage).show(
                self.questionnaire,
                self.position,
                self.answers,
                self.notes,
                scoring=scoring,
                typed=self.typed,
                note_on=self.note_target() or 0,
            )
        self.refresh_bindings()

    def _show_summary(self, scoring: Scoring) -> None:
        level = self.final(scoring)
        days = dates.review_cadence_days(self.app.settings.policy, level)
        self.query_one(RiskSummaryPage).show(
            self.questionnaire,
            self.answers,
            self.notes,
            scoring=scoring,
            final=level,
            override_reason=self.override.reason if self.override else "",
            review=self.app.today() + timedelta(days=days),
            cadence_days=days,
            face_to_face=self.assessed.victim_name if self.face_to_face else None,
        )

    def final(self, scoring: Scoring) -> RiskLevel:
        """The level that will be saved."""
        if self.override is not None and self.override.reason:
            return self.override.level
        return scoring.level

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        question = self.current
        if action == "answer":
            if question is None:
                return False
            return not (question.kind is AnswerKind.NUMBER and parameters[0] in (YES, NO))
        if action in ("type_digit", "confirm_count"):
            return question is not None and question.kind is AnswerKind.NUMBER
        if action == "note":
            return question is not None
        if action in ("override", "save", "face_to_face"):
            return question is None
        if action == "forward":
            return question is not None and question.id in self.answers
        if action in ("back", "erase_or_back"):
            return self.position > 0 or bool(self.typed)
        return True

    def action_answer(self, value: str) -> None:
        """Answer the current question and go on."""
        question = self.current
        if question is None:
            return
        self.typed = ""
        self._record(question, value)

    def action_type_digit(self, digit: int) -> None:
        """Type one digit of a count."""
        if len(self.typed) < len(str(MAX_NUMBER)):
            self.typed = (self.typed + str(digit)).lstrip("0") or "0"
        self._show()

    def action_confirm_count(self) -> None:
        """Answer with the count typed (or keep the count given) and go on."""
        question = self.current
        if question is None:
            return
        if self.typed:
            value = int(self.typed)
            self.typed = ""
            self._record(question, value)
        elif question.id in self.answers:
            self._move(self.position + 1)
        else:
            self.notify("Type the number, or press u for unknown.", severity="warning")

    def _record(self, question: Question, value: AnswerValue) -> None:
        self.answers[question.id] = value
        self._move(self.position + 1)

    def action_erase_or_back(self) -> None:
        """Rub out the last digit typed, or go back a question."""
        if self.typed:
            self.typed = self.typed[:-1]
            self._show()
        else:
            self.action_back()

    def action_back(self) -> None:
        """Back to the previous question."""
        self.typed = ""
        if self.position > 0:
            self._move(self.position - 1)
        else:
            self._show()

    def action_forward(self) -> None:
        """On to the next question, keeping this answer."""
        question = self.current
        if question is not None and question.id in self.answers:
            self.typed = ""
            self._move(self.position + 1)

    def _move(self, position: int) -> None:
        self.position = position
        self.draft.save()
        self._show()

    def note_target(self) -> int | None:
        """The question a note goes on: the one on screen once answered, else the answer just given.

        Answering moves straight on, so a note typed after "y" belongs to that "y".
        """
        question = self.current
        if question is None:
            return None
        if question.id in self.answers or self.position == 0:
            return self.position
        return self.position - 1

    def action_note(self) -> None:
        """Attach a note to the current answer."""
        index = self.note_target()
        if index is None:
            return
        question = self.questionnaire.questions[index]
        answer = describe_answer(question, self.answers.get(question.id))

        def keep(note: str | None) -> None:
            if note is None:
                return
            if note:
                self.notes[question.id] = note
            else:
                self.notes.pop(question.id, None)
            self.draft.save()
            self._show()

        self.app.push_screen(
            RiskNoteDialog(
                f"{index + 1}. {question.text} — {answer}", self.notes.get(question.id, "")
            ),
            keep,
        )

    def action_override(self) -> None:
        """Choose a different level, with a reason."""
        scoring = self.scoring()
        current = self.final(scoring)
        reason = self.override.reason if self.override else ""

        def keep(override: Override | None) -> None:
            if override is None:
                return
            self.override = override if override.reason else None
            self.draft.save()
            self._show()

        self.app.push_screen(RiskOverrideDialog(scoring.level, current, reason), keep)

    def action_face_to_face(self) -> None:
        """Say the assessment was (or was not) taken face to face."""
        self.face_to_face = not self.face_to_face
        self.draft.save()
        self._show()

    def action_save(self) -> None:
        """Save the assessment; the case takes its level."""
        if not self.saving:
            self.saving = True
            self.app.keys_wait_for(self._save())

    @work(group="risk-save")
    async def _save(self) -> None:
        try:
            await self._save_assessment()
        finally:
            self.saving = False

    async def _save_assessment(self) -> None:
        app = self.app
        override = self.override
        try:
            row = await app.run_service(
                risk_service.save_assessment,
                case_id=self.case_id,
                person_id=self.person_id,
                questionnaire=self.questionnaire,
                answers=dict(self.answers),
                notes=dict(self.notes),
                override_level=override.level if override else None,
                override_reason=override.reason if override else "",
                assessor=app.officer_name,
                now=app.now(),
                policy=app.settings.policy,
                face_to_face=self.face_to_face,
                new_id=self.new_id,
            )
        except ValidationError as exc:
            self._refused(exc)
            return
        except NotFound as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        # The service removed the draft; this keeps a write still on its way from bringing it back.
        self.draft.discard()
        review = row.next_review_on
        when = f" Next review {review.day} {review:%b %Y}." if review else ""
        level = RiskLevel(row.final_level)
        seen = " Logged as contact with them, face to face." if self.face_to_face else ""
        self.notify(f"Risk assessment saved: {level.label}.{when}{seen}", title="Saved")
        self.dismiss(row.id)

    def _refused(self, exc: ValidationError) -> None:
        self.query_one(RiskSummaryPage).show_error("\n".join(exc.errors.values()))
        unanswered = self.scoring().unanswered
        if unanswered:
            question = self.questionnaire.question(unanswered[0])
            self._move(self.questionnaire.questions.index(question))

    def action_leave(self) -> None:
        """Leave; what was answered stays as a draft."""
        if self.answers or self.notes:
            self.draft.save()
            self.notify("The answers are kept. Start the assessment again to resume it.")
        else:
            self.draft.discard()
        self.dismiss(None)
