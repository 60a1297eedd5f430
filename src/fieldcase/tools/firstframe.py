"""One process that starts an app headless and stops once its first screen is drawn.

``python -m fieldcase.tools.firstframe bare`` starts a bare Textual app showing
one line; ``python -m fieldcase.tools.firstframe fieldcase DATABASE`` starts
fieldcase the way the command line does, up to its unlock screen. Each
prints, as its screen's first frame is handed to the display, the moment
(``time.monotonic``, which the benchmark compares with the moment it started
the process) and the CPU seconds the process has used, all threads included.
What fieldcase goes on doing after that frame (importing the database stack,
reading the other screens' styles) is not counted.
"""

from __future__ import annotations

import asyncio
import resource
import sys
import time
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


def _stop_when_drawn(app: Any, screens: int) -> Any:
    """An auto-pilot that quits once ``screens`` screens are on the stack and the top one drawn.

    It prints the moment the top screen's first frame was handed to the
    display, and the CPU seconds the process had used by then.
    """
    drawn = asyncio.Event()
    display = app._display

    def first_frame(screen: Any, update: Any) -> None:
        display(screen, update)
        on_top = len(app.screen_stack) >= screens and screen is app.screen
        if update is not None and on_top and not drawn.is_set():
            used = resource.getrusage(resource.RUSAGE_SELF)
            print(f"{time.monotonic()} {used.ru_utime + used.ru_stime}", flush=True)
            drawn.set()

    app._display = first_frame

    async def pilot_run(pilot: Any) -> None:
        await drawn.wait()
        pilot.app.exit()

    return pilot_run


def main(argv: list[str]) -> int:
    """Start the named app headless and stop after its first screen."""
    if argv[0] == "bare":
        app, screens = _bare(), 1
    else:
        app, screens = _fieldcase(argv[1]), 2  # the unlock screen over the default one
    app.run(headless=True, size=(100, 30), auto_pilot=_stop_when_drawn(app, screens))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
