"""Snapshots of the unlock and lock screens with the invented demo cases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.snapshots.test_screens import shoot


class TestSecurityScreens:
    """What stands between a passer-by and the cases."""

    def test_unlock_screen(self, snap_compare: Any, demo_dir: Path) -> None:
        """“fieldcase is locked”, an empty passphrase box, only Quit and Help in the footer."""
        assert shoot(snap_compare, demo_dir, "unlock")

    def test_locked_case_file(self, snap_compare: Any, demo_dir: Path) -> None:
        """After Ctrl+L on a case file: only the lock box, no name, address or case detail."""
        assert shoot(snap_compare, demo_dir, "locked")
