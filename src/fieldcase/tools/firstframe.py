"""One process that starts an app headless and stops once its first screen is drawn.

``python -m fieldcase.tools.firstframe bare`` starts a bare Textual app showing
one line; ``python -m fieldcase.tools.firstframe fieldcase DATABASE`` starts
fieldcase the way the command line does, up to its unlock screen. The
benchmark times whole processes of each, started the same way.
"""

from __future__ import annotations

import sys
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


def _stop_when_drawn(screens: int) -> Any:
    """An auto-pilot that waits for ``screens`` screens on the stack, one frame, then quits."""

    async def pilot_run(pilot: Any) -> None:
        app = pilot.app
        while len(app.screen_stack) < screens:
            await pilot.pause(0.002)
        await pilot.pause()
        app.exit()

    return pilot_run


def main(argv: list[str]) -> int:
    """Start the named app headless and stop after its first screen."""
    if argv[0] == "bare":
        app, screens = _bare(), 1
    else:
        app, screens = _fieldcase(argv[1]), 2  # the unlock screen over the default one
    app.run(headless=True, size=(100, 30), auto_pilot=_stop_when_drawn(screens))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
