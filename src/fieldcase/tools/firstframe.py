"""One process that starts an app headless and stops once its first screen is drawn.

``python -m fieldcase.tools.firstframe bare`` starts a bare Textual app showing
one line; ``python -m fieldcase.tools.firstframe fieldcase DATABASE`` starts
fieldcase the way the command line does, up to its unlock screen.
``dashboard DATABASE`` runs the command line with the passphrase in
``FIELDCASE_PASSPHRASE`` up to the caseload showing cases, and ``minimal
DATABASE`` is its yardstick: Textual, SQLModel and SQLCipher opening the same
file and showing one case. Each
prints, as its screen's first frame is handed to the display, the moment
(``time.monotonic``, which the benchmark compares with the moment it started
the process), the CPU seconds the process has used, all threads included, and
its peak memory (KiB: ``ru_maxrss``, or ``VmHWM`` on Linux, see ``_peak_kib``).
What fieldcase goes on doing after that frame (importing the database stack,
reading the other screens' styles) is not counted.
"""

from __future__ import annotations

import asyncio
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _bare() -> Any:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("Passphrase:")

    return Bare()


def _fieldcase(database: str) -> Any:
    import fieldcase.__main__ as command_line
    from fieldcase.config import load_settings
    from fieldcase.paths import locate

    args = command_line.build_parser().parse_args(["--database", database])
    locations = locate(args.data_dir)
    settings = load_settings(locations.settings_file)
    from fieldcase.ui.app import FieldcaseApp

    return FieldcaseApp(locations=locations, settings=settings, database=Path(args.database))


def _minimal(database: str) -> Any:
    """A minimal Textual + SQLModel app that opens the SQLCipher file and shows one case."""
    import os

    import sqlcipher3
    from sqlmodel import Field, Session, SQLModel, create_engine, select
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class CaseRow(SQLModel, table=True):
        __tablename__ = "case"
        id: str = Field(primary_key=True)
        reference: str

    passphrase = os.environ["FIELDCASE_PASSPHRASE"].replace("'", "''")

    def connect() -> Any:
        conn = sqlcipher3.connect(database, check_same_thread=False)
        conn.execute(f"PRAGMA key = '{passphrase}'")
        return conn

    engine = create_engine("sqlite://", module=sqlcipher3, creator=connect)
    with Session(engine) as session:
        reference = session.exec(select(CaseRow.reference).limit(1)).one()

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Static(reference)

    return Minimal()


def _caseload_shown(app: Any) -> bool:
    """True once the dashboard's caseload list has rows."""
    from textual.widgets import DataTable

    from fieldcase.ui.screens.dashboard import DashboardScreen

    screen = app.screen
    return isinstance(screen, DashboardScreen) and screen.query_one(DataTable).row_count > 0


def _stop_when_drawn(app: Any, ready: Callable[[Any], bool]) -> Any:
    """An auto-pilot that quits once a frame is drawn with ``ready(app)`` true.

    It prints the moment that frame was handed to the display, the CPU seconds
    the process had used by then, and its peak memory so far (KiB).
    """
    drawn = asyncio.Event()
    display = app._display

    def first_frame(screen: Any, update: Any) -> None:
        display(screen, update)
        if update is not None and screen is app.screen and not drawn.is_set() and ready(app):
            used = resource.getrusage(resource.RUSAGE_SELF)
            cpu = used.ru_utime + used.ru_stime
            print(f"{time.monotonic()} {cpu} {_peak_kib(used.ru_maxrss)}", flush=True)
            drawn.set()

    app._display = first_frame

    async def pilot_run(pilot: Any) -> None:
        await drawn.wait()
        pilot.app.exit()

    return pilot_run


def _peak_kib(maxrss: int) -> int:
    """This process's peak memory in KiB.

    Linux carries ``ru_maxrss`` over from the parent that started a process
    (the benchmark, far bigger than a bare app), so there the peak of this
    process's own memory (``VmHWM``) is read instead.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return maxrss


def _run(app: Any, ready: Callable[[Any], bool]) -> int:
    app.run(headless=True, size=(100, 30), auto_pilot=_stop_when_drawn(app, ready))
    return 0


def main(argv: list[str]) -> int:
    """Start the named app headless and stop after the frame it is timed to."""
    if argv[0] == "bare":
        return _run(_bare(), lambda app: True)
    if argv[0] == "minimal":
        return _run(_minimal(argv[1]), lambda app: True)
    if argv[0] == "dashboard":
        # The command line itself, passphrase from the environment, up to the caseload shown.
        import fieldcase.__main__ as command_line

        setattr(command_line, "_run_app", lambda app: _run(app, _caseload_shown))  # noqa: B010
        return command_line.main(["--database", argv[1]])
    # The unlock screen over the default one.
    return _run(_fieldcase(argv[1]), lambda app: len(app.screen_stack) >= 2)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
