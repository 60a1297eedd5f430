"""The outcome on an assessment's summary: score, levels, what to follow up, next review."""

from __future__ import annotations

from datetime import date

from textual.content import Content
from textual.widgets import Static

from fieldcase.domain.risk import Questionnaire, Scoring
from fieldcase.domain.vocab import RiskLevel
from fieldcase.ui.text import literal_line
from fieldcase.ui.widgets.risk_level import level_badge


def question_lines(heading: Content, questionnaire: Questionnaire, ids: tuple[str, ...]) -> Content:
    """A heading, then each question in full on its own line (the text wraps, never cut)."""
    lines = [heading]
    for question_id in ids:
        try:
            text = questionnaire.question(question_id).text
        except KeyError:
            text = question_id
        lines.append(Content.assemble("  • ", literal_line(text)))
    return Content("\n").join(lines)


class RiskOutcome(Static):
    """What saving would record: the score, computed and final level, and the next review."""

    def show(
        self,
        questionnaire: Questionnaire,
        scoring: Scoring,
        *,
        final: RiskLevel,
        override_reason: str,
        review: date,
        cadence_days: int,
        face_to_face: str | None = None,
    ) -> None:
        """Redraw for these answers and this final level (``face_to_face``: see the page)."""
        lines = [
            *_score_lines(questionnaire, scoring),
            *_decision_lines(final, override_reason, review, cadence_days),
            _face_to_face_line(face_to_face),
            _keys_line(),
        ]
        self.update(Content("\n").join(lines))


def _score_lines(questionnaire: Questionnaire, scoring: Scoring) -> list[Content]:
    """The score and computed level, then the critical, unknown and unanswered questions."""
    q = questionnaire
    lines = [
        Content.assemble(
            ("Score ", "bold"),
            f"{scoring.score} of {q.max_score}",
            (f"   (Medium from {q.thresholds.medium}, High from {q.thresholds.high})", "dim"),
            "     Computed level ",
            level_badge(scoring.level),
        )
    ]
    if scoring.critical:
        heading = Content.styled("Critical (makes it High on its own):", "bold red")
        lines.append(question_lines(heading, q, scoring.critical))
    if scoring.unknown:
        heading = Content.styled("Unknown, to follow up:", "italic")
        lines.append(question_lines(heading, q, scoring.unknown))
    if scoring.unanswered:
        lines.append(
            Content.styled(
                f"Not answered: {len(scoring.unanswered)} — go back to answer them.",
                "bold red",
            )
        )
    return lines


def _decision_lines(
    final: RiskLevel, override_reason: str, review: date, cadence_days: int
) -> list[Content]:
    """The final level with any override, the next review, and the keys to act on them."""
    final_line = Content.assemble(("Final level ", "bold"), level_badge(final))
    if override_reason:
        final_line = Content.assemble(
            final_line, ("  overridden: ", "bold"), literal_line(override_reason)
        )
    return [
        final_line,
        Content.assemble(
            ("Next review ", "bold"),
            f"{review.day} {review:%b %Y}",
            (f"  (every {cadence_days} days)", "dim"),
        ),
    ]


def _face_to_face_line(victim: str | None) -> Content:
    """Whether saving logs contact with the victim."""
    if victim is None:
        return Content.assemble(
            ("Not face to face ", "bold"), "— not logged as contact with the victim"
        )
    return Content.assemble(
        ("Face to face ", "bold"),
        "— logged as contact with ",
        literal_line(victim, 40),
    )


def _keys_line() -> Content:
    return Content.assemble(
        ("s", "bold"),
        " save   ",
        ("o", "bold"),
        " override the level   ",
        ("f", "bold"),
        " face to face or not   ",
        ("Backspace", "bold"),
        " change an answer",
    )
