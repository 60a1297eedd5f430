"""A full disk, for real: a small tmpfs mounted for the test and filled to the last byte.

Saving fails with a message that says the disk is full, the form keeps what
was typed, the database stays intact, cases can still be opened and read, and
saving works again once space is freed. Opening on a disk already full works
too, so a case can be read before a visit.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlmodel import func, select
from textual.widgets import TextArea

from fieldcase.config import Settings
from fieldcase.db.health import examine
from fieldcase.db.models import AuditEvent, Contact
from fieldcase.db.store import open_store
from fieldcase.paths import locate
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.contact import ContactDialog
from fieldcase.ui.screens.case_file import CaseFileScreen
from fieldcase.ui.screens.dashboard import DashboardScreen
from fieldcase.ui.screens.unlock import UnlockScreen
from tests.builders import a_case
from tests.conftest import FIXED_NOW, TEST_OFFICER, TEST_PASSPHRASE
from tests.ui.helpers import screen_text, type_text

NOTES = "Spoke to Mrs Example at the door; she wants a call back on Friday"


@pytest.fixture
def small_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A 4 MB tmpfs holding the data folder; unmounted afterwards."""
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root on Linux")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"this machine does not allow mounting a tmpfs: {done.stderr.strip()}")
    monkeypatch.setenv("FIELDCASE_DATA_DIR", str(mount))
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    """Write a file until the disk has no byte left; returns it (delete it to free space)."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 65536)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    try:
        while True:
            os.write(fd, b"\0")
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    assert shutil.disk_usage(disk).free == 0
    return filler


@pytest.fixture
def database_on_small_disk(small_disk: Path, empty_databases: Callable[[], Path]) -> Path:
    """A closed database on the small disk with one case in it."""
    path = small_disk / "fieldcase.db"
    shutil.copyfile(empty_databases(), path)
    store = open_store(path, TEST_PASSPHRASE, actor=TEST_OFFICER)
    with store.transaction() as session:
        a_case(session, victims=["Halima Quist"])
    store.close()
    return path


def _contacts_and_views(path: Path) -> tuple[int, int]:
    store = open_store(path, TEST_PASSPHRASE)
    try:
        with store.reading() as session:
            contacts = session.exec(select(func.count()).select_from(Contact)).one()
            views = session.exec(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "view")
            ).one()
            return int(contacts), int(views)
    finally:
        store.close()


async def test_saving_on_a_full_disk_says_so_and_keeps_the_typing(
    database_on_small_disk: Path, make_app: Callable[..., FieldcaseApp]
) -> None:
    """Not saved, the disk is full; the form keeps its notes; after freeing space it saves."""
    disk = database_on_small_disk.parent
    store = open_store(database_on_small_disk, TEST_PASSPHRASE, actor=TEST_OFFICER)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        filler = fill(disk)
        await pilot.press("enter")  # reading a case needs no space
        assert isinstance(app.screen, CaseFileScreen)
        assert "Halima Quist" in screen_text(pilot)
        await pilot.press("l")
        dialog = app.screen
        assert isinstance(dialog, ContactDialog)
        dialog.query_one("#notes", TextArea).focus()
        await type_text(pilot, NOTES)
        await pilot.press("ctrl+s")
        assert app.screen is dialog
        assert "Not saved: the disk is full" in screen_text(pilot)
        assert dialog.query_one("#notes", TextArea).text == NOTES
        assert not examine(database_on_small_disk, TEST_PASSPHRASE, full=True).damaged

        filler.unlink()
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, CaseFileScreen)
        assert NOTES[:20] in screen_text(pilot)
    store.close()
    assert _contacts_and_views(database_on_small_disk) == (1, 1)


async def test_a_full_disk_still_opens_and_reads(database_on_small_disk: Path) -> None:
    """With the disk full before start, the passphrase opens the caseload, a case reads,
    and the hidden screen comes back with the passphrase."""
    filler = fill(database_on_small_disk.parent)
    app = FieldcaseApp(
        locations=locate(),
        settings=Settings(officer_name=TEST_OFFICER),
        database=database_on_small_disk,
        clock=lambda: FIXED_NOW,
        backup_quiet_seconds=0,  # the backup starts as soon as the caseload is drawn
    )

    def messages() -> str:
        return " ".join(str(n.message) for n in app._notifications)

    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, UnlockScreen)
        await type_text(pilot, TEST_PASSPHRASE)
        await pilot.press("enter")
        assert isinstance(app.screen, DashboardScreen)
        assert "The disk is full. You can read your cases" in messages()
        for _ in range(2_000):  # the backup follows the first list drawn, on its own thread
            if "Today's backup could not be made" in messages():
                break
            await pilot.pause(0.01)
        assert "Today's backup could not be made: the disk is full" in messages()
        await pilot.press("enter")
        assert isinstance(app.screen, CaseFileScreen)
        assert "Halima Quist" in screen_text(pilot)
        await pilot.press("ctrl+l")  # hidden, and back with the passphrase
        await type_text(pilot, TEST_PASSPHRASE)
        await pilot.press("enter")
        assert isinstance(app.screen, CaseFileScreen)
        await pilot.press("ctrl+q")
    filler.unlink()
    assert not list((database_on_small_disk.parent / "backups").glob("*"))
    assert not examine(database_on_small_disk, TEST_PASSPHRASE, full=True).damaged
