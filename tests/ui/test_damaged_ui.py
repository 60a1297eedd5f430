"""Unlocking a damaged database: named as damaged, the latest backup offered, the file kept."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import Static

from fieldcase.config import Settings
from fieldcase.db.backup import make_backup
from fieldcase.db.health import PAGE_SIZE
from fieldcase.db.models import Person
from fieldcase.db.store import Store
from fieldcase.paths import locate
from fieldcase.services.security import read_attempts
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.screens.damaged import DamagedScreen
from fieldcase.ui.screens.dashboard import DashboardScreen
from fieldcase.ui.screens.unlock import UnlockScreen
from tests.conftest import FIXED_NOW, TEST_PASSPHRASE
from tests.ui.helpers import type_text


def _app(db_path: Path) -> FieldcaseApp:
    return FieldcaseApp(
        locations=locate(),
        settings=Settings(officer_name="Officer Test", backup_daily=False),
        database=db_path,
        clock=lambda: FIXED_NOW,
    )


def _shown(app: FieldcaseApp) -> str:
    return " ".join(str(s.render()) for s in app.screen.query(Static))


async def _unlock(app: FieldcaseApp, pilot: object) -> None:
    await type_text(pilot, TEST_PASSPHRASE)  # type: ignore[arg-type]
    await pilot.press("enter")  # type: ignore[attr-defined]


def _damage_a_page(path: Path, page: int) -> None:
    data = path.read_bytes()
    at = (page - 1) * PAGE_SIZE + 700
    path.write_bytes(data[:at] + b"\x00" * 48 + data[at + 48 :])


async def test_a_damaged_file_is_named_and_the_latest_backup_restored(
    store: Store, db_path: Path
) -> None:
    """Damage is not a wrong passphrase; r restores the backup and keeps the damaged file aside."""
    with store.transaction() as session:
        session.add(Person(full_name="Backed Up Person"))
    make_backup(store.engine, db_path, now=datetime(2026, 11, 24, 18, 0, tzinfo=UTC))
    store.close()
    _damage_a_page(db_path, 2)
    damaged = hashlib.sha256(db_path.read_bytes()).hexdigest()
    app = _app(db_path)
    async with app.run_test(size=(100, 36)) as pilot:
        assert isinstance(app.screen, UnlockScreen)
        await _unlock(app, pilot)
        assert isinstance(app.screen, DamagedScreen)
        shown = _shown(app)
        assert "is damaged" in shown and "Your passphrase is right" in shown
        assert "24 Nov 2026" in shown
        await pilot.press("r")
        assert isinstance(app.screen, DashboardScreen)
    assert read_attempts(db_path).failures == 0
    [aside] = db_path.parent.glob("fieldcase.db.replaced-*")
    assert hashlib.sha256(aside.read_bytes()).hexdigest() == damaged


async def test_an_empty_file_is_never_a_first_run(db_path: Path) -> None:
    """A zero-byte database asks for the passphrase, then says it is empty; nothing is created."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_bytes(b"")
    app = _app(db_path)
    async with app.run_test(size=(100, 36)) as pilot:
        assert isinstance(app.screen, UnlockScreen)
        await _unlock(app, pilot)
        assert isinstance(app.screen, DamagedScreen)
        shown = _shown(app)
        assert "is empty (0 bytes)" in shown and "no backup" in shown
        await pilot.press("o", "r")
        assert isinstance(app.screen, DamagedScreen)
    assert db_path.read_bytes() == b""
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["fieldcase.db"]


async def test_a_damaged_file_can_be_read_but_not_saved_to(store: Store, db_path: Path) -> None:
    """o opens what the file still holds for reading; the officer is told nothing can be saved."""
    with store.transaction() as session:
        for i in range(80):
            session.add(Person(full_name=f"Invented Person {i}", notes="n" * 300))
    store.close()
    _damage_a_page(db_path, db_path.stat().st_size // PAGE_SIZE - 1)
    before = db_path.read_bytes()
    app = _app(db_path)
    async with app.run_test(size=(100, 36)) as pilot:
        await _unlock(app, pilot)
        await pilot.press("o")
        assert isinstance(app.screen, DashboardScreen)
        assert any("open for reading only" in str(n.message) for n in app._notifications)
    assert db_path.read_bytes() == before
