"""The list of questions with the answers given so far, one line each."""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content
from textual.widgets import Static

from fieldcase.domain.risk import (
    NO,
    UNKNOWN,
    YES,
    AnswerKind,
    AnswerValue,
    Question,
    Questionnaire,
    Scoring,
    describe_answer,
)
from fieldcase.ui.text import literal_line

QUESTION_WIDTH = 58
"""Question text is cut to this width."""
CHOICE_KEYS = ((YES, "y", "Yes"), (NO, "n", "No"), (UNKNOWN, "u", "Unknown"))


def answer_choices(question: Question, given: AnswerValue | None, typed: str) -> Content:
    """The keys that answer ``question``, with the answer given so far standing out.

    For a count, ``typed`` holds the digits typed but not yet entered.
    """
    if question.kind is AnswerKind.NUMBER:
        shown = typed or ("" if given in (None, UNKNOWN) else str(given))
        unit = f" {question.unit}" if question.unit else ""
        parts: list[str | Content | tuple[str, str]] = [
            "Count: ",
            (f" {shown or ' '}▏", "reverse" if shown else "underline"),
            unit,
            "   ",
            ("digits then Enter", "dim"),
            "   ",
            ("u", "bold"),
            " ",
            (" Unknown ", "reverse bold" if given == UNKNOWN else ""),
            "   ",
            (f"counts from {question.counts_from}{unit}", "dim italic"),
        ]
        return Content.assemble(*parts)
    parts = []
    for value, key, label in CHOICE_KEYS:
        parts += [
            (key, "bold"),
            " ",
            (f" {label} ", "reverse bold" if given == value else ""),
            "    ",
        ]
    return Content.assemble(*parts)


def answer_lines(
    questionnaire: Questionnaire,
    answers: Mapping[str, AnswerValue],
    notes: Mapping[str, str],
    scoring: Scoring,
    cursor: int | None = None,
) -> Content:
    """One line per question: number, question, answer, points, note mark, critical mark."""
    lines = []
    for index, question in enumerate(questionnaire.questions):
        here = index == cursor
        value = answers.get(question.id)
        points = scoring.points.get(question.id, 0)
        if value is None:
            answer_style = "dim"
        elif value == UNKNOWN:
            answer_style = "italic"
        else:
            answer_style = "bold"
        line = Content.assemble(
            ("›" if here else " ", "bold"),
            f"{index + 1:>2}  ",
            literal_line(question.text).truncate(QUESTION_WIDTH, ellipsis=True, pad=True),
            "  ",
            (f"{describe_answer(question, value):<13}", answer_style),
            (f"+{points:<3}" if points else "    ", "bold"),
            ("✎ note" if notes.get(question.id) else "      ", "italic"),
            ("  critical" if question.id in scoring.critical else "", "bold red"),
        )
        if here:
            line = line.stylize("bold on $primary 40%")
        lines.append(line)
    return Content("\n").join(lines)


class RiskAnswerList(Static):
    """Every question with its answer so far; the current one marked."""

    DEFAULT_CSS = """
    RiskAnswerList {
        height: auto;
        padding: 0 1;
    }
    """

    def show(
        self,
        questionnaire: Questionnaire,
        answers: Mapping[str, AnswerValue],
        notes: Mapping[str, str],
        scoring: Scoring,
        cursor: int | None = None,
    ) -> None:
        """Redraw for the answers so far."""
        self.update(answer_lines(questionnaire, answers, notes, scoring, cursor))
