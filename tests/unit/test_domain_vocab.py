"""Vocabularies: stored values, the labels officers read, and multi-select storage."""

from __future__ import annotations

import pytest

from fieldcase.domain.vocab import (
    STRAND_SHORT,
    CaseStatus,
    Category,
    CautionKind,
    ContactMethod,
    ContactOutcome,
    Direction,
    Engagement,
    IncidentType,
    LabelledEnum,
    PartyRole,
    RiskLevel,
    Strand,
    join_values,
    split_values,
)

ALL = [
    Category,
    Strand,
    CaseStatus,
    PartyRole,
    Engagement,
    IncidentType,
    ContactMethod,
    Direction,
    ContactOutcome,
    RiskLevel,
    CautionKind,
]


@pytest.mark.parametrize(
    ("member", "label"),
    [
        (Category.HATE_CRIME, "Hate crime"),
        (Category.PERSONAL_ASB, "Personal ASB"),
        (Strand.RACE, "Race (incl. ethnicity, nationality)"),
        (Strand.RELIGION, "Religion or belief"),
        (Strand.TRANSGENDER, "Transgender identity"),
        (PartyRole.PERPETRATOR, "Alleged perpetrator"),
        (Engagement.LEFT_ADDRESS, "Left the address"),
        (Engagement.NOT_CONTACTED, "Not contacted"),
        (ContactOutcome.NO_ACCESS, "No access"),
        (CautionKind.VIOLENCE, "History of violence"),
        (RiskLevel.HIGH, "High"),
    ],
)
def test_labels_are_plain_words(member: LabelledEnum, label: str) -> None:
    """Each value carries the label an officer reads."""
    assert member.label == label


@pytest.mark.parametrize("vocabulary", ALL, ids=lambda v: v.__name__)
def test_every_value_has_a_readable_label(vocabulary: type[LabelledEnum]) -> None:
    """No label shows an underscore, and labels in one list never repeat."""
    labels = [m.label for m in vocabulary]
    assert all("_" not in label and label[0].isupper() for label in labels)
    assert len(set(labels)) == len(labels)


@pytest.mark.parametrize("vocabulary", ALL, ids=lambda v: v.__name__)
def test_choices_pair_labels_with_stored_values(vocabulary: type[LabelledEnum]) -> None:
    """choices() gives (label, value) pairs in declaration order, for select widgets."""
    assert vocabulary.choices() == [(m.label, m.value) for m in vocabulary]


def test_design_vocabulary_is_complete() -> None:
    """Categories, strands, statuses and engagement states are those DESIGN.md names."""
    assert len(Category) == 5
    assert len(Strand) == 5
    assert [s.value for s in CaseStatus] == ["open", "monitoring", "closed"]
    assert [e.value for e in Engagement] == [
        "not_contacted",
        "attempting",
        "engaged",
        "refused",
        "left_address",
    ]
    assert set(STRAND_SHORT) == set(Strand)


@pytest.mark.parametrize(
    ("category", "is_hate"),
    [
        (Category.HATE_INCIDENT, True),
        (Category.HATE_CRIME, True),
        (Category.PERSONAL_ASB, False),
        (Category.NUISANCE_ASB, False),
        (Category.ENVIRONMENTAL_ASB, False),
    ],
)
def test_is_hate(category: Category, is_hate: bool) -> None:
    """Only hate incidents and hate crimes are hate cases."""
    assert category.is_hate is is_hate


def test_risk_levels_rank_lowest_first() -> None:
    """Standard < Medium < High."""
    assert [lvl.rank for lvl in (RiskLevel.STANDARD, RiskLevel.MEDIUM, RiskLevel.HIGH)] == [
        0,
        1,
        2,
    ]


@pytest.mark.parametrize(
    ("values", "stored"),
    [
        ([], ""),
        (["race"], "race"),
        (["religion", "race"], "race,religion"),
        (["race", "race", "disability"], "disability,race"),
        ({"transgender", "sexual_orientation"}, "sexual_orientation,transgender"),
    ],
)
def test_multi_select_round_trip(values: list[str] | set[str], stored: str) -> None:
    """Multi-selects are stored sorted and without repeats, and read back as a list."""
    assert join_values(values) == stored
    assert split_values(stored) == sorted(set(values))


def test_split_ignores_empty_items() -> None:
    """A stray comma does not produce an empty value."""
    assert split_values(",race,,religion,") == ["race", "religion"]
