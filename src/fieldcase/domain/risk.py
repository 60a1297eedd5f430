"""Victim risk questionnaires: reading them, scoring answers, deciding the level.

A questionnaire is data, not code: a TOML file with an id, a version,
thresholds and a list of questions. fieldcase ships a default one
(``fieldcase/data/questionnaire.toml``); an organisation may point
``Settings.questionnaire_path`` at its own. Every problem in a file is
reported with the file, the question and what is wrong.

Scoring: a "yes" (or a number at or above the question's ``counts_from``)
scores the question's weight; "no" and "unknown" score nothing, but unknown
answers are listed so the officer can follow them up. A "yes" to a critical
question makes the level High whatever the score.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from fieldcase.domain.vocab import RiskLevel

YES = "yes"
NO = "no"
UNKNOWN = "unknown"
YES_NO_VALUES = (YES, NO, UNKNOWN)
MAX_NUMBER = 9999
"""The largest count an officer can enter for a number question."""

AnswerValue = str | int
"""``"yes"``, ``"no"`` or ``"unknown"``; or a whole number for number questions."""

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class AnswerKind(StrEnum):
    """How a question is answered."""

    YES_NO_UNKNOWN = "yes-no-unknown"
    NUMBER = "number"


class QuestionnaireError(ValueError):
    """A questionnaire file cannot be used. ``problems`` lists every reason, one a line."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


@dataclass(frozen=True)
class Question:
    """One question of a questionnaire."""

    id: str
    """Stable identifier, stored with the answers (lower case, digits, - and _)."""
    text: str
    """What the officer asks, in plain words."""
    help: str = ""
    """Guidance shown under the question."""
    kind: AnswerKind = AnswerKind.YES_NO_UNKNOWN
    """Yes / no / unknown, or a number."""
    weight: int = 1
    """Points scored by a "yes" (or a count at or above ``counts_from``)."""
    critical: bool = False
    """A "yes" makes the result High on its own."""
    counts_from: int = 0
    """For number questions: the count from which the answer counts as a yes."""
    unit: str = ""
    """For number questions: what is counted, e.g. "incidents"."""

    def is_yes(self, value: AnswerValue | None) -> bool:
        """True when ``value`` counts as a "yes" to this question."""
        if self.kind is AnswerKind.NUMBER:
            return (
                isinstance(value, int)
                and not isinstance(value, bool)
                and (value >= self.counts_from)
            )
        return value == YES


@dataclass(frozen=True)
class Thresholds:
    """Scores from which an assessment is Medium or High; below Medium it is Standard."""

    medium: int
    high: int

    def level_for(self, score: int) -> RiskLevel:
        """The level a score reaches, ignoring critical items."""
        if score >= self.high:
            return RiskLevel.HIGH
        if score >= self.medium:
            return RiskLevel.MEDIUM
        return RiskLevel.STANDARD


@dataclass(frozen=True)
class Questionnaire:
    """A validated questionnaire, ready to ask."""

    id: str
    version: str
    title: str
    questions: tuple[Question, ...]
    thresholds: Thresholds
    source: str = ""
    """Where it was read from, for messages."""

    @property
    def max_score(self) -> int:
        """The highest score the questions allow."""
        return sum(q.weight for q in self.questions)

    def question(self, question_id: str) -> Question:
        """The question with this id.

        Raises:
            KeyError: There is no such question.
        """
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)


@dataclass(frozen=True)
class Scoring:
    """The result of scoring a set of answers."""

    score: int
    level: RiskLevel
    """The computed level: from the thresholds, or High because of a critical item."""
    critical: tuple[str, ...] = ()
    """Ids of critical questions answered yes."""
    unknown: tuple[str, ...] = ()
    """Ids of questions answered "unknown": they score nothing and want following up."""
    unanswered: tuple[str, ...] = ()
    """Ids of questions with no answer yet."""
    points: Mapping[str, int] = field(default_factory=dict)
    """Points each answered question scored."""

    @property
    def complete(self) -> bool:
        """True when every question has an answer (unknown counts as an answer)."""
        return not self.unanswered


def default_questionnaire_path() -> Path:
    """The questionnaire shipped with fieldcase."""
    return Path(str(resources.files("fieldcase") / "data" / "questionnaire.toml"))


def load_questionnaire(path: Path | str | None = None) -> Questionnaire:
    """Read and validate a questionnaire file; ``None`` or ``""`` reads the default.

    Raises:
        QuestionnaireError: The file is missing, is not TOML, or is not a valid
            questionnaire. Every problem found is listed.
    """
    chosen = Path(path).expanduser() if path else default_questionnaire_path()
    source = str(chosen)
    try:
        text = chosen.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QuestionnaireError(source, ["the file does not exist"]) from None
    except IsADirectoryError:
        raise QuestionnaireError(source, ["this is a folder, not a questionnaire file"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionnaireError(source, [f"cannot be read ({exc.__class__.__name__})"]) from None
    return parse_questionnaire(text, source=source)


def parse_questionnaire(text: str, *, source: str = "<questionnaire>") -> Questionnaire:
    """Validate questionnaire TOML text.

    Raises:
        QuestionnaireError: The text is not TOML or not a valid questionnaire.
    """
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise QuestionnaireError(source, [f"not valid TOML: {exc}"]) from None
    problems: list[str] = []
    questionnaire = _build(raw, source, problems)
    if problems or questionnaire is None:
        raise QuestionnaireError(source, problems)
    return questionnaire


_TOP_KEYS = {"id", "version", "title", "thresholds", "questions"}
_QUESTION_KEYS = {"id", "text", "help", "answer", "weight", "critical", "counts_from", "unit"}


def _build(raw: dict[str, Any], source: str, problems: list[str]) -> Questionnaire | None:
    for key in sorted(set(raw) - _TOP_KEYS):
        problems.append(f"unknown setting '{key}' (expected: {', '.join(sorted(_TOP_KEYS))})")
    qid = raw.get("id")
    if not isinstance(qid, str) or not qid.strip():
        problems.append("'id' is missing: give the questionnaire a name, e.g. id = \"victim-risk\"")
    version = raw.get("version")
    if isinstance(version, int) and not isinstance(version, bool):
        version = str(version)
    if not isinstance(version, str) or not version.strip():
        problems.append("'version' is missing: give it a version, e.g. version = \"1\"")
    title = raw.get("title", "")
    if not isinstance(title, str):
        problems.append("'title' must be text")
        title = ""
    questions = _questions(raw.get("questions"), problems)
    thresholds = _thresholds(raw.get("thresholds"), problems)
    if thresholds is not None and questions:
        top = sum(q.weight for q in questions)
        if thresholds.high > top:
            problems.append(
                f"thresholds.high is {thresholds.high} but the highest possible score is {top}"
            )
    if problems or thresholds is None:
        return None
    assert isinstance(qid, str) and isinstance(version, str)
    return Questionnaire(
        id=qid.strip(),
        version=version.strip(),
        title=title.strip() or qid.strip(),
        questions=tuple(questions),
        thresholds=thresholds,
        source=source,
    )


def _thresholds(raw: Any, problems: list[str]) -> Thresholds | None:
    if raw is None:
        problems.append("[thresholds] is missing: give the scores for medium and high")
        return None
    if not isinstance(raw, dict):
        problems.append("'thresholds' must be a table with medium and high")
        return None
    for key in sorted(set(raw) - {"medium", "high"}):
        problems.append(f"thresholds: unknown setting '{key}' (expected: medium, high)")
    values: dict[str, int] = {}
    for name in ("medium", "high"):
        value = raw.get(name)
        if value is None:
            problems.append(f"thresholds.{name} is missing")
        elif not _whole(value) or value < 1:
            problems.append(f"thresholds.{name} must be a whole number of 1 or more")
        else:
            values[name] = value
    if len(values) < 2:
        return None
    if values["medium"] >= values["high"]:
        problems.append(
            f"thresholds.medium ({values['medium']}) must be lower than "
            f"thresholds.high ({values['high']})"
        )
        return None
    return Thresholds(medium=values["medium"], high=values["high"])


def _questions(raw: Any, problems: list[str]) -> list[Question]:
    if raw is None:
        problems.append("there are no questions: add at least one [[questions]] table")
        return []
    if not isinstance(raw, list) or not all(isinstance(q, dict) for q in raw):
        problems.append("'questions' must be a list of [[questions]] tables")
        return []
    if not raw:
        problems.append("there are no questions: add at least one [[questions]] table")
    out: list[Question] = []
    seen: set[str] = set()
    for number, item in enumerate(raw, start=1):
        question = _question(item, number, seen, problems)
        if question is not None:
            out.append(question)
    return out


def _question(
    item: dict[str, Any], number: int, seen: set[str], problems: list[str]
) -> Question | None:
    """The question in one [[questions]] table, or ``None`` after adding its problems."""
    qid = item.get("id")
    where = f"question '{qid}'" if isinstance(qid, str) and qid else f"question {number}"
    before = len(problems)
    for key in sorted(set(item) - _QUESTION_KEYS):
        problems.append(f"{where}: unknown setting '{key}'")
    _check_question_id(qid, where, seen, problems)
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append(f"{where}: 'text' is missing (the question to ask)")
    help_text = item.get("help", "")
    if not isinstance(help_text, str):
        problems.append(f"{where}: 'help' must be text")
    answer = item.get("answer", AnswerKind.YES_NO_UNKNOWN.value)
    kinds = ", ".join(f'"{k.value}"' for k in AnswerKind)
    kind: AnswerKind | None = None
    if answer not in {k.value for k in AnswerKind}:
        problems.append(f"{where}: 'answer' must be one of {kinds}, not {answer!r}")
    else:
        kind = AnswerKind(answer)
    weight = item.get("weight", 1)
    if not _whole(weight) or weight < 0:
        problems.append(f"{where}: 'weight' must be a whole number of 0 or more")
    critical = item.get("critical", False)
    if not isinstance(critical, bool):
        problems.append(f"{where}: 'critical' must be true or false")
    counts_from = item.get("counts_from")
    unit = item.get("unit", "")
    if not isinstance(unit, str):
        problems.append(f"{where}: 'unit' must be text")
    _check_number_settings(kind, counts_from, unit, where, problems)
    if len(problems) > before or kind is None:
        return None
    return Question(
        id=str(qid),
        text=str(text).strip(),
        help=str(help_text).strip(),
        kind=kind,
        weight=int(weight),
        critical=bool(critical),
        counts_from=int(counts_from or 0),
        unit=str(unit).strip(),
    )


def _check_question_id(qid: Any, where: str, seen: set[str], problems: list[str]) -> None:
    """Add what is wrong with a question's id; a good one joins ``seen``."""
    if not isinstance(qid, str) or not qid:
        problems.append(f"{where}: 'id' is missing")
    elif not _ID.match(qid):
        problems.append(f"{where}: 'id' may use only lower-case letters, digits, - and _")
    elif qid in seen:
        problems.append(f"{where}: the id is used by an earlier question too")
    else:
        seen.add(qid)


def _check_number_settings(
    kind: AnswerKind | None, counts_from: Any, unit: Any, where: str, problems: list[str]
) -> None:
    """Add what is wrong with ``counts_from`` and ``unit``, which only number questions have."""
    if kind is AnswerKind.NUMBER:
        if counts_from is None:
            problems.append(
                f"{where}: a number question needs 'counts_from' "
                "(the count from which it scores, e.g. counts_from = 3)"
            )
        elif not _whole(counts_from) or counts_from < 1:
            problems.append(f"{where}: 'counts_from' must be a whole number of 1 or more")
    elif kind is AnswerKind.YES_NO_UNKNOWN:
        if counts_from is not None:
            problems.append(f"{where}: 'counts_from' only applies to number questions")
        if unit:
            problems.append(f"{where}: 'unit' only applies to number questions")


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_answer(question: Question, value: Any) -> str | None:
    """Why ``value`` is not an answer to ``question``, or ``None`` when it is."""
    if value == UNKNOWN:
        return None
    if question.kind is AnswerKind.NUMBER:
        if not _whole(value) or not 0 <= value <= MAX_NUMBER:
            return f"Enter a number from 0 to {MAX_NUMBER}, or unknown."
        return None
    if value not in YES_NO_VALUES:
        return "Answer yes, no or unknown."
    return None


def score_answers(questionnaire: Questionnaire, answers: Mapping[str, AnswerValue]) -> Scoring:
    """Score the answers given so far.

    Unanswered and unknown questions score nothing; a critical "yes" makes
    the level High. Answers to questions the questionnaire does not have are
    ignored.

    Raises:
        ValueError: An answer is not valid for its question.
    """
    total = 0
    critical: list[str] = []
    unknown: list[str] = []
    unanswered: list[str] = []
    points: dict[str, int] = {}
    for question in questionnaire.questions:
        if question.id not in answers:
            unanswered.append(question.id)
            continue
        value = answers[question.id]
        problem = check_answer(question, value)
        if problem:
            raise ValueError(f"{question.id}: {problem}")
        if value == UNKNOWN:
            unknown.append(question.id)
            points[question.id] = 0
            continue
        scored = question.weight if question.is_yes(value) else 0
        points[question.id] = scored
        total += scored
        if question.critical and question.is_yes(value):
            critical.append(question.id)
    level = RiskLevel.HIGH if critical else questionnaire.thresholds.level_for(total)
    return Scoring(
        score=total,
        level=level,
        critical=tuple(critical),
        unknown=tuple(unknown),
        unanswered=tuple(unanswered),
        points=points,
    )


def final_level(
    computed: RiskLevel, chosen: RiskLevel | None, reason: str
) -> tuple[RiskLevel, str]:
    """The level to record and the override reason to keep with it.

    Choosing the computed level (or nothing) is not an override and keeps no
    reason.

    Raises:
        ValueError: A different level was chosen without a reason.
    """
    if chosen is None or chosen == computed:
        return computed, ""
    if not reason.strip():
        raise ValueError(
            f"Say why the level is {chosen.label} rather than the computed {computed.label}."
        )
    return chosen, reason.strip()


def describe_answer(question: Question, value: AnswerValue | None) -> str:
    """An answer in words, for summaries and history."""
    if value is None:
        return "—"
    if value == UNKNOWN:
        return "Unknown"
    if question.kind is AnswerKind.NUMBER:
        unit = f" {question.unit}" if question.unit else ""
        return f"{value}{unit}"
    return str(value).capitalize()
