"""The enforcement ladder: the landlord's rungs, partner actions, the current rung and the
suggestion after a substantiated ABC breach."""

from __future__ import annotations

import pytest

from fieldcase.domain.ladder import (
    LADDER,
    PartnerAction,
    PossessionGround,
    Rung,
    current_rung,
    rung_above,
    step_label,
    suggest_after_breach,
)

ABSOLUTE = PossessionGround.ABSOLUTE
GROUND_14 = PossessionGround.GROUND_14
NO_GROUND = PossessionGround.NOT_RECORDED


def test_ladder_order() -> None:
    """The landlord's ladder runs from a verbal warning up to a possession claim."""
    assert [r.label for r in LADDER] == [
        "Verbal warning",
        "Warning letter",
        "Tenancy breach warning",
        "Acceptable Behaviour Contract",
        "Civil injunction applied for",
        "Civil injunction granted",
        "Injunction breach proved",
        "Notice of seeking possession",
        "Possession claim",
    ]


def test_partner_tools_are_not_rungs() -> None:
    """Community protection warnings and notices, criminal behaviour orders and closure orders
    are the council's or the police's, recorded beside the ladder."""
    assert [a.label for a in PartnerAction] == [
        "Community protection warning",
        "Community protection notice",
        "Criminal behaviour order",
        "Closure order",
    ]
    assert not {a.value for a in PartnerAction} & {r.value for r in Rung}


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        ([], None),
        (["warning_letter"], Rung.WARNING_LETTER),
        (["abc", "tenancy_breach_warning"], Rung.ABC),
        (["injunction_granted", "verbal_warning", "abc"], Rung.INJUNCTION_GRANTED),
        (["injunction_breach_proved", "injunction_granted"], Rung.INJUNCTION_BREACH_PROVED),
        (["something_retired", "verbal_warning"], Rung.VERBAL_WARNING),
        (["abc", "community_protection_notice", "closure_order"], Rung.ABC),
        (["community_protection_warning"], None),
    ],
)
def test_current_rung_is_the_highest_reached(kinds: list[str], expected: Rung | None) -> None:
    """The current rung is the highest landlord's step taken; partner actions do not count."""
    assert current_rung(kinds) == expected


@pytest.mark.parametrize(
    ("current", "proved", "serious", "expected", "ground"),
    [
        (None, False, False, Rung.INJUNCTION_APPLIED, NO_GROUND),
        (Rung.VERBAL_WARNING, False, False, Rung.INJUNCTION_APPLIED, NO_GROUND),
        (Rung.TENANCY_BREACH_WARNING, False, False, Rung.INJUNCTION_APPLIED, NO_GROUND),
        (Rung.ABC, False, False, Rung.INJUNCTION_APPLIED, NO_GROUND),
        (Rung.ABC, False, True, Rung.INJUNCTION_APPLIED, NO_GROUND),
        (Rung.INJUNCTION_APPLIED, False, False, Rung.INJUNCTION_GRANTED, NO_GROUND),
        (Rung.INJUNCTION_GRANTED, False, False, Rung.INJUNCTION_BREACH_PROVED, NO_GROUND),
        (Rung.INJUNCTION_GRANTED, False, True, Rung.INJUNCTION_BREACH_PROVED, NO_GROUND),
        (Rung.INJUNCTION_BREACH_PROVED, True, False, Rung.NOTICE_SEEKING_POSSESSION, ABSOLUTE),
        (Rung.INJUNCTION_BREACH_PROVED, False, False, Rung.NOTICE_SEEKING_POSSESSION, ABSOLUTE),
        (Rung.NOTICE_SEEKING_POSSESSION, True, False, Rung.POSSESSION_CLAIM, ABSOLUTE),
        (Rung.NOTICE_SEEKING_POSSESSION, False, False, Rung.POSSESSION_CLAIM, GROUND_14),
        (Rung.POSSESSION_CLAIM, True, False, None, NO_GROUND),
        (Rung.POSSESSION_CLAIM, False, True, None, NO_GROUND),
    ],
)
def test_suggestion_after_an_abc_breach(
    current: Rung | None,
    proved: bool,
    serious: bool,
    expected: Rung | None,
    ground: PossessionGround,
) -> None:
    """After an ABC breach: the injunction, or possession on the absolute ground once an
    injunction breach is proved; never a partner's tool."""
    suggestion = suggest_after_breach(current, breach_proved=proved, serious_harm=serious)
    assert (suggestion.rung, suggestion.ground) == (expected, ground)
    assert suggestion.reason


@pytest.mark.parametrize(
    ("serious", "words"),
    [(False, "Part 1"), (True, "without notice")],
)
def test_injunction_suggestion_explains_itself(serious: bool, words: str) -> None:
    """The injunction is under the 2014 Act; with serious harm it may be sought without notice."""
    assert words in suggest_after_breach(Rung.ABC, serious_harm=serious).reason


@pytest.mark.parametrize(
    ("rung", "above"),
    [
        (None, Rung.VERBAL_WARNING),
        (Rung.ABC, Rung.INJUNCTION_APPLIED),
        (Rung.INJUNCTION_GRANTED, Rung.INJUNCTION_BREACH_PROVED),
        (Rung.POSSESSION_CLAIM, None),
    ],
)
def test_rung_above(rung: Rung | None, above: Rung | None) -> None:
    """Without a breach the ladder shows the next rung up, for context."""
    assert rung_above(rung) == above


@pytest.mark.parametrize(
    ("rung", "served", "court", "ground"),
    [
        (Rung.VERBAL_WARNING, False, False, False),
        (Rung.WARNING_LETTER, True, False, False),
        (Rung.TENANCY_BREACH_WARNING, True, False, False),
        (Rung.ABC, False, False, False),
        (Rung.INJUNCTION_APPLIED, False, True, False),
        (Rung.INJUNCTION_GRANTED, False, True, False),
        (Rung.INJUNCTION_BREACH_PROVED, False, True, False),
        (Rung.NOTICE_SEEKING_POSSESSION, True, False, True),
        (Rung.POSSESSION_CLAIM, False, True, True),
    ],
)
def test_what_each_rung_records(rung: Rung, served: bool, court: bool, ground: bool) -> None:
    """Notices record how they were served, court steps name the court, possession steps
    state their ground."""
    assert (rung.is_served, rung.is_court, rung.needs_ground) == (served, court, ground)


@pytest.mark.parametrize(
    ("kind", "label"),
    [
        ("injunction_breach_proved", "Injunction breach proved"),
        ("community_protection_notice", "Community protection notice"),
        ("closure_order", "Closure order"),
        ("something_retired", "Something retired"),
    ],
)
def test_step_labels(kind: str, label: str) -> None:
    """Rungs and partner actions read as officers say them; an unknown kind still reads."""
    assert step_label(kind) == label
