"""Finding the people already known while typing a name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from fieldcase.tools import screenshots


async def _victim_name_typed(pilot: Pilot[Any]) -> None:
    await screenshots._settle(pilot)
    await pilot.press("n")
    await screenshots._settle(pilot)
    await pilot.press(*["tab"] * 7)  # to the victim's name
    await pilot.press(*"nowick")
    await screenshots._settle(pilot)
    await pilot.press("down")


class TestPersonPicker:
    def test_known_people_listed_under_the_name_at_80x24(
        self, snap_compare: Any, demo_dir: Path
    ) -> None:
        """New case, "nowick" typed as the victim: Marta Nowicka (highlighted), Tomasz Nowicki
        and Zofia Nowicka listed under the field with their address and case, the rest of the
        form below; the list scrolls to "New person: nowick"."""
        app = screenshots.demo_app(demo_dir)
        assert snap_compare(app, run_before=_victim_name_typed, terminal_size=(80, 24))
