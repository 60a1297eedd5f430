"""Snapshots of the main screens with the invented demo cases.

Each test drives a scene from ``fieldcase.tools.screenshots``, the same scenes that
make the README's pictures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fieldcase.tools import screenshots


def shoot(snap_compare: Any, demo_dir: Path, scene: str) -> bool:
    """Compare one scene, on the demo database in ``demo_dir``, against its stored snapshot."""
    app = screenshots.demo_app(demo_dir)
    return bool(
        snap_compare(
            app, run_before=screenshots.SCENES[scene], terminal_size=screenshots.SCREEN_SIZE
        )
    )


class TestCaseload:
    """The first screen an officer sees."""

    def test_dashboard(self, snap_compare: Any, demo_dir: Path) -> None:
        """My open demo cases, overdue contacts in red at the top, High risk next, paged footer."""
        assert shoot(snap_compare, demo_dir, "dashboard")

    def test_new_case_form(self, snap_compare: Any, demo_dir: Path) -> None:
        """The empty new-case form with the category drop-down focused."""
        assert shoot(snap_compare, demo_dir, "new-case")


class TestCaseFile:
    """The case file of the design story."""

    def test_case_file(self, snap_compare: Any, demo_dir: Path) -> None:
        """Marta Nowicka's case: High risk, two alleged perpetrators (engaged, left)."""
        assert shoot(snap_compare, demo_dir, "case-file")


class TestSafetyBoard:
    """Today's visits and their check-ins."""

    def test_safety_board_at_80_by_24(self, snap_compare: Any, demo_dir: Path) -> None:
        """The demo officer's visits today, each with its check-in state in words in the second
        column; the info line counts them; Back, Resolve and Briefing in the footer."""
        app = screenshots.demo_app(demo_dir)
        assert snap_compare(
            app, run_before=screenshots.SCENES["safety-board"], terminal_size=(80, 24)
        )


class TestDuplicates:
    """People and addresses that may be recorded twice."""

    def test_duplicates_at_80_by_24(self, snap_compare: Any, demo_dir: Path) -> None:
        """The demo's police contact recorded twice (PC Jo Marsh and Jo Marsh, the same phone),
        each with their phone, case and role and what is recorded; no address twice; the keys
        k, m and Esc in the footer, all legible at 80x24."""
        app = screenshots.demo_app(demo_dir)
        assert snap_compare(
            app, run_before=screenshots.SCENES["duplicates"], terminal_size=(80, 24)
        )


class TestReports:
    """The figures for a period."""

    def test_reports(self, snap_compare: Any, demo_dir: Path) -> None:
        """This reporting year so far: NM01 per 1,000 of 4,200 homes, satisfaction, closed,
        open cases by risk, what is overdue and cases by hate strand."""
        assert shoot(snap_compare, demo_dir, "reports")
