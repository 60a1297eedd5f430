"""Scoring a victim risk assessment: weights, unknowns, critical items, thresholds."""

from __future__ import annotations

import pytest

from fieldcase.domain.risk import (
    NO,
    UNKNOWN,
    YES,
    Questionnaire,
    final_level,
    load_questionnaire,
    parse_questionnaire,
    score_answers,
)
from fieldcase.domain.vocab import RiskLevel

SMALL = """
id = "small"
version = "2"
[thresholds]
medium = 3
high = 5
[[questions]]
id = "a"
text = "A?"
weight = 2
[[questions]]
id = "b"
text = "B?"
weight = 1
[[questions]]
id = "count"
text = "How many?"
answer = "number"
counts_from = 3
weight = 2
[[questions]]
id = "danger"
text = "In danger?"
weight = 0
critical = true
"""


@pytest.fixture
def small() -> Questionnaire:
    return parse_questionnaire(SMALL, source="small.toml")


ALL_NO = {"a": NO, "b": NO, "count": 0, "danger": NO}


@pytest.mark.parametrize(
    ("answers", "score", "level"),
    [
        pytest.param(ALL_NO, 0, RiskLevel.STANDARD, id="all no is standard"),
        pytest.param({**ALL_NO, "a": YES}, 2, RiskLevel.STANDARD, id="one below medium"),
        pytest.param({**ALL_NO, "a": YES, "b": YES}, 3, RiskLevel.MEDIUM, id="exactly medium"),
        pytest.param({**ALL_NO, "a": YES, "count": 3}, 4, RiskLevel.MEDIUM, id="one below high"),
        pytest.param(
            {**ALL_NO, "a": YES, "b": YES, "count": 3}, 5, RiskLevel.HIGH, id="exactly high"
        ),
        pytest.param({**ALL_NO, "count": 2}, 0, RiskLevel.STANDARD, id="count below counts_from"),
        pytest.param({**ALL_NO, "count": 3}, 2, RiskLevel.STANDARD, id="count at counts_from"),
        pytest.param({**ALL_NO, "count": 40}, 2, RiskLevel.STANDARD, id="count far above"),
        pytest.param({**ALL_NO, "danger": YES}, 0, RiskLevel.HIGH, id="critical yes alone is high"),
        pytest.param(
            {**ALL_NO, "a": YES, "b": YES, "danger": UNKNOWN},
            3,
            RiskLevel.MEDIUM,
            id="critical unknown is not high",
        ),
        pytest.param(
            {"a": UNKNOWN, "b": UNKNOWN, "count": UNKNOWN, "danger": UNKNOWN},
            0,
            RiskLevel.STANDARD,
            id="all unknown scores nothing",
        ),
    ],
)
def test_score_and_level(
    small: Questionnaire, answers: dict[str, str | int], score: int, level: RiskLevel
) -> None:
    """Yes scores the weight, counts score from counts_from, levels start at each threshold."""
    result = score_answers(small, answers)
    assert (result.score, result.level) == (score, level)


def test_unknown_answers_are_reported(small: Questionnaire) -> None:
    """Unknown answers score nothing but are listed for follow-up."""
    result = score_answers(small, {**ALL_NO, "a": UNKNOWN, "count": UNKNOWN})
    assert result.unknown == ("a", "count")
    assert result.points["a"] == 0
    assert result.complete


def test_critical_items_are_named(small: Questionnaire) -> None:
    """The critical questions answered yes are named, so the summary can say why it is High."""
    result = score_answers(small, {**ALL_NO, "danger": YES})
    assert result.critical == ("danger",)


def test_unanswered_questions_are_listed(small: Questionnaire) -> None:
    """A partial assessment scores what is answered and lists the rest as unanswered."""
    result = score_answers(small, {"a": YES})
    assert result.score == 2
    assert result.unanswered == ("b", "count", "danger")
    assert not result.complete


@pytest.mark.parametrize(
    ("question", "value"),
    [("a", 3), ("a", "maybe"), ("count", YES), ("count", -1), ("count", 10_000), ("count", True)],
)
def test_invalid_answer_is_refused(small: Questionnaire, question: str, value: object) -> None:
    """An answer of the wrong kind for its question is refused, naming the question."""
    with pytest.raises(ValueError, match=question):
        score_answers(small, {**ALL_NO, question: value})  # type: ignore[dict-item]


@pytest.mark.parametrize(
    ("computed", "chosen", "reason", "expected"),
    [
        (RiskLevel.MEDIUM, None, "", (RiskLevel.MEDIUM, "")),
        (RiskLevel.MEDIUM, RiskLevel.MEDIUM, "ignored", (RiskLevel.MEDIUM, "")),
        (
            RiskLevel.MEDIUM,
            RiskLevel.HIGH,
            "  Police intelligence  ",
            (RiskLevel.HIGH, "Police intelligence"),
        ),
        (
            RiskLevel.HIGH,
            RiskLevel.STANDARD,
            "Perpetrator in custody",
            (RiskLevel.STANDARD, "Perpetrator in custody"),
        ),
    ],
)
def test_override_keeps_reason(
    computed: RiskLevel, chosen: RiskLevel | None, reason: str, expected: tuple[RiskLevel, str]
) -> None:
    """An override records the chosen level with its reason; no override keeps no reason."""
    assert final_level(computed, chosen, reason) == expected


@pytest.mark.parametrize("reason", ["", "   "])
def test_override_needs_a_reason(reason: str) -> None:
    """Changing the level without saying why is refused."""
    with pytest.raises(ValueError, match="Say why"):
        final_level(RiskLevel.STANDARD, RiskLevel.HIGH, reason)


class TestDefaultQuestionnaire:
    """The questionnaire shipped with fieldcase."""

    def test_has_the_ten_questions_in_order(self) -> None:
        """The default asks the ten agreed questions, in the agreed order."""
        q = load_questionnaire()
        assert [x.id for x in q.questions] == [
            "personal",
            "hostility",
            "repeat",
            "violence",
            "impact",
            "vulnerability",
            "children",
            "unsafe",
            "perpetrator_close",
            "moving",
        ]
        assert q.id == "fieldcase-victim-risk"

    def test_three_similar_incidents_count_as_repeat(self) -> None:
        """Repeat victimisation scores from 3 incidents in 3 months."""
        q = load_questionnaire()
        none = {x.id: NO for x in q.questions} | {"repeat": 0}
        assert score_answers(q, none | {"repeat": 2}).score == 0
        assert score_answers(q, none | {"repeat": 3}).score == q.question("repeat").weight

    def test_feeling_unsafe_is_high_on_its_own(self) -> None:
        """Feeling unsafe at home or very frightened makes the result High by itself."""
        q = load_questionnaire()
        none = {x.id: NO for x in q.questions} | {"repeat": 0}
        assert score_answers(q, none | {"unsafe": YES}).level is RiskLevel.HIGH

    def test_every_level_is_reachable(self) -> None:
        """All yes is High and all no is Standard, without critical items."""
        q = load_questionnaire()
        no = {x.id: NO for x in q.questions} | {"repeat": 0}
        yes = {x.id: YES for x in q.questions if not x.critical} | {"repeat": 5, "unsafe": NO}
        assert score_answers(q, no).level is RiskLevel.STANDARD
        assert score_answers(q, yes).level is RiskLevel.HIGH
