"""Reading an organisation's questionnaire file: every problem named clearly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fieldcase.domain.risk import (
    AnswerKind,
    QuestionnaireError,
    default_questionnaire_path,
    load_questionnaire,
    parse_questionnaire,
)

VALID = """
id = "org-risk"
version = 3
title = "Our questionnaire"
[thresholds]
medium = 2
high = 4
[[questions]]
id = "q1"
text = "First?"
help = "Some help."
weight = 2
critical = true
[[questions]]
id = "q2"
text = "How many?"
answer = "number"
counts_from = 2
unit = "times"
weight = 3
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "questions.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_file_is_read(tmp_path: Path) -> None:
    """An organisation's file is read with its questions, kinds, weights and thresholds."""
    q = load_questionnaire(write(tmp_path, VALID))
    assert (q.id, q.version, q.title) == ("org-risk", "3", "Our questionnaire")
    assert [(x.id, x.kind, x.weight, x.critical) for x in q.questions] == [
        ("q1", AnswerKind.YES_NO_UNKNOWN, 2, True),
        ("q2", AnswerKind.NUMBER, 3, False),
    ]
    assert q.question("q2").counts_from == 2
    assert (q.thresholds.medium, q.thresholds.high) == (2, 4)
    assert q.max_score == 5


def test_empty_path_reads_the_default() -> None:
    """No questionnaire set in settings means the shipped default."""
    assert load_questionnaire("").source == str(default_questionnaire_path())


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    """A path to nowhere says which file is missing."""
    path = tmp_path / "nope.toml"
    with pytest.raises(QuestionnaireError) as err:
        load_questionnaire(path)
    assert str(path) in str(err.value)
    assert "does not exist" in str(err.value)


def test_not_toml_says_so(tmp_path: Path) -> None:
    """A file that is not TOML says so, with the parser's line number."""
    with pytest.raises(QuestionnaireError, match=r"not valid TOML.*line 1"):
        load_questionnaire(write(tmp_path, "id = \n"))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('id = "org-risk"', "", "'id' is missing"),
        ("version = 3", "", "'version' is missing"),
        ('id = "q1"', 'id = "Q 1"', "question 'Q 1': 'id' may use only lower-case"),
        ('id = "q2"', 'id = "q1"', "question 'q1': the id is used by an earlier question"),
        ('text = "First?"', "", "question 'q1': 'text' is missing"),
        ("weight = 2", "weight = -1", "question 'q1': 'weight' must be a whole number"),
        ("weight = 2", "weight = 1.5", "question 'q1': 'weight' must be a whole number"),
        ("weight = 2", "wieght = 2", "question 'q1': unknown setting 'wieght'"),
        ("critical = true", 'critical = "yes"', "question 'q1': 'critical' must be true or false"),
        ('answer = "number"', 'answer = "scale"', "question 'q2': 'answer' must be one of"),
        ("counts_from = 2", "", "question 'q2': a number question needs 'counts_from'"),
        ("counts_from = 2", "counts_from = 0", "question 'q2': 'counts_from' must be a whole"),
        ('help = "Some help."', "counts_from = 2", "question 'q1': 'counts_from' only applies"),
        ("medium = 2", "", r"thresholds\.medium is missing"),
        ("medium = 2", "medium = 4", r"thresholds\.medium \(4\) must be lower than"),
        ("high = 4", "high = 6", r"thresholds\.high is 6 but the highest possible score is 5"),
        ("high = 4", "high = 4\nlow = 1", "thresholds: unknown setting 'low'"),
        ('title = "Our questionnaire"', 'titel = "x"', "unknown setting 'titel'"),
    ],
)
def test_invalid_file_names_file_question_and_problem(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    """Each mistake in a questionnaire file is reported with the file, question and problem."""
    assert old in VALID
    path = write(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(QuestionnaireError, match=message) as err:
        load_questionnaire(path)
    assert str(err.value).startswith(str(path))


def test_no_questions(tmp_path: Path) -> None:
    """A questionnaire without questions is refused."""
    text = 'id = "x"\nversion = "1"\n[thresholds]\nmedium = 1\nhigh = 2\n'
    with pytest.raises(QuestionnaireError, match="there are no questions"):
        load_questionnaire(write(tmp_path, text))


def test_every_problem_is_listed(tmp_path: Path) -> None:
    """All problems are reported together, so the file can be fixed in one go."""
    broken = VALID.replace("weight = 2", "weight = -1").replace('text = "How many?"', "")
    with pytest.raises(QuestionnaireError) as err:
        load_questionnaire(write(tmp_path, broken))
    assert len(err.value.problems) == 2


def test_question_numbered_when_it_has_no_id(tmp_path: Path) -> None:
    """A question without an id is named by its position."""
    broken = VALID.replace('id = "q2"\n', "")
    with pytest.raises(QuestionnaireError, match="question 2: 'id' is missing"):
        load_questionnaire(write(tmp_path, broken))


def test_readme_example_is_a_valid_questionnaire() -> None:
    """The example an organisation would copy from the README is accepted as written."""
    readme = Path(__file__).parents[2] / "README.md"
    blocks = re.findall(r"```toml\n(.*?)```", readme.read_text(encoding="utf-8"), re.S)
    example = next(b for b in blocks if "[[questions]]" in b)
    q = parse_questionnaire(example, source="README.md")
    assert [x.kind for x in q.questions] == [AnswerKind.YES_NO_UNKNOWN, AnswerKind.NUMBER]
