"""Start-up objects are set aside once the caseload is shown, so full collections stay short."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import asyncio, gc, json, sys
from pathlib import Path
from fieldcase.config import Settings
from fieldcase.db.store import open_store
from fieldcase.paths import locate
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.screens.dashboard import DashboardScreen

folder = Path(sys.argv[1])
store = open_store(folder / "cases.db", "correct horse battery staple", create=True, actor="Ada")
app = FieldcaseApp(
    locations=locate(str(folder)), settings=Settings(officer_name="Ada"),
    database=folder / "cases.db", store=store,
)

async def main():
    async with app.run_test() as pilot:
        before = gc.get_freeze_count()
        for _ in range(1000):  # up to 10 s, stopping as soon as it happens
            if isinstance(app.screen, DashboardScreen) and gc.get_freeze_count() > before:
                break
            await pilot.pause(0.01)
        left = len(gc.get_objects())
        print(json.dumps({"before": before, "frozen": gc.get_freeze_count(), "left": left}))

asyncio.run(main())
store.close()
"""


def test_the_start_up_objects_are_frozen_once_the_caseload_shows(tmp_path: Path) -> None:
    """After the caseload appears, most objects are out of the collector's walk."""
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    assert counts["before"] == 0
    assert counts["frozen"] > 4 * counts["left"]
