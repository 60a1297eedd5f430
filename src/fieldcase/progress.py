"""Showing how far a long wait has gone: creating the demo database, a retention purge.

The work reports ``(done, total)`` to a ``Progress`` callable; the command line
passes a ``TerminalProgress``, which redraws one line on a terminal and writes
a line at the start and the end when the output goes to a file.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

Progress = Callable[[int, int], None]
"""Told how far a long job has gone: ``(done, total)``, ``done`` from 0 up to ``total``."""


def no_progress(done: int, total: int) -> None:
    """Tell nobody."""


class TerminalProgress:
    """Progress on the terminal: ``Creating the demo database: 12 of 30``."""

    def __init__(self, label: str, out: TextIO | None = None) -> None:
        self.label = label
        """What is being waited for, as the start of a sentence."""
        self.out = out if out is not None else sys.stderr
        self._live = self.out.isatty()

    def __call__(self, done: int, total: int) -> None:
        line = f"{self.label}: {done} of {total}"
        if self._live:
            end = "\n" if done >= total else ""
            print(f"\r{line}", end=end, file=self.out, flush=True)
        elif done == 0 or done >= total:
            print(f"{line}{'' if done >= total else ' …'}", file=self.out, flush=True)
