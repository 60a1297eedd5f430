"""The question being asked in a risk assessment, and the summary before saving."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from fieldcase.domain.risk import AnswerKind, AnswerValue, Question, Questionnaire, Scoring
from fieldcase.domain.vocab import RiskLevel
from fieldcase.ui.text import literal
from fieldcase.ui.widgets.risk_answers import RiskAnswerList, answer_choices
from fieldcase.ui.widgets.risk_summary import RiskOutcome


def progress_line(question: Question, position: int, total: int) -> Content:
    """The question's number, whether it is critical, and what an answer scores."""
    parts: list[str | Content | tuple[str, str]] = [(f"Question {position + 1} of {total}", "bold")]
    if question.critical:
        parts += ["   ", ("critical: a yes makes it High", "bold red")]
    if question.weight:
        points = "point" if question.weight == 1 else "points"
        scores = (
            f"{question.counts_from} or more scores"
            if question.kind is AnswerKind.NUMBER
            else "a yes scores"
        )
        parts += ["   ", (f"{scores} {question.weight} {points}", "dim")]
    return Content.assemble(*parts)


class RiskQuestionPage(Vertical):
    """One question with its help, the keys that answer it, its note and every answer so far."""

    def compose(self) -> ComposeResult:
        yield Static(id="risk-progress")
        yield Static(id="risk-question")
        yield Static(id="risk-help")
        yield Static(id="risk-answer")
        yield Static(id="risk-note")
        yield RiskAnswerList(id="risk-answers")

    def show(
        self,
        questionnaire: Questionnaire,
        position: int,
        answers: Mapping[str, AnswerValue],
        notes: Mapping[str, str],
        *,
        scoring: Scoring,
        typed: str,
        note_on: int,
    ) -> None:
        """Redraw for the question at ``position``; ``note_on`` is the question a note goes on."""
        question = questionnaire.questions[position]
        total = len(questionnaire.questions)
        self.query_one("#risk-progress", Static).update(progress_line(question, position, total))
        self.query_one("#risk-question", Static).update(literal(question.text))
        self.query_one("#risk-help", Static).update(literal(question.help))
        self.query_one("#risk-answer", Static).update(
            answer_choices(question, answers.get(question.id), typed)
        )
        note = notes.get(questionnaire.questions[note_on].id, "")
        self.query_one("#risk-note", Static).update(
            Content.assemble((f"✎ Note on {note_on + 1}: ", "bold"), literal(note))
            if note
            else Content.styled("e adds a note to the answer just given", "dim")
        )
        self.query_one("#risk-answers", RiskAnswerList).show(
            questionnaire, answers, notes, scoring, position
        )


class RiskSummaryPage(VerticalScroll):
    """What saving would record, then every answer with its points and notes.

    The outcome comes first so that on a small screen the level, the critical
    answers and the keys to save or override are in view without scrolling.
    """

    def compose(self) -> ComposeResult:
        yield Static("Summary", classes="risk-section-title")
        yield RiskOutcome(id="risk-outcome")
        yield Static(id="risk-error")
        yield Static("Answers", classes="risk-section-title")
        yield RiskAnswerList(id="risk-summary-answers")
        yield Static(id="risk-summary-notes")

    def show(
        self,
        questionnaire: Questionnaire,
        answers: Mapping[str, AnswerValue],
        notes: Mapping[str, str],
        *,
        scoring: Scoring,
        final: RiskLevel,
        override_reason: str,
        review: date,
        cadence_days: int,
        face_to_face: str | None = None,
    ) -> None:
        """Redraw for these answers and the level that would be saved; ``face_to_face``
        names the victim when it is taken face to face."""
        self.query_one("#risk-summary-answers", RiskAnswerList).show(
            questionnaire, answers, notes, scoring
        )
        noted = [
            Content.assemble(("✎ ", "italic"), (f"{index + 1}. ", "bold"), literal(notes[q.id]))
            for index, q in enumerate(questionnaire.questions)
            if notes.get(q.id)
        ]
        self.query_one("#risk-summary-notes", Static).update(Content("\n").join(noted))
        self.query_one(RiskOutcome).show(
            questionnaire,
            scoring,
            final=final,
            override_reason=override_reason,
            review=review,
            cadence_days=cadence_days,
            face_to_face=face_to_face,
        )

    def show_error(self, message: str) -> None:
        """Say why the assessment could not be saved."""
        self.query_one("#risk-error", Static).update(Content.styled(message, "bold red"))
