"""The daily backup waits until the caseload is shown and the officer pauses.

Making a backup of a large file takes seconds of work; started as the database
opens, it slowed the first keys typed in the caseload. With a quiet period
longer than the test, the backup has not begun while the officer starts work;
with none, it is made once the first list is drawn (``test_disk_full`` too).
"""

from __future__ import annotations

from pathlib import Path

from fieldcase.config import Settings
from fieldcase.db.store import Store
from fieldcase.paths import locate
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.screens.dashboard import DashboardScreen
from tests.builders import a_case
from tests.conftest import FIXED_NOW, TEST_OFFICER, TEST_PASSPHRASE
from tests.ui.helpers import screen_text, type_text


def _app(database: Path, quiet: float) -> FieldcaseApp:
    return FieldcaseApp(
        locations=locate(),
        settings=Settings(officer_name=TEST_OFFICER),
        database=database,
        clock=lambda: FIXED_NOW,
        backup_quiet_seconds=quiet,
    )


def _backups(database: Path) -> list[Path]:
    return sorted((database.parent / "backups").glob("*"))


async def test_no_backup_while_the_officer_starts_work(store: Store, db_path: Path) -> None:
    """Unlocked and typing a search at once: the list answers and no backup has begun."""
    with store.transaction() as session:
        a_case(session, victims=["Halima Quist"])
    store.close()
    app = _app(db_path, quiet=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_text(pilot, TEST_PASSPHRASE)
        await pilot.press("enter")
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("slash")
        await type_text(pilot, "quist")
        assert "Halima Quist" in screen_text(pilot)
        assert app.quiet_start.backup_timer is not None  # waiting for a pause
        assert not any(worker.group == "daily-backup" for worker in app.workers)
        await pilot.press("ctrl+q")
    assert _backups(db_path) == []


async def test_the_backup_is_made_once_the_caseload_is_drawn(store: Store, db_path: Path) -> None:
    """With no quiet period asked for, the day's backup follows the first list."""
    with store.transaction() as session:
        a_case(session, victims=["Halima Quist"])
    store.close()
    app = _app(db_path, quiet=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_text(pilot, TEST_PASSPHRASE)
        await pilot.press("enter")
        assert "Halima Quist" in screen_text(pilot)
        for _ in range(2_000):
            if _backups(db_path) and not any(w.group == "daily-backup" for w in app.workers):
                break
            await pilot.pause(0.01)
        await pilot.press("ctrl+q")
    assert len(_backups(db_path)) == 1
