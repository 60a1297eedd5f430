"""Risk levels on screen: the coloured badge and the running score bar."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from fieldcase.domain.risk import Questionnaire, Scoring
from fieldcase.domain.vocab import RiskLevel

LEVEL_STYLES = {
    RiskLevel.HIGH: "bold white on darkred",
    RiskLevel.MEDIUM: "bold black on darkorange",
    RiskLevel.STANDARD: "bold black on green",
}


def level_badge(level: RiskLevel | str | None) -> Content:
    """A level as a coloured badge, ``not assessed`` for none."""
    if not level:
        return Content.styled("not assessed", "dim")
    try:
        risk = RiskLevel(level)
    except ValueError:
        return Content(str(level))
    return Content.styled(f" {risk.label.upper()} ", LEVEL_STYLES[risk])


class RiskScoreBar(Static):
    """The running score and provisional level, always in view while assessing."""

    DEFAULT_CSS = """
    RiskScoreBar {
        height: auto;
        padding: 0 1;
        background: $boost;
    }
    """

    def show(self, questionnaire: Questionnaire, scoring: Scoring) -> None:
        """Redraw for the answers given so far."""
        answered = len(questionnaire.questions) - len(scoring.unanswered)
        parts: list[str | Content | tuple[str, str]] = [
            ("Score ", "dim"),
            (f"{scoring.score}", "bold"),
            (f" of {questionnaire.max_score}", "dim"),
            "   ",
            ("Provisional level ", "dim"),
            level_badge(scoring.level),
            "   ",
            (f"{answered} of {len(questionnaire.questions)} answered", "dim"),
        ]
        if scoring.unknown:
            parts += ["   ", (f"{len(scoring.unknown)} unknown", "italic")]
        if scoring.critical:
            parts += ["   ", ("critical item: High", "bold red")]
        self.update(Content.assemble(*parts))
