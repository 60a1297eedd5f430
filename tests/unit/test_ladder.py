"""The enforcement ladder: its order, the current rung and the suggested next step."""

from __future__ import annotations

import pytest

from fieldcase.domain.ladder import LADDER, Rung, current_rung, suggest_next


def test_ladder_order() -> None:
    """The ladder runs from a verbal warning up to a possession claim."""
    assert [r.label for r in LADDER] == [
        "Verbal warning",
        "Warning letter",
        "Tenancy breach warning",
        "Acceptable Behaviour Contract",
        "Community protection notice",
        "Civil injunction applied for",
        "Civil injunction granted",
        "Notice of seeking possession",
        "Possession claim",
    ]


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        ([], None),
        (["warning_letter"], Rung.WARNING_LETTER),
        (["abc", "tenancy_breach_warning"], Rung.ABC),
        (["injunction_granted", "verbal_warning", "abc"], Rung.INJUNCTION_GRANTED),
        (["something_retired", "verbal_warning"], Rung.VERBAL_WARNING),
    ],
)
def test_current_rung_is_the_highest_reached(kinds: list[str], expected: Rung | None) -> None:
    """The current rung is the highest step taken, whatever order they were recorded in."""
    assert current_rung(kinds) == expected


@pytest.mark.parametrize(
    ("current", "serious", "expected"),
    [
        (None, False, Rung.VERBAL_WARNING),
        (Rung.VERBAL_WARNING, False, Rung.WARNING_LETTER),
        (Rung.TENANCY_BREACH_WARNING, False, Rung.ABC),
        (Rung.ABC, False, Rung.COMMUNITY_PROTECTION_NOTICE),
        (Rung.COMMUNITY_PROTECTION_NOTICE, False, Rung.INJUNCTION_APPLIED),
        (Rung.INJUNCTION_APPLIED, False, Rung.INJUNCTION_GRANTED),
        (Rung.INJUNCTION_GRANTED, False, Rung.NOTICE_SEEKING_POSSESSION),
        (Rung.NOTICE_SEEKING_POSSESSION, False, Rung.POSSESSION_CLAIM),
        (Rung.POSSESSION_CLAIM, False, None),
        (None, True, Rung.INJUNCTION_APPLIED),
        (Rung.ABC, True, Rung.INJUNCTION_APPLIED),
        (Rung.COMMUNITY_PROTECTION_NOTICE, True, Rung.INJUNCTION_APPLIED),
        (Rung.INJUNCTION_GRANTED, True, Rung.NOTICE_SEEKING_POSSESSION),
        (Rung.POSSESSION_CLAIM, True, None),
    ],
)
def test_suggestion_is_incremental_unless_serious_harm(
    current: Rung | None, serious: bool, expected: Rung | None
) -> None:
    """One rung up after a breach; straight to an injunction when serious harm is flagged."""
    suggestion = suggest_next(current, serious_harm=serious)
    assert suggestion.rung == expected
    assert suggestion.reason


def test_serious_harm_suggestion_explains_the_jump() -> None:
    """Skipping rungs is explained, so the officer can weigh it."""
    assert "serious risk of harm" in suggest_next(Rung.ABC, serious_harm=True).reason


@pytest.mark.parametrize(
    ("rung", "served", "court"),
    [
        (Rung.TENANCY_BREACH_WARNING, True, False),
        (Rung.VERBAL_WARNING, False, False),
        (Rung.INJUNCTION_GRANTED, False, True),
        (Rung.NOTICE_SEEKING_POSSESSION, True, False),
        (Rung.POSSESSION_CLAIM, False, True),
    ],
)
def test_rungs_know_if_they_are_served_or_go_to_court(
    rung: Rung, served: bool, court: bool
) -> None:
    """Notices record how they were served; court steps name the court."""
    assert (rung.is_served, rung.is_court) == (served, court)
