"""The list of questions with the answers given so far, one line each."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

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
from fieldcase.domain.text import one_line

BESIDE_QUESTION = 40
"""The width of everything on a line but the question: number, answer, points, marks."""
MIN_QUESTION_WIDTH = 20
"""Questions get at least this much room; on a very narrow terminal the line is cut."""
INDENT = " " * 5
"""Where a question's further lines start: under its first word, past the number."""
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
    *,
    width: int = 100,
) -> Content:
    """One row per question: number, question, answer, points, note mark, critical mark.

    The question gets whatever of ``width`` the rest of the row leaves, and wraps onto
    further lines (under its first word) when it does not fit there: never cut.
    """
    question_width = max(MIN_QUESTION_WIDTH, width - BESIDE_QUESTION)
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
        text = textwrap.wrap(one_line(question.text), question_width) or [""]
        line = Content.assemble(
            ("›" if here else " ", "bold"),
            f"{index + 1:>2}  ",
            Content(text[0]).truncate(question_width, pad=True),
            "  ",
            (f"{describe_answer(question, value):<13}", answer_style),
            (f"+{points:<3}" if points else "    ", "bold"),
            ("✎ note" if notes.get(question.id) else "      ", "italic"),
            ("  critical" if question.id in scoring.critical else "", "bold red"),
        )
        row = [line, *(Content(f"{INDENT}{more:<{question_width}}") for more in text[1:])]
        for line in row:
            lines.append(line.stylize("bold on $primary 40%") if here else line)
    return Content("\n").join(lines)


class RiskAnswerList(Static):
    """Every question with its answer so far; the current one marked."""

    DEFAULT_CSS = """
    RiskAnswerList {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[Any, ...] | None = None

    def show(
        self,
        questionnaire: Questionnaire,
        answers: Mapping[str, AnswerValue],
        notes: Mapping[str, str],
        scoring: Scoring,
        cursor: int | None = None,
    ) -> None:
        """Redraw for the answers so far."""
        self._shown = (questionnaire, dict(answers), dict(notes), scoring, cursor)
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if self._shown is None:
            return
        width = self.content_size.width or 100
        self.update(answer_lines(*self._shown, width=width))
