"""Passphrase strength rules and the unlock back-off schedule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from fieldcase.domain.passphrase import (
    BACKOFF_CAP_SECONDS,
    MIN_LENGTH,
    backoff_seconds,
    mismatch_problem,
    strength_problems,
    strength_score,
    wait_remaining,
)

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


class TestStrength:
    def test_a_passphrase_the_estimate_rates_low_is_refused(self) -> None:
        """Words a guesser tries first, which pass the plain rules, fail the zxcvbn estimate."""
        assert strength_problems("housingpolice1") == [
            "It would be guessed too quickly: it is built from common words, names, dates "
            "or patterns. Add another word that has nothing to do with you or your work."
        ]

    def test_the_estimate_knows_the_officers_name(self) -> None:
        """The officer's name counts as a word a guesser knows."""
        assert strength_score("samuel okafor 1990", (), ()) == 4
        assert strength_score("samuel okafor 1990", ["Samuel Okafor"], ()) < 3

    def test_a_very_long_passphrase_is_estimated_without_error(self) -> None:
        """zxcvbn refuses input over 72 characters; a long passphrase is still accepted."""
        words = "amber lantern orbit kettle heron ferry tuesday marble cobalt quiver "
        assert strength_problems(words * 2 + "zinc") == []

    @pytest.mark.parametrize(
        "passphrase",
        [
            "correct horse battery staple",
            "Kettle-orbit-Tuesday-7",
            "the blue heron waits at dawn",
            "mqz7 Lantern vk2 Ferry",
        ],
    )
    def test_accepts_long_unguessable_passphrases(self, passphrase: str) -> None:
        """Several unrelated words pass with no complaint."""
        assert strength_problems(passphrase) == []

    @pytest.mark.parametrize(
        ("passphrase", "explains"),
        [
            ("short one", "too short"),
            ("", "too short"),
            ("            ", "only spaces"),
            ("aaaaaaaaaaaaaaa", "fewer than 5 different characters"),
            ("abababababababab", "fewer than 5 different characters"),
            ("abc12abc12abc12", "repeats the same few characters"),
            ("123456789012", "simple sequence"),
            ("abcdefghijklmnop", "simple sequence"),
            ("qwertyuiop1234", "simple sequence"),
            ("ponmlkjihgfedcba", "simple sequence"),
            ("Password2024!", "common password “password”"),
            ("P@ssw0rd123456", "common password “password”"),
            ("letmein letmein", "common password “letmein”"),
            ("!!Welcome2026!!", "common password “welcome”"),
        ],
    )
    def test_refuses_guessable_passphrases_with_a_reason(
        self, passphrase: str, explains: str
    ) -> None:
        """Each weak passphrase is refused with a sentence that says why."""
        problems = strength_problems(passphrase)
        assert problems, passphrase
        assert any(explains in p for p in problems), problems

    def test_short_message_counts_the_characters(self) -> None:
        """The officer is told how long it must be and how long it is."""
        (problem,) = strength_problems("Lantern-vk2")
        assert str(MIN_LENGTH) in problem and "has 11" in problem

    def test_refuses_a_passphrase_that_is_mostly_the_officers_name(self) -> None:
        """The officer's own name with a year is not a passphrase."""
        problems = strength_problems("Jane Okafor 2026", personal=["Jane Okafor"])
        assert any("your name" in p for p in problems)
        assert strength_problems("Jane kettle orbit Tuesday", personal=["Jane Okafor"]) == []

    def test_a_short_passphrase_is_not_blamed_on_the_name(self) -> None:
        """Only the real reason is given when the name does not appear in it."""
        assert strength_problems("short", personal=["Jo Bloggs"]) == [strength_problems("short")[0]]

    def test_refuses_the_published_demo_passphrase(self) -> None:
        """The demo passphrase in the README cannot protect real cases."""
        problems = strength_problems("Demo Passphrase 2026", published=["demo-passphrase-2026"])
        assert any("published" in p for p in problems)


class TestMismatch:
    def test_same_twice_is_fine(self) -> None:
        """Typing the same passphrase twice passes."""
        assert mismatch_problem("kettle orbit Tuesday", "kettle orbit Tuesday") is None

    def test_different_twice_is_explained(self) -> None:
        """A typo in the second box is reported, not saved."""
        assert "not the same" in (mismatch_problem("kettle orbit", "kettle orbt") or "")


class TestBackoff:
    @pytest.mark.parametrize(
        ("failures", "seconds"),
        [(0, 0), (1, 0), (2, 1), (3, 2), (4, 4), (5, 8), (6, 16), (7, 30), (50, 30)],
    )
    def test_wait_doubles_after_the_first_slip_and_is_capped(
        self, failures: int, seconds: int
    ) -> None:
        """0, 0, 1, 2, 4, 8, 16 then the cap."""
        assert backoff_seconds(failures) == seconds
        assert backoff_seconds(failures) <= BACKOFF_CAP_SECONDS

    def test_remaining_wait_counts_down(self) -> None:
        """After four failures (4 s), one second later three remain."""
        assert wait_remaining(4, NOW, NOW + timedelta(seconds=1)) == pytest.approx(3.0)
        assert wait_remaining(4, NOW, NOW + timedelta(seconds=10)) == 0.0

    def test_no_failure_means_no_wait(self) -> None:
        """A fresh start has nothing to wait for."""
        assert wait_remaining(0, None, NOW) == 0.0

    def test_clock_moved_back_does_not_cancel_the_wait(self) -> None:
        """A failure stamped in the future still imposes the full wait."""
        assert wait_remaining(5, NOW + timedelta(hours=1), NOW) == 8.0
