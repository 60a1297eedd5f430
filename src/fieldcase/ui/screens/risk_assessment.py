"""Risk assessment capture: one key per answer, the score always in view, never lost.

Every answer, note and override is written at once to an encrypted draft, so
a crash or a flat battery mid-assessment loses nothing: starting the
assessment again offers to resume it.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import ContentSwitcher, Footer, Header, Static

from fieldcase.db.models import Case
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
    check_answer,
    describe_answer,
    score_answers,
)
from fieldcase.domain.text import one_line
from fieldcase.domain.vocab import RiskLevel
from fieldcase.services import risk as risk_service
from fieldcase.services.errors import NotFound, ValidationError
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.dialogs.risk_dialogs import Override, RiskNoteDialog, RiskOverrideDialog
from fieldcase.ui.text import literal
from fieldcase.ui.widgets.risk_answers import RiskAnswerList, answer_choices
from fieldcase.ui.widgets.risk_level import RiskScoreBar
from fieldcase.ui.widgets.risk_summary import RiskOutcome

if TYPE_CHECKING:
    from fieldcase.ui.app import FieldcaseApp


class RiskAssessmentScreen(FieldcaseScreen[uuid.UUID | None]):
    """Asks the questionnaire of one victim and saves the assessment."""

    HELP = (
        "Ask each question and answer with one key: y yes, n no, u unknown. For a count, "
        "type the digits and press Enter. The next question follows at once. Backspace or "
        "left goes back (answers are kept); right goes forward again. e adds a note to the "
        "answer just given. The running score and provisional level stay at the top. After "
        "the last question the summary shows every answer: o overrides the level (a reason "
        "is required), s saves. Escape leaves; the answers are kept as a draft and offered "
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
        case_id: uuid.UUID,
        person_id: uuid.UUID,
        questionnaire: Questionnaire,
        *,
        resume: bool = False,
    ) -> None:
        """Assess one victim on one case.

        Args:
            case_id: The case.
            person_id: The victim being assessed.
            questionnaire: The questionnaire to ask (already validated).
            resume: Carry on from the victim's draft instead of starting afresh.
        """
        super().__init__()
        self.case_id = case_id
        self.person_id = person_id
        self.questionnaire = questionnaire
        self.resume = resume
        self.answers: dict[str, AnswerValue] = {}
        """Answers given so far, by question id."""
        self.notes: dict[str, str] = {}
        """Notes on answers, by question id."""
        self.position = 0
        """The question on screen; equal to the number of questions on the summary."""
        self.typed = ""
        """Digits typed for a number question, not yet entered."""
        self.override: Override | None = None
        self.victim_name = ""
        self.case_reference = ""

    @property
    def fieldcase(self) -> FieldcaseApp:
        """The app, with its store, settings and clock."""
        return self.app

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="risk-title")
        yield RiskScoreBar(id="risk-score")
        with ContentSwitcher(initial="risk-asking", id="risk-pages"):
            with Vertical(id="risk-asking"):
                yield Static(id="risk-progress")
                yield Static(id="risk-question")
                yield Static(id="risk-help")
                yield Static(id="risk-answer")
                yield Static(id="risk-note")
                yield RiskAnswerList(id="risk-answers")
            with VerticalScroll(id="risk-summary", can_focus=False):
                yield Static("Summary", classes="risk-section-title")
                yield RiskAnswerList(id="risk-summary-answers")
                yield Static(id="risk-summary-notes")
                yield RiskOutcome(id="risk-outcome")
                yield Static(id="risk-error")
        yield Footer()

    def on_mount(self) -> None:
        with self.fieldcase.store.reading() as session:
            case = session.get(Case, self.case_id)
            names = {v.person_id: v.name for v in risk_service.victims(session, self.case_id)}
            self.case_reference = case.reference if case is not None else ""
            draft = (
                risk_service.load_draft(session, self.case_id, self.person_id)
                if self.resume
                else None
            )
        self.victim_name = names.get(self.person_id, "")
        if draft is not None:
            self._restore(draft)
        self.sub_title = self.case_reference
        self.query_one("#risk-title", Static).update(
            Content.assemble(
                ("Risk assessment", "bold"),
                "  ·  ",
                self.case_reference,
                "  ·  ",
                (one_line(self.victim_name, 40), "bold"),
                "  ·  ",
                (one_line(self.questionnaire.title, 40), "dim"),
            )
        )
        self._show()

    def _restore(self, draft: risk_service.AssessmentDraft) -> None:
        dropped = 0
        for qid, value in draft.answers.items():
            try:
                question = self.questionnaire.question(qid)
            except KeyError:
                dropped += 1
                continue
            if check_answer(question, value) is None:
                self.answers[qid] = value
            else:
                dropped += 1
        ids = {q.id for q in self.questionnaire.questions}
        self.notes = {k: v for k, v in draft.notes.items() if k in ids}
        self.position = max(0, min(draft.position, len(self.questionnaire.questions)))
        if draft.override_level:
            try:
                self.override = Override(RiskLevel(draft.override_level), draft.override_reason)
            except ValueError:
                self.override = None
        if dropped:
            self.notify(
                f"The questionnaire has changed since this draft: {dropped} answer(s) to "
                "questions no longer asked were left out.",
                severity="warning",
            )

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
        question = self.current
        switcher = self.query_one(ContentSwitcher)
        if question is None:
            switcher.current = "risk-summary"
            self._show_summary(scoring)
        else:
            switcher.current = "risk-asking"
            self._show_question(question, scoring)
        self.refresh_bindings()

    def _show_question(self, question: Question, scoring: Scoring) -> None:
        total = len(self.questionnaire.questions)
        progress: list[str | Content | tuple[str, str]] = [
            (f"Question {self.position + 1} of {total}", "bold"),
        ]
        if question.critical:
            progress += ["   ", ("critical: a yes makes it High", "bold red")]
        if question.weight:
            points = "point" if question.weight == 1 else "points"
            scores = (
                f"{question.counts_from} or more scores"
                if question.kind is AnswerKind.NUMBER
                else "a yes scores"
            )
            progress += ["   ", (f"{scores} {question.weight} {points}", "dim")]
        self.query_one("#risk-progress", Static).update(Content.assemble(*progress))
        self.query_one("#risk-question", Static).update(literal(question.text))
        self.query_one("#risk-help", Static).update(literal(question.help))
        self.query_one("#risk-answer", Static).update(
            answer_choices(question, self.answers.get(question.id), self.typed)
        )
        target = self.note_target() or 0
        note = self.notes.get(self.questionnaire.questions[target].id, "")
        self.query_one("#risk-note", Static).update(
            Content.assemble((f"✎ Note on {target + 1}: ", "bold"), literal(note))
            if note
            else Content.styled("e adds a note to the answer just given", "dim")
        )
        self.query_one("#risk-answers", RiskAnswerList).show(
            self.questionnaire, self.answers, self.notes, scoring, self.position
        )

    def _show_summary(self, scoring: Scoring) -> None:
        self.query_one("#risk-summary-answers", RiskAnswerList).show(
            self.questionnaire, self.answers, self.notes, scoring
        )
        notes = [
            Content.assemble(
                ("✎ ", "italic"),
                (f"{index + 1}. ", "bold"),
                literal(self.notes[question.id]),
            )
            for index, question in enumerate(self.questionnaire.questions)
            if self.notes.get(question.id)
        ]
        self.query_one("#risk-summary-notes", Static).update(Content("\n").join(notes))
        level = self.final(scoring)
        days = dates.review_cadence_days(self.fieldcase.settings.policy, level)
        self.query_one(RiskOutcome).show(
            self.questionnaire,
            scoring,
            final=level,
            override_reason=self.override.reason if self.override else "",
            review=self.fieldcase.today() + timedelta(days=days),
            cadence_days=days,
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
        if action in ("override", "save"):
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
        self.position += 1
        self._keep_draft()
        self._show()

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
        self._keep_draft()
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
            self._keep_draft()
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
            self._keep_draft()
            self._show()

        self.app.push_screen(RiskOverrideDialog(scoring.level, current, reason), keep)

    def action_save(self) -> None:
        """Save the assessment; the case takes its level."""
        app = self.fieldcase
        override = self.override
        try:
            with app.store.transaction() as session:
                row = risk_service.save_assessment(
                    session,
                    case_id=self.case_id,
                    person_id=self.person_id,
                    questionnaire=self.questionnaire,
                    answers=dict(self.answers),
                    notes=dict(self.notes),
                    override_level=override.level if override else None,
                    override_reason=override.reason if override else "",
                    assessor=app.settings.officer_name,
                    now=app.now(),
                    policy=app.settings.policy,
                )
                saved_id, level, review = row.id, RiskLevel(row.final_level), row.next_review_on
        except ValidationError as exc:
            self.query_one("#risk-error", Static).update(
                Content.styled("\n".join(exc.errors.values()), "bold red")
            )
            unanswered = self.scoring().unanswered
            if unanswered:
                self._move(
                    self.questionnaire.questions.index(self.questionnaire.question(unanswered[0]))
                )
            return
        except NotFound as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        when = f" Next review {review.day} {review:%b %Y}." if review else ""
        self.notify(f"Risk assessment saved: {level.label}.{when}", title="Saved")
        self.dismiss(saved_id)

    def action_leave(self) -> None:
        """Leave; what was answered stays as a draft."""
        if self.answers or self.notes:
            self._keep_draft()
            self.notify("The answers are kept. Start the assessment again to resume it.")
        else:
            with self.fieldcase.store.transaction() as session:
                risk_service.discard_draft(session, self.case_id, self.person_id)
        self.dismiss(None)

    def _keep_draft(self) -> None:
        draft = risk_service.AssessmentDraft(
            case_id=self.case_id,
            person_id=self.person_id,
            questionnaire_id=self.questionnaire.id,
            questionnaire_version=self.questionnaire.version,
            answers=dict(self.answers),
            notes=dict(self.notes),
            position=self.position,
            override_level=self.override.level if self.override else "",
            override_reason=self.override.reason if self.override else "",
        )
        with self.fieldcase.store.transaction() as session:
            risk_service.save_draft(
                session,
                draft,
                now=self.fieldcase.now(),
                title=f"Risk assessment: {self.victim_name}",
            )
