"""Snapshots of closing a case and of the chronology, on the demo's design story, at 80x24."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fieldcase.tools import screenshots

SMALL = (80, 24)


def shoot(snap_compare: Any, demo_dir: Path, scene: str) -> bool:
    app = screenshots.demo_app(demo_dir)
    return bool(snap_compare(app, run_before=screenshots.SCENES[scene], terminal_size=SMALL))


class TestClosureAndChronology:
    def test_close_case_dialog(self, snap_compare: Any, demo_dir: Path) -> None:
        """The closing form over Marta Nowicka's case: Resolved chosen, the reason being typed
        with the cursor in it; the form scrolls to the rest (satisfaction, the victim's words,
        and the ABC, visits and actions still live)."""
        assert shoot(snap_compare, demo_dir, "close-case")

    def test_chronology(self, snap_compare: Any, demo_dir: Path) -> None:
        """FC-2026-0013's chronology: title with the count and period, the kind and person
        filters, entries numbered from 1 (the incident the evening before the case opened
        first), and entry 1 in full below: the abuse over the fence and Zofia afraid to play
        outside."""
        assert shoot(snap_compare, demo_dir, "chronology")
